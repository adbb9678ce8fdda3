from django.urls import path

from accounts import views

urlpatterns = [
    path("orgs/", views.org_list, name="org_list"),
    # Fixed paths before <slug>; actions.RESERVED_SLUGS keeps organizations from taking these names.
    path("orgs/apply/", views.org_apply, name="org_apply"),
    path("orgs/applications/", views.org_applications, name="org_applications"),
    path("orgs/applications/<slug:slug>/decide/", views.org_decide, name="org_decide"),
    path("orgs/<slug:slug>/", views.org_detail, name="org_detail"),
    path("orgs/<slug:slug>/join/", views.org_join, name="org_join"),
    path("orgs/<slug:slug>/members/<int:pk>/decide/", views.membership_decide, name="membership_decide"),
    path("orgs/<slug:slug>/members/<int:pk>/role/", views.membership_role, name="membership_role"),
    path("me/", views.profile, name="profile"),
    path("me/memberships/<int:pk>/leave/", views.membership_leave, name="membership_leave"),
    path("me/translator/", views.translator, name="profile_translator"),
    path("me/export/", views.export, name="account_export"),
    path("me/delete/", views.delete, name="account_delete"),
]
