"""Following discussions: subscriptions, notifications (live and by email) and the search index.

The thread actions call one hook each (`after_thread_created`, `after_post_created`,
`after_post_edited`) inside their transaction; whatever leaves the database (the live bell,
emails) waits for the commit. Nobody is ever told about what they may not read: recipients of
anything in a members-only thread are filtered to people who may read it.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.dispatch import receiver
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import access as people
from accounts.models import Membership, Organization, PersonFollow, User
from forum.errors import ActionRefused, invalid, require
from threads.core import access
from threads.core.events import publish_now
from threads.core.models import Area, Post, Thread
from threads.debates import rules as debate_rules
from threads.debates.models import Debate, PositionRevision
from threads.following import search
from threads.translations import access as translation_access
from threads.translations import queries as translation_queries
from threads.translations import targets as translation_targets
from threads.following.models import (
    DeadlineNotice,
    FollowPreferences,
    Notification,
    ReadState,
    Subscription,
)

Level = Subscription.Level
Kind = Notification.Kind
MENTION = re.compile(r"(?<![\w@/])@([A-Za-z0-9][A-Za-z0-9_.-]{1,59})")
QUOTE = re.compile(r"#post-(\d{1,18})\b")
UNSUBSCRIBE_SALT = "hamgami.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 90 * 24 * 3600
# Which notice wins when one post concerns a person several ways.
PRIORITY = [Kind.MENTION, Kind.REPLY, Kind.QUOTE, Kind.ORG_MENTION, Kind.WATCHED, Kind.NEW_THREAD]


# --- preferences and subscriptions ---------------------------------------------------------------


def preferences(user) -> FollowPreferences:
    prefs, _created = FollowPreferences.objects.get_or_create(user=user)
    return prefs


def save_preferences(*, acting_user, email: str, watch_when_posting: bool, language: str = "") -> FollowPreferences:
    require(acting_user.is_authenticated, _("Log in to choose how you are notified."))
    if email not in FollowPreferences.Email.values:
        raise invalid(_("Choose how often to be emailed."), "email")
    prefs = preferences(acting_user)
    prefs.email = email
    prefs.watch_when_posting = bool(watch_when_posting)
    if language in dict(settings.LANGUAGES):
        prefs.language = language
    prefs.save()
    return prefs


def _target_field(target) -> str:
    if isinstance(target, Thread):
        return "thread"
    if isinstance(target, Area):
        return "area"
    if isinstance(target, Organization):
        return "organization"
    raise TypeError(target)


def follow(*, acting_user, target, level: str) -> Subscription:
    """Follow a thread (or debate), a cooperation area or an organization at a level."""
    require(acting_user.is_authenticated, _("Log in to follow discussions."))
    if level not in Level.values:
        raise invalid(_("Choose how closely to follow."), "level")
    field = _target_field(target)
    if field == "thread" and target.is_members_only and not people.can_read_members_only(acting_user):
        raise ActionRefused(_("You cannot follow this thread."))
    if field == "organization" and not target.is_admitted:
        raise ActionRefused(_("You cannot follow this organization."))
    with transaction.atomic():
        sub, _created = Subscription.objects.update_or_create(
            user=acting_user, **{field: target}, defaults={"level": level, "updated_at": timezone.now()}
        )
    return sub


def level_of(user, target) -> str:
    if not user.is_authenticated:
        return ""
    return (
        Subscription.objects.filter(user=user, **{_target_field(target): target}).values_list("level", flat=True).first()
        or Level.NORMAL
    )


def _watch_on_post(user, thread) -> None:
    prefs = FollowPreferences.objects.filter(user=user).values_list("watch_when_posting", flat=True).first()
    if prefs is False:
        return
    Subscription.objects.get_or_create(user=user, thread=thread, defaults={"level": Level.WATCHING})


# --- who hears about a post ----------------------------------------------------------------------


def _readers_among(user_ids: set[int], thread: Thread) -> set[int]:
    """Those of `user_ids` who may read the thread (everyone, unless it is members-only)."""
    if not user_ids or not thread.is_members_only:
        return user_ids
    users = User.objects.filter(pk__in=user_ids, is_active=True)
    allowed = set()
    for user in users:
        if people.can_read_members_only(user):
            allowed.add(user.pk)
    return allowed


def _mentions(text: str, thread: Thread) -> tuple[dict[int, str], dict[int, int]]:
    """@handle → {user id: MENTION}; @org-slug → {representative id: organization id}.

    Handles are stored lower-case (accounts/handles.py), never the login name. "@dave." ends a
    sentence: the name is "dave" (and "dave." too, should someone be named so)."""
    names = {n for m in MENTION.findall(text or "") for n in (m.lower(), m.lower().rstrip(".-"))}
    if not names:
        return {}, {}
    names = sorted(names)[:20]
    users = {
        pk: Kind.MENTION
        for pk in User.objects.filter(handle__in=names, is_active=True, is_deleted=False).values_list("pk", flat=True)
    }
    org_reps = {}
    for user_id, org_id in Membership.objects.filter(
        organization__slug__in=names,
        organization__status=Organization.Status.ADMITTED,
        role=Membership.Role.REPRESENTATIVE,
        status=Membership.Status.APPROVED,
    ).values_list("user_id", "organization_id"):
        org_reps[user_id] = org_id
    return users, org_reps


def _subscribers(thread: Thread) -> tuple[set[int], set[int], set[int]]:
    """(watching the thread, watching its areas or organization, muted on the thread)."""
    area_ids = [a.pk for a in thread.areas.all()]
    rows = Subscription.objects.filter(thread=thread) | Subscription.objects.filter(area_id__in=area_ids)
    if thread.on_behalf_of_id:
        rows = rows | Subscription.objects.filter(organization_id=thread.on_behalf_of_id)
    watching_thread, watching_around, muted = set(), set(), set()
    for user_id, thread_id, level in rows.values_list("user_id", "thread_id", "level"):
        if thread_id:
            if level == Level.WATCHING:
                watching_thread.add(user_id)
            elif level == Level.MUTED:
                muted.add(user_id)
        elif level == Level.WATCHING:
            watching_around.add(user_id)
    return watching_thread, watching_around, muted


def _notify(post: Post, *, new_thread: bool) -> list[Notification]:
    thread = post.thread
    wanted: dict[int, tuple[str, int | None]] = {}

    def offer(user_id, kind, organization_id=None):
        current = wanted.get(user_id)
        if current is None or PRIORITY.index(kind) < PRIORITY.index(current[0]):
            wanted[user_id] = (kind, organization_id)

    watching_thread, watching_around, muted = _subscribers(thread)
    for user_id in watching_around:
        offer(user_id, Kind.NEW_THREAD if new_thread else Kind.WATCHED)
    for user_id in watching_thread:
        offer(user_id, Kind.WATCHED)
    if new_thread:  # people who follow the author (issue 19) hear of their new threads
        for user_id in PersonFollow.objects.filter(person_id=post.author_id).values_list("follower_id", flat=True):
            offer(user_id, Kind.NEW_THREAD)
    quoted = {int(n) for n in QUOTE.findall(post.body_source)}
    if quoted:
        for author_id in Post.objects.filter(pk__in=quoted, thread=thread).values_list("author_id", flat=True):
            offer(author_id, Kind.QUOTE)
    if post.reply_to_id:
        offer(post.reply_to.author_id, Kind.REPLY)
    users, org_reps = _mentions(post.body_source, thread)
    if post.quoted_position_id:  # answering an organization's position in a debate mentions it
        answered = post.quoted_position.position.organization_id
        org_reps.update(
            dict.fromkeys(
                Membership.objects.filter(
                    organization_id=answered, role=Membership.Role.REPRESENTATIVE, status=Membership.Status.APPROVED
                ).values_list("user_id", flat=True),
                answered,
            )
        )
    for user_id, org_id in org_reps.items():
        offer(user_id, Kind.ORG_MENTION, org_id)
    for user_id in users:
        offer(user_id, Kind.MENTION)
    wanted.pop(post.author_id, None)
    for user_id in muted:
        wanted.pop(user_id, None)
    allowed = _readers_among(set(wanted), thread)
    notes = [
        Notification(user_id=user_id, kind=kind, organization_id=org_id, actor_id=post.author_id, thread=thread, post=post)
        for user_id, (kind, org_id) in wanted.items()
        if user_id in allowed
    ]
    Notification.objects.bulk_create(notes)
    if notes:
        ids = [n.user_id for n in notes]
        transaction.on_commit(lambda: _deliver([n.pk for n in notes], ids))
    return notes


# --- hooks called by threads.core.actions -------------------------------------------------------------


def after_thread_created(thread, opening_post) -> None:
    search.index_post(opening_post, is_opening=True)
    _watch_on_post(opening_post.author, thread)
    _notify(opening_post, new_thread=True)


def after_post_created(post) -> None:
    search.index_post(post, is_opening=False)
    _watch_on_post(post.author, post.thread)
    if post.is_visible:  # a queued post notifies no one until approved
        _notify(post, new_thread=False)


def after_post_approved(post) -> list[Notification]:
    """A post held for moderation is let through: the notices it held back, once (a post that
    already made its notices makes none again)."""
    if Notification.objects.filter(post=post).exclude(kind=Kind.MODERATION).exists():
        return []
    return _notify(post, new_thread=False)


def after_post_edited(post) -> None:
    search.index_post(post)


def after_thread_retitled(thread) -> None:
    """The title is searched with the opening post: reindex that one."""
    opening = Post.objects.filter(thread=thread).select_related("thread").order_by("created_at", "pk").first()
    if opening is not None:
        search.index_post(opening, is_opening=True)


def deliver_on_commit(notes: list[Notification]) -> None:
    """The bell and the emails of notifications made in the current transaction, once it commits."""
    if notes:
        transaction.on_commit(lambda: _deliver([n.pk for n in notes], [n.user_id for n in notes]))


def notify_moderation(*, user, action) -> Notification:
    """A moderation action on the person's post or account (called by threads.moderation.actions)."""
    note = Notification.objects.create(user=user, kind=Kind.MODERATION, action=action, thread=action.thread)
    transaction.on_commit(lambda: _deliver([note.pk], [user.pk]))
    return note


