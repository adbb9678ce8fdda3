from django.urls import path

from threads.following import people_views

urlpatterns = [
    path("people/<str:handle>/", people_views.person, name="person"),
    path("people/<str:handle>/follow/", people_views.person_follow, name="person_follow"),
    path("me/page/", people_views.my_page, name="my_page"),
]
