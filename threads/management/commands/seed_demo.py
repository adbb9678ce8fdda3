"""Load the demo: the six signatory organizations, named people and a dozen threads with replies.

Idempotent (what exists is left alone) and for local use only: refuses when DEBUG is off.
"""

import os

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.demo import enable_demo_two_factor
from accounts.models import Membership, Organization, User
from forum.markup import render_markdown
from threads.core import actions
from threads.core.models import Area, Thread
from threads.demo.data import ORGANIZATIONS, THREADS, USERS

DEFAULT_PASSWORD = "hamgami-demo-2016"


class Command(BaseCommand):
    help = "Create demo organizations, users (password from DEMO_PASSWORD) and threads. Local use only (DEBUG=1)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: it creates users with a known password. "
                "Run it only on a local or demo machine, with DEBUG=1."
            )
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        with transaction.atomic():
            admin = self._user({"username": "admin", "superuser": True, "display_name": "Hamgami admin"}, password)
            orgs = {spec["slug"]: self._organization(spec, admin) for spec in ORGANIZATIONS}
            users = {spec["username"]: self._user(spec, password) for spec in USERS}
            for spec in USERS:
                if spec.get("org"):
                    self._membership(users[spec["username"]], orgs[spec["org"]], spec.get("role", "member"), admin)
        created = 0
        areas = {area.number: area for area in Area.objects.all()}
        for spec in THREADS:
            if Thread.objects.filter(title=actions.clean_title(spec["title"])).exists():
                continue
            with transaction.atomic():
                self._thread(spec, users, orgs, areas)
            created += 1
        from threads.demo.debates import seed_debates

        seed_debates(self.stdout)
        from threads.demo.moderation import seed_moderation

        seed_moderation()
        from threads.demo.following import seed_following
        from threads.demo.joint import seed_joint_action

        seed_following()
        seed_joint_action(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(orgs)} organizations, {len(users)} users, "
                f"{created} new threads ({len(THREADS) - created} already there). "
                f"Log in as alice, bob, rana, mona, dave or admin with the DEMO_PASSWORD "
                f"({'from the environment' if os.environ.get('DEMO_PASSWORD') else DEFAULT_PASSWORD})."
            )
        )

    def _organization(self, spec, admin) -> Organization:
        org, created = Organization.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name_fa": spec["name_fa"],
                "name_en": spec["name_en"],
                "description_source": spec["description"],
                "description_html": render_markdown(spec["description"]),
                "status": Organization.Status.ADMITTED,
                "decided_by": admin,
                "decided_at": timezone.now(),
            },
        )
        return org

    def _user(self, spec, password) -> User:
        username = spec["username"]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                email=f"{username}@example.org",
                display_name=spec.get("display_name", ""),
                handle=spec.get("handle"),
                is_moderator=spec.get("moderator", False),
                is_staff=spec.get("superuser", False),
                is_superuser=spec.get("superuser", False),
            )
            user.set_password(password)
            user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if spec.get("moderator") or spec.get("superuser") or spec.get("role") == "representative":
            enable_demo_two_factor(user)  # the site lets roles act only with two-factor on
            user.refresh_from_db(fields=["two_factor_enabled"])
        return user

    def _membership(self, user, org, role, admin) -> Membership:
        membership, _ = Membership.objects.get_or_create(
            user=user,
            organization=org,
            defaults={
                "role": role,
                "status": Membership.Status.APPROVED,
                "decided_by": admin,
                "decided_at": timezone.now(),
            },
        )
        return membership

    def _thread(self, spec, users, orgs, areas) -> Thread:
        on_behalf_of = orgs.get(spec.get("on_behalf_of"))
        thread = actions.create_thread(
            acting_user=users[spec["author"]],
            title=spec["title"],
            body=spec["body"],
            areas=[areas[number] for number in spec["areas"]],
            tags=spec.get("tags", []),
            visibility=spec.get("visibility", Thread.Visibility.PUBLIC),
            on_behalf_of=on_behalf_of,
        )
        posts = [thread.posts.order_by("pk").first()]
        for reply in spec.get("replies", []):
            reply_to = posts[reply["reply_to"]] if reply.get("reply_to") is not None else None
            posts.append(
                actions.create_post(
                    acting_user=users[reply["author"]],
                    thread=thread,
                    body=reply["body"],
                    reply_to=reply_to,
                    on_behalf_of=orgs.get(reply.get("on_behalf_of")),
                )
            )
        return thread
