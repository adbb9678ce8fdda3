"""Translation pages (issue 20), included from threads/urls.py."""

from django.urls import path

from threads.translations import flag_views, views

urlpatterns = [
    path("posts/<int:pk>/translate/", views.post_translate, name="post_translate"),
    path("posts/<int:pk>/quote/", views.post_quote, name="post_quote"),
    path("translate/<str:kind>/<int:pk>/", views.translate, name="translate"),
    path("translations/<int:pk>/moderate/", views.translation_moderate, name="translation_moderate"),
    path("translations/<int:pk>/history/", views.translation_history, name="translation_history"),
    path("translations/<int:pk>/flag/", flag_views.translation_flag, name="translation_flag"),
    path("translations/<int:pk>/flags/", flag_views.translation_flags_resolve, name="translation_flags_resolve"),
    path("moderation/translators/<str:username>/", views.translator_suspend, name="translator_suspend"),
]
