"""Thread and post forms: they parse input; the actions decide and validate."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forum.formats import num
from forum.text import lazy_percent, reader_digits
from threads.core.models import Area, Thread

LIMITS = settings.HAMGAMI


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, area):
        return reader_digits(f"{area.number}. {area.short}")


class BodyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Text"))
        kwargs.setdefault(
            "help_text",
            lazy_percent(
                _("Markdown: **bold**, *italic*, [link](https://…), > quote, lists. Up to %(limit)d characters."),
                limit=LIMITS["BODY_MAX"],
            ),
        )
        kwargs.setdefault("max_length", LIMITS["BODY_MAX"])
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Write something before posting."),
                "max_length": _("The text is too long; the limit is %(limit_value)d characters (it has %(show_value)d)."),
            },
        )
        super().__init__(widget=forms.Textarea(attrs={"rows": 10, "dir": "auto"}), strip=True, **kwargs)


class OnBehalfOfMixin:
    """Adds a "post as" choice for the organizations the person represents (none: no field)."""

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {str(org.pk): org for org in organizations}
        if organizations:
            self.fields["on_behalf_of"].choices = [("", _("Myself"))] + [
                (str(org.pk), _("On behalf of %(org)s") % {"org": org.name}) for org in organizations
            ]
            self.fields["on_behalf_of"].error_messages["invalid_choice"] = _(
                "You may only post on behalf of an organization you represent."
            )
        else:
            del self.fields["on_behalf_of"]

    def clean(self):
        cleaned = super().clean()
        # No choice offered, yet one was sent: refuse it rather than quietly post as the person.
        if "on_behalf_of" not in self.fields and self.is_bound and self.data.get("on_behalf_of"):
            raise forms.ValidationError(_("You may only post on behalf of an organization you represent."))
        return cleaned

    def clean_on_behalf_of(self):
        value = self.cleaned_data.get("on_behalf_of")
        if not value:
            return None
        if value not in self.organizations:
            raise forms.ValidationError(_("You may only post on behalf of an organization you represent."))
        return self.organizations[value]


class ThreadForm(OnBehalfOfMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=LIMITS["TITLE_MAX"],
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=lazy_percent(_("Up to %(limit)d characters."), limit=LIMITS["TITLE_MAX"]),
        error_messages={
            "required": _("A thread needs a title."),
            "max_length": _("The title is too long; the limit is %(limit_value)d characters (it has %(show_value)d)."),
        },
    )
    body = BodyField()
    areas = AreaChoiceField(
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
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=lazy_percent(_("Optional, separated by commas; at most %(limit)d."), limit=LIMITS["TAGS_MAX"]),
    )
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=[
            (Thread.Visibility.PUBLIC, _("Everyone (public)")),
            (Thread.Visibility.MEMBERS, _("Members of the coalition's organizations only")),
        ],
        initial=Thread.Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    on_behalf_of = forms.ChoiceField(label=pgettext_lazy("post as", "Post as"), required=False)

    def clean_tags(self):
        return [t for t in self.cleaned_data["tags"].replace("،", ",").split(",") if t.strip()]


class ReplyForm(OnBehalfOfMixin, forms.Form):
    """A reply; in a debate it may also answer a ledger point or a position, agreeing or not."""

    responds_to = forms.ChoiceField(
        label=_("Answering (optional)"),
        required=False,
        help_text=_("A ledger point or an organization's position; your reply quotes it."),
        error_messages={"invalid_choice": _("Choose a point or a position of this debate.")},
    )
    agreement = forms.ChoiceField(
        label=_("Your view of it"),
        required=False,
        choices=[
            ("", _("Neither: a comment or a question")),
            ("agree", _("I agree")),
            ("disagree", _("I disagree")),
        ],
        widget=forms.RadioSelect,
    )
    body = BodyField(label=_("Your reply"))
    # Issue 20: the same text in the other language, saved as the post's translation (threads.translations).
    translation = forms.CharField(
        label=_("Translation (optional)"), required=False, max_length=LIMITS["BODY_MAX"],
        help_text=_("The same text in the other language (Persian or English): readers see it in their language."),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # The version of each ledger point's wording and each position the form was shown with
    # ("point-<id>:<version> position-<id>:<version> …"): a point reworded or a position revised
    # before the reply is sent is not answered unread (see `seen_wording`).
    wordings = forms.CharField(required=False, widget=forms.HiddenInput)
    on_behalf_of = forms.ChoiceField(label=pgettext_lazy("post as", "Post as"), required=False)

    def __init__(self, *args, quotables=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not quotables:
            del self.fields["responds_to"], self.fields["agreement"], self.fields["wordings"]
            return
        self.quotables = dict(quotables)
        self.fields["responds_to"].choices = [("", _("Nothing in particular"))] + [
            (key, quote_label(item)) for key, item in quotables
        ]
        self.fields["wordings"].initial = wordings_shown(quotables)

    def clean_responds_to(self):
        value = self.cleaned_data.get("responds_to")
        self.quote_key = value  # how `wordings` names it
        return self.quotables.get(value) if value else None

    def clean(self):
        cleaned = super().clean()
        if "responds_to" not in self.fields:
            if self.is_bound and (self.data.get("responds_to") or self.data.get("agreement")):
                # Nothing here can be answered, yet something was sent: say so rather than drop it.
                raise forms.ValidationError(_("Choose a point or a position of this debate."))
        elif cleaned.get("agreement") and not cleaned.get("responds_to"):
            self.add_error("responds_to", _("Choose the point or position you agree or disagree with."))
        return cleaned

    @property
    def seen_wording(self) -> int | None:
        """The version of the chosen point's wording or position the form showed; None when the form
        did not say (nothing to compare: the action quotes it as it is)."""
        quote = self.cleaned_data.get("responds_to")
        if quote is None:
            return None
        for pair in (self.cleaned_data.get("wordings") or "").split():
            shown, _sep, version = pair.partition(":")
            if shown == self.quote_key and version.isdigit():
                return int(version)
        return None


def wordings_shown(quotables) -> str:
    """The reply form's record of the versions it shows of points and positions:
    "<responds_to key>:<version>", spaced."""
    return " ".join(f"{key}:{item.revision_count}" for key, item in quotables)


def reader_text(item, original: str) -> str:
    """The text of a point in the reader's language: its visible translation when the page attached
    one (`translation_list`, by debates' texts_shown hook; core sits below translations), else the original."""
    language = (get_language() or "fa")[:2]
    for candidate in getattr(item, "translation_list", ()):
        if candidate.language == language and candidate.is_visible:
            return candidate.body_source
    return original


def quote_label(item) -> str:
    if item._meta.model_name == "ledgerpoint":  # else a position's revision (debates sit above core)
        text = reader_text(item, item.text)
        text = text if len(text) <= 90 else text[:89] + "…"
        return _("Point %(n)s: %(text)s") % {"n": num(item.number), "text": text}
    return _("The position of %(org)s (%(stance)s)") % {
        "org": item.organization.name, "stance": item.get_stance_display(),
    }


class EditForm(forms.Form):
    body = BodyField()
    reason = forms.CharField(label=_("What changed (optional)"), max_length=200, required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)  # the version edited
