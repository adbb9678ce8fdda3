"""Form helpers shared by every app's views."""

from django.core.exceptions import ValidationError


def add_action_errors(form, error: ValidationError) -> None:
    """Show an action's ValidationError on the form: on the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