# --- delivery: the live bell and email -----------------------------------------------------------


def _count_key(user_id) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(user_id) -> int:
    count = Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()
    cache.set(_count_key(user_id), count, 24 * 3600)
    return count


def cached_unread_count(user_id):
    """The bell's number without a query (None until something has counted it)."""
    return cache.get(_count_key(user_id))


@receiver(user_logged_in, dispatch_uid="hamgami.following.count_at_login")
def _count_at_login(sender, user, **kwargs) -> None:
    """Fill the bell's cached count as the person signs in, so pages need no query for it."""
    unread_count(user.pk)


def _bell_renderer(count: int):
    def render(audience: str):
        return render_to_string("following/_bell.html", {"notification_count": count})

    return render


def publish_count(user_id) -> None:
    count = unread_count(user_id)
    publish_now(f"user:{user_id}", "notifications.count", _bell_renderer(count), {"count": count})


def _deliver(note_ids: list[int], user_ids: list[int]) -> None:
    """After the commit that made the notifications: the bell at once, the emails through a task
    (run by the worker; at once where TASKS_BACKEND=immediate), so a slow mail server never holds up
    the request that caused them."""
    for user_id in dict.fromkeys(user_ids):
        publish_count(user_id)
    send_notification_emails.enqueue(list(note_ids))


