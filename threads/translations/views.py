"""Translation pages: the form to add or improve a translation, moderators' hide and restore,
suspending a translator. Thin: access and queries to read, actions to write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from forum.forms import add_action_errors
from threads.core import access as core_access
from threads.translations import access, actions, queries, quoting, targets
from threads.translations.forms import ReasonForm, TranslationForm
from threads.translations.models import Translation


def _other_language(target) -> str:
    return "en" if access.original_language(target) == "fa" else "fa"


def _translate_page(request, target):
    """GET shows the form; POST saves through translate_text and returns to where the original is
    shown. A refused text comes back with what was typed (400), a save by someone else in between
    with both texts (409)."""
    kind = targets.kind_of(target)
    actions.check_may_translate(request.user, target)
    moderator = access.can_moderate_translation(request.user, target)
    language = request.POST.get("language") or request.GET.get("language") or _other_language(target)
    current = queries.translation_of(target, language) if language in ("fa", "en") else None
    status, conflict = 200, None
    if request.method == "POST":
        form = TranslationForm(request.POST, limit=kind.max_length, plain=kind.plain)
        if form.is_valid():
            try:
                actions.translate_text(
                    acting_user=request.user, target=target, language=form.cleaned_data["language"],
                    text=form.cleaned_data["body"], expected_version=form.cleaned_data["version"] or 0,
                )
            except actions.EditConflict as error:
                # Keep what they typed; the form now starts from the version saved in between.
                conflict = None if current and actions.hidden_by_redaction(current) and not moderator else current
                data = request.POST.copy()
                data["version"] = str(current.version if current else 0)
                form = TranslationForm(data, limit=kind.max_length, plain=kind.plain)
                form.is_valid()
                form.add_error(None, error.messages[0])
                status = 409
            except ValidationError as error:
                add_action_errors(form, error)
                status = 400
            else:
                messages.success(request, _("The translation is saved; its earlier versions are kept."))
                return redirect(kind.url(target))
        else:
            status = 400
    else:
        initial = {"language": language, "version": current.version if current else 0}
        if current is not None and not (actions.hidden_by_redaction(current) and not moderator):
            initial["body"] = current.body_source  # not a text hidden with its original's removed words
        form = TranslationForm(initial=initial, limit=kind.max_length, plain=kind.plain)
    return render(
        request, "translations/translate.html",
        {"target": target, "kind": kind.name, "back_url": kind.url(target), "original": targets.original(target),
         "form": form, "current": current, "conflict": conflict,
         "history": queries.history(current, may_see_hidden=moderator) if current else []},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_translate(request, pk):
    return _translate_page(request, core_access.post_for_reader(user=request.user, post_id=pk))


@login_required
@require_http_methods(["GET", "POST"])
def translate(request, kind, pk):
    """/translate/<kind>/<id>/: a position, ledger point, summary or gathering (or a post)."""
    if kind == "post":
        return post_translate(request, pk)
    return _translate_page(request, targets.target_for_reader(user=request.user, kind=kind, pk=pk))


def _readable_target(request, translation: Translation):
    return targets.target_of_for_reader(user=request.user, translation=translation)


@login_required
@require_POST
def translation_moderate(request, pk):
    translation = get_object_or_404(Translation, pk=pk)
    target = _readable_target(request, translation)
    back = targets.kind_of(target).url(target)
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        if request.POST.get("do") == "restore":
            actions.restore_translation(acting_user=request.user, translation=translation, reason=reason)
            messages.success(request, _("The translation is shown again."))
        else:
            actions.hide_translation(acting_user=request.user, translation=translation, reason=reason)
            messages.success(request, _("The translation is hidden."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)


@login_required
@require_POST
def translator_suspend(request, username):
    person = get_object_or_404(User, username=username)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        if request.POST.get("do") == "lift":
            actions.lift_translator_suspension(acting_user=request.user, user=person, reason=form.cleaned_data.get("reason", ""))
        else:
            actions.suspend_translator(acting_user=request.user, user=person, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("moderation_person", username=person.username)
    messages.success(request, _("Saved."))
    return redirect("moderation_person", username=person.username)


@require_GET
def translation_history(request, pk):
    translation = get_object_or_404(Translation.objects.select_related("translator"), pk=pk)
    target = _readable_target(request, translation)
    moderator = access.can_moderate_translation(request.user, target)
    if not translation.is_visible and not moderator:
        raise Http404
    return render(request, "translations/history.html",
                  {"back_url": targets.kind_of(target).url(target), "original": targets.original(target),
                   "translation": translation, "history": queries.history(translation, may_see_hidden=moderator)})


@never_cache
@login_required
@require_GET
def post_quote(request, pk):
    """A post's quote as Markdown, for static/js/quote.js to put at the caret of the reply box
    (without JavaScript, the thread's `?quote=post-<id>#reply` fills the box instead)."""
    post = quoting.quotable_post_for_reply(user=request.user, post_id=pk)
    return HttpResponse(quoting.quote_markdown(post), content_type="text/plain; charset=utf-8")
