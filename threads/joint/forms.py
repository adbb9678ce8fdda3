"""Forms for joint statements and events: they parse input; the actions decide and validate."""

import copy

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from forum import zones
from forum.forms import OrganizationsField
from forum.text import sorted_by_name
from threads.core.forms import AreaChoiceField
from threads.core.models import Area
from threads.joint.models import Gathering, StatementResponse, TextLanguage, Visibility
from threads.joint.statements import COMMENT_MAX, NOTE_MAX, TEXT_MAX, TITLE_MAX


def admitted_organizations():
    return Organization.objects.filter(status=Organization.Status.ADMITTED)


def visibility_field():
    return forms.ChoiceField(
        label=_("Who may read it"),
        choices=[
            (Visibility.PUBLIC, _("Everyone (public)")),
            (Visibility.MEMBERS, _("Members of the coalition's organizations only")),
        ],
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )


def areas_field():
    return AreaChoiceField(
        label=_("Cooperation areas"),
        queryset=Area.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least one."),
        error_messages={
            "required": _("Choose at least one cooperation area."),
            "invalid_choice": _("That cooperation area does not exist; choose from the list."),
            "invalid_pk_value": _("That cooperation area does not exist; choose from the list."),
        },
    )


class SpeakerMixin:
    """A choice among the organizations the person speaks for (hidden when there is only one)."""

    def __init__(self, *args, voices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.voices = {str(org.pk): org for org in voices}
        field = self.fields["organization"]
        field.choices = [(str(org.pk), org.name) for org in sorted_by_name(list(voices))]
        if len(voices) == 1:
            field.initial = str(voices[0].pk)
            field.widget = forms.HiddenInput()

    def clean_organization(self):
        value = self.cleaned_data.get("organization")
        if value not in self.voices:
            raise forms.ValidationError(_("Choose an organization you represent."))
        return self.voices[value]


def title_field(label, required=False):
    return forms.CharField(label=label, required=required, max_length=TITLE_MAX, widget=forms.TextInput(attrs={"dir": "auto"}))


def text_field(label, required=False, help_text=_("Markdown: **bold**, *italic*, [link](https://…), > quote, lists.")):
    return forms.CharField(
        label=label, required=required, max_length=TEXT_MAX, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 14, "dir": "auto"}),
    )


class StatementForm(SpeakerMixin, forms.Form):
    organization = forms.ChoiceField(label=_("Drafted on behalf of"))
    title_fa = forms.CharField(
        label=_("Title in Persian"), required=False, max_length=TITLE_MAX, widget=forms.TextInput(attrs={"dir": "rtl", "lang": "fa"})
    )
    text_fa = forms.CharField(
        label=_("Text in Persian"), required=False, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 12, "dir": "rtl", "lang": "fa"}),
    )
    title_en = forms.CharField(
        label=_("Title in English"), required=False, max_length=TITLE_MAX, widget=forms.TextInput(attrs={"dir": "ltr", "lang": "en"})
    )
    text_en = forms.CharField(
        label=_("Text in English"), required=False, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 12, "dir": "ltr", "lang": "en"}),
        help_text=_("One text or both; each text is signed on its own. Markdown is welcome."),
    )
    areas = areas_field()
    invite = OrganizationsField(
        label=_("Invite organizations to co-sign"), required=False, queryset=admitted_organizations(),
        widget=forms.CheckboxSelectMultiple,
    )
    visibility = visibility_field()

    def clean(self):
        cleaned = super().clean()
        for language, name in (("fa", _("Persian")), ("en", _("English"))):
            title, text = cleaned.get(f"title_{language}"), cleaned.get(f"text_{language}")
            if title and not text:
                self.add_error(f"text_{language}", _("Write the %(language)s text, or leave its title empty too.") % {"language": name})
            if text and not title:
                self.add_error(f"title_{language}", _("Give the %(language)s text a title.") % {"language": name})
        if not any(cleaned.get(f) for f in ("text_fa", "text_en", "title_fa", "title_en")):
            raise forms.ValidationError(_("Write the text of the statement, in Persian, in English, or both."))
        return cleaned


class ReviseForm(forms.Form):
    language = forms.ChoiceField(choices=TextLanguage.choices, widget=forms.HiddenInput)
    title = title_field(_("Title"), required=True)
    text = text_field(_("Text"), required=True)
    note = forms.CharField(label=_("What changed (optional)"), max_length=NOTE_MAX, required=False,
                           widget=forms.TextInput(attrs={"dir": "auto"}))


