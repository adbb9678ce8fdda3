"""Corrections for privacy (issue 17), included from threads/urls.py."""

from django.urls import path

from threads.redaction import views

urlpatterns = [
    path("moderation/positions/<int:pk>/correct/", views.correct_position, name="redact_position"),
    path("moderation/summaries/<int:pk>/correct/", views.correct_summary, name="redact_summary"),
]
