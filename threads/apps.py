from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThreadsConfig(AppConfig):
    name = "threads"
    verbose_name = _("Threads")

    def ready(self):
        # Each concern connects its receivers to the hooks of the layers below it (docs/architecture.md).
        from forum import nul  # noqa: F401 - no NUL reaches the database (PostgreSQL refuses it)
        from threads.core import receivers as core
        from threads.debates import receivers as debates
        from threads.following import receivers as following
        from threads.joint import receivers as joint
        from threads.live import signals  # noqa: F401 - connects the live-update receivers
        from threads.moderation import receivers as moderation
        from threads.records import receivers as records
        from threads.following import translation_receivers as following_translations
        from threads.translations import receivers as translations

        core.connect()
        debates.connect()
        joint.connect()
        moderation.connect()
        records.connect()
        translations.connect()
        following_translations.connect()
        following.connect()
