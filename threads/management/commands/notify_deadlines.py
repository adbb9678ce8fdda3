from django.core.management.base import BaseCommand

from threads.following import notify_deadlines


class Command(BaseCommand):
    help = (
        "Notify those watching a debate when its phase's deadline is less than a day away, once per "
        "deadline. Safe to run often: run it every few minutes from cron until a task runner exists."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{notify_deadlines()}")
