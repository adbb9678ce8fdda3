from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from threads.following.search import create_engine_index, reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index of every post (after a restore, or a change of the folding rules)."

    def handle(self, *args, **options):
        from django.db import connection, transaction

        if connection.vendor == "sqlite":  # the FTS5 table, should it be missing (PostgreSQL: the migration's index)
            create_engine_index(connection)
        with transaction.atomic():
            count = reindex_all()
        self.stdout.write(_("Indexed %(count)d posts.") % {"count": count})
