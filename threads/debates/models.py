"""Structured debates: chair, phases, positions, the ledger of points and stances, the summary."""


from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import pgettext_lazy
from django.utils.translation import gettext_lazy as _

from threads.core.models import Thread


class Debate(models.Model):
    """A thread of kind debate: a motion, the organizations taking part, a chair and phases."""

    class Difference(models.TextChoices):
        POLITICAL = "political", _("political")
        THEORETICAL = "theoretical", _("theoretical")
        ORGANIZATIONAL = "organizational", _("organizational")
        WORK_STYLE = "work_style", _("work style")

    class Phase(models.TextChoices):
        OPENING = "opening", _("opening positions")
        REBUTTALS = "rebuttals", _("rebuttals")
        OPEN_FLOOR = "open_floor", _("open floor")
        SUMMING_UP = "summing_up", _("summing-up")
        CONCLUDED = "concluded", _("concluded")

    thread = models.OneToOneField(Thread, on_delete=models.CASCADE, related_name="debate")
    motion = models.TextField(_("motion or question"), max_length=1000)
    difference = models.CharField(_("kind of difference"), max_length=16, choices=Difference.choices)
    organizations = models.ManyToManyField(
        "accounts.Organization", related_name="debates", verbose_name=_("participating organizations")
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="chaired_debates", verbose_name=_("chair")
    )
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices, default=Phase.OPENING)
    phase_started_at = models.DateTimeField(default=timezone.now)
    phase_deadline = models.DateTimeField(_("deadline of this phase"), null=True, blank=True)
    word_budget = models.PositiveIntegerField(
        _("word budget per organization and phase"), null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    concluded_at = models.DateTimeField(null=True, blank=True)
    # A moderator chairs at once; anyone else once every participating organization has accepted.
    chair_accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("debate")
        verbose_name_plural = _("debates")

    def __str__(self):
        return self.thread.title

    PHASE_ORDER = [Phase.OPENING, Phase.REBUTTALS, Phase.OPEN_FLOOR, Phase.SUMMING_UP, Phase.CONCLUDED]

    @classmethod
    def phase_index(cls, phase: str) -> int:
        return [p.value for p in cls.PHASE_ORDER].index(phase)

    @property
    def is_concluded(self) -> bool:
        return self.phase == self.Phase.CONCLUDED

    @property
    def chair_is_accepted(self) -> bool:
        return self.chair_accepted_at is not None

    def deadline_passed(self, now=None) -> bool:
        return self.phase_deadline is not None and self.phase_deadline <= (now or timezone.now())


class ChairAnswer(models.Model):
    """A participating organization's answer to the person named to chair its debate."""

    class Verdict(models.TextChoices):
        ACCEPT = "accept", pgettext_lazy("chair", "accepts")
        OBJECT = "object", pgettext_lazy("chair", "objects")

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="chair_answers")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["debate", "chair", "organization"], name="one_chair_answer_per_org")
        ]


class ChairChange(models.Model):
    """A moderator named another chair: who, whom, why (shown in the debate's log)."""

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="chair_changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to_chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class PhaseChange(models.Model):
    """Every move of a debate's phase (and every reopening), who made it and why."""

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="phase_changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_phase = models.CharField(max_length=12, choices=Debate.Phase.choices)
    to_phase = models.CharField(max_length=12, choices=Debate.Phase.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    is_reopening = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class PositionStance(models.TextChoices):
    SUPPORTS = "supports", _("supports")
    OPPOSES = "opposes", _("opposes")
    RESERVATIONS = "reservations", _("supports with reservations")
    ABSTAINS = "abstains", _("abstains")
    UNDECIDED = "undecided", _("undecided")


class Position(models.Model):
    """An organization's current position on a debate's motion; every version is a PositionRevision."""

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="positions")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="positions")
    stance = models.CharField(_("position"), max_length=12, choices=PositionStance.choices)
    statement_source = models.TextField(_("statement"))
    statement_html = models.TextField(editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    revision_count = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["debate", "organization"], name="one_position_per_org")]


class PositionRevision(models.Model):
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    stance = models.CharField(max_length=12, choices=PositionStance.choices)
    statement_source = models.TextField()
    statement_html = models.TextField()
    phase = models.CharField(max_length=12, choices=Debate.Phase.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["position", "number"], name="one_number_per_position_revision")]


class LedgerPoint(models.Model):
    """A short proposition in a debate's ledger; the chair accepts, merges or rejects it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        MERGED = "merged", _("merged")
        REJECTED = "rejected", _("rejected")

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveIntegerField()
    text = models.CharField(_("point"), max_length=300)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_points"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Its wording may be corrected while no one has answered it (see `reword_point`); every wording
    # is then kept as a LedgerPointRevision, and translations of an earlier one go outdated.
    revision_count = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["debate", "number"], name="one_number_per_point")]

    def __str__(self):
        return self.text


class LedgerPointRevision(models.Model):
    """One wording of a ledger point: the first is kept when it is first corrected."""

    point = models.ForeignKey(LedgerPoint, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.CharField(max_length=300)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["point", "number"], name="one_number_per_point_revision")]


class StanceValue(models.TextChoices):
    AGREE = "agree", _("agree")
    DISAGREE = "disagree", _("disagree")
    RESERVATION = "reservation", _("reservation")
    ABSTAIN = "abstain", _("abstain")


class Stance(models.Model):
    """An organization's current stance on one ledger point; every version is a StanceRevision."""

    point = models.ForeignKey(LedgerPoint, on_delete=models.CASCADE, related_name="stances")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="stances")
    value = models.CharField(_("stance"), max_length=12, choices=StanceValue.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # The language of the point's text the stance was taken on: the original's, or a translation's
    # the representative was shown (issue 20); a translation never changes what was agreed to.
    text_language = models.CharField(_("language of the text"), max_length=8, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    revision_count = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["point", "organization"], name="one_stance_per_org")]


class StanceRevision(models.Model):
    stance = models.ForeignKey(Stance, on_delete=models.CASCADE, related_name="revisions")
    value = models.CharField(max_length=12, choices=StanceValue.choices)
    reason = models.CharField(max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class Summary(models.Model):
    """The chair's summing-up (جمع‌بندی); each draft is kept as a SummaryRevision."""

    debate = models.OneToOneField(Debate, on_delete=models.CASCADE, related_name="summary")
    text_source = models.TextField(_("summary"))
    text_html = models.TextField(editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    revision_count = models.PositiveIntegerField(default=1)


class SummaryRevision(models.Model):
    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text_source = models.TextField()
    text_html = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]


class Endorsement(models.Model):
    """An organization's endorsement of the summary, or its dissent with a reason."""

    class Verdict(models.TextChoices):
        ENDORSE = "endorse", _("endorses")
        DISSENT = "dissent", _("dissents")

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="endorsements")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="endorsements")
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    summary_revision = models.PositiveIntegerField(default=1)
    # The language of the summary text the verdict was given on: the original's, or the translation's
    # the representative was shown (issue 20). Shown in the record as `given_on`.
    text_language = models.CharField(_("language of the text"), max_length=8, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["debate", "organization"], name="one_endorsement_per_org")]


class DebateRecord(models.Model):
    """What a debate looked like when it concluded: the summary, endorsements, positions and ledger,
    frozen as data (both languages' organization names) so a later reopening loses nothing."""

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="records")
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-pk"]
