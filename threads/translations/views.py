"""Translation pages: the form to add or improve a translation, moderators' hide and restore,
suspending a translator. Thin: access and queries to read, actions to write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from forum.errors import ActionRefused
from forum.forms import add_action_errors
from threads.core import access as core_access
from threads.translations import access, actions, queries
from threads.translations.forms import ReasonForm, TranslationForm
from threads.translations.models import Translation


def _other_language(post) -> str:
    return "en" if access.original_language(post) == "fa" else "fa"


@login_required
@require_http_methods(["GET", "POST"])
def post_translate(request, pk):
    post = core_access.post_for_reader(user=request.user, post_id=pk)
    if not access.can_translate(request.user, post):
        raise ActionRefused(
            _("Only the author of a post, or a member who volunteers as a translator, may translate it.")
        )
    language = request.POST.get("language") or request.GET.get("language") or _other_language(post)
    current = queries.translation_of(post, language) if language in ("fa", "en") else None
    status, conflict = 200, None
    if request.method == "POST":
        form = TranslationForm(request.POST)
        if form.is_valid():
            try:
                actions.add_or_update_translation(
                    acting_user=request.user, post=post, language=form.cleaned_data["language"],
                    body=form.cleaned_data["body"], version=form.cleaned_data["version"] or 0,
                )
            except actions.EditConflict as error:
                # Keep what they typed; the form now starts from the version saved in between.
                conflict = current
                data = request.POST.copy()
                data["version"] = str(current.version if current else 0)
                form = TranslationForm(data)
                form.is_valid()
                form.add_error(None, error.messages[0])
                status = 409
            except ValidationError as error:
                add_action_errors(form, error)
                status = 400
            else:
                messages.success(request, _("The translation is saved; its earlier versions are kept."))
                return redirect(post.get_absolute_url())
        else:
            status = 400
    else:
        initial = {"language": language, "version": current.version if current else 0}
        if current is not None:
            initial["body"] = current.body_source
        form = TranslationForm(initial=initial)
    return render(
        request, "translations/translate.html",
        {"post": post, "form": form, "current": current, "conflict": conflict,
         "history": queries.history(current) if current else []},
        status=status,
    )


@login_required
@require_POST
def translation_moderate(request, pk):
    translation = get_object_or_404(Translation.objects.select_related("post__thread"), pk=pk)
    core_access.post_for_reader(user=request.user, post_id=translation.post_id)  # 404 alike when not readable
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
        return redirect(translation.post.get_absolute_url())
    return redirect(translation.post.get_absolute_url())


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
    translation = get_object_or_404(Translation.objects.select_related("post__thread", "translator"), pk=pk)
    post = core_access.post_for_reader(user=request.user, post_id=translation.post_id)
    if not translation.is_visible and not access.can_moderate_translation(request.user, post):
        raise Http404
    return render(request, "translations/history.html",
                  {"post": post, "translation": translation, "history": queries.history(translation)})
