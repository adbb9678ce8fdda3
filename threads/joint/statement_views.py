"""Joint statement pages and forms. Thin: joint access and statement queries to read, statement
actions to write. Every form is a plain POST that redirects back, so all of it works without
JavaScript; a refusal is a 403 saying why, bad input re-renders the form (400) with what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access as people
from forum.errors import ActionRefused, require
from forum.forms import add_action_errors
from threads.core import redaction
from threads.core.events import heads_first
from threads.joint import access as joint_access
from threads.joint import statement_queries as q
from threads.joint import statements as actions
from threads.joint.forms import (
    CorrectForm,
    InviteForm,
    RespondForm,
    ReviseForm,
    StatementForm,
)
from threads.joint.models import Statement, TextLanguage
from threads.records.links import feed_enclosures
from threads.redaction import actions as redaction_actions


def _statement(request, pk) -> Statement:
    return joint_access.statement_for_reader(user=request.user, statement_id=pk)


def _url(statement, anchor=""):
    url = reverse("statement_detail", args=[statement.pk])
    return f"{url}#{anchor}" if anchor else url


def _form_page(request, statement, form, *, heading, submit, status=200, intro=None, revision=None):
    return render(
        request, "joint/statements/form.html",
        {"statement": statement, "form": form, "heading": heading, "submit": submit, "intro": intro,
         "action": request.get_full_path(), "revision": revision},
        status=status,
    )


@require_GET
def statement_list(request):
    return render(
        request, "joint/statements/list.html",
        {
            "published": q.statement_list(request.user),
            "drafts": q.statement_list(request.user, drafts=True) if people.can_read_members_only(request.user) else [],
            "can_draft": actions.can_draft(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_new(request):
    voices = people.speaking_organizations(request.user)
    require(voices, _("Only a representative of an organization may draft a joint statement."))
    form = StatementForm(request.POST or None, voices=voices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                statement = actions.draft_statement(
                    acting_user=request.user, organization=data["organization"],
                    texts={"fa": (data["title_fa"], data["text_fa"]), "en": (data["title_en"], data["text_en"])},
                    areas=list(data["areas"]), invite=list(data["invite"]), visibility=data["visibility"],
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("The draft is saved and the invited organizations can now read, discuss and sign it."))
                return redirect(_url(statement))
        status = 400
    return render(request, "joint/statements/new.html", {"form": form}, status=status)


def _not_yet_signed(statement, voices, text) -> list:
    """Once published, only a signature is left to give: organizations that signed this text are not
    offered to sign it again."""
    if not statement.is_published:
        return voices
    signed = {response.organization_id for response in text["signed"]}
    return [org for org in voices if org.pk not in signed]


@require_GET
@heads_first(lambda request, pk, slug=None: [f"statement:{pk}"])
def statement_detail(request, pk, slug=None):
    statement = _statement(request, pk)
    context = q.statement_page(request.user, statement)
    voices = actions.voices(request.user, statement, context["invited_ids"])
    context["respond_forms"] = [
        (text, RespondForm(voices=unsigned, published=statement.is_published,
                           initial={"language": text["language"], "revision": text["revision"].number},
                           prefix=text["language"]))
        for text, unsigned in ((text, _not_yet_signed(statement, voices, text)) for text in context["texts"])
        if unsigned
    ]
    context["signed_already"] = bool(voices) and not context["respond_forms"]
    context["can_edit"] = actions.can_edit(request.user, statement)
    context["is_admin"] = people.is_admin(request.user)
    if context["can_edit"]:
        context["invite_form"] = InviteForm(exclude=context["invited_ids"])
        context["missing_languages"] = [lang for lang in TextLanguage if statement.revision(lang) is None]
    context["live_streams"] = [statement.stream]
    return render(request, "joint/statements/detail.html", context)


@require_GET
def statement_revisions(request, pk):
    statement = _statement(request, pk)
    history = redaction.hide_in_statement_history(
        q.revision_history(statement), statement, may_see_hidden=redaction_actions.may_correct(request.user)
    )
    return render(request, "joint/statements/revisions.html", {"statement": statement, "history": history})


def _language(request) -> str:
    language = request.GET.get("language") or request.POST.get("language") or "fa"
    return language if language in TextLanguage.values else "fa"


@login_required
@require_http_methods(["GET", "POST"])
def statement_revise(request, pk):
    statement = _statement(request, pk)
    require(people.can_speak_for(request.user, statement.drafting_org),
            _("Only a representative of %(org)s, which drafted this statement, may %(what)s.")
            % {"org": statement.drafting_org.name, "what": _("revise it")})
    require(not statement.is_published,
            _("This statement is published and cannot be edited; only an admin may correct it, and the correction is logged."))
    language = _language(request)
    current = statement.revision(language)
    initial = {"language": language, "title": current.title if current else "", "text": current.text_source if current else ""}
    form = ReviseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.revise_statement(
                acting_user=request.user, statement=statement, language=form.cleaned_data["language"],
                title=form.cleaned_data["title"], text=form.cleaned_data["text"], note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The new revision is saved; organizations that signed an earlier one are asked to sign again."))
            return redirect(_url(statement, f"text-{language}"))
    return _form_page(
        request, statement, form, heading=_("Revise the %(language)s text") % {"language": TextLanguage(language).label},
        submit=_("Save the revision"), status=400 if request.method == "POST" else 200, revision=current,
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_correct(request, pk):
    statement = _statement(request, pk)
    require(people.is_admin(request.user), _("Only an admin may correct a published statement."))
    language = _language(request)
    current = statement.revision(language)
    initial = {"language": language, "title": current.title if current else "", "text": current.text_source if current else ""}
    form = CorrectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            correct = redaction_actions.correct_statement if form.cleaned_data.get("hide_history") else actions.correct
            correct(
                acting_user=request.user, statement=statement, language=form.cleaned_data["language"],
                title=form.cleaned_data["title"], text=form.cleaned_data["text"], reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The correction is published, with its reason, on the statement's page."))
            return redirect(_url(statement, "corrections"))
    return _form_page(
        request, statement, form, heading=_("Correct the published %(language)s text") % {"language": TextLanguage(language).label},
        submit=_("Publish the correction"), status=400 if request.method == "POST" else 200, revision=current,
    )


@login_required
@require_POST
def statement_respond(request, pk):
    statement = _statement(request, pk)
    voices = actions.voices(request.user, statement)
    require(voices, _("Only a representative of an invited organization may sign or answer for it."))
    language = request.POST.get("language_prefix") or "fa"
    form = RespondForm(request.POST, voices=voices, published=statement.is_published, prefix=language)
    if form.is_valid():
        data = form.cleaned_data
        try:
            response = actions.respond(
                acting_user=request.user, statement=statement, organization=data["organization"],
                language=data["language"], verdict=data["verdict"], revision_number=data["revision"],
                comment=data.get("comment", ""),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, {
                "sign": _("%(org)s has signed this text.") % {"org": response.organization.name},
                "decline": _("%(org)s has declined to sign this text.") % {"org": response.organization.name},
                "amend": _("%(org)s's amendment is recorded; the drafters may take it into a new revision.") % {"org": response.organization.name},
            }[response.verdict])
            return redirect(_url(statement, f"text-{response.language}"))
    return _form_page(request, statement, form, heading=_("Answer for your organization"), submit=_("Send the answer"), status=400)


@login_required
@require_POST
def statement_invite(request, pk):
    statement = _statement(request, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            actions.invite(acting_user=request.user, statement=statement, organizations=list(form.cleaned_data["organizations"]))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The organizations are invited to co-sign."))
            return redirect(_url(statement, "invited"))
    require(actions.can_edit(request.user, statement), _("Only the drafting organization's representatives may invite organizations to a draft."))
    return _form_page(request, statement, form, heading=_("Invite organizations"), submit=_("Invite"), status=400)


@login_required
@require_POST
def statement_publish(request, pk):
    statement = _statement(request, pk)
    try:
        actions.publish(acting_user=request.user, statement=statement)
    except ActionRefused as refusal:  # back to the statement, saying what is missing
        if not actions.can_edit(request.user, statement):
            raise
        messages.error(request, refusal.message)
        return redirect(_url(statement) + "#drafting")
    messages.success(request, _("The statement is published; its text is now frozen."))
    return redirect(_url(statement))


class StatementFeed(Feed):
    """Published public statements, newest first; never a draft or a members-only statement."""

    feed_type = Atom1Feed
    author_name = "Hamgami"

    def title(self):
        return _("Hamgami: joint statements")

    def link(self):
        return reverse("statement_list")

    def subtitle(self):
        return _("Joint statements published by the coalition's organizations.")

    def items(self):
        statements = list(
            joint_access.public_statements().select_related("fa_revision", "en_revision").order_by("-published_at", "-pk")[:30]
        )
        records = feed_enclosures("statement", [s.pk for s in statements])
        for statement in statements:
            statement.record_enclosures = records.get(statement.pk, [])
        return statements

    def item_enclosures(self, item):
        """The statement's record: PDF, Markdown and JSON (threads/records)."""
        return item.record_enclosures

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return "".join(f'<div lang="{r.language}" dir="{r.direction}">{r.text_html}</div>' for r in item.texts())

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Content-Type"] = "application/atom+xml; charset=utf-8"
        return response
