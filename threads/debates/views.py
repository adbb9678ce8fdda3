"""Debate pages and forms. Thin: access and debate queries to read, debate actions to write.

Every form is a plain POST that redirects back to the debate page, so all of it works without
JavaScript. A refusal by an action is a 403 page saying why; bad input re-renders the form (400)
with what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access as people
from accounts.models import Organization
from forum.errors import ActionRefused, Conflict, require
from forum.forms import add_action_errors
from threads.core import access, redaction
from threads.core.events import heads_first
from threads.core.models import Area, Thread
from threads.debates import actions as da
from threads.debates import queries as q
from threads.redaction import actions as redaction_actions
from threads.translations import access as translation_access
from threads.translations import queries as translation_queries
from threads.debates.forms import (
    ChairAnswerForm,
    DebateForm,
    DecideForm,
    EndorseForm,
    NameChairForm,
    PhaseForm,
    PointForm,
    PositionForm,
    ReopenForm,
    RewordPointForm,
    StanceForm,
    SummaryForm,
)
from threads.debates.models import Debate, LedgerPoint, Position, Stance, Summary


def _debate(request, pk) -> Debate:
    thread = access.thread_for_reader(user=request.user, thread_id=pk)
    if thread.kind != Thread.Kind.DEBATE:
        raise Http404
    debate = q.debate_for_thread(thread)
    debate.thread = thread
    return debate


def _debate_url(debate: Debate, anchor: str = "") -> str:
    url = reverse("debate_detail", args=[debate.thread_id])
    return f"{url}#{anchor}" if anchor else url


def _point(request, pk) -> LedgerPoint:
    point = get_object_or_404(LedgerPoint.objects.select_related("debate__thread"), pk=pk)
    if not access.can_read_thread(request.user, point.debate.thread):
        raise Http404
    return point


def _language_shown(text) -> str:
    """The language of the point or summary text this form page shows the reader (its translation
    into their language when there is a visible one): what their stance or verdict is given on."""
    return translation_access.language_shown(text, translation_queries.translations_of(text))


def _form_page(request, debate, form, *, heading, action, submit, status=200, intro=None, extra=None):
    return render(
        request,
        "debates/form.html",
        {"debate": debate, "thread": debate.thread, "form": form, "heading": heading, "action": action,
         "submit": submit, "intro": intro, **(extra or {})},
        status=status,
    )


def _form_flow(request, debate, form, act, *, done: str, anchor: str, heading: str, submit: str, **page):
    """The shape every debate form shares: a valid POST calls the action with the cleaned data
    and returns to the debate at `anchor` saying `done`; an action's ValidationError lands on the
    form; GET shows the form, anything else shows it again with what was typed (400). A refusal
    because the debate changed meanwhile (concluded by the chair while a stance was being typed)
    shows the form again too, with what was typed and why (409)."""
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        except ActionRefused as refusal:  # say why on the form, keeping what was typed
            form.add_error(None, refusal.message)
            # the debate concluded under the person (the chair, meanwhile): 409; else refused, 403
            concluded = Debate.objects.filter(pk=debate.pk, phase=Debate.Phase.CONCLUDED).exists()
            status = 409 if concluded else 403
        else:
            messages.success(request, done)
            return redirect(_debate_url(debate, anchor))
    return _form_page(request, debate, form, heading=heading, action=request.path, submit=submit, status=status, **page)


# --- starting and reading ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def debate_new(request):
    require(people.can_post(request.user), _("Only members of an organization can start debates. Ask to join one first."))
    initial = {}
    if area_slug := request.GET.get("area"):
        initial["areas"] = list(Area.objects.filter(slug=area_slug))
    form = DebateForm(request.POST or None, organizations=people.speaking_organizations(request.user), initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                debate = da.start_debate(
                    acting_user=request.user,
                    title=data["title"],
                    motion=data["motion"],
                    body=data["body"],
                    difference=data["difference"],
                    areas=list(data["areas"]),
                    organizations=list(data["organizations"]),
                    chair=data.get("chair"),
                    visibility=data["visibility"],
                    tags=data["tags"],
                    on_behalf_of=data.get("on_behalf_of"),
                    phase_deadline=data.get("phase_deadline"),
                    word_budget=data.get("word_budget"),
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("The debate is open: organizations can now publish their opening positions."))
                if not debate.chair_is_accepted:
                    messages.info(
                        request,
                        _("The participating organizations' representatives are asked to accept the chair; "
                          "the chair runs the debate once all of them have."),
                    )
                return redirect(_debate_url(debate))
        status = 400
    return render(request, "debates/new.html", {"form": form}, status=status)


@require_GET
@heads_first(lambda request, pk: [f"thread:{pk}"])  # the debate's thread's stream, before the debate is read
def debate_detail(request, pk):
    """The debate on one page: the panel (motion, phase, positions, matrix, summary) and, for the
    people who may use them, the forms that run it."""
    debate = _debate(request, pk)
    context = q.debate_context(request.user, debate.thread, debate=debate)
    viewer = context["viewer"]
    if viewer["can_run"]:
        context["phase_form"] = PhaseForm(initial={"phase": debate.phase, "from_phase": debate.phase})
    if viewer["can_propose"]:
        context["point_form"] = PointForm()
    context["live_streams"] = [debate.thread.stream]
    context["moderates_texts"] = translation_access.moderates_texts_in(request.user, debate.thread)  # hide buttons
    return render(request, "debates/detail.html", context)


@require_GET
def position_history(request, pk, org):
    debate = _debate(request, pk)
    organization = get_object_or_404(Organization, slug=org)
    position = get_object_or_404(Position.objects.select_related("organization"), debate=debate, organization=organization)
    return render(
        request,
        "debates/position_history.html",
        {
            "debate": debate, "thread": debate.thread, "position": position,
            "revisions": redaction.mark_hidden(
                q.position_history(position), redaction.latest("position", position.pk),
                may_see_hidden=redaction_actions.may_correct(request.user),
            ),
            "may_correct": redaction_actions.may_correct(request.user),
        },
    )


@require_GET
def point_replies(request, pk, number):
    """The replies that answer one ledger point, and whether each agrees: the point's own debate."""
    debate = _debate(request, pk)
    point = get_object_or_404(LedgerPoint, debate=debate, number=number)
    point.debate = debate
    posts = q.point_replies(request.user, point)
    translation_queries.attach_all([point], posts)  # one query: the point's and every reply's, shown as on the thread page
    return render(
        request,
        "debates/point_replies.html",
        {"debate": debate, "thread": debate.thread, "point": point, "posts": posts, "wordings": q.point_wordings(point)},
    )


