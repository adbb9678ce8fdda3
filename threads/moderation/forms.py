"""Forms of the moderation pages. They only parse input; rules live in threads/moderation/actions.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from threads.core.models import Area
from threads.moderation.models import Flag, Suspension

REASON = {"max_length": 500, "required": False, "label": _("Reason"), "widget": forms.TextInput(attrs={"dir": "auto"})}


class FlagForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is wrong with this post?"), choices=Flag.Kind.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note to the moderators"), max_length=500, required=False, widget=forms.TextInput(attrs={"dir": "auto"})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(**REASON)


class EditForm(forms.Form):
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}))
    reason = forms.CharField(max_length=500, label=_("Reason"), widget=forms.TextInput(attrs={"dir": "auto"}))
    hide_history = forms.BooleanField(
        label=_("This edit removes private information: show the earlier versions to moderators only"),
        required=False,
        initial=True,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)  # the version edited


class MovePostForm(forms.Form):
    thread = forms.IntegerField(label=_("Number of the thread to move it to"), min_value=1)
    reason = forms.CharField(**REASON)


class AreasForm(forms.Form):
    areas = forms.ModelMultipleChoiceField(
        label=_("Cooperation areas"), queryset=Area.objects.order_by("number"), widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(**REASON)


class MergeForm(forms.Form):
    target = forms.IntegerField(label=_("Number of the thread to merge this one into"), min_value=1)
    reason = forms.CharField(**REASON)


class SplitForm(forms.Form):
    posts = forms.CharField(label=_("Numbers of the posts to split off, separated by spaces"))
    title = forms.CharField(label=_("Title of the new thread"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"}))
    reason = forms.CharField(**REASON)

    def clean_posts(self):
        raw = self.cleaned_data["posts"].replace(",", " ").replace("#", " ").split()
        if not raw or not all(p.isdigit() for p in raw):
            raise forms.ValidationError(_("Give post numbers, such as 12 15 16."))
        return [int(p) for p in raw]


class SlowModeForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes between one person's posts (0: off)"), min_value=0, max_value=1440)
    reason = forms.CharField(**REASON)


class TimerForm(forms.Form):
    action = forms.ChoiceField(
        label=_("At the time, the thread will"),
        choices=[("close", _("close")), ("reopen", _("reopen")), ("lock", _("lock")), ("unlock", _("unlock"))],
    )
    at = forms.DateTimeField(label=_("Time (YYYY-MM-DD HH:MM)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    reason = forms.CharField(**REASON)


class SuspendForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Restriction"),
        choices=[(Suspension.Kind.SILENCE, _("silence: may read everything, post nothing")),
                 (Suspension.Kind.SUSPEND, _("suspend: may read public content only, post nothing"))],
        widget=forms.RadioSelect,
    )
    days = forms.IntegerField(label=_("For how many days"), min_value=1, max_value=3650)
    reason = forms.CharField(max_length=500, label=_("Reason"), widget=forms.TextInput(attrs={"dir": "auto"}))


class AppointForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Area (empty: site-wide)"), queryset=Area.objects.order_by("number"), required=False,
        empty_label=_("site-wide"),
    )
