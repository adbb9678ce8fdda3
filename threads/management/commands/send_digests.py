from django.core.management.base import BaseCommand

from threads.following import send_digests


class Command(BaseCommand):
    help = "Email the daily digest of unread notifications. Run once a day (cron or a periodic task)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_digests()}")
