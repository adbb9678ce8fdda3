"""Organization and profile pages. Views stay thin: forms validate, actions write, queries read."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access as people
from accounts import actions, hooks, queries
from accounts.export import export_data
from accounts.forms import (
    DeleteAccountForm,
    MembershipRequestForm,
    OrganizationApplicationForm,
    ProfileForm,
    TranslatorForm,
)
from accounts.models import Membership, Organization
from threads.core.events import heads_first
from threads.moderation import actions as moderation
from forum.errors import require
from forum.forms import add_action_errors


@require_GET
def org_list(request):
    return render(request, "accounts/org_list.html", {"organizations": queries.admitted_organizations()})


def _org_page(request, org, *, join_form=None, status=200):
    can_manage = people.can_manage_organization(request.user, org)
    context = {"threads": []}
    for extra in hooks.organization_page.send(organization=org, user=request.user):  # its threads, from threads/
        context.update(extra)
    return render(
        request,
        "accounts/org_detail.html",
        {
            **context,
            "org": org,
            "people": queries.organization_people(request.user, org),
            "can_manage": can_manage,
            "join_form": join_form or MembershipRequestForm(),
            "live_streams": [f"org:{org.slug}"] if org.is_admitted else [],
            "roles": Membership.Role,
        },
        status=status,
    )


@require_GET
@heads_first(lambda request, slug: [f"org:{slug}"])
def org_detail(request, slug):
    return _org_page(request, people.organization_for_reader(request.user, slug))


@login_required
@require_POST
def org_join(request, slug):
    org = people.organization_for_reader(request.user, slug)
    form = MembershipRequestForm(request.POST)
    if not form.is_valid():
        return _org_page(request, org, join_form=form, status=400)
    membership = actions.request_membership(acting_user=request.user, organization=org, note=form.cleaned_data["note"])
    if membership.status == Membership.Status.PENDING:
        messages.success(request, _("Your request to join was sent. The organization's representatives will decide."))
    return redirect(org)


def _membership_of(org, pk) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user", "organization"), pk=pk, organization=org)


@login_required
@require_POST
def membership_decide(request, slug, pk):
    org = people.organization_for_reader(request.user, slug)
    # Permission first, so someone who may not decide learns nothing more than that.
    require(
        people.can_manage_organization(request.user, org),
        _("Only this organization's representatives or an admin can decide on members."),
    )
    membership = _membership_of(org, pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "decline"):
        messages.error(request, _("Choose whether to approve or decline the request."))
        return _org_page(request, org, status=400)
    membership = actions.decide_membership(acting_user=request.user, membership=membership, approve=decision == "approve")
    if membership.status == Membership.Status.APPROVED:
        messages.success(request, _("%(name)s is now a member.") % {"name": membership.user.public_name})
    else:
        messages.success(request, _("The request of %(name)s was declined.") % {"name": membership.user.public_name})
    return redirect(org)


@login_required
@require_POST
def membership_role(request, slug, pk):
    org = people.organization_for_reader(request.user, slug)
    require(
        people.can_manage_organization(request.user, org),
        _("Only this organization's representatives or an admin can name representatives."),
    )
    membership = _membership_of(org, pk)
    role = request.POST.get("role")
    try:
        actions.set_role(acting_user=request.user, membership=membership, role=role or "")
    except ValidationError:
        messages.error(request, _("Unknown role."))
        return _org_page(request, org, status=400)
    if role == Membership.Role.REPRESENTATIVE:
        messages.success(request, _("%(name)s now represents the organization.") % {"name": membership.user.public_name})
    else:
        messages.success(request, _("%(name)s is an ordinary member again.") % {"name": membership.user.public_name})
    return redirect(org)


@login_required
@require_http_methods(["GET", "POST"])
def org_apply(request):
    form = OrganizationApplicationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                org = actions.apply_organization(
                    acting_user=request.user,
                    name_fa=form.cleaned_data["name_fa"],
                    name_en=form.cleaned_data["name_en"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Your application was received. An admin will decide on it."))
                return redirect(org)
        return render(request, "accounts/org_apply.html", {"form": form}, status=400)
    return render(request, "accounts/org_apply.html", {"form": form})


def _require_admin(request):
    require(people.is_admin(request.user), _("Only an admin can admit organizations."))


@login_required
@require_GET
def org_applications(request):
    _require_admin(request)
    return render(request, "accounts/org_applications.html", {"applications": queries.organization_applications()})


@login_required
@require_POST
def org_decide(request, slug):
    _require_admin(request)
    org = get_object_or_404(Organization, slug=slug)
    decision = request.POST.get("decision")
    if decision not in ("admit", "decline"):
        messages.error(request, _("Choose whether to admit or decline the organization."))
        return render(
            request, "accounts/org_applications.html", {"applications": queries.organization_applications()}, status=400
        )
    # Through the moderation log, so the applicant is told of the decision and its reason (issue 19).
    try:
        org = moderation.decide_application(
            acting_user=request.user, organization=org, admit=decision == "admit", reason=request.POST.get("reason", "")[:500]
        )
    except moderation.AlreadyHandled as handled:
        messages.warning(request, handled.message)
        return redirect("org_applications")
    if org.is_admitted:
        messages.success(request, _("%(name)s is now a member of the coalition.") % {"name": org.name})
    else:
        messages.success(request, _("The application of %(name)s was declined.") % {"name": org.name})
    return redirect("org_applications")


def _profile_page(request, form, status=200):
    translator_form = TranslatorForm(initial={"volunteers_as_translator": request.user.volunteers_as_translator})
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "memberships": queries.memberships_of(request.user), "translator_form": translator_form},
        status=status,
    )


@login_required
@require_POST
def translator(request):
    """Volunteer (or stop volunteering) as a translator of others' posts (issue 20)."""
    form = TranslatorForm(request.POST)
    form.is_valid()
    actions.set_volunteer_translator(
        acting_user=request.user, volunteers=form.cleaned_data.get("volunteers_as_translator", False)
    )
    messages.success(request, _("Your profile was saved."))
    return redirect("profile")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                actions.update_profile(
                    acting_user=request.user, display_name=form.cleaned_data["display_name"],
                    time_zone=form.cleaned_data["time_zone"],
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Your profile was saved."))
                return redirect("profile")
        return _profile_page(request, form, status=400)
    initial = {"display_name": request.user.display_name, "time_zone": request.user.time_zone}
    return _profile_page(request, ProfileForm(initial=initial))


@login_required
@require_POST
def membership_leave(request, pk):
    membership = Membership.objects.select_related("organization").filter(pk=pk, user=request.user).first()
    if membership is None:
        raise Http404("No such membership.")
    was_pending = membership.status == Membership.Status.PENDING
    actions.leave_organization(acting_user=request.user, membership=membership)
    if was_pending:
        messages.success(request, _("You withdrew your request to join %(name)s.") % {"name": membership.organization.name})
    else:
        messages.success(request, _("You left %(name)s.") % {"name": membership.organization.name})
    return redirect("profile")


@login_required
@require_GET
def export(request):
    """The person's own data as a JSON download (accounts/export.py says what is in it)."""

    body = json.dumps(export_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hamgami-export.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    """Delete one's own account after typing the password again; the posts stay as "deleted user"."""

    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.delete_account(acting_user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account was deleted."))
            return redirect("home")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)
