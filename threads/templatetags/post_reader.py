"""What a post's per-reader parts ask of the reader, asked once per page (issue 16).

A thread page fills the same slots (Edit, Translate, Flag, Moderate, "flag the translation") for
each of its posts. Who the reader is, whether they may offer a translation, whether they moderate
the thread and their CSRF input are the same for every post: they were asked
20 times a page (~4 % of the signed-in page went to `people.can_post` alone). `reader(context)`
asks once per render — one page, or one live event per audience and language — and the slots read
the answers. The answers come from the same functions as before (accounts.access,
threads.translations.access, moderated_by); nothing here decides a permission.
"""

from django.utils.html import format_html

from threads.templatetags.moderation import moderated_by
from threads.translations import access as translation_access

class Reader:
    """One render's reader. The costly answers (a permission, the CSRF token) are found on first use."""

    def __init__(self, context):
        self._context = context
        user = context.get("user")
        self.user = user
        self.signed_in = bool(user is not None and getattr(user, "is_authenticated", False))
        self.pk = user.pk if self.signed_in else None
        self.audience = context.get("audience")
        self.live = bool(context.get("live"))
        self.is_moderator = bool(context.get("viewer_is_moderator"))
        self._offers_translation = None
        self._moderates = None
        self._csrf = None

    def offers_translation(self, target) -> bool:
        """translation_access.may_offer_translation(user, target), the reader's part asked once."""
        if self._offers_translation is None:
            self._offers_translation = translation_access.translation_offers(self.user)
        return self._offers_translation(target)

    @property
    def moderates(self) -> bool:
        """Shown the Moderate link: a moderator, the moderators' live audience, or the thread's area moderator."""
        if self._moderates is None:
            thread = self._context.get("thread")
            self._moderates = bool(
                self.is_moderator or self.audience == "moderator" or (
                    self.signed_in and getattr(self.user, "is_area_moderator", False) and thread and moderated_by(thread, self.user)
                )
            )
        return self._moderates

    @property
    def csrf(self) -> tuple[str, str]:
        """(the token, its hidden input), or ("", "") without one (a live event has no request).
        Read on first use, as {% csrf_token %} would: a page without forms sets no CSRF cookie."""
        if self._csrf is None:
            token = self._context.get("csrf_token")
            if not token or token == "NOTPROVIDED":  # as {% csrf_token %} treats it
                self._csrf = ("", "")
            else:
                self._csrf = (token, format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token))
        return self._csrf


def once_per_render(context, make):
    """make(context), once per render (one page, or one live event per audience and language):
    kept in Django's render-wide state, as {% include %} keeps the templates it loaded."""
    state = context.render_context.dicts[0]
    found = state.get(make)
    if found is None:
        found = state[make] = make(context)
    return found


def reader(context) -> Reader:
    """This render's reader, made on the first post that asks."""
    return once_per_render(context, Reader)
