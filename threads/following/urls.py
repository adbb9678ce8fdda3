from django.urls import path

from threads.following import feeds, views

urlpatterns = [
    path("search/", views.search_view, name="search"),
    path("notifications/", views.notifications_view, name="notifications"),
    path("notifications/preferences/", views.preferences_view, name="notification_preferences"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("follow/<str:kind>/<str:key>/", views.follow_view, name="follow"),
    path("new/", views.new_since_visit_view, name="new_since_visit"),
    path("feeds/", feeds.HomeFeed(), name="feed_home"),
    path("feeds/areas/<slug:slug>/", feeds.AreaFeed(), name="feed_area"),
    path("feeds/orgs/<slug:slug>/", feeds.OrganizationFeed(), name="feed_org"),
    path("feeds/threads/<int:pk>/", feeds.ThreadFeed(), name="feed_thread"),
    path("feeds/debates/<int:pk>/positions/", feeds.PositionsFeed(), name="feed_positions"),
]