def send_immediate_emails(note_ids: list[int]) -> int:
    """Email each of these notifications to its person if they chose immediate emails and it has
    not been emailed yet; returns how many went out (the task send_notification_emails)."""
    notes = list(
        Notification.objects.filter(pk__in=note_ids, emailed_at__isnull=True)
        .select_related("user", "user__follow_preferences", "actor", "thread", "post", "organization", "action")
    )
    sent = []
    for note in notes:
        prefs = getattr(note.user, "follow_preferences", None)
        if prefs is not None and prefs.email == FollowPreferences.Email.IMMEDIATE and note.user.email:
            send_notification_email(note.user, [note], language=prefs.language)
            sent.append(note.pk)
    if sent:
        Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
    return len(sent)


def unsubscribe_token(user) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_for_unsubscribe(token: str):
    """(user, None) or (None, "stale" | "bad")."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired:
        return None, "stale"
    except signing.BadSignature:
        return None, "bad"
    user = User.objects.filter(pk=data.get("u") if isinstance(data, dict) else None).first()
    return (user, None) if user else (None, "bad")


def unsubscribe(*, user) -> None:
    """Stop every email (the signed link in each email; no login needed)."""
    prefs = preferences(user)
    prefs.email = FollowPreferences.Email.NEVER
    prefs.save(update_fields=["email"])


def send_notification_email(user, notes: list[Notification], *, language: str = "fa", digest: bool = False) -> None:
    """One email in the person's language; text of a members-only thread only if they may read it.
    A post's text is its visible translation into that language when it has one (issue 20; one
    query for every post of the email), named as such, with the original's address."""
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    may_read_members = people.can_read_members_only(user)

    def readable(note) -> bool:
        return note.thread is None or not note.thread.is_members_only or may_read_members

    shown_posts = [note.post for note in notes if note.post and readable(note) and note.post.is_visible]
    translation_queries.attach(shown_posts)
    with translation.override(language):
        items = []
        for note in notes:
            thread = note.thread
            post = note.post if note.post in shown_posts else None
            url = base + (
                note.post.get_absolute_url() if note.post else note.link or (thread.get_absolute_url() if thread else reverse("notifications"))
            )
            # the translator told that the original changed reads the original
            shown = None
            if post is not None and note.kind != Notification.Kind.TRANSLATION_OUTDATED:
                shown = translation_access.shown_translation(post, post.translation_list)
            items.append(
                {
                    "note": note,
                    "readable": readable(note),
                    "title": thread.title if thread is not None and readable(note) else "",
                    "text": search.plain_text((shown or post).body_html)[:500] if post is not None else "",
                    "translated_by": shown.translator.public_name if shown else "",
                    "original_url": f"{url}?original" if shown else "",
                    "url": url,
                }
            )
        context = {
            "user": user,
            "items": items,
            "digest": digest,
            "unsubscribe_url": base + reverse("unsubscribe", args=[unsubscribe_token(user)]),
            "notifications_url": base + reverse("notifications"),
        }
        # The prefix already names the site ("[Hamgami] "): the subject says who did what.
        first = notes[0]
        if digest:
            subject = _("Your daily digest")
        elif first.actor_id:
            subject = _("%(who)s %(what)s") % {"who": first.actor.public_name, "what": first.get_kind_display()}
        else:
            subject = _("New notification: %(what)s") % {"what": first.get_kind_display()}
        body = render_to_string("following/email.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])


def send_digests(now=None) -> int:
    """Email each person on the daily digest (the default) what they have neither read nor been
    emailed; returns how many emails went out. Run daily by the worker (threads.following.tasks.send_digests)
    or by hand: `manage.py send_digests`."""
    now = now or timezone.now()
    pending = Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True)
    user_ids = set(pending.values_list("user_id", flat=True))
    chosen = dict(FollowPreferences.objects.filter(user_id__in=user_ids).values_list("user_id", "email"))
    languages = dict(FollowPreferences.objects.filter(user_id__in=user_ids).values_list("user_id", "language"))
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True).exclude(email=""):
        if chosen.get(user.pk, FollowPreferences.Email.DAILY) != FollowPreferences.Email.DAILY:
            continue
        notes = list(
            pending.filter(user=user).select_related("actor", "thread", "post", "organization", "action").order_by("created_at")[:50]
        )
        if not notes:
            continue
        send_notification_email(user, notes, language=languages.get(user.pk, settings.LANGUAGE_CODE), digest=True)
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=now)
        FollowPreferences.objects.update_or_create(user=user, defaults={"last_digest_at": now})
        sent += 1
    return sent


