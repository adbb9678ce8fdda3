from django.core.management.base import BaseCommand

from threads.following.actions import notify_deadlines


class Command(BaseCommand):
    help = (
        "Notify those watching a debate when its phase's deadline is less than a day away, once per "
        "deadline. Safe to run often: the worker runs it every minute (threads.following.tasks.notify_deadlines)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{notify_deadlines()}")
