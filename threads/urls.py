from django.urls import include, path

from threads.core import views
from threads.debates import views as debate_views
from threads.following import views as following_views

urlpatterns = [
    path("", views.home, name="home"),
    path("areas/<slug:slug>/", views.area_detail, name="area_detail"),
    path("threads/new/", views.thread_new, name="thread_new"),
    path("threads/<int:pk>/", views.thread_detail, name="thread_detail"),
    path("threads/<int:pk>/reply/", views.thread_reply, name="thread_reply"),
    path("threads/<int:pk>/unread/", following_views.jump_to_unread, name="thread_unread"),  # before the slug
    path("threads/<int:pk>/<str:slug>/", views.thread_detail, name="thread_detail_slug"),
    path("posts/<int:pk>/", views.post_permalink, name="post_permalink"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/revisions/", views.post_revisions, name="post_revisions"),
    # Debates (issue 4)
    path("debates/new/", debate_views.debate_new, name="debate_new"),
    path("debates/<int:pk>/", debate_views.debate_detail, name="debate_detail"),
    path("debates/<int:pk>/phase/", debate_views.debate_phase, name="debate_phase"),
    path("debates/<int:pk>/position/", debate_views.debate_position, name="debate_position"),
    path("debates/<int:pk>/positions/<slug:org>/", debate_views.position_history, name="debate_position_history"),
    path("debates/<int:pk>/points/", debate_views.debate_point, name="debate_point"),
    path("debates/<int:pk>/points/<int:number>/", debate_views.point_replies, name="debate_point_replies"),
    path("debates/<int:pk>/summary/", debate_views.debate_summary, name="debate_summary"),
    path("debates/<int:pk>/endorse/", debate_views.debate_endorse, name="debate_endorse"),
    path("debates/<int:pk>/chair/answer/", debate_views.debate_chair_answer, name="debate_chair_answer"),
    path("debates/<int:pk>/chair/name/", debate_views.debate_chair_name, name="debate_chair_name"),
    path("debates/<int:pk>/conclude/", debate_views.debate_conclude, name="debate_conclude"),
    path("debates/<int:pk>/reopen/", debate_views.debate_reopen, name="debate_reopen"),
    path("debates/points/<int:pk>/decide/", debate_views.point_decide, name="point_decide"),
    path("debates/points/<int:pk>/edit/", debate_views.point_reword, name="point_reword"),
    path("debates/points/<int:pk>/stance/", debate_views.point_stance, name="point_stance"),
    path("debates/areas/<slug:slug>/", debate_views.area_ledger, name="debate_area_ledger"),
    path("debates/crux/", debate_views.crux_map, name="debate_crux_map"),
    path("debates/crux/<slug:first>/<slug:second>/", debate_views.crux_pair, name="debate_crux_pair"),
    path("debates/orgs/<slug:slug>/", debate_views.organization_positions, name="debate_org_positions"),
    # Following: search, feeds, subscriptions, notifications, unread (issue 7)
    path("", include("threads.following.urls")),
    # Moderation: queue, log, actions on posts, threads and people (issue 5)
    path("", include("threads.moderation.urls")),
    # Corrections for privacy of positions and summaries (issue 17)
    path("", include("threads.redaction.urls")),
    # Translations of posts (issue 20)
    path("", include("threads.translations.urls")),
]