def mark_all_read(*, acting_user) -> int:
    count = Notification.objects.filter(user=acting_user, read_at__isnull=True).update(read_at=timezone.now())
    transaction.on_commit(lambda: publish_count(acting_user.pk))
    return count


def mark_notices_read(*, acting_user, moderation_only: bool = False) -> int:
    """Mark the person's unread notices read (all, or only the moderation notices): a POST of the
    notices page, never a page load; the bell's cached and live counts follow."""
    notes = Notification.objects.filter(user=acting_user, read_at__isnull=True)
    if moderation_only:
        notes = notes.filter(action__isnull=False)
    with transaction.atomic():
        count = notes.update(read_at=timezone.now())
        if count:
            cache.delete(_count_key(acting_user.pk))
            transaction.on_commit(lambda: publish_count(acting_user.pk))
    return count


# --- unread: where each person stopped reading ---------------------------------------------------


def mark_read(user, thread, up_to_post) -> None:
    """Record that `user` has been shown `thread` up to `up_to_post` (a Post or its id).

    Called by the thread page on every load by a signed-in reader, and writes only when the
    position moves (issue 16: a repeat view writes nothing). When the thread comes from
    access.thread_for_reader it carries the reader's position (`reader_last_read`), read in the
    same query as the thread, and nothing is sent unless the page shows a later post; otherwise it
    is one upsert that only ever moves the position forward (reading page 1 again does not make
    page 6 unread) and leaves the row alone when it would not move. Notices about the posts now
    read are marked read too, but only when the bell's cached count says there are any, and then
    by id after a read, so no UPDATE is sent that matches no row."""
    if user is None or not user.is_authenticated:
        return
    post_id = getattr(up_to_post, "pk", up_to_post)
    if not post_id:
        return
    post_id = int(post_id)
    known = getattr(thread, "reader_last_read", _UNKNOWN)
    if known is _UNKNOWN or known is None or known < post_id:
        _record_position(user.pk, thread.pk, post_id)
    if cached_unread_count(user.pk):
        unread = list(
            Notification.objects.filter(user=user, thread=thread, post_id__lte=post_id, read_at__isnull=True)
            .values_list("pk", flat=True)
        )
        if unread:
            Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
            transaction.on_commit(lambda: publish_count(user.pk))


