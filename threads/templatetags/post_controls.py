"""{% post_controls %}: a post's Flag and Moderate controls (templates/moderation/_post_controls.html).

The same HTML the template gave, built in Python (issue 16): the template cost ~0.2 ms a post for a
signed-in reader (the flag form's translated legend, labels and kinds, a URL reversed per link,
the CSRF input), i.e. ~3.5 ms of a 20-post page. Here the fixed parts are translated once per
language per process, the reader's parts (the CSRF input, whether they moderate) once per page
(threads/templatetags/post_reader.py), and the per-post parts (its id) filled in. Used by
the thread page and by the live events (threads.core.actions renders _post.html without a request:
no CSRF token, so members get the plain "Flag" link, as before).
"""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from threads.moderation.models import Flag
from threads.templatetags import post_reader

register = template.Library()

_SENTINEL = 987654321  # a post id no page has, replaced by the real one
_strings: dict[str, dict[str, str]] = {}


def _url(name: str, pk: int) -> str:
    pattern = _patterns.get(name)
    if pattern is None:
        pattern = _patterns[name] = reverse(name, args=[_SENTINEL])
    return pattern.replace(str(_SENTINEL), str(pk))


_patterns: dict[str, str] = {}


def _fixed(language: str) -> dict[str, str]:
    """The translated, escaped parts of the controls for one language (kept for the process)."""
    fixed = _strings.get(language)
    if fixed is None:
        radios = "".join(
            format_html('<label><input type="radio" name="kind" value="{}" required> {}</label>', value, label)
            for value, label in Flag.Kind.choices
        )
        fixed = _strings[language] = {
            "flag": conditional_escape(gettext("Flag")),
            "legend": conditional_escape(gettext("What is wrong with this post?")),
            "note": conditional_escape(gettext("Note to the moderators")),
            "moderate": conditional_escape(gettext("Moderate")),
            "restore": conditional_escape(gettext("Restore")),
            "radios": radios,
        }
    return fixed


@register.simple_tag(takes_context=True)
def post_controls(context):
    post = context["post"]
    reader = post_reader.reader(context)  # who reads, their CSRF input, whether they moderate: once per page
    csrf_token, csrf_input = reader.csrf
    text = _fixed(get_language() or "")
    parts = []
    visible = post.state == "visible"
    if visible and reader.signed_in and reader.pk != post.author_id and csrf_token:
        flag_url = _url("post_flag", post.pk)
        parts.append(
            f'<details class="flag-box"><summary>{text["flag"]}</summary>\n'
            f'<form method="post" action="{flag_url}" class="flag-form">{csrf_input}\n'
            f'  <fieldset><legend>{text["legend"]}</legend>\n'
            f'  {text["radios"]}</fieldset>\n'
            f'  <label for="flag-note-{post.pk}">{text["note"]}</label>\n'
            f'  <input type="text" name="note" id="flag-note-{post.pk}" maxlength="500" dir="auto">\n'
            f'  <button type="submit">{text["flag"]}</button>\n'
            f"</form></details>"
        )
    elif visible and reader.audience == "member" and not csrf_token:
        # in a live event the page keeps "Flag" only on others' posts (static/js/live.js)
        others_only = " data-others-only" if reader.live else ""
        parts.append(f'<a href="{_url("post_flag", post.pk)}" class="flag-link"{others_only}>{text["flag"]}</a>')
    if reader.moderates:
        moderate_url = _url("moderation_post", post.pk)
        parts.append(f'<a href="{moderate_url}" class="moderate-link">{text["moderate"]}</a>')
        if csrf_token and post.state == "hidden":
            request = context.get("request")
            next_url = conditional_escape(f"{request.get_full_path() if request else ''}#post-{post.pk}")
            parts.append(
                f'<form method="post" action="{moderate_url}" class="inline-form">{csrf_input}'
                f'<input type="hidden" name="next" value="{next_url}"><button type="submit" name="do" '
                f'value="restore" class="link-button">{text["restore"]}</button></form>'
            )
    return mark_safe("".join(parts))  # noqa: S308 - every variable part is escaped above
