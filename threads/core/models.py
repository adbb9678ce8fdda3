"""Cooperation areas, threads, posts and their revisions, and the live event log."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
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
    # Moderation (threads/moderation/actions.py): closed takes no replies for good; slow mode; a timer.
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

    @property
    def reply_count(self) -> int:
        """Visible posts after the opening one; never below zero (a merged thread has no posts left)."""
        return max(self.post_count - 1, 0)


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


# --- redactions (issue 17) --------------------------------------------------------------------
# A moderator's (or admin's) edit made to remove information hides the earlier versions of a text
# from everyone but moderators. One model serves every kind of revised text (posts, positions,
# summaries, joint statements): the revisions numbered below `hides_before` are hidden. Written
# only by threads/core/redaction.py.


class Redaction(models.Model):
    class Kind(models.TextChoices):
        POST = "post", _("post")
        POSITION = "position", _("position")
        SUMMARY = "summary", _("summary")
        STATEMENT_FA = "statement.fa", _("Persian text of a joint statement")
        STATEMENT_EN = "statement.en", _("English text of a joint statement")
        TRANSLATION = "translation", _("translation")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    target_id = models.PositiveBigIntegerField()
    hides_before = models.PositiveIntegerField(help_text="revisions numbered below this are shown to moderators only")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-hides_before", "-pk"]
        indexes = [models.Index(fields=["kind", "target_id"])]