_UNKNOWN = object()


def _record_position(user_id: int, thread_id: int, post_id: int) -> None:
    """One statement: insert the reader's position, or move it forward; a row already at or past
    `post_id` is not updated (the WHERE of ON CONFLICT … DO UPDATE, on both databases)."""
    table = ReadState._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, thread_id, last_read_post_id, last_read_at) VALUES (%s, %s, %s, %s) "
            f"ON CONFLICT (user_id, thread_id) DO UPDATE SET "
            f"last_read_post_id = excluded.last_read_post_id, last_read_at = excluded.last_read_at "
            f"WHERE {table}.last_read_post_id < excluded.last_read_post_id",
            [user_id, thread_id, post_id, timezone.now()],
        )


def _muted_thread(user):
    return Exists(Subscription.objects.filter(user=user, thread=OuterRef("thread_id"), level=Level.MUTED))


def _new_posts_filter(user, prefix: str = "") -> Q:
    """Posts that count as new for this reader: visible, and not their own."""
    return Q(**{f"{prefix}state": Post.State.VISIBLE}) & ~Q(**{f"{prefix}author": user})


def unread_counts(user, threads) -> dict[int, int]:
    """{thread id: posts new since the reader last read it} for the threads of a list that the
    reader has read before and not muted, in one query whatever the length of the list."""
    if user is None or not user.is_authenticated:
        return {}
    ids = [thread.pk for thread in threads]
    if not ids:
        return {}
    newer = _new_posts_filter(user, "thread__posts__") & Q(thread__posts__pk__gt=F("last_read_post_id"))
    rows = (
        ReadState.objects.filter(user=user, thread_id__in=ids)
        .filter(~_muted_thread(user))
        .annotate(new=Count("thread__posts", filter=newer))
        .values_list("thread_id", "new")
    )
    return dict(rows)


def first_unread_post(user, thread):
    """The first post of the thread this reader has not been shown (by the reader's own view of
    the thread: hidden posts keep their place), the last one when everything is read, or None
    for a thread they have never opened (read it from the start)."""

    last_read = ReadState.objects.filter(user=user, thread=thread).values_list("last_read_post_id", flat=True).first()
    if last_read is None:
        return None
    posts = Post.objects.filter(thread=thread).filter(access.visible_posts_filter(user))
    first = posts.filter(pk__gt=last_read).order_by("created_at", "pk").first()
    return first or posts.order_by("-created_at", "-pk").first()


