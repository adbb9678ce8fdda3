"""Remove what could tie a person to an address: rate-limit entries past their window and expired
sessions. The worker runs it hourly (threads.following.tasks.purge_ip_records); this command does it by hand.

Hamgami stores no IP address in its database. allauth's rate limits keep, in the cache, entries
keyed on a keyed hash of the address (accounts/adapter.py get_client_ip) that expire with their
window (at most 5 minutes with our ACCOUNT_RATE_LIMITS); this command also deletes any such entry
left in Redis without an expiry, and expired sessions (which hold no address, but need not stay).
"""

from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Delete rate-limit records keyed on client addresses and expired sessions."

    def handle(self, *args, **options):
        removed = 0
        client = getattr(getattr(cache, "_cache", None), "get_client", None)
        if client is not None:  # Redis: entries of allauth's per-address limits that have no expiry
            redis = client(write=True)
            for key in redis.scan_iter(match="*allauth:rl:*:ip:*"):
                if redis.ttl(key) < 0:
                    redis.delete(key)
                    removed += 1
        sessions, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        self.stdout.write(f"{removed} rate-limit records, {sessions} expired sessions removed.")
