"""Every change to an event (action, campaign, commemoration, seminar, talk): permission checked,
one transaction, live event on commit.

- a member of an organization proposes an event organized by organizations they belong to;
- an organization's representative endorses it on its behalf;
- after the event, its proposer, a representative of an organizing organization or a moderator
  links the thread that sums it up;
- the same people (its organizers and the moderators) edit its title, description, time and place;
  every version is kept, a new description outdates its translations, a new time or place tells
  those watching its thread (both through the `gathering_edited` hook), and a new title becomes its
  discussion thread's too (unless the thread has a title of its own).

Times must carry a zone (an IANA name such as America/Toronto); a time without one, an end before
the start, or an online link that is not http(s) is refused. A commemoration may repeat by an
iCalendar RRULE, checked by dateutil (which also expands it for the calendar page).
"""

import datetime
import zoneinfo
from urllib.parse import urlsplit

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access as people
from accounts.models import Organization
from forum.errors import invalid, require
from forum.markup import render_markdown
from forum.text import normalize_persian
from threads.core import access as thread_access
from threads.core import actions as thread_actions
from threads.core.events import publish_on_commit
from threads.core.models import Area, Thread
from threads.joint import gathering_queries as q
from threads.joint import hooks
from threads.joint.models import Gathering, GatheringEndorsement, GatheringRevision, Visibility

TITLE_MAX = 200
DESCRIPTION_MAX = 20000
PLACE_MAX = 300
URL_MAX = 500
YEARLY = "FREQ=YEARLY"


# --- who may ------------------------------------------------------------------------------------


def can_propose(user) -> bool:
    return people.can_post(user) and bool(people.active_memberships(user))


def endorsing_voices(user, gathering: Gathering, endorsed_ids: set[int] = frozenset()) -> list[Organization]:
    return [o for o in people.speaking_organizations(user) if o.pk not in endorsed_ids]


def can_sum_up(user, gathering: Gathering, organizer_ids: set[int] | None = None) -> bool:
    if not (user and user.is_authenticated):
        return False
    if people.is_moderator(user) or gathering.proposed_by_id == user.pk:
        return True
    if organizer_ids is None:
        organizer_ids = set(gathering.organizers.values_list("pk", flat=True))
    return any(o.pk in organizer_ids for o in people.speaking_organizations(user))


def can_edit(user, gathering: Gathering, organizer_ids: set[int] | None = None) -> bool:
    """Its organizers (the proposer, a representative of an organizing organization) and moderators."""
    return can_sum_up(user, gathering, organizer_ids)


# --- validation -----------------------------------------------------------------------------------


def clean_zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or "")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise invalid(_("“%(zone)s” is not a time zone; choose one from the list, e.g. America/Toronto.") % {"zone": name}, "time_zone") from None


def clean_time(value, field: str) -> datetime.datetime:
    if not isinstance(value, datetime.datetime):
        raise invalid(_("Give the date and time."), field)
    if timezone.is_naive(value):
        raise invalid(_("A time needs its time zone; without one it could be hours off for the reader."), field)
    return value


def clean_online_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise invalid(_("The online link must start with http:// or https://."), "online_url")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise invalid(_("The online link is not a valid web address."), "online_url") from None
    if len(url) > URL_MAX:
        raise invalid(_("The online link is too long; the limit is %(limit)d characters.") % {"limit": URL_MAX}, "online_url")
    return url


def clean_recurrence(rule: str, start: datetime.datetime) -> str:
    rule = (rule or "").strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    if not rule:
        return ""
    try:
        rrulestr(rule, dtstart=start)
    except (ValueError, TypeError):
        raise invalid(_("The repetition rule is not a valid iCalendar RRULE."), "recurrence") from None
    if "FREQ=YEARLY" not in rule.upper():
        raise invalid(_("Commemorations repeat once a year."), "recurrence")
    return rule


def clean_text_time_place(*, title, description, starts_at, ends_at, time_zone, place, online_url):
    """What proposing and editing an event both check: (title, description, starts_at, ends_at,
    zone, place, online_url), cleaned."""
    title = normalize_persian(" ".join((title or "").split()))
    if not title:
        raise invalid(_("An event needs a title."), "title")
    if len(title) > TITLE_MAX:
        raise invalid(_("The title is %(length)d characters long; the limit is %(limit)d.") % {"length": len(title), "limit": TITLE_MAX}, "title")
    description = (description or "").replace("\r\n", "\n").strip()
    if not description:
        raise invalid(_("Describe the event."), "description")
    if len(description) > DESCRIPTION_MAX:
        raise invalid(_("The text is %(length)d characters long; the limit is %(limit)d.") % {"length": len(description), "limit": DESCRIPTION_MAX}, "description")
    zone = clean_zone(time_zone)
    starts_at, ends_at = clean_time(starts_at, "starts_at"), clean_time(ends_at, "ends_at")
    if ends_at <= starts_at:
        raise invalid(_("The event ends before it starts; check the dates and times."), "ends_at")
    place = normalize_persian(" ".join((place or "").split()))[:PLACE_MAX]
    online_url = clean_online_url(online_url)
    if not place and not online_url:
        raise invalid(_("Give a place, an online link, or both."), "place")
    return title, description, starts_at, ends_at, zone, place, online_url


