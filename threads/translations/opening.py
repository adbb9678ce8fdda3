"""A new thread written with its opening post's translation (the new-thread form's optional
second text, issue 20): both in one transaction, through the translations action, so a refused
translation leaves no thread behind and both texts stay in the form."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from forum.errors import invalid
from threads.core.actions import create_thread
from threads.core.models import Thread
from threads.translations import access
from threads.translations.actions import add_or_update_translation


def create_thread_with_translation(*, translation: str, translation_language: str = "", **thread) -> Thread:
    """create_thread(**thread), then the opening post's translation into `translation_language`
    (the other language when empty). A refused translation raises ValidationError on the field
    `translation_language` (a wrong language) or `translation` (anything else), and nothing is written."""
    with transaction.atomic():
        created = create_thread(**thread)
        if (translation or "").strip():
            opening = created.posts.order_by("pk").first()
            language = translation_language or ("en" if access.original_language(opening) == "fa" else "fa")
            try:
                add_or_update_translation(acting_user=thread["acting_user"], post=opening, language=language,
                                          body=translation)
            except ValidationError as error:
                field = "translation_language" if "language" in getattr(error, "error_dict", {}) else "translation"
                raise invalid(" ".join(error.messages), field) from None
            except PermissionDenied as refusal:  # e.g. suspended from translating: say so, keep the texts
                raise invalid(" ".join(refusal.args) or str(refusal), "translation") from None
    return created
