"""The published record's addresses (issue 21); included from forum/urls.py. Debates by their thread's
id, as /debates/<id>/; statements as /statements/<id>/ (threads/joint_urls.py)."""

from django.urls import path, re_path

from threads.records import views

FORMAT = r"(?P<fmt>pdf|md|json)"

urlpatterns = [
    re_path(rf"^debates/(?P<pk>[0-9]+)/record\.{FORMAT}$", views.debate_record, name="debate_record"),
    path("debates/<int:pk>/records/", views.debate_records, name="debate_records"),
    re_path(rf"^debates/(?P<pk>[0-9]+)/records/(?P<generation>[0-9]+)/record\.{FORMAT}$",
            views.debate_record_generation, name="debate_record_generation"),
    re_path(rf"^statements/(?P<pk>[0-9]+)/record\.{FORMAT}$", views.statement_record, name="statement_record"),
    path("statements/<int:pk>/records/", views.statement_records, name="statement_records"),
    re_path(rf"^statements/(?P<pk>[0-9]+)/records/(?P<generation>[0-9]+)/record\.{FORMAT}$",
            views.statement_record_generation, name="statement_record_generation"),
]
