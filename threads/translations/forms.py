"""The translation form: it parses input; the actions decide and validate."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from threads.core.forms import BodyField
from threads.translations.models import TranslationFlag


class TranslationForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the translation"), choices=settings.LANGUAGES,
        error_messages={"required": _("Choose the language of the translation."),
                        "invalid_choice": _("Choose the language of the translation.")},
    )
    body = BodyField(label=_("Translation"), error_messages={"required": _("Write the translation before saving it.")})
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0, required=False)

    def __init__(self, *args, limit: int | None = None, plain: bool = False, **kwargs):
        """`limit` and `plain` are the translated kind's (a ledger point: one plain line of 300)."""
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        limit = limit or settings.HAMGAMI["BODY_MAX"]
        body.widget.attrs["maxlength"] = str(limit)
        if plain:
            body.help_text = _("Up to %(limit)d characters.") % {"limit": limit}
        else:
            body.help_text = _("Markdown: **bold**, *italic*, [link](https://…), > quote, lists. Up to %(limit)d characters.") % {
                "limit": limit
            }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class TranslationFlagForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is wrong with this translation?"), choices=TranslationFlag.Kind.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose why you flag this translation."),
                        "invalid_choice": _("Choose why you flag this translation.")},
    )
    note = forms.CharField(
        label=_("Note to the moderators"), max_length=500, required=False, widget=forms.TextInput(attrs={"dir": "auto"})
    )


class OpeningTranslationForm(forms.Form):
    """The new-thread form's optional translation of the opening post (prefix "translation")."""

    language = forms.ChoiceField(
        label=_("Language of the translation"), required=False,
        choices=[("", _("The other language (found from the text)")), *settings.LANGUAGES],
        error_messages={"invalid_choice": _("Choose the language of the translation.")},
    )
    body = forms.CharField(
        label=_("Translation of the opening post"), required=False, max_length=settings.HAMGAMI["BODY_MAX"],
        help_text=_("The same text in the other language (Persian or English): readers see it in their language."),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )
