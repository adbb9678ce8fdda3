from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from forum import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("i18n/setlang/", set_language, name="set_language"),
    path("theme/", views.set_theme, name="set_theme"),
    path("help/keyboard/", views.keyboard_help, name="keyboard_help"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("threads.following.people_urls")),
    path("", include("threads.following.discovery_urls")),
    path("", include("threads.urls")),
    # the published record (issue 21), before joint.urls: its statements/<id>/<slug>/ would take /records/
    path("", include("threads.records.urls")),
    path("", include("threads.joint.urls")),
]

handler404 = "forum.views.not_found"
handler403 = "forum.views.forbidden"
handler400 = "forum.views.bad_request"
handler500 = "forum.views.server_error"
