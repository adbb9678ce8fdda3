from django.urls import path

from threads import views

urlpatterns = [
    path("areas/<slug:slug>/", views.area_detail, name="area_detail"),
    path("threads/new/", views.thread_new, name="thread_new"),
    path("threads/<int:pk>/", views.thread_detail, name="thread_detail"),
    path("threads/<int:pk>/reply/", views.thread_reply, name="thread_reply"),
    path("threads/<int:pk>/<str:slug>/", views.thread_detail, name="thread_detail_slug"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/revisions/", views.post_revisions, name="post_revisions"),
]
