from django.urls import path

from accounts import views

urlpatterns = [
    path("orgs/", views.org_list, name="org_list"),
    path("orgs/<slug:slug>/", views.org_detail, name="org_detail"),
    path("me/", views.profile, name="profile"),
]
