"""A moderator's or admin's correction for privacy of a position or a summary (issue 17); posts
are corrected from the moderation page of the post, statements from their correction form."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from forum.errors import require
from forum.forms import add_action_errors
from threads.core import access
from threads.redaction import actions as redaction_actions
from threads.debates.models import Position, Summary


class CorrectForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Corrected text"), widget=forms.Textarea(attrs={"rows": 10, "dir": "auto"}))
    reason = forms.CharField(
        label=gettext_lazy("Reason (shown in place of the hidden versions)"), max_length=redaction_actions.REASON_MAX,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )


def _page(request, form, *, heading, back, status=200):
    return render(request, "moderation/correct.html", {"form": form, "heading": heading, "back": back}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def correct_position(request, pk):
    position = get_object_or_404(Position.objects.select_related("debate__thread", "organization"), pk=pk)
    access.thread_for_reader(user=request.user, thread_id=position.debate.thread_id)
    require(redaction_actions.may_correct(request.user), _("Only moderators and admins may correct a text for privacy."))
    back = reverse("debate_position_history", args=[position.debate.thread_id, position.organization.slug])
    form = CorrectForm(request.POST or None, initial={"text": position.statement_source})
    heading = _("Correct the position of %(org)s for privacy") % {"org": position.organization.name}
    if request.method == "POST" and form.is_valid():
        try:
            redaction_actions.correct_position(
                acting_user=request.user, position=position, statement=form.cleaned_data["text"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The position is corrected; its earlier versions are shown to moderators only."))
            return redirect(back)
    return _page(request, form, heading=heading, back=back, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def correct_summary(request, pk):
    summary = get_object_or_404(Summary.objects.select_related("debate__thread"), pk=pk)
    access.thread_for_reader(user=request.user, thread_id=summary.debate.thread_id)
    require(redaction_actions.may_correct(request.user), _("Only moderators and admins may correct a text for privacy."))
    back = reverse("debate_detail", args=[summary.debate.thread_id])
    form = CorrectForm(request.POST or None, initial={"text": summary.text_source})
    if request.method == "POST" and form.is_valid():
        try:
            redaction_actions.correct_summary(
                acting_user=request.user, summary=summary, text=form.cleaned_data["text"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The summary is corrected; its earlier drafts are shown to moderators only."))
            return redirect(back)
    return _page(request, form, heading=_("Correct the summary for privacy"), back=back, status=400 if form.errors else 200)
