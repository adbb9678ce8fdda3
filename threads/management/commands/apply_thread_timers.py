"""Carry out thread timers (close, reopen, lock, unlock) whose time has come. The worker does it
every minute (threads.following.tasks.apply_thread_timers); this command does it by hand."""

from django.core.management.base import BaseCommand

from threads.moderation.actions import apply_due_timers


class Command(BaseCommand):
    help = "Carry out thread timers whose time has come."

    def handle(self, *args, **options):
        done = apply_due_timers()
        self.stdout.write(f"{done} timer(s) carried out.")