def localize(naive: datetime.datetime, zone_name: str) -> datetime.datetime:
    """A wall-clock time read from a form, in the zone chosen beside it."""
    return naive.replace(tzinfo=clean_zone(zone_name))


# --- live fragments -------------------------------------------------------------------------------


def _endorsements_renderer(gathering: Gathering):
    def render(audience: str):
        if gathering.is_members_only and audience == people.VISITOR:
            return None
        return render_to_string("joint/gatherings/_organizations.html", q.gathering_organizations(gathering))

    return render


# --- actions --------------------------------------------------------------------------------------


def propose(
    *,
    acting_user,
    kind: str,
    title: str,
    description: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    time_zone: str,
    areas: list[Area],
    organizers: list[Organization],
    place: str = "",
    online_url: str = "",
    recurrence: str = "",
    visibility: str = Visibility.PUBLIC,
) -> Gathering:
    """Propose an event, organized by organizations the person belongs to, with a discussion thread."""
    require(can_propose(acting_user), _("Only members of an organization can propose events."))
    member_of = {m.organization_id for m in people.active_memberships(acting_user)}
    if not organizers:
        raise invalid(_("Choose at least one organizing organization."), "organizers")
    for org in organizers:
        require(org.pk in member_of, _("You can only propose events organized by organizations you belong to."))
    if kind not in Gathering.Kind.values:
        raise invalid(_("Choose what kind of event it is."), "kind")
    title, description, starts_at, ends_at, zone, place, online_url = clean_text_time_place(
        title=title, description=description, starts_at=starts_at, ends_at=ends_at, time_zone=time_zone,
        place=place, online_url=online_url,
    )
    recurrence = clean_recurrence(recurrence, starts_at.astimezone(zone))
    if recurrence and kind != Gathering.Kind.COMMEMORATION:
        raise invalid(_("Only commemorations repeat every year."), "recurrence")
    if not areas:
        raise invalid(_("Choose at least one cooperation area."), "areas")
    if visibility not in Visibility.values:
        raise invalid(_("Choose who may read it."), "visibility")
    now = timezone.now()
    with transaction.atomic():
        gathering = Gathering.objects.create(
            kind=kind, title=title, description_source=description, description_html=render_markdown(description),
            starts_at=starts_at, ends_at=ends_at, time_zone=zone.key, place=place, online_url=online_url,
            recurrence=recurrence, visibility=visibility, proposed_by=acting_user, created_at=now, updated_at=now,
        )
        gathering.areas.set(areas)
        gathering.organizers.set(organizers)
        link = reverse("gathering_detail", args=[gathering.pk])
        body = _("Discussion of the event “%(title)s”: [the event's page](%(link)s).") % {"title": title, "link": link}
        gathering.thread = thread_actions.create_thread(
            acting_user=acting_user, title=title, body=body, areas=list(areas), visibility=visibility,
        )
        gathering.save(update_fields=["thread"])
    return gathering


def endorse(*, acting_user, gathering: Gathering, organization: Organization) -> GatheringEndorsement:
    """An organization endorses the event, through its representative."""
    require(
        organization is not None and people.can_speak_for(acting_user, organization),
        _("Only a representative of %(org)s may endorse events on its behalf.") % {"org": organization.name if organization else "—"},
    )
    with transaction.atomic():
        endorsement, created = GatheringEndorsement.objects.get_or_create(
            gathering=gathering, organization=organization, defaults={"by": acting_user}
        )
        if created:
            publish_on_commit(gathering.stream, "gathering.endorsed", _endorsements_renderer(gathering), {"gathering": gathering.pk})
    return endorsement


