"""Moderation pages (issue 5), included from threads/urls.py."""

from django.urls import path

from threads.moderation import views

urlpatterns = [
    path("moderation/", views.queue, name="moderation_queue"),
    path("moderation/log/", views.log, name="moderation_log"),
    path("moderation/log/<int:pk>/undo/", views.log_undo, name="moderation_log_undo"),
    path("moderation/notices/", views.notices, name="moderation_notices"),
    path("moderation/posts/<int:pk>/", views.post_moderate, name="moderation_post"),
    path("moderation/threads/<int:pk>/", views.thread_moderate, name="moderation_thread"),
    path("moderation/people/<str:username>/", views.person_moderate, name="moderation_person"),
    path("moderation/orgs/<slug:slug>/decide/", views.organization_decide, name="moderation_org_decide"),
    path("moderation/memberships/<int:pk>/decide/", views.membership_decide, name="moderation_membership_decide"),
    path("posts/<int:pk>/flag/", views.flag, name="post_flag"),
]
