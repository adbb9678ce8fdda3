from django.conf import settings
from django.utils.translation import get_language, get_language_bidi

from accounts import access as people


def site(request):
    """What every page's frame needs: direction, the other language, and the reader's standing."""
    user = getattr(request, "user", None)
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "SITE_NAME": settings.SITE_NAME,
        "LANG": language,
        "DIR": "rtl" if get_language_bidi() else "ltr",
        "OTHER_LANGUAGE": "en" if language.startswith("fa") else "fa",
        # The reader's theme (a cookie set by forum.views.set_theme); "" follows prefers-color-scheme.
        "THEME": theme if (theme := request.COOKIES.get("hamgami_theme", "")) in ("light", "dark") else "",
        "viewer_is_moderator": people.is_moderator(user),
        "viewer_can_post": people.can_post(user),
        "viewer_needs_two_factor": people.roles_waiting_for_two_factor(user),
    }