# --- running the debate ------------------------------------------------------------------------


@login_required
@require_POST
def debate_phase(request, pk):
    debate = _debate(request, pk)
    form = PhaseForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            da.move_phase(
                acting_user=request.user, debate=debate, to_phase=form.cleaned_data["phase"],
                reason=form.cleaned_data["reason"], deadline=form.cleaned_data["deadline"],
                expected_phase=form.cleaned_data.get("from_phase") or None,
            )
        except Conflict as error:  # someone moved it first: say so; what was typed stays
            debate.refresh_from_db()
            form = PhaseForm({**request.POST.dict(), "from_phase": debate.phase})
            form.is_valid()
            add_action_errors(form, error)
            status = 409
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The phase is updated."))
            return redirect(_debate_url(debate, "debate-phase"))
    require(da.can_run(request.user, debate), _("Only the chair of this debate or a moderator can move its phases."))
    return _form_page(
        request, debate, form, heading=_("Move the debate's phase"), action=request.path,
        submit=_("Move the phase"), status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def debate_position(request, pk):
    debate = _debate(request, pk)
    voices = da.voices(request.user, debate)
    if request.method == "GET":  # a POST that comes late gets its form back with the reason (409)
        da.require_open(debate)
    require(voices, _("Only a representative of a participating organization may publish its position."))
    initial = {}
    current = Position.objects.filter(debate=debate, organization=voices[0]).first() if len(voices) == 1 else None
    if current:
        initial = {"stance": current.stance, "statement": current.statement_source}
    form = PositionForm(request.POST or None, voices=voices, initial=initial)
    return _form_flow(
        request, debate, form,
        lambda data: da.publish_position(
            acting_user=request.user, debate=debate, organization=data["organization"], stance=data["stance"],
            statement=data["statement"],
        ),
        done=_("The position is published; earlier versions stay in its history."), anchor="debate-positions",
        heading=_("Publish or revise a position"), submit=_("Publish the position"),
    )


@login_required
@require_POST
def debate_point(request, pk):
    debate = _debate(request, pk)
    form = PointForm(request.POST)
    if form.is_valid():
        try:
            da.propose_point(acting_user=request.user, debate=debate, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Your point is proposed; the chair will accept, merge or reject it."))
            return redirect(_debate_url(debate, "debate-ledger"))
    require(
        da.takes_part(request.user, debate),
        _("Only members of the participating organizations, the chair and moderators can propose ledger points."),
    )
    return _form_page(
        request, debate, form, heading=_("Propose a ledger point"), action=request.path, submit=_("Propose"), status=400
    )


@login_required
@require_http_methods(["GET", "POST"])
def point_decide(request, pk):
    point = _point(request, pk)
    debate = point.debate
    require(da.can_run(request.user, debate), _("Only the chair of this debate or a moderator can decide on ledger points."))
    targets = list(debate.points.filter(status=LedgerPoint.Status.ACCEPTED).exclude(pk=point.pk))
    form = DecideForm(request.POST or None, targets=targets)
    return _form_flow(
        request, debate, form,
        lambda data: da.decide_point(
            acting_user=request.user, point=point, decision=data["decision"], merge_into=data["merge_into"],
            note=data["note"],
        ),
        done=_("The decision on the point is recorded."), anchor="debate-ledger",
        heading=_("Decide on a ledger point"), submit=_("Decide"), extra={"point": point},
    )


@login_required
@require_http_methods(["GET", "POST"])
def point_reword(request, pk):
    """Correct a point's wording (its proposer or the chair, before anyone answered it). A refusal
    is a 403 that says why; a POST refused keeps what was typed."""
    point = _point(request, pk)
    debate = point.debate
    if request.method == "GET":
        require(
            da.may_reword_point(request.user, debate, point),
            _("Only the point's proposer or the chair of this debate can correct its wording, while the debate is open "
              "and the point is neither merged nor rejected."),
        )
        require(
            not da.point_is_answered(point),
            _("An organization or a reply has already answered this point, so its wording stays as they read it. "
              "Propose a new point instead."),
        )
    form = RewordPointForm(request.POST or None, initial={"text": point.text})
    return _form_flow(
        request, debate, form,
        lambda data: da.reword_point(acting_user=request.user, point=point, text=data["text"]),
        done=_("The point's wording is corrected; the earlier wording is kept."), anchor=f"point-{point.number}",
        heading=_("Correct the wording of a ledger point"), submit=_("Save the wording"), extra={"point": point},
    )


@login_required
@require_http_methods(["GET", "POST"])
def point_stance(request, pk):
    point = _point(request, pk)
    debate = point.debate
    voices = da.voices(request.user, debate)
    if request.method == "GET":  # a concluded debate's ledger is frozen: say so instead of a form
        da.require_open(debate)  # (a POST that comes late gets its form back with the reason: 409)
    require(voices, _("Only a representative of a participating organization may record its stance."))
    initial = {}
    if len(voices) == 1:
        current = Stance.objects.filter(point=point, organization=voices[0]).first()
        if current:
            initial = {"value": current.value, "reason": current.reason}
    form = StanceForm(request.POST or None, voices=voices, initial=initial)
    return _form_flow(
        request, debate, form,
        lambda data: da.record_stance(
            acting_user=request.user, point=point, organization=data["organization"], value=data["value"],
            reason=data["reason"], text_language=_language_shown(point),
        ),
        done=_("The stance is recorded."), anchor=f"point-{point.number}",
        heading=_("Record a stance on a ledger point"), submit=_("Record the stance"), extra={"point": point},
    )


@login_required
@require_http_methods(["GET", "POST"])
def debate_summary(request, pk):
    debate = _debate(request, pk)
    require(da.can_run(request.user, debate), _("Only the chair of this debate or a moderator can write its summary."))
    current = Summary.objects.filter(debate=debate).first()
    form = SummaryForm(request.POST or None, initial={"text": current.text_source} if current else {})
    return _form_flow(
        request, debate, form,
        lambda data: da.draft_summary(acting_user=request.user, debate=debate, text=data["text"]),
        done=_("The summary is saved; organizations can now endorse it or dissent."), anchor="debate-summary",
        heading=_("Write the summary"), submit=_("Save the summary"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def debate_endorse(request, pk):
    debate = _debate(request, pk)
    voices = da.voices(request.user, debate)
    require(voices, _("Only a representative of a participating organization may endorse the summary or dissent."))
    form = EndorseForm(request.POST or None, voices=voices)
    summary = Summary.objects.filter(debate=debate).first()
    return _form_flow(
        request, debate, form,
        lambda data: da.endorse_summary(
            acting_user=request.user, debate=debate, organization=data["organization"], verdict=data["verdict"],
            reason=data["reason"], text_language=_language_shown(summary) if summary else "",
        ),
        done=_("The organization's verdict on the summary is recorded."), anchor="debate-summary",
        heading=_("Endorse the summary or dissent"), submit=_("Record the verdict"),
        extra={"summary": summary},
    )


@login_required
@require_http_methods(["GET", "POST"])
def debate_chair_answer(request, pk):
    debate = _debate(request, pk)
    voices = da.voices(request.user, debate)
    require(voices, _("Only a representative of a participating organization may answer about the chair."))
    form = ChairAnswerForm(request.POST or None, voices=voices)
    return _form_flow(
        request, debate, form,
        lambda data: da.answer_chair(
            acting_user=request.user, debate=debate, organization=data["organization"], verdict=data["verdict"],
            reason=data["reason"],
        ),
        done=_("The organization's answer about the chair is recorded."), anchor="debate-phase",
        heading=_("Accept the chair or object"), submit=_("Record the answer"),
        intro=_("%(name)s is named to chair this debate. They run it once every participating organization accepts.")
        % {"name": debate.chair.public_name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def debate_chair_name(request, pk):
    debate = _debate(request, pk)
    require(people.is_moderator(request.user), _("Only a moderator can name another chair."))
    form = NameChairForm(request.POST or None)
    return _form_flow(
        request, debate, form,
        lambda data: da.name_chair(acting_user=request.user, debate=debate, chair=data["chair"], reason=data["reason"]),
        done=_("The new chair is named; the change is in the debate's log."), anchor="debate-phase",
        heading=_("Name another chair"), submit=_("Name the chair"),
    )


@login_required
@require_POST
def debate_conclude(request, pk):
    debate = _debate(request, pk)
    da.conclude(acting_user=request.user, debate=debate)
    messages.success(request, _("The debate is concluded: the summary, the endorsements and the ledger are frozen."))
    return redirect(_debate_url(debate))


@login_required
@require_http_methods(["GET", "POST"])
def debate_reopen(request, pk):
    debate = _debate(request, pk)
    require(people.is_admin(request.user), _("Only an admin can reopen a concluded debate."))
    form = ReopenForm(request.POST or None)
    return _form_flow(
        request, debate, form,
        lambda data: da.reopen(acting_user=request.user, debate=debate, reason=data["reason"], to_phase=data["phase"]),
        done=_("The debate is reopened; the reason is in its log."), anchor="",
        heading=_("Reopen the debate"), submit=_("Reopen"),
    )


# --- across debates -----------------------------------------------------------------------------


@require_GET
def area_ledger(request, slug):
    area = get_object_or_404(Area, slug=slug)
    return render(request, "debates/area_ledger.html", {"area": area, "entries": q.area_ledger(request.user, area)})


@require_GET
def crux_map(request):
    return render(request, "debates/crux_map.html", q.convergence(request.user))


@require_GET
def crux_pair(request, first, second):
    orgs = {o.slug: o for o in Organization.objects.filter(slug__in=[first, second], status=Organization.Status.ADMITTED)}
    if first == second or len(orgs) != 2:
        raise Http404
    return render(request, "debates/crux_pair.html", q.pair_crux(request.user, orgs[first], orgs[second]))


@require_GET
def organization_positions(request, slug):
    organization = people.organization_for_reader(request.user, slug)
    return render(
        request,
        "debates/org_positions.html",
        {"organization": organization, "revisions": q.organization_positions(request.user, organization)},
    )
