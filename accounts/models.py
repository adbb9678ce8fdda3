"""People, organizations and who belongs to which."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from accounts import handles
from forum.text import normalize_persian


class User(AbstractUser):
    """A person. The display name may be a pseudonym; the email is never shown to others."""

    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)  # empty: the browser's (forum/zones.py)
    is_moderator = models.BooleanField(
        _("moderator"), default=False, help_text=_("May hide and restore posts and manage threads site-wide.")
    )
    # Kept by threads.moderation.actions from its Suspension and AreaModerator records, so that every
    # permission check reads them from the user already loaded, without another query.
    restriction = models.CharField(_("restriction"), max_length=8, blank=True, editable=False)
    restricted_until = models.DateTimeField(_("restricted until"), null=True, blank=True, editable=False)
    is_area_moderator = models.BooleanField(_("moderates a cooperation area"), default=False, editable=False)
    # Kept by accounts.actions.sync_two_factor whenever an authenticator is added or removed, so the
    # two-factor requirement for acting in a role costs no query.
    two_factor_enabled = models.BooleanField(_("two-factor authentication on"), default=False, editable=False)
    # Set by accounts.actions.delete_account: the account is anonymized and shown as "deleted user"
    # (translated when shown, so the label follows the reader's language).
    is_deleted = models.BooleanField(_("deleted"), default=False, editable=False)
    # The person's public page (issue 19): the handle @mentions use (never the login name, see
    # accounts/handles.py), a short bio rendered once at write time, and whether the page lists posts.
    handle = models.CharField(_("handle"), max_length=handles.HANDLE_MAX, unique=True, null=True, blank=True)
    bio_source = models.TextField(_("about you"), blank=True, max_length=2000)
    bio_html = models.TextField(blank=True, editable=False)
    lists_posts = models.BooleanField(_("my page lists my posts"), default=True)
    # Set by accounts.actions.set_volunteer_translator: may add or improve translations of others' posts.
    volunteers_as_translator = models.BooleanField(_("volunteers as a translator"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.public_name

    @property
    def public_name(self) -> str:
        if self.is_deleted:

            return gettext("deleted user")
        return self.display_name or self.handle or ""

    def get_absolute_url(self):
        return reverse("person", args=[self.handle])

    def save(self, *args, **kwargs):
        self.display_name = normalize_persian(self.display_name.strip())
        if not self.handle:  # made from the display name; the person may choose another on /me/
            self.handle = handles.unique_handle(
                handles.base_from(self.display_name), type(self).objects, Organization.objects, exclude_pk=self.pk
            )
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = [*kwargs["update_fields"], "handle"]
        super().save(*args, **kwargs)


class Organization(models.Model):
    """A member organization of the coalition (or one applying to join it)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        ADMITTED = "admitted", _("admitted")
        DECLINED = "declined", _("declined")

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_fa = models.CharField(_("name in Persian"), max_length=160)
    name_en = models.CharField(_("name in English"), max_length=160)
    description_source = models.TextField(_("description"), blank=True, max_length=5000)
    description_html = models.TextField(blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    applied_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [models.Index(fields=["status", "slug"])]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The name in the reader's language (Persian unless the page is English)."""
        return self.name_en if (get_language() or "fa").startswith("en") else self.name_fa

    @property
    def other_name(self) -> str:
        return self.name_fa if (get_language() or "fa").startswith("en") else self.name_en

    @property
    def is_admitted(self) -> bool:
        return self.status == self.Status.ADMITTED

    def get_absolute_url(self):

        return reverse("org_detail", args=[self.slug])

    def save(self, *args, **kwargs):
        self.name_fa = normalize_persian(self.name_fa.strip())
        self.name_en = self.name_en.strip()
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A person's place in an organization; pending until the organization or an admin approves."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        REPRESENTATIVE = "representative", _("representative")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")]
        indexes = [models.Index(fields=["organization", "status"]), models.Index(fields=["user", "status"])]

    def __str__(self):
        return f"{self.user} · {self.organization} ({self.get_role_display()}, {self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_representative(self) -> bool:
        return self.is_active and self.role == self.Role.REPRESENTATIVE


from accounts.people_models import *  # noqa: E402,F401,F403 - models of this app kept in their own module
