"""Tags, people's feeds and the @mention completion (issue 19)."""

from django.urls import path

from threads.following import discovery_feeds, discovery_views

urlpatterns = [
    path("tags/<str:slug>/", discovery_views.tag_detail, name="tag_detail"),
    path("feeds/tags/<str:slug>/", discovery_feeds.TagFeed(), name="feed_tag"),
    path("feeds/people/<str:handle>/", discovery_feeds.PersonFeed(), name="feed_person"),
    path("mentions/complete/", discovery_views.mention_completions, name="mention_completions"),
]
