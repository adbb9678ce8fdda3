from django.core.management.base import BaseCommand

from threads.following.actions import send_digests


class Command(BaseCommand):
    help = "Email the daily digest of unread notifications. The worker runs it daily (threads.following.tasks.send_digests)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_digests()}")
