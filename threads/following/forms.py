"""Forms for search, following levels and notification preferences."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from forum.text import reader_digits
from threads.core.models import Area, Thread
from threads.following.models import FollowPreferences, Subscription
from threads.following.search import Filters


class SearchForm(forms.Form):
    """The search box and its filters; every field optional, bad values ignored by `filters()`."""

    q = forms.CharField(label=_("Search for"), required=False, max_length=1000)
    area = forms.ChoiceField(label=_("Cooperation area"), required=False)
    org = forms.ChoiceField(label=_("Organization"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("any kind")), *Thread.Kind.choices]
    )
    author = forms.CharField(label=_("Author (handle)"), required=False, max_length=150)
    since = forms.DateField(label=_("From (YYYY-MM-DD)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until (YYYY-MM-DD)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)
    # Set by the header's "only in this thread"; kept as a hidden field so the page's form keeps the scope.
    thread = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, areas=(), organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"  # in attrs it would be written twice
        self.fields["q"].widget.attrs.update({"dir": "auto", "autocomplete": "off"})
        self.fields["area"].choices = [("", _("any area"))] + [(a.slug, reader_digits(f"{a.number}. {a.short}")) for a in areas]
        self.fields["org"].choices = [("", _("any organization"))] + [(o.slug, o.name) for o in organizations]

    def filters(self):
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            area=data.get("area") or "",
            organization=data.get("org") or "",
            kind=data.get("kind") or "",
            author=(data.get("author") or "").strip().lstrip("@"),
            since=data.get("since"),
            until=data.get("until"),
            tag=(data.get("tag") or "").strip().lstrip("#"),
            thread=data.get("thread"),
        )


class FollowForm(forms.Form):
    level = forms.ChoiceField(label=_("Follow"), choices=Subscription.Level.choices)


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = FollowPreferences
        fields = ["email", "watch_when_posting"]
        widgets = {"email": forms.RadioSelect}


__all__ = ["SearchForm", "FollowForm", "PreferencesForm", "Area", "Organization"]
