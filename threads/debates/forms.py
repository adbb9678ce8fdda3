"""Debate forms: they parse input; the debate actions decide and validate."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organization, User
from forum.forms import OrganizationsField
from forum.text import sorted_by_name
from threads.core.forms import ThreadForm
from threads.debates.actions import (
    MOTION_MAX,
    POINT_MAX,
    REASON_MAX,
    STATEMENT_MAX,
    SUMMARY_MAX,
)
from threads.debates.models import (
    ChairAnswer,
    Debate,
    Endorsement,
    LedgerPoint,
    PositionStance,
    StanceValue,
)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def deadline_field():
    return forms.DateTimeField(
        label=_("Deadline of the phase (optional)"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("In your local time; leave empty for no deadline."),
    )


def reason_field(label=_("Reason"), required=False, help_text=""):
    return forms.CharField(
        label=label, required=required, max_length=REASON_MAX, help_text=help_text,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )


class OrganizationMixin:
    """A choice among the organizations the person speaks for in this debate (hidden when only one)."""

    def __init__(self, *args, voices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.voices = {str(org.pk): org for org in voices}
        self.fields["organization"].choices = [(str(org.pk), org.name) for org in voices]
        if len(voices) == 1:
            self.fields["organization"].initial = str(voices[0].pk)
            self.fields["organization"].widget = forms.HiddenInput()

    def clean_organization(self):
        value = self.cleaned_data.get("organization")
        if value not in self.voices:
            raise forms.ValidationError(_("Choose an organization you represent in this debate."))
        return self.voices[value]


class DebateForm(ThreadForm):
    """The thread's fields (title, opening text, areas, tags, visibility, post as) plus the debate's."""

    field_order = [
        "title", "motion", "difference", "body", "areas", "organizations", "chair", "visibility",
        "phase_deadline", "word_budget", "tags", "on_behalf_of",
    ]
    motion = forms.CharField(
        label=_("Motion or question"),
        max_length=MOTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("One sentence the organizations take positions on, e.g. “The coalition calls for …”."),
        error_messages={"required": _("A debate needs a motion or a question.")},
    )
    difference = forms.ChoiceField(
        label=_("Kind of difference"), choices=Debate.Difference.choices, widget=forms.RadioSelect
    )
    organizations = OrganizationsField(
        label=_("Participating organizations"),
        queryset=Organization.objects.filter(status=Organization.Status.ADMITTED),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least two. All member organizations are chosen to begin with."),
        error_messages={"required": _("A debate needs at least two participating organizations.")},
    )
    chair = forms.CharField(
        label=_("Chair (username)"),
        required=False,
        max_length=150,
        help_text=_(
            "Empty: you. A moderator chairs at once; anyone else once every participating organization's "
            "representative has accepted them."
        ),
    )
    phase_deadline = deadline_field()
    word_budget = forms.IntegerField(
        label=_("Word budget per organization and phase (optional)"),
        required=False,
        min_value=50,
        max_value=100000,
        help_text=_("Equal voice: each organization may post this many words per phase on its behalf."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Opening text")
        self.fields["body"].help_text = _("Introduce the motion: background, what is at stake, how the debate runs.")
        orgs = sorted_by_name(list(self.fields["organizations"].queryset))
        self.fields["organizations"].choices = [(org.pk, org.name) for org in orgs]
        if not self.is_bound:
            self.initial.setdefault("organizations", [org.pk for org in orgs])

    def clean_chair(self):
        return _person(self.cleaned_data.get("chair"))


def _person(username):
    username = (username or "").strip()
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise forms.ValidationError(_("There is no one with that username."))
    return user


class ChairAnswerForm(OrganizationMixin, forms.Form):
    organization = forms.ChoiceField(label=_("Organization"))
    verdict = forms.ChoiceField(
        label=_("Your organization's answer"),
        choices=[
            (ChairAnswer.Verdict.ACCEPT, pgettext_lazy("chair", "Accept as chair")),
            (ChairAnswer.Verdict.OBJECT, pgettext_lazy("chair", "Object")),
        ],
        widget=forms.RadioSelect,
    )
    reason = reason_field(help_text=_("Required for an objection; the chair and the moderators read it."))


class NameChairForm(forms.Form):
    chair = forms.CharField(
        label=_("New chair (username)"),
        max_length=150,
        help_text=_("A moderator chairs at once; anyone else once every participating organization accepts them."),
        error_messages={"required": _("Give the username of the new chair.")},
    )
    reason = reason_field(help_text=_("Needed when the organizations had accepted the current chair; shown in the debate's log."))

    def clean_chair(self):
        return _person(self.cleaned_data.get("chair"))


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=[c for c in Debate.Phase.choices if c[0] != "concluded"])
    deadline = deadline_field()
    reason = reason_field(help_text=_("Needed when going back or skipping a phase; shown in the debate's log."))
    from_phase = forms.CharField(widget=forms.HiddenInput, required=False)  # the phase the person saw


class PositionForm(OrganizationMixin, forms.Form):
    organization = forms.ChoiceField(label=_("Organization"))
    stance = forms.ChoiceField(label=_("Position on the motion"), choices=PositionStance.choices, widget=forms.RadioSelect)
    statement = forms.CharField(
        label=_("Statement"),
        max_length=STATEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        help_text=_("Markdown. Every version is kept and shown in the position's history."),
        error_messages={"required": _("A position needs a statement explaining it.")},
    )


class PointForm(forms.Form):
    text = forms.CharField(
        label=_("Propose a ledger point"),
        max_length=POINT_MAX,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("One short proposition the organizations can agree or disagree with."),
        error_messages={"required": _("Write the point: one short proposition.")},
    )


class RewordPointForm(forms.Form):
    text = forms.CharField(
        label=_("Wording of the point"),
        max_length=POINT_MAX,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_(
            "Its proposer or the chair may correct the wording only while no organization has recorded a "
            "stance on it and no reply has quoted it, so no answer ever changes meaning. Earlier wordings are "
            "kept, and its translations are marked outdated."
        ),
        error_messages={"required": _("Write the point: one short proposition.")},
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (LedgerPoint.Status.ACCEPTED, pgettext_lazy("ledger point", "Accept")),
            (LedgerPoint.Status.MERGED, pgettext_lazy("ledger point", "Merge into another point")),
            (LedgerPoint.Status.REJECTED, pgettext_lazy("ledger point", "Reject")),
        ],
        widget=forms.RadioSelect,
    )
    merge_into = forms.TypedChoiceField(label=_("Merge into"), required=False, coerce=int, empty_value=None)
    note = reason_field(label=_("Note (optional)"))

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {p.pk: p for p in targets}
        self.fields["merge_into"].choices = [("", "—")] + [(p.pk, f"{p.number}. {p.text}") for p in targets]

    def clean_merge_into(self):
        value = self.cleaned_data.get("merge_into")
        return self.targets.get(value) if value else None


class StanceForm(OrganizationMixin, forms.Form):
    organization = forms.ChoiceField(label=_("Organization"))
    value = forms.ChoiceField(label=_("Stance"), choices=StanceValue.choices, widget=forms.RadioSelect)
    reason = reason_field(label=_("Short reason (optional)"))


class SummaryForm(forms.Form):
    text = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 12, "dir": "auto"}),
        help_text=_("Markdown. What the organizations agreed on, where they differ, and what follows."),
        error_messages={"required": _("Write the summary before saving it.")},
    )


class EndorseForm(OrganizationMixin, forms.Form):
    organization = forms.ChoiceField(label=_("Organization"))
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Endorsement.Verdict.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Required for a dissent; shown beside the summary."),
    )


class ReopenForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Reopen in phase"),
        choices=[c for c in Debate.Phase.choices if c[0] != "concluded"],
        initial=Debate.Phase.SUMMING_UP,
    )
    reason = reason_field(required=True, help_text=_("Shown in the debate's log."))
