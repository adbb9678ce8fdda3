from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThreadsConfig(AppConfig):
    name = "threads"
    verbose_name = _("Threads")

    def ready(self):
        from threads.live import signals as live_signals  # noqa: F401 - connects the live-update receivers
        from threads.following import actions as following  # noqa: F401 - counts the bell's notices at login
        from forum import nul  # noqa: F401 - no NUL reaches the database (PostgreSQL refuses it)
