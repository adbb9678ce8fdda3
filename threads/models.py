"""Cooperation areas, threads, posts and their revisions, and the live event log."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy as _, pgettext_lazy
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase


class Area(TagBase):
    """One of the seven cooperation areas of the founding declaration, curated by admins."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name_fa = models.CharField(_("name in Persian"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300)
    short_fa = models.CharField(_("short name in Persian"), max_length=80)
    short_en = models.CharField(_("short name in English"), max_length=80)

    class Meta:
        verbose_name = _("cooperation area")
        verbose_name_plural = _("cooperation areas")
        ordering = ["number"]

    def __str__(self):
        return self.short

    @property
    def short(self) -> str:
        return self.short_en if _is_english() else self.short_fa

    @property
    def full(self) -> str:
        return self.name_en if _is_english() else self.name_fa

    def get_absolute_url(self):
        return reverse("area_detail", args=[self.slug])


class AreaOfThread(TaggedItemBase):
    """Links a thread to its cooperation areas (taggit's through model for the custom tag)."""

    tag = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="thread_links")
    content_object = models.ForeignKey("threads.Thread", on_delete=models.CASCADE, related_name="area_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tag", "content_object"], name="one_link_per_area")]


class TagOfThread(TaggedItemBase):
    """Free-form tags on threads, with taggit's standard tag model."""

    tag = models.ForeignKey("taggit.Tag", on_delete=models.CASCADE, related_name="thread_links")
    content_object = models.ForeignKey("threads.Thread", on_delete=models.CASCADE, related_name="tag_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tag", "content_object"], name="one_link_per_tag")]


def _is_english() -> bool:
    return (get_language() or "fa").startswith("en")


class Thread(models.Model):
    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("discussion")
        DEBATE = "debate", _("debate")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        MEMBERS = "members", _("members only")

    title = models.CharField(_("title"), max_length=settings.HAMGAMI["TITLE_MAX"])
    slug = models.SlugField(max_length=80, allow_unicode=True, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DISCUSSION)
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="threads")
    on_behalf_of = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="threads"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    # Denormalized by the action layer so lists cost one query: visible posts, replies excluded of the opening one.
    post_count = models.PositiveIntegerField(default=0)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    # Moderation (threads/moderation.py): closed takes no replies for good; slow mode; a timer.
    is_closed = models.BooleanField(_("closed"), default=False)
    slow_mode_seconds = models.PositiveIntegerField(_("slow mode"), default=0)
    timer_action = models.CharField(_("timer"), max_length=8, blank=True)
    timer_at = models.DateTimeField(_("timer time"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )

    areas = TaggableManager(through=AreaOfThread, related_name="threads", verbose_name=_("cooperation areas"))
    tags = TaggableManager(through=TagOfThread, related_name="threads", blank=True, verbose_name=_("tags"))

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            models.Index(fields=["visibility", "-last_activity_at"]),
            models.Index(fields=["-is_pinned", "-last_activity_at"]),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title, allow_unicode=True)[:80]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.slug:
            return reverse("thread_detail_slug", args=[self.pk, self.slug])
        return reverse("thread_detail", args=[self.pk])

    @property
    def is_members_only(self) -> bool:
        return self.visibility == self.Visibility.MEMBERS

    @property
    def stream(self) -> str:
        return f"thread:{self.pk}"


class Agreement(models.TextChoices):
    """What a reply says of the point or position it quotes."""

    AGREE = "agree", pgettext_lazy("reply to a point or position", "agrees")
    DISAGREE = "disagree", pgettext_lazy("reply to a point or position", "disagrees")


class Post(models.Model):
    """A post: Markdown source and the sanitized HTML rendered from it once, at write time."""

    class State(models.TextChoices):
        VISIBLE = "visible", _("visible")
        QUEUED = "queued", _("awaiting approval")
        HIDDEN = "hidden", _("hidden")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    on_behalf_of = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies")
    # In a debate, a reply may answer a ledger point or an organization's position (the version
    # it read, so the quote stays what was said) and say whether it agrees.
    quoted_point = models.ForeignKey(
        "threads.LedgerPoint", null=True, blank=True, on_delete=models.SET_NULL, related_name="quoting_posts"
    )
    quoted_position = models.ForeignKey(
        "threads.PositionRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="quoting_posts"
    )
    agreement = models.CharField(_("agreement"), max_length=8, blank=True, choices=Agreement.choices)
    body_source = models.TextField(_("text"))
    body_html = models.TextField(editable=False)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.VISIBLE)
    hidden_reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    revision_count = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at", "id"])]

    def __str__(self):
        return f"#{self.pk} in {self.thread_id}"

    def get_absolute_url(self):
        return reverse("post_permalink", args=[self.pk])  # redirects to the page of its thread that shows it

    @property
    def anchor(self) -> str:
        return f"post-{self.pk}"

    @property
    def is_visible(self) -> bool:
        return self.state == self.State.VISIBLE


class PostRevision(models.Model):
    """Every version of a post's text, the first included, so an edit never loses anything."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body_source = models.TextField()
    body_html = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["post", "number"], name="one_revision_number_per_post")]


class StreamEvent(models.Model):
    """The ordered, bounded log of one live stream's events, so a reconnecting page can catch up.

    `payload` holds the fragment rendered once per audience ({"visitor": …, "member": …,
    "moderator": …}); an audience that may not see the event has no key.
    """

    stream = models.CharField(max_length=100)
    seq = models.PositiveBigIntegerField()
    event = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stream", "seq"], name="one_seq_per_stream")]
        ordering = ["stream", "seq"]


class StreamHead(models.Model):
    """The last sequence number given out on a stream; locked while the next one is taken."""

    stream = models.CharField(max_length=100, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)


# --- Structured debates (issue 4) -------------------------------------------------------------


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

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["debate", "number"], name="one_number_per_point")]

    def __str__(self):
        return self.text


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


from threads.moderation_models import *  # noqa: E402,F401,F403
from threads.following_models import *  # noqa: E402,F401,F403

from threads.joint_models import *  # noqa: E402,F401,F403
from threads.redaction_models import *  # noqa: E402,F401,F403
