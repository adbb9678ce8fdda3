"""Joint statements, events and the calendar (issue 8); included from forum/urls.py."""

from django.urls import path

from threads.joint import gathering_views as gv
from threads.joint import statement_views as sv

urlpatterns = [
    path("statements/", sv.statement_list, name="statement_list"),
    path("statements/new/", sv.statement_new, name="statement_new"),
    path("statements/feed/", sv.StatementFeed(), name="statement_feed"),
    path("statements/<int:pk>/", sv.statement_detail, name="statement_detail"),
    path("statements/<int:pk>/revisions/", sv.statement_revisions, name="statement_revisions"),
    path("statements/<int:pk>/revise/", sv.statement_revise, name="statement_revise"),
    path("statements/<int:pk>/respond/", sv.statement_respond, name="statement_respond"),
    path("statements/<int:pk>/invite/", sv.statement_invite, name="statement_invite"),
    path("statements/<int:pk>/publish/", sv.statement_publish, name="statement_publish"),
    path("statements/<int:pk>/correct/", sv.statement_correct, name="statement_correct"),
    path("statements/<int:pk>/<str:slug>/", sv.statement_detail, name="statement_detail_slug"),
    path("events/new/", gv.gathering_new, name="gathering_new"),
    path("events/<int:pk>/", gv.gathering_detail, name="gathering_detail"),
    path("events/<int:pk>/edit/", gv.gathering_edit, name="gathering_edit"),
    path("events/<int:pk>/history/", gv.gathering_history, name="gathering_history"),
    path("events/<int:pk>/endorse/", gv.gathering_endorse, name="gathering_endorse"),
    path("events/<int:pk>/summing-up/", gv.gathering_summing_up, name="gathering_summing_up"),
    path("calendar/", gv.calendar_month, name="calendar"),
    path("calendar.ics", gv.calendar_ics, name="calendar_ics"),
    path("calendar/<int:year>/<int:month>/", gv.calendar_month, name="calendar_month"),
    path("calendar/areas/<slug:slug>.ics", gv.calendar_area_ics, name="calendar_area_ics"),
    path("calendar/areas/<slug:slug>/", gv.calendar_area, name="calendar_area"),
    path("calendar/areas/<slug:slug>/<int:year>/<int:month>/", gv.calendar_area, name="calendar_area_month"),
]
