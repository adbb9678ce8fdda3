"""Event pages, the calendar and the .ics feeds. Thin: joint access and gathering queries to read,
gathering actions to write; plain POST forms that redirect, so everything works without JavaScript."""

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access as people
from forum.errors import require
from forum.forms import add_action_errors
from threads.core.events import heads_first
from threads.core.models import Area, Thread
from threads.joint import access as joint_access
from threads.joint import gathering_ics
from threads.joint import gathering_queries as q
from threads.joint import gatherings as actions
from threads.joint.forms import EndorseForm, GatheringEditForm, GatheringForm, SummingUpForm
from threads.joint.models import Gathering
from threads.translations import access as translation_access


def _gathering(request, pk) -> Gathering:
    return joint_access.gathering_for_reader(user=request.user, gathering_id=pk)


@login_required
@require_http_methods(["GET", "POST"])
def gathering_new(request):
    require(actions.can_propose(request.user), _("Only members of an organization can propose events. Ask to join one first."))
    organizations = [m.organization for m in people.active_memberships(request.user)]
    initial = {}
    if area_slug := request.GET.get("area"):
        initial["areas"] = list(Area.objects.filter(slug=area_slug))
    form = GatheringForm(request.POST or None, organizations=organizations, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                zone = data["time_zone"]
                gathering = actions.propose(
                    acting_user=request.user, kind=data["kind"], title=data["title"], description=data["description"],
                    starts_at=actions.localize(data["starts_at"], zone), ends_at=actions.localize(data["ends_at"], zone),
                    time_zone=zone, areas=list(data["areas"]), organizers=data["organizers"], place=data["place"],
                    online_url=data["online_url"], recurrence=actions.YEARLY if data["repeats_yearly"] else "",
                    visibility=data["visibility"],
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("The event is on the calendar; organizations can now endorse it."))
                return redirect(gathering.get_absolute_url())
        status = 400
    return render(request, "joint/gatherings/new.html", {"form": form}, status=status)


@require_GET
@heads_first(lambda request, pk: [f"gathering:{pk}"])
def gathering_detail(request, pk):
    gathering = _gathering(request, pk)
    context = q.gathering_page(request.user, gathering)
    endorsed = {e.organization_id for e in context["endorsements"]}
    voices = actions.endorsing_voices(request.user, gathering, endorsed)
    context["endorse_form"] = EndorseForm(voices=voices) if voices else None
    organizer_ids = {o.pk for o in context["organizers"]}
    context["can_sum_up"] = context["has_ended"] and actions.can_sum_up(request.user, gathering, organizer_ids)
    if context["can_sum_up"]:
        context["summing_up_form"] = SummingUpForm()
    context["can_read_thread"] = gathering.thread is not None and (
        not gathering.thread.is_members_only or people.can_read_members_only(request.user)
    )
    context["can_edit"] = actions.can_edit(request.user, gathering, organizer_ids)
    context["live_streams"] = [gathering.stream]
    context["audience"] = people.audience_of(request.user)
    # who moderates its thread's posts sees its translation's hide and restore buttons
    context["moderates_texts"] = translation_access.can_moderate_translation(request.user, gathering)
    return render(request, "joint/gatherings/detail.html", context)


def _edit_initial(gathering: Gathering) -> dict:
    zone = zoneinfo.ZoneInfo(gathering.time_zone)
    return {
        "title": gathering.title, "description": gathering.description_source, "time_zone": gathering.time_zone,
        "starts_at": gathering.starts_at.astimezone(zone).replace(tzinfo=None),
        "ends_at": gathering.ends_at.astimezone(zone).replace(tzinfo=None),
        "place": gathering.place, "online_url": gathering.online_url,
    }


@login_required
@require_http_methods(["GET", "POST"])
def gathering_edit(request, pk):
    """Its organizers and moderators correct its title, description, time or place. Bad input comes
    back with what was typed (400); someone who may not edit it is told why (403)."""
    gathering = _gathering(request, pk)
    message = _("Only the event's proposer, a representative of an organizing organization or a moderator may edit it.")
    require(actions.can_edit(request.user, gathering), message)
    form = GatheringEditForm(request.POST or None, initial=_edit_initial(gathering))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            zone = data["time_zone"]
            try:
                _gathering_saved, changed = actions.edit_gathering(
                    acting_user=request.user, gathering=gathering, title=data["title"], description=data["description"],
                    starts_at=actions.localize(data["starts_at"], zone), ends_at=actions.localize(data["ends_at"], zone),
                    time_zone=zone, place=data["place"], online_url=data["online_url"],
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                if changed:
                    messages.success(request, _("The event is updated; its earlier version is kept in its history."))
                else:
                    messages.info(request, _("Nothing changed."))
                return redirect(gathering.get_absolute_url())
        status = 400
    return render(request, "joint/gatherings/form.html",
                  {"gathering": gathering, "form": form, "heading": _("Edit the event"), "submit": _("Save the changes"),
                   "action": request.path}, status=status)


@require_GET
def gathering_history(request, pk):
    gathering = _gathering(request, pk)
    return render(request, "joint/gatherings/history.html",
                  {"gathering": gathering, "revisions": q.gathering_history(gathering)})


@login_required
@require_POST
def gathering_endorse(request, pk):
    gathering = _gathering(request, pk)
    voices = people.speaking_organizations(request.user)
    require(voices, _("Only a representative of an organization may endorse events on its behalf."))
    form = EndorseForm(request.POST, voices=voices)
    if not form.is_valid():
        return render(request, "joint/gatherings/form.html",
                      {"gathering": gathering, "form": form, "heading": _("Endorse the event"), "submit": _("Endorse"),
                       "action": request.path}, status=400)
    endorsement = actions.endorse(acting_user=request.user, gathering=gathering, organization=form.cleaned_data["organization"])
    messages.success(request, _("%(org)s endorses this event.") % {"org": endorsement.organization.name})
    return redirect(reverse("gathering_detail", args=[gathering.pk]) + "#organizations")


@login_required
@require_POST
def gathering_summing_up(request, pk):
    gathering = _gathering(request, pk)
    form = SummingUpForm(request.POST)
    if form.is_valid():
        thread = Thread.objects.filter(pk=form.cleaned_data["thread"]).first()
        try:
            actions.link_summing_up(acting_user=request.user, gathering=gathering, thread=thread)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The summing-up is linked from the event's page."))
            return redirect(gathering.get_absolute_url())
    require(actions.can_sum_up(request.user, gathering),
            _("Only the event's proposer, a representative of an organizing organization or a moderator may link its summing-up."))
    return render(request, "joint/gatherings/form.html",
                  {"gathering": gathering, "form": form, "heading": _("Link the summing-up"), "submit": _("Link it"),
                   "action": request.path}, status=400)


# --- the calendar -----------------------------------------------------------------------------------


def _month(request, year, month, area=None):
    if year is None:
        year, month = q.current_month(jalali=q.is_persian())
    if not (1 <= month <= 12) or not (1300 <= year <= 1500 or 1900 <= year <= 2200):
        raise Http404
    context = q.month_page(request.user, year, month, area)
    context["areas"] = list(Area.objects.order_by("number"))
    context["can_propose"] = actions.can_propose(request.user)
    return render(request, "joint/gatherings/calendar.html", context)


@require_GET
def calendar_month(request, year=None, month=None):
    return _month(request, year, month)


@require_GET
def calendar_area(request, slug, year=None, month=None):
    return _month(request, year, month, get_object_or_404(Area, slug=slug))


def _ics(request, gatherings, name):
    body = gathering_ics.build_calendar(gatherings, request=request, name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hamgami.ics"'
    return response


@require_GET
def calendar_ics(request):
    return _ics(request, q.feed_gatherings(), _("Hamgami: joint actions"))


@require_GET
def calendar_area_ics(request, slug):
    area = get_object_or_404(Area, slug=slug)
    return _ics(request, q.feed_gatherings(area), _("Hamgami: %(area)s") % {"area": area.short})


