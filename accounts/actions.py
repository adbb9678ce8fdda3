"""Every change to people, organizations and memberships goes through here."""

import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts import access as people
from accounts import hooks
from accounts.models import Membership, Organization, User
from forum import zones
from forum.errors import ActionRefused, invalid, require
from forum.live import send_to_user
from forum.markup import render_markdown
from forum.text import normalize_persian

# Paths under /orgs/ that are pages, not organizations.
RESERVED_SLUGS = frozenset({"apply", "applications", "new"})


def request_membership(*, acting_user: User, organization: Organization, note: str = "") -> Membership:
    """Ask to join an organization; its representatives or an admin decide."""
    require(acting_user.is_authenticated, _("Sign in to ask to join an organization."))
    require(organization.is_admitted, _("This organization is not (yet) a member of the coalition."))
    existing = Membership.objects.filter(user=acting_user, organization=organization).first()
    if existing is not None:
        if existing.status == Membership.Status.DECLINED:
            raise ActionRefused(_("Your earlier request to join was declined; ask the organization directly."))
        return existing
    try:
        with transaction.atomic():
            return Membership.objects.create(user=acting_user, organization=organization, note=note.strip()[:500])
    except IntegrityError:  # a double submit
        return Membership.objects.get(user=acting_user, organization=organization)


def decide_membership(*, acting_user: User, membership: Membership, approve: bool) -> Membership:
    require(
        people.can_manage_organization(acting_user, membership.organization),
        _("Only this organization's representatives or an admin can decide on members."),
    )
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != Membership.Status.PENDING:
            return membership
        membership.status = Membership.Status.APPROVED if approve else Membership.Status.DECLINED
        membership.decided_by = acting_user
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "decided_by", "decided_at"])
        transaction.on_commit(lambda: send_to_user(membership.user_id, {"type": "access.changed"}))
    return membership


def set_role(*, acting_user: User, membership: Membership, role: str) -> Membership:
    """Name a representative, or make one an ordinary member again."""
    require(
        people.can_manage_organization(acting_user, membership.organization),
        _("Only this organization's representatives or an admin can name representatives."),
    )
    if role not in Membership.Role.values:
        raise invalid(_("Unknown role."), "role")
    require(membership.is_active, _("Only approved members can be given a role."))
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(role=role)
        membership.role = role
        transaction.on_commit(lambda: send_to_user(membership.user_id, {"type": "access.changed"}))
    return membership


def leave_organization(*, acting_user: User, membership: Membership) -> None:
    require(membership.user_id == acting_user.pk, _("You can only leave an organization yourself."))
    require(
        membership.status != Membership.Status.DECLINED,
        _("A declined request stays on record; ask the organization directly."),
    )
    with transaction.atomic():
        membership.delete()
        people.forget_memberships(acting_user)
        transaction.on_commit(lambda: send_to_user(acting_user.pk, {"type": "access.changed"}))


def apply_organization(
    *, acting_user: User, name_fa: str, name_en: str, description: str = ""
) -> Organization:
    """An organization applies to join the coalition; the applicant becomes its representative once admitted."""
    require(acting_user.is_authenticated, _("Sign in to apply on behalf of an organization."))
    name_fa = normalize_persian(" ".join(name_fa.split()))
    name_en = " ".join(name_en.split())
    if not name_fa or not name_en:
        raise invalid(_("Give the organization's name in Persian and in English."), "name_fa" if not name_fa else "name_en")
    if Organization.objects.filter(name_fa=name_fa).exists() or Organization.objects.filter(name_en__iexact=name_en).exists():
        raise invalid(_("An organization with this name already exists."), "name_fa")
    base = slugify(name_en)[:50] or "org"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    with transaction.atomic():
        org = Organization.objects.create(
            slug=slug,
            name_fa=name_fa,
            name_en=name_en,
            description_source=description.strip()[:5000],
            description_html=render_markdown(description.strip()[:5000]) if description.strip() else "",
            applied_by=acting_user,
        )
        Membership.objects.create(
            user=acting_user,
            organization=org,
            role=Membership.Role.REPRESENTATIVE,
            status=Membership.Status.APPROVED,
            decided_at=timezone.now(),
        )
        hooks.organization_applied.send(organization=org)  # the admins' bell and email (issue 19)
    return org


def decide_organization(*, acting_user: User, organization: Organization, admit: bool) -> Organization:
    require(people.is_admin(acting_user), _("Only an admin can admit organizations."))
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        if organization.status != Organization.Status.APPLIED:
            return organization
        organization.status = Organization.Status.ADMITTED if admit else Organization.Status.DECLINED
        organization.decided_by = acting_user
        organization.decided_at = timezone.now()
        organization.save(update_fields=["status", "decided_by", "decided_at"])
        if organization.applied_by_id:
            applicant = organization.applied_by_id
            transaction.on_commit(lambda: send_to_user(applicant, {"type": "access.changed"}))
    return organization


