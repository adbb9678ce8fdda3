"""Form helpers shared by every app's views."""

from django import forms
from django.core.exceptions import ValidationError

from forum.text import sorted_by_name


def add_action_errors(form, error: ValidationError) -> None:
    """Show an action's ValidationError on the form: on the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class _ByNameIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in sorted_by_name(list(self.queryset)):
            yield self.choice(obj)


class OrganizationsField(forms.ModelMultipleChoiceField):
    """Organizations to tick, named and ordered in the reader's language (Persian order in Persian)."""

    iterator = _ByNameIterator

    def label_from_instance(self, org):
        return org.name
