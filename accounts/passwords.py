"""Django's minimum-length rule, saying its number in the reader's digits (issue 18: "۱۰ نویسه" in
Persian, not "10"). Only the texts change; the rule is Django's."""

from django.contrib.auth import password_validation

from forum.text import reader_digits


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return reader_digits(super().get_error_message())

    def get_help_text(self):
        return reader_digits(super().get_help_text())
