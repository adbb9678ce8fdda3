"""Forms for accounts; they validate input and hand it to actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import handles, people_actions
from accounts.actions import update_profile
from accounts.models import Organization, User
from forum import zones


class SignupExtraForm(forms.Form):
    """allauth's signup, plus a display name that may be a pseudonym and a public handle."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        required=False,
        help_text=_("Shown beside your posts. It may be a pseudonym; leave empty to use your username."),
    )
    handle = forms.CharField(
        label=_("Handle (optional)"),
        max_length=handles.HANDLE_MAX,
        required=False,
        help_text=_("What @mentions use and your page's address; public, so not your username. Leave empty for one made from your display name."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("handle"):
            try:
                cleaned["handle"] = handles.validate(
                    cleaned["handle"], username=cleaned.get("username", ""), users=User.objects,
                    organizations=Organization.objects,
                )
            except forms.ValidationError as error:
                self.add_error("handle", error)
        return cleaned

    def signup(self, request, user):
        update_profile(acting_user=user, display_name=self.cleaned_data.get("display_name", ""))
        if self.cleaned_data.get("handle"):
            people_actions.set_handle(acting_user=user, handle=self.cleaned_data["handle"])


class ProfileForm(forms.Form):
    display_name = SignupExtraForm.base_fields["display_name"]
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_("Dates and times, deadlines included, are shown and typed in this zone."),
        error_messages={"invalid_choice": _("Choose a time zone from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [("", _("Automatic: this browser's time zone"))] + zones.zone_choices()


class TranslatorForm(forms.Form):
    volunteers_as_translator = forms.BooleanField(
        label=_("I volunteer as a translator"), required=False,
        help_text=_("You may then add or improve the Persian or English translation of other members' posts."),
    )


class MembershipRequestForm(forms.Form):
    note = forms.CharField(
        label=_("A note to the organization (optional)"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OrganizationApplicationForm(forms.Form):
    name_fa = forms.CharField(label=_("Name in Persian"), max_length=160)
    name_en = forms.CharField(label=_("Name in English"), max_length=160)
    description = forms.CharField(
        label=_("About the organization"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown. Up to 5000 characters."),
    )

    def clean_name_en(self):
        return self.cleaned_data["name_en"].strip()


__all__ = ["SignupExtraForm", "ProfileForm", "MembershipRequestForm", "OrganizationApplicationForm", "Organization"]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