def new_since_last_visit(user):
    """(since, visited, threads): threads this reader may read with posts by others since their last
    visit (`visited` False: they never marked everything seen, so the past week), each annotated
    with `new_posts`; a queryset, for the view to paginate."""


    prefs_at = FollowPreferences.objects.filter(user=user).values_list("last_visit_at", flat=True).first()
    since = prefs_at or timezone.now() - timedelta(days=7)
    threads = (
        access.readable_threads(user)
        .filter(last_activity_at__gt=since)
        .filter(~Exists(Subscription.objects.filter(user=user, thread=OuterRef("pk"), level=Level.MUTED)))
        .annotate(new_posts=Count("posts", filter=_new_posts_filter(user, "posts__") & Q(posts__created_at__gt=since)))
        .filter(new_posts__gt=0)
        .select_related("author", "on_behalf_of")
        .prefetch_related("areas")
        .order_by("-last_activity_at", "-pk")
    )
    return since, prefs_at is not None, threads


def mark_visit(*, acting_user) -> None:
    """Everything up to now is seen: /new/ starts again from this moment."""
    require(acting_user.is_authenticated, _("Log in to keep track of what is new."))
    FollowPreferences.objects.update_or_create(user=acting_user, defaults={"last_visit_at": timezone.now()})


# --- debates: phase changes, deadlines, positions ------------------------------------------------


def _watchers_of_thread(thread) -> tuple[set[int], set[int]]:
    """(watching the thread, muted on it)."""
    watching, muted = set(), set()
    for user_id, level in Subscription.objects.filter(thread=thread).values_list("user_id", "level"):
        if level == Level.WATCHING:
            watching.add(user_id)
        elif level == Level.MUTED:
            muted.add(user_id)
    return watching, muted


def _notify_debate(debate, user_ids: set[int], muted: set[int], *, kind, actor_id=None, organization_id=None, detail=""):
    thread = debate.thread
    recipients = _readers_among(set(user_ids) - set(muted) - {actor_id}, thread)
    notes = [
        Notification(
            user_id=user_id, kind=kind, actor_id=actor_id, thread=thread, organization_id=organization_id, detail=detail
        )
        for user_id in sorted(recipients)
    ]
    Notification.objects.bulk_create(notes)
    if notes:
        transaction.on_commit(lambda: _deliver([n.pk for n in notes], [n.user_id for n in notes]))
    return notes


def after_phase_changed(debate, *, actor, changed: bool = True) -> list[Notification]:
    """The chair moved the debate (or concluded or reopened it): those watching it hear of the
    new phase. A change of the deadline alone (`changed` False) tells no one; its approach will."""
    if not changed:
        return []
    watching, muted = _watchers_of_thread(debate.thread)
    return _notify_debate(debate, watching, muted, kind=Kind.PHASE, actor_id=actor.pk, detail=debate.phase)


def after_position_published(position, *, actor) -> list[Notification]:
    """An organization published its position, or changed its stance: those watching the
    organization or the debate hear of it (a reworded statement with the same stance does not notify)."""

    before = (
        PositionRevision.objects.filter(position=position, number__lt=position.revision_count)
        .order_by("-number")
        .values_list("stance", flat=True)
        .first()
    )
    if before == position.stance:
        return []
    debate = position.debate
    watching, muted = _watchers_of_thread(debate.thread)
    watching |= set(
        Subscription.objects.filter(organization_id=position.organization_id, level=Level.WATCHING).values_list(
            "user_id", flat=True
        )
    )
    return _notify_debate(
        debate, watching, muted, kind=Kind.POSITION, actor_id=actor.pk,
        organization_id=position.organization_id, detail=position.stance,
    )


DEADLINE_NOTICE_BEFORE_HOURS = 24


DEADLINE_PASSED_LOOKBACK_DAYS = 7


def notify_deadlines(now=None) -> int:
    """Tell those watching a debate that its phase ends within a day, and, once it has passed,
    that the phase takes no more contributions (the chair hears it too: they extend the deadline
    or move on). Once each per deadline (a DeadlineNotice row is the proof, so the worker runs this
    every minute safely); returns how many notices went out."""


    def announced(passed: bool):
        return Exists(
            DeadlineNotice.objects.filter(debate=OuterRef("pk"), deadline=OuterRef("phase_deadline"), passed=passed)
        )

    now = now or timezone.now()
    open_debates = Debate.objects.exclude(phase=Debate.Phase.CONCLUDED).select_related("thread")
    approaching = open_debates.filter(
        phase_deadline__gt=now, phase_deadline__lte=now + timedelta(hours=DEADLINE_NOTICE_BEFORE_HOURS)
    ).filter(~announced(False))
    passed = open_debates.filter(
        phase_deadline__lte=now, phase_deadline__gt=now - timedelta(days=DEADLINE_PASSED_LOOKBACK_DAYS)
    ).filter(~announced(True))
    announced = 0
    for has_passed, debates in ((False, approaching), (True, passed)):
        for debate in debates:
            with transaction.atomic():
                _notice, created = DeadlineNotice.objects.get_or_create(
                    debate=debate, deadline=debate.phase_deadline, passed=has_passed
                )
                if not created:
                    continue  # another run got there first
                watching, muted = _watchers_of_thread(debate.thread)
                if has_passed:
                    _notify_debate(debate, watching | {debate.chair_id}, muted, kind=Kind.DEADLINE_PASSED, detail=debate.phase)
                else:
                    _notify_debate(debate, watching, muted, kind=Kind.DEADLINE, detail=debate.phase)
            announced += 1
    return announced


