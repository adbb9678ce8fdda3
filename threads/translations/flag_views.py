"""Flagging a translation (any signed-in reader, without JavaScript) and handling its flags from
the review queue (moderators). Thin: access to read, flag_actions to write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from forum.forms import add_action_errors
from threads.core import access as core_access
from threads.moderation.actions import AlreadyHandled
from threads.translations import flag_actions
from threads.translations.forms import ReasonForm, TranslationFlagForm
from threads.translations.models import Translation


def _readable_translation(request, pk) -> Translation:
    """The translation, or 404 when it is missing or its post is not readable (no difference shown)."""
    translation = get_object_or_404(Translation.objects.select_related("translator"), pk=pk)
    translation.post = core_access.post_for_reader(user=request.user, post_id=translation.post_id)
    return translation


@login_required
@require_http_methods(["GET", "POST"])
def translation_flag(request, pk):
    translation = _readable_translation(request, pk)
    if not translation.is_visible or not translation.post.is_visible:
        raise Http404
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
                return redirect(translation.post.get_absolute_url())
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Thank you; the moderators will look at the translation."))
                return redirect(translation.post.get_absolute_url())
        status = 400
    return render(request, "translations/flag.html", {"translation": translation, "post": translation.post,
                                                      "form": form}, status=status)


@login_required
@require_POST
def translation_flags_resolve(request, pk):
    translation = _readable_translation(request, pk)
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
