"""Translations (issue 20): the text of a post, a debate position, a ledger point, a debate summary or
a gathering's description in the other language, beside the original. Exactly one of the target
foreign keys is set (a check constraint); one translation per target and language.

A translation is a revision of its own: it keeps its history (TranslationRevision), its
translator, and the revision of the original it was made from (`based_on_revision`); when the
original is edited after it, it is marked outdated. `version` counts saves, so two translators
saving at once cannot overwrite each other unseen (optimistic concurrency, see actions).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from threads.moderation.models import HandledFlag

__all__ = ["Translation", "TranslationFlag", "TranslationRevision", "TranslatorSuspension"]


class Translation(models.Model):
    class State(models.TextChoices):
        VISIBLE = "visible", _("visible")
        HIDDEN = "hidden", _("hidden")

    # What is translated: exactly one of these (threads/translations/targets.py describes each kind).
    post = models.ForeignKey("threads.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="translations")
    position = models.ForeignKey(
        "threads.Position", null=True, blank=True, on_delete=models.CASCADE, related_name="translations"
    )
    point = models.ForeignKey(
        "threads.LedgerPoint", null=True, blank=True, on_delete=models.CASCADE, related_name="translations"
    )
    summary = models.ForeignKey(
        "threads.Summary", null=True, blank=True, on_delete=models.CASCADE, related_name="translations"
    )
    gathering = models.ForeignKey(
        "threads.Gathering", null=True, blank=True, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    body_source = models.TextField(_("translation"))
    body_html = models.TextField(editable=False)  # rendered and sanitized once, at write time
    translator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="translations")
    based_on_revision = models.PositiveIntegerField(default=1)
    is_outdated = models.BooleanField(_("outdated"), default=False)
    version = models.PositiveIntegerField(default=1)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.VISIBLE)
    hidden_reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["post", "language"], name="one_translation_per_language"),
            models.UniqueConstraint(fields=["position", "language"], name="one_translation_per_position_language"),
            models.UniqueConstraint(fields=["point", "language"], name="one_translation_per_point_language"),
            models.UniqueConstraint(fields=["summary", "language"], name="one_translation_per_summary_language"),
            models.UniqueConstraint(fields=["gathering", "language"], name="one_translation_per_gathering_language"),
            models.CheckConstraint(
                condition=(
                    models.Q(post__isnull=False, position=None, point=None, summary=None, gathering=None)
                    | models.Q(post=None, position__isnull=False, point=None, summary=None, gathering=None)
                    | models.Q(post=None, position=None, point__isnull=False, summary=None, gathering=None)
                    | models.Q(post=None, position=None, point=None, summary__isnull=False, gathering=None)
                    | models.Q(post=None, position=None, point=None, summary=None, gathering__isnull=False)
                ),
                name="translation_has_exactly_one_target",
            ),
        ]

    KINDS = ("post", "position", "point", "summary", "gathering")

    def __str__(self):
        return f"{self.language} of {self.kind} #{self.target_id}"

    @property
    def kind(self) -> str:
        return next((kind for kind in self.KINDS if getattr(self, f"{kind}_id") is not None), "")

    KIND_LABELS = {
        "post": _("a post"), "position": _("a position"), "point": _("a ledger point"), "summary": _("a debate summary"),
        "gathering": _("a gathering's description"),
    }

    @property
    def kind_label(self) -> str:
        """What it translates, as a reader is told ("a ledger point")."""
        return self.KIND_LABELS.get(self.kind, "")

    @property
    def target_id(self) -> int | None:
        return getattr(self, f"{self.kind}_id", None) if self.kind else None

    @property
    def target(self):
        return getattr(self, self.kind) if self.kind else None

    @property
    def is_visible(self) -> bool:
        return self.state == self.State.VISIBLE


class TranslationRevision(models.Model):
    """Every saved version of a translation, the first included."""

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body_source = models.TextField()
    body_html = models.TextField()
    translator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    based_on_revision = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["translation", "number"], name="one_number_per_translation_revision")
        ]


class TranslatorSuspension(models.Model):
    """A person kept from translating (not from posting) by a moderator, until lifted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translator_suspensions")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)


class TranslationFlag(HandledFlag):
    """A reader's report that a translation is wrong or abusive: one per person per translation,
    handled once by a moderator (upheld: the translation hidden; dismissed: it stays)."""

    class Kind(models.TextChoices):
        WRONG = "wrong", _("does not say what the original says")
        ABUSE = "abuse", _("abusive or off-topic")
        SPAM = "spam", _("spam")
        OTHER = "other", _("something else")

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="flags")
    flagger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("why"), max_length=10, choices=Kind.choices)

    class Meta(HandledFlag.Meta):
        constraints = [
            models.UniqueConstraint(fields=["translation", "flagger"], name="one_flag_per_person_per_translation")
        ]
        indexes = [models.Index(fields=["status", "translation"])]