@task
def send_notification_emails(note_ids: list[int]) -> int:
    """The emails of these notifications for those who want them at once (enqueued after the commit
    that made them; run by the worker). Defined beside the delivery it runs, so delivery can enqueue
    it without importing threads.following.tasks (which imports this module)."""
    return send_immediate_emails(note_ids)


def ask_organizations_about_chair(*, debate, actor) -> None:
    """The representatives of the participating organizations hear that they are asked to accept
    the chair; the notice names the person and, for each, the organization asked."""
    reps = Membership.objects.filter(
        organization_id__in=debate_rules.participant_ids(debate),
        role=Membership.Role.REPRESENTATIVE,
        status=Membership.Status.APPROVED,
    ).values_list("user_id", "organization_id")
    by_org: dict[int, set[int]] = {}
    for user_id, org_id in reps:
        by_org.setdefault(org_id, set()).add(user_id)
    for org_id, user_ids in sorted(by_org.items()):
        _notify_debate(
            debate, user_ids - {actor.pk}, set(), kind=Kind.CHAIR, actor_id=debate.chair_id, organization_id=org_id,
        )


def tell_chair_accepted(*, debate, actor) -> None:
    """Every participating organization accepted the chair: the chair hears it."""
    _notify_debate(debate, {debate.chair_id}, set(), kind=Kind.CHAIR_ACCEPTED, actor_id=actor.pk)


def after_gathering_edited(gathering, *, actor, changed) -> list[Notification]:
    """An event's organizer or a moderator gave it another time or place: those watching its
    discussion thread (who took part in it, or chose to watch) hear of it, on the bell and by email
    as they chose. A new title or description alone tells no one."""
    if not (changed & {"starts_at", "ends_at", "time_zone", "place", "online_url"}) or gathering.thread is None:
        return []
    thread = gathering.thread
    watching, muted = _watchers_of_thread(thread)
    recipients = _readers_among(watching - muted - {actor.pk}, thread)
    notes = [
        Notification(user_id=user_id, kind=Kind.GATHERING_CHANGED, actor=actor, thread=thread, link=gathering.get_absolute_url())
        for user_id in sorted(recipients)
    ]
    Notification.objects.bulk_create(notes)
    if notes:
        transaction.on_commit(lambda: _deliver([n.pk for n in notes], [n.user_id for n in notes]))
    return notes


def notify_translation_outdated(*, translation, editor) -> Notification | None:
    """The original of a translation was edited: its translator hears of it (not when they edited
    it), on the bell and by email as they chose. A post's notice names the editor and the post;
    another text's (a position, ledger point, summary, gathering) says generically that the
    original was edited and links to the page showing it."""
    if editor is not None and translation.translator_id == editor.pk:
        return None
    if translation.post_id is not None:
        post = translation.post
        note = Notification.objects.create(
            user_id=translation.translator_id, kind=Notification.Kind.TRANSLATION_OUTDATED,
            actor=editor, thread_id=post.thread_id, post=post, detail=translation.language,
        )
    else:
        kind = translation_targets.KINDS[translation.kind]
        target = translation.target
        thread = kind.thread(target)
        note = Notification.objects.create(
            user_id=translation.translator_id, kind=Notification.Kind.TEXT_TRANSLATION_OUTDATED,
            thread_id=thread.pk if thread is not None else None, link=kind.url(target), detail=translation.language,
        )
    transaction.on_commit(lambda: _deliver([note.pk], [note.user_id]))
    return note