def link_summing_up(*, acting_user, gathering: Gathering, thread: Thread) -> Gathering:
    """After the event, link the thread that sums it up."""
    require(
        can_sum_up(acting_user, gathering),
        _("Only the event's proposer, a representative of an organizing organization or a moderator may link its summing-up."),
    )
    require(gathering.ends_at <= timezone.now() or gathering.is_recurring, _("The event has not ended yet; sum it up afterwards."))
    if thread is None or not thread_access.can_read_thread(acting_user, thread):
        raise invalid(_("There is no such thread."), "thread")
    if not gathering.is_members_only and thread.is_members_only:
        raise invalid(_("A public event needs a public summing-up thread, so every reader can follow the link."), "thread")
    with transaction.atomic():
        gathering.summing_up = thread
        gathering.updated_at = timezone.now()
        gathering.save(update_fields=["summing_up", "updated_at"])
    return gathering


EDITABLE = ("title", "description", "starts_at", "ends_at", "time_zone", "place", "online_url")
MOVED = {"starts_at", "ends_at", "time_zone", "place", "online_url"}  # those watching it are told


def _main_renderer(gathering: Gathering):
    def render(audience: str):
        if gathering.is_members_only and audience == people.VISITOR:
            return None
        context = q.gathering_page(people.anonymous(), gathering)
        return render_to_string("joint/gatherings/_main.html", {**context, "audience": audience, "user": people.anonymous()})

    return render


def _snapshot(gathering: Gathering, *, number: int, author_id: int, created_at) -> GatheringRevision:
    return GatheringRevision.objects.create(
        gathering=gathering, number=number, title=gathering.title, description_source=gathering.description_source,
        description_html=gathering.description_html, starts_at=gathering.starts_at, ends_at=gathering.ends_at,
        time_zone=gathering.time_zone, place=gathering.place, online_url=gathering.online_url,
        author_id=author_id, created_at=created_at,
    )


def edit_gathering(
    *, acting_user, gathering: Gathering, title: str, description: str, starts_at: datetime.datetime,
    ends_at: datetime.datetime, time_zone: str, place: str = "", online_url: str = "",
) -> tuple[Gathering, set[str]]:
    """Correct an event's title, description, time or place: its organizers or a moderator. Every
    version is kept (the first when it is first edited), the open pages update, a calendar that
    subscribed sees the change (SEQUENCE), its discussion thread takes a new title (unless it had
    one of its own), and the `gathering_edited` hook outdates translations of
    an earlier description and tells those watching its thread of a new time or place. Returns the
    event and the set of fields that changed (empty: nothing was saved)."""
    require(
        can_edit(acting_user, gathering),
        _("Only the event's proposer, a representative of an organizing organization or a moderator may edit it."),
    )
    title, description, starts_at, ends_at, zone, place, online_url = clean_text_time_place(
        title=title, description=description, starts_at=starts_at, ends_at=ends_at, time_zone=time_zone,
        place=place, online_url=online_url,
    )
    if gathering.recurrence:
        clean_recurrence(gathering.recurrence, starts_at.astimezone(zone))
    new = {"title": title, "description": description, "starts_at": starts_at, "ends_at": ends_at,
           "time_zone": zone.key, "place": place, "online_url": online_url}
    now = timezone.now()
    with transaction.atomic():
        gathering = Gathering.objects.select_for_update(of=("self",)).select_related("thread").get(pk=gathering.pk)
        old = {"title": gathering.title, "description": gathering.description_source, "starts_at": gathering.starts_at,
               "ends_at": gathering.ends_at, "time_zone": gathering.time_zone, "place": gathering.place,
               "online_url": gathering.online_url}
        changed = {field for field in EDITABLE if old[field] != new[field]}
        if not changed:
            return gathering, changed
        if gathering.revision_count == 1 and not gathering.revisions.exists():  # keep the first version too
            _snapshot(gathering, number=1, author_id=gathering.proposed_by_id, created_at=gathering.created_at)
        gathering.title, gathering.description_source = title, description
        if "description" in changed:
            gathering.description_html = render_markdown(description)
        gathering.starts_at, gathering.ends_at, gathering.time_zone = starts_at, ends_at, zone.key
        gathering.place, gathering.online_url = place, online_url
        gathering.revision_count += 1
        gathering.updated_at = now
        gathering.save()
        _snapshot(gathering, number=gathering.revision_count, author_id=acting_user.pk, created_at=now)
        if "title" in changed and gathering.thread is not None and gathering.thread.title == old["title"]:
            # its discussion follows, unless it was given a title of its own
            gathering.thread = thread_actions.retitle_thread(thread=gathering.thread, title=title)
        publish_on_commit(gathering.stream, "gathering.edited", _main_renderer(gathering),
                          {"gathering": gathering.pk, "changed": sorted(changed)})
        hooks.gathering_edited.send(gathering=gathering, actor=acting_user, changed=changed)
    return gathering, changed
