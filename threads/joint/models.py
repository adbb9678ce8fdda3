"""Joint action (issue 8): joint statements signed by organizations, and gatherings (actions,
campaigns, commemorations, seminars, talks) with their endorsements.

Imported at the end of threads/models.py, so `from threads.models import Statement` works.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    MEMBERS = "members", _("members only")


class TextLanguage(models.TextChoices):
    FA = "fa", _("Persian")
    EN = "en", _("English")


# --- joint statements -------------------------------------------------------------------------


class Statement(models.Model):
    """A joint statement: drafted by one organization, revised, signed by organizations, published.

    A statement carries a Persian text, an English text, or both; each text has its own revisions
    and its own signatures. `fa_revision` and `en_revision` point at each text's current revision
    so a page reads them without scanning the history.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    drafting_org = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="drafted_statements",
        verbose_name=_("drafting organization"),
    )
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(_("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC)
    areas = models.ManyToManyField("threads.Area", related_name="statements", verbose_name=_("cooperation areas"))
    thread = models.OneToOneField(
        "threads.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="statement"
    )
    fa_revision = models.ForeignKey(
        "threads.StatementRevision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    en_revision = models.ForeignKey(
        "threads.StatementRevision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("joint statement")
        verbose_name_plural = _("joint statements")
        indexes = [models.Index(fields=["status", "visibility", "-published_at"])]

    def __str__(self):
        return self.title

    def revision(self, language: str):
        return self.fa_revision if language == TextLanguage.FA else self.en_revision

    def texts(self) -> list:
        """The current revision of each text, the reader's language first."""
        english_first = (get_language() or "fa").startswith("en")
        revisions = [self.en_revision, self.fa_revision] if english_first else [self.fa_revision, self.en_revision]
        return [r for r in revisions if r is not None]

    @property
    def title(self) -> str:
        texts = self.texts()
        return texts[0].title if texts else ""

    @property
    def slug(self) -> str:
        return slugify(self.title, allow_unicode=True)[:80]

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_members_only(self) -> bool:
        return self.visibility == Visibility.MEMBERS

    @property
    def stream(self) -> str:
        return f"statement:{self.pk}"

    def get_absolute_url(self):
        slug = self.slug
        if slug:
            return reverse("statement_detail_slug", args=[self.pk, slug])
        return reverse("statement_detail", args=[self.pk])


class StatementRevision(models.Model):
    """One version of one language's text. A correction after publication is a revision too,
    marked as such with the admin's reason; it keeps the `substance` of the revision it corrects,
    so signatures given before the correction still count as on the current text."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="revisions")
    language = models.CharField(max_length=2, choices=TextLanguage.choices)
    number = models.PositiveIntegerField()
    substance = models.PositiveIntegerField(help_text="the number of the last revision that was not a correction")
    title = models.CharField(_("title"), max_length=200)
    text_source = models.TextField(_("text"))
    text_html = models.TextField(editable=False)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    is_correction = models.BooleanField(default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["language", "number"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "language", "number"], name="one_number_per_statement_text")
        ]

    def __str__(self):
        return f"{self.statement_id}/{self.language}#{self.number}"

    @property
    def direction(self) -> str:
        return "rtl" if self.language == TextLanguage.FA else "ltr"


class StatementInvitation(models.Model):
    """An organization invited to co-sign (the drafting organization is invited from the start)."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="statement_invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["statement", "organization"], name="one_invitation_per_org")]


class StatementResponse(models.Model):
    """An organization's answer to one text of a statement, tied to the exact revision it read:
    it signs, declines, or proposes an amendment. Answers are never overwritten; the latest per
    organization and language is the current one, the rest are its history."""

    class Verdict(models.TextChoices):
        SIGN = "sign", _("signs")
        DECLINE = "decline", _("declines")
        AMEND = "amend", _("proposes an amendment")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="responses")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="statement_responses")
    revision = models.ForeignKey(StatementRevision, on_delete=models.PROTECT, related_name="responses")
    language = models.CharField(max_length=2, choices=TextLanguage.choices)
    verdict = models.CharField(_("answer"), max_length=8, choices=Verdict.choices)
    comment_source = models.TextField(_("amendment or reason"), blank=True)
    comment_html = models.TextField(blank=True, editable=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    after_publication = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["statement", "organization", "language"])]


# --- gatherings: actions, campaigns, commemorations, seminars, talks ---------------------------


class Gathering(models.Model):
    """Something the organizations do together at a time and a place (or online).

    Times are stored in UTC with the IANA zone they were given in, so the page and the .ics feed
    show the event in its own zone. A commemoration may repeat by an iCalendar RRULE (expanded by
    dateutil for the calendar page, written as-is into the .ics feed).
    """

    class Kind(models.TextChoices):
        ACTION = "action", _("action")
        CAMPAIGN = "campaign", _("campaign")
        COMMEMORATION = "commemoration", _("commemoration")
        SEMINAR = "seminar", _("seminar")
        TALK = "talk", _("talk")

    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description_source = models.TextField(_("description"))
    description_html = models.TextField(editable=False)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    recurrence = models.CharField(_("repeats"), max_length=200, blank=True, help_text="an iCalendar RRULE value")
    visibility = models.CharField(_("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC)
    areas = models.ManyToManyField("threads.Area", related_name="gatherings", verbose_name=_("cooperation areas"))
    organizers = models.ManyToManyField(
        "accounts.Organization", related_name="organized_gatherings", verbose_name=_("organizing organizations")
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    thread = models.OneToOneField(
        "threads.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="gathering"
    )
    summing_up = models.ForeignKey(
        "threads.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="summed_up_gatherings",
        verbose_name=_("summing-up"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Edited by its organizers or a moderator (see `edit_gathering`): every version is then kept as a
    # GatheringRevision; the .ics feed gives revision_count - 1 as SEQUENCE, so calendars update.
    revision_count = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["visibility", "starts_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("gathering_detail", args=[self.pk])

    @property
    def is_members_only(self) -> bool:
        return self.visibility == Visibility.MEMBERS

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence)

    @property
    def stream(self) -> str:
        return f"gathering:{self.pk}"


class GatheringRevision(models.Model):
    """One version of an event's title, description, time and place: the first is kept when it is
    first edited."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description_source = models.TextField()
    description_html = models.TextField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64)
    place = models.CharField(max_length=300, blank=True)
    online_url = models.URLField(max_length=500, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["gathering", "number"], name="one_number_per_gathering_revision")]


class GatheringEndorsement(models.Model):
    """An organization's endorsement of an event, given by its representative."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="endorsements")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="gathering_endorsements")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["gathering", "organization"], name="one_endorsement_per_gathering")]
