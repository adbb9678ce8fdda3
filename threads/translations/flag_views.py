"""Flagging a translation of any kind (any signed-in reader, without JavaScript) and handling its
flags from the review queue (whoever may hide it). Thin: targets to read, flag_actions to write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from forum.forms import add_action_errors
from threads.moderation.actions import AlreadyHandled
from threads.translations import flag_actions, targets
from threads.translations.forms import ReasonForm, TranslationFlagForm
from threads.translations.models import Translation


def _readable(request, pk) -> tuple[Translation, object]:
    """The translation and its original (one query), or 404 when either is missing or the original
    is not readable by this person (no difference shown, nor in the number of queries)."""
    translation = get_object_or_404(targets.with_targets(Translation.objects), pk=pk)
    return translation, targets.loaded_target_for_reader(user=request.user, translation=translation)


@require_http_methods(["GET", "POST"])
def translation_flag(request, pk):
    """Readable first, then signed in: a visitor is sent to sign in only for what they may read,
    so a members-only original's translation is 404 to them as to a signed-in outsider."""
    translation, target = _readable(request, pk)
    if not translation.is_visible or not getattr(target, "is_visible", True):
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    back = targets.kind_of(target).url(target)
    form = TranslationFlagForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                flag_actions.flag_translation(
                    acting_user=request.user, translation=translation, kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                )
            except AlreadyHandled as handled:
                messages.info(request, handled.message)
                return redirect(back)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Thank you; the moderators will look at the translation."))
                return redirect(back)
        status = 400
    return render(request, "translations/flag.html",
                  {"translation": translation, "original": targets.original(target), "back_url": back,
                   "form": form}, status=status)


@login_required
@require_POST
def translation_flags_resolve(request, pk):
    translation, _target = _readable(request, pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        flag_actions.resolve_translation_flags(
            acting_user=request.user, translation=translation, uphold=request.POST.get("do") == "hide",
            reason=form.cleaned_data.get("reason", ""),
        )
    except AlreadyHandled as handled:
        messages.info(request, handled.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("moderation_queue")
    else:
        messages.success(request, _("The flags on the translation are handled."))
    return redirect("moderation_queue")