def update_profile(*, acting_user: User, display_name: str, time_zone: str | None = None) -> User:
    """The display name and, when given, the time zone dates are shown and typed in ("" = the browser's)."""
    display_name = " ".join(display_name.split())
    if len(display_name) > 60:
        raise invalid(_("A display name has at most 60 characters."), "display_name")
    fields = ["display_name"]
    if time_zone is not None:
        if time_zone and zones.zone(time_zone) is None:
            raise invalid(_("Choose a time zone from the list."), "time_zone")
        acting_user.time_zone = time_zone
        fields.append("time_zone")
    with transaction.atomic():
        acting_user.display_name = display_name
        acting_user.save(update_fields=fields)
    return acting_user


def set_volunteer_translator(*, acting_user: User, volunteers: bool) -> User:
    """A person offers (or stops offering) to translate others' public posts (issue 20)."""
    require(acting_user.is_authenticated, _("Sign in first."))
    with transaction.atomic():
        acting_user.volunteers_as_translator = bool(volunteers)
        acting_user.save(update_fields=["volunteers_as_translator"])
    return acting_user


def update_organization(
    *, acting_user: User, organization: Organization, name_fa: str, name_en: str, description: str
) -> Organization:
    """Correct an organization's names or description (its representatives or an admin); the HTML is rendered once, here."""
    require(
        people.can_manage_organization(acting_user, organization),
        _("Only this organization's representatives or an admin can edit it."),
    )
    name_fa = normalize_persian(" ".join(name_fa.split()))
    name_en = " ".join(name_en.split())
    if not name_fa or not name_en:
        raise invalid(_("Give the organization's name in Persian and in English."), "name_fa" if not name_fa else "name_en")
    others = Organization.objects.exclude(pk=organization.pk)
    if others.filter(name_fa=name_fa).exists() or others.filter(name_en__iexact=name_en).exists():
        raise invalid(_("An organization with this name already exists."), "name_fa")
    description = description.strip()[:5000]
    with transaction.atomic():
        organization.name_fa = name_fa
        organization.name_en = name_en
        organization.description_source = description
        organization.description_html = render_markdown(description) if description else ""
        organization.save(update_fields=["name_fa", "name_en", "description_source", "description_html"])
    return organization


def sync_two_factor(*, user: User) -> bool:
    """Record whether the person has a second factor (an authenticator app or a security key).

    Called whenever allauth adds or removes an authenticator; recovery codes alone do not count.
    """

    enabled = Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(two_factor_enabled=enabled)
        user.two_factor_enabled = enabled
        transaction.on_commit(lambda: send_to_user(user.pk, {"type": "access.changed"}))
    return enabled


def delete_account(*, acting_user: User, password: str) -> User:
    """Delete one's own account, confirmed with the password (as a reauthentication).

    The account is deactivated and anonymized: a random `deleted-…` username, no display name
    (shown as "deleted user"), no email address, no password, no second factor, no role, no
    membership, no follow settings or notifications. Every session ends (the password hash changes,
    so no session's auth hash matches; the account is inactive) and open sockets are closed. Posts,
    positions and signatures stay, shown as by "deleted user", unless moderators remove them.
    """

    require(acting_user.is_authenticated and acting_user.is_active and not acting_user.is_deleted,
            _("This account cannot be deleted."))
    if not password or not acting_user.check_password(password):
        raise invalid(_("The password is not right."), "password")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=acting_user.pk)
        old_names = [user.username, user.display_name, user.first_name, user.last_name, user.email]
        user.username = f"deleted-{secrets.token_hex(8)}"
        user.display_name = ""
        user.first_name = user.last_name = user.email = ""
        user.set_unusable_password()
        user.is_active = user.is_staff = user.is_superuser = user.is_moderator = False
        user.two_factor_enabled = user.is_area_moderator = False
        user.is_deleted = True
        user.save()
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        Membership.objects.filter(user=user).delete()
        # follows, notifications, read marks, area moderation; the former names leave stored live
        # events and cached pages
        hooks.account_deleted.send(user=user, old_names=old_names)
        _end_sessions(user)
        people.forget_memberships(acting_user)
        transaction.on_commit(lambda: send_to_user(user.pk, {"type": "session.ended"}))
    return user


def _end_sessions(user: User) -> None:
    """Delete the person's stored sessions (a changed password already makes them fail; this
    removes them). Sessions are not indexed by person, so this reads the live ones: rare enough."""

    if settings.SESSION_ENGINE not in ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"):
        return
    mine = [s.pk for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
            if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    Session.objects.filter(pk__in=mine).delete()