class CorrectForm(ReviseForm):
    note = None
    reason = forms.CharField(
        label=_("Why the published text is corrected"), max_length=NOTE_MAX,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("Shown with the correction on the statement's page."),
        error_messages={"required": _("Say why the published text is corrected; the reason is shown with the correction.")},
    )
    hide_history = forms.BooleanField(
        label=_("This correction removes private information: show the earlier revisions of this text to moderators only"),
        required=False,
    )


class RespondForm(SpeakerMixin, forms.Form):
    organization = forms.ChoiceField(label=_("On behalf of"))
    language = forms.ChoiceField(choices=TextLanguage.choices, widget=forms.HiddenInput)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    verdict = forms.ChoiceField(
        label=_("Your organization's answer"), choices=StatementResponse.Verdict.choices, widget=forms.RadioSelect,
        initial=StatementResponse.Verdict.SIGN,
    )
    comment = forms.CharField(
        label=_("Amendment or reason (optional when signing)"), required=False, max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def __init__(self, *args, published=False, **kwargs):
        super().__init__(*args, **kwargs)
        if published:
            self.fields["verdict"].choices = [(StatementResponse.Verdict.SIGN, _("signs"))]
            self.fields["verdict"].widget = forms.HiddenInput()
            del self.fields["comment"]


class InviteForm(forms.Form):
    organizations = OrganizationsField(
        label=_("Invite organizations to co-sign"), queryset=admitted_organizations(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one organization to invite.")},
    )

    def __init__(self, *args, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = admitted_organizations().exclude(pk__in=list(exclude))


# --- events --------------------------------------------------------------------------------------


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class NaiveDateTimeField(forms.DateTimeField):
    def to_python(self, value):
        # Keep the wall-clock time as typed; the action attaches the chosen zone.
        result = super().to_python(value)
        return result.replace(tzinfo=None) if result is not None else None


class GatheringForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Gathering.Kind.choices, widget=forms.RadioSelect)
    title = title_field(_("Title"), required=True)
    description = text_field(_("Description"), required=True)
    starts_at = NaiveDateTimeField(
        label=_("Starts"), widget=DateTimeLocalInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": _("Give the date and time."), "invalid": _("Enter a date and time like 2026-05-01 17:30.")},
    )
    ends_at = NaiveDateTimeField(
        label=_("Ends"), widget=DateTimeLocalInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": _("Give the date and time."), "invalid": _("Enter a date and time like 2026-05-01 17:30.")},
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), help_text=_("The zone of the place, or of the organizers for an online event."))
    place = forms.CharField(label=_("Place"), required=False, max_length=300, widget=forms.TextInput(attrs={"dir": "auto"}))
    online_url = forms.CharField(
        label=_("Online link"), required=False, max_length=500,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "url"}),
        help_text=_("An http:// or https:// address; a place, a link, or both."),
    )
    repeats_yearly = forms.BooleanField(
        label=_("Repeats every year on this date (commemorations)"), required=False,
    )
    areas = areas_field()
    organizers = forms.ChoiceField(label=_("Organized by"))
    visibility = visibility_field()

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zones.zone_choices()
        self.fields["time_zone"].initial = settings.TIME_ZONE
        self.organizations = {str(o.pk): o for o in organizations}
        self.fields["organizers"] = forms.MultipleChoiceField(
            label=_("Organized by"), choices=[(str(o.pk), o.name) for o in sorted_by_name(list(organizations))],
            widget=forms.CheckboxSelectMultiple, help_text=_("Organizations you belong to."),
            error_messages={"required": _("Choose at least one organizing organization.")},
        )
        if len(organizations) == 1:
            self.fields["organizers"].initial = [str(organizations[0].pk)]

    def clean_organizers(self):
        return [self.organizations[v] for v in self.cleaned_data["organizers"] if v in self.organizations]


class GatheringEditForm(forms.Form):
    """An event's title, description, time and place, as its organizers correct them; kind,
    visibility, areas and organizers stay as proposed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "description", "starts_at", "ends_at", "time_zone", "place", "online_url"):
            self.fields[name] = copy.deepcopy(GatheringForm.base_fields[name])
        self.fields["time_zone"].choices = zones.zone_choices()
        self.fields["description"].error_messages["required"] = _("Describe the event.")
        self.fields["description"].help_text = format_lazy("{} {}", self.fields["description"].help_text, _(
            "Earlier versions stay in the event's history. A changed description marks its translations "
            "outdated; a changed time or place is told to those watching the event's discussion."
        ))


class SummingUpForm(forms.Form):
    thread = forms.IntegerField(
        label=_("Number of the thread that sums the event up"), min_value=1,
        help_text=_("The number in the thread's address: /threads/<number>/."),
    )


class EndorseForm(SpeakerMixin, forms.Form):
    organization = forms.ChoiceField(label=_("On behalf of"))

