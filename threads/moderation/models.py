"""Moderation records: the public log of actions, flags, suspensions, area moderators, notices.

Imported at the end of threads/models.py, so they are models of the `threads` app. Written only
by threads/moderation/actions.py.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["ModerationAction", "Flag", "Suspension", "AreaModerator"]


class ModerationAction(models.Model):
    """One entry of the public moderation log: who did what to what, when and why.

    Reversing an action is itself an action whose `reverses` names the one it undoes. The log
    never holds the text of a post; `members_only` entries are shown to members only.
    """

    class Kind(models.TextChoices):
        HIDE_POST = "hide_post", _("hid a post")
        RESTORE_POST = "restore_post", _("restored a post")
        EDIT_POST = "edit_post", _("edited a post")
        MOVE_POST = "move_post", _("moved a post")
        APPROVE_POST = "approve_post", _("approved a queued post")
        REJECT_POST = "reject_post", _("rejected a queued post")
        UPHOLD_FLAGS = "uphold_flags", _("upheld flags")
        DISMISS_FLAGS = "dismiss_flags", _("dismissed flags")
        LOCK = "lock", _("locked a thread")
        UNLOCK = "unlock", _("unlocked a thread")
        CLOSE = "close", _("closed a thread")
        REOPEN = "reopen", _("reopened a thread")
        PIN = "pin", _("pinned a thread")
        UNPIN = "unpin", _("unpinned a thread")
        MOVE_THREAD = "move_thread", _("moved a thread to other areas")
        MERGE = "merge", _("merged threads")
        UNMERGE = "unmerge", _("undid a merge")
        SPLIT = "split", _("split posts into a new thread")
        UNSPLIT = "unsplit", _("undid a split")
        SLOW_MODE = "slow_mode", _("set slow mode")
        SET_TIMER = "set_timer", _("set a thread timer")
        CLEAR_TIMER = "clear_timer", _("cleared a thread timer")
        SUSPEND = "suspend", _("suspended a person")
        SILENCE = "silence", _("silenced a person")
        LIFT = "lift", _("lifted a restriction")
        APPOINT = "appoint", _("appointed a moderator")
        DISMISS_MODERATOR = "dismiss_moderator", _("removed a moderator")
        ADMIT_ORG = "admit_org", _("admitted an organization")
        DECLINE_ORG = "decline_org", _("declined an organization")
        APPROVE_MEMBER = "approve_member", _("approved a membership")
        DECLINE_MEMBER = "decline_member", _("declined a membership")
        HIDE_TRANSLATION = "hide_translation", _("hid a translation")  # threads.translations.actions
        RESTORE_TRANSLATION = "restore_translation", _("restored a translation")
        SUSPEND_TRANSLATOR = "suspend_translator", _("suspended a person from translating")
        LIFT_TRANSLATOR = "lift_translator", _("let a person translate again")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="moderation_actions"
    )  # None: the system (flags reaching the threshold, a timer)
    action = models.CharField(_("action"), max_length=20, choices=Kind.choices)
    target_type = models.CharField(max_length=12)  # post, thread, user, organization, membership
    target_id = models.PositiveBigIntegerField()
    thread = models.ForeignKey(
        "threads.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="moderation_actions"
    )
    post = models.ForeignKey(
        "threads.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="moderation_actions"
    )
    subject = models.ForeignKey(  # the person acted on (a post's author, the suspended person)
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="moderation_received"
    )
    areas = models.ManyToManyField("threads.Area", blank=True, related_name="moderation_actions")
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    reverses = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reversed_by"
    )
    members_only = models.BooleanField(default=False)
    data = models.JSONField(default=dict, blank=True)  # what changed, e.g. {"from": …, "to": …}
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-created_at", "-id"]),
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["action", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.action} {self.target_type}#{self.target_id}"


class HandledFlag(models.Model):
    """What every kind of flag shares (a post's here, a translation's in threads/translations): a
    note, an open status, and who handled it, once, when. The columns are the ones each table
    always had; `handle_flags` in threads/moderation/actions.py is the one place that closes them."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        UPHELD = "upheld", _("upheld")
        DISMISSED = "dismissed", _("dismissed")

    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


class Flag(HandledFlag):
    """A signed-in person's report that a post breaks the rules; handled once, by one moderator."""

    class Kind(models.TextChoices):
        OFF_TOPIC = "off_topic", _("off-topic")
        PERSONAL_ATTACK = "attack", _("personal attack")
        SPAM = "spam", _("spam")
        PRIVATE_INFO = "private", _("leaks private information")
        OTHER = "other", _("something else")

    post = models.ForeignKey("threads.Post", on_delete=models.CASCADE, related_name="flags")
    flagger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_made")
    kind = models.CharField(_("why"), max_length=10, choices=Kind.choices)

    class Meta(HandledFlag.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["post", "flagger"], condition=models.Q(status="open"), name="one_open_flag_per_person"
            )
        ]
        indexes = [models.Index(fields=["status", "post"])]


class Suspension(models.Model):
    """A silence (no posting) or a suspension (no posting, public content only) for a period."""

    class Kind(models.TextChoices):
        SILENCE = "silence", _("silenced")
        SUSPEND = "suspend", _("suspended")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    until = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None and self.until > timezone.now()


class AreaModerator(models.Model):
    """A person moderating the threads of one cooperation area (site-wide: User.is_moderator)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="area_moderations")
    area = models.ForeignKey("threads.Area", on_delete=models.CASCADE, related_name="moderators")
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "area"], name="one_appointment_per_area")]


# Notification moved to threads/following/models.py (issue 7): one model for every notice.
