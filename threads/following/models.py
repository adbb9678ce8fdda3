"""Following discussions: subscriptions, read positions, preferences and the search index.

Imported at the end of threads/models.py, so these are models of the `threads` app. Written only
by threads/following/actions.py and threads/following/search.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from threads.debates.models import Debate, PositionStance

__all__ = ["SearchDocument", "Subscription", "ReadState", "FollowPreferences", "Notification", "DeadlineNotice"]


class SearchDocument(models.Model):
    """One post as the search index sees it: folded tokens (forum.text.fold_for_search) joined by
    spaces; an opening post's document carries its thread's title too.

    On SQLite the FTS5 table `threads_search_fts` (rowid = post id) holds the same text; on
    PostgreSQL a GIN index on to_tsvector('simple', text). Both are made by the migration, not by
    the model, because neither exists on the other engine."""

    post = models.OneToOneField(
        "threads.Post", primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)


class Subscription(models.Model):
    """How closely a person follows one thread (or debate), cooperation area or organization."""

    class Level(models.TextChoices):
        WATCHING = "watching", _("watching")
        TRACKING = "tracking", _("tracking")
        NORMAL = "normal", _("normal")
        MUTED = "muted", _("muted")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    thread = models.ForeignKey(
        "threads.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    area = models.ForeignKey("threads.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions")
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, default=Level.WATCHING)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(thread__isnull=False, area__isnull=True, organization__isnull=True)
                    | Q(thread__isnull=True, area__isnull=False, organization__isnull=True)
                    | Q(thread__isnull=True, area__isnull=True, organization__isnull=False)
                ),
                name="subscription_has_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"], condition=Q(thread__isnull=False), name="one_subscription_per_thread"
            ),
            models.UniqueConstraint(
                fields=["user", "area"], condition=Q(area__isnull=False), name="one_subscription_per_area"
            ),
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=Q(organization__isnull=False),
                name="one_subscription_per_org",
            ),
        ]


class ReadState(models.Model):
    """Where a person stopped reading a thread: the newest post they have been shown."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_states")
    thread = models.ForeignKey("threads.Thread", on_delete=models.CASCADE, related_name="read_states")
    last_read_post_id = models.PositiveBigIntegerField(default=0)
    last_read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="one_read_state_per_thread")]


class FollowPreferences(models.Model):
    """A person's choices about notifications; made with defaults on first need."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("immediately")
        DAILY = "daily", _("a daily digest")
        NEVER = "never", _("never")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_preferences")
    email = models.CharField(_("email me"), max_length=10, choices=Email.choices, default=Email.DAILY)
    watch_when_posting = models.BooleanField(_("watch threads I start or reply to"), default=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    # "New since my last visit": the moment the person last marked everything as seen.
    last_visit_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(_("language of emails"), max_length=8, default="fa")


class Notification(models.Model):
    """One notice to one person: a reply, quote or mention, a post in something they watch, a
    moderation action on their post or account (moved here from moderation_models; `action` is
    set for those). The text is rendered from the rows in the reader's language when shown."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("replied to you")
        QUOTE = "quote", _("quoted you")
        MENTION = "mention", _("mentioned you")
        ORG_MENTION = "org_mention", _("mentioned your organization")
        WATCHED = "watched", _("posted in a thread you watch")
        NEW_THREAD = "new_thread", _("started a thread you follow")
        MODERATION = "moderation", _("moderation")
        PHASE = "phase", _("moved a debate you follow to another phase")
        DEADLINE = "deadline", _("a phase of a debate you follow ends within a day")
        DEADLINE_PASSED = "deadline_up", _(
            "the deadline of a phase passed: the debate takes no more contributions until its chair extends it or moves on"
        )
        POSITION = "position", _("published a position")
        CHAIR = "chair", _("is named to chair a debate; your organization is asked to accept or object")
        CHAIR_ACCEPTED = "chair_ok", _("the participating organizations accepted you as the chair")
        ORG_APPLIED = "org_applied", _("applied to join the coalition for an organization")  # to admins (issue 19)
        TRANSLATION_OUTDATED = "tr_outdated", _("edited a post you translated; your translation is now outdated")
        # a position, ledger point, summary or gathering description (issue 20): no actor, `link` says where
        TEXT_TRANSLATION_OUTDATED = "tr_text_out", _("the original was edited after your translation")
        # an event's organizer or a moderator moved it (another time or place): those watching its thread
        GATHERING_CHANGED = "gathering", _("changed the time or place of an event you follow")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.MODERATION)
    action = models.ForeignKey(
        "threads.ModerationAction", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey("threads.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("threads.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # What a debate notice is about: the phase moved to or ending (PHASE, DEADLINE), the stance (POSITION).
    detail = models.CharField(max_length=20, blank=True)
    # The page of what the notice is about when that is neither a post nor a thread (a debate text,
    # a gathering), taken from threads/translations/targets.py when the notice is made.
    link = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    @property
    def detail_display(self) -> str:
        """The phase (PHASE, DEADLINE) or the stance (POSITION) in the reader's language."""
        if not self.detail:
            return ""
        choices = PositionStance.choices if self.kind == self.Kind.POSITION else Debate.Phase.choices
        return str(dict(choices).get(self.detail, ""))


class DeadlineNotice(models.Model):
    """A debate phase's deadline whose approach (`passed` False) or passing (`passed` True) has been
    announced (`manage.py notify_deadlines`): once each per deadline, however often it runs; a new
    deadline gets its own notices."""

    debate = models.ForeignKey("threads.Debate", on_delete=models.CASCADE, related_name="deadline_notices")
    deadline = models.DateTimeField()
    passed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["debate", "deadline", "passed"], name="one_notice_per_deadline_and_kind")
        ]
