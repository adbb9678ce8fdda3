"""{% post_controls %} (threads/templatetags/post_controls.py) gives byte for byte the HTML the
template moderation/_post_controls.html gave before issue 16, for every reader, post state,
audience and language, with and without a CSRF token (pages have one; live events do not)."""

import itertools
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from accounts.access import anonymous
from threads.core import actions

OLD_TEMPLATE = (  # moderation/_post_controls.html at ee04830, with issue 18's data-others-only
    '{% load i18n moderation %}{% flag_kind_choices as flag_kinds %}{% if post.state == "visible" and user.is_authenticated and user.pk != post.author_id and csrf_token %}<details class="flag-box"><summary>{% translate "Flag" %}</summary>\n'
    '<form method="post" action="{% url \'post_flag\' post.pk %}" class="flag-form">{% csrf_token %}\n'
    "  <fieldset><legend>{% translate \"What is wrong with this post?\" %}</legend>\n"
    '  {% for value, label in flag_kinds %}<label><input type="radio" name="kind" value="{{ value }}" required> {{ label }}</label>{% endfor %}</fieldset>\n'
    '  <label for="flag-note-{{ post.pk }}">{% translate "Note to the moderators" %}</label>\n'
    '  <input type="text" name="note" id="flag-note-{{ post.pk }}" maxlength="500" dir="auto">\n'
    '  <button type="submit">{% translate "Flag" %}</button>\n'
    "</form></details>{% elif post.state == \"visible\" and audience == \"member\" and not csrf_token %}<a href=\"{% url 'post_flag' post.pk %}\" class=\"flag-link\"{% if live %} data-others-only{% endif %}>{% translate \"Flag\" %}</a>{% endif %}{% if viewer_is_moderator or audience == \"moderator\" or user.is_area_moderator and thread and thread|moderated_by:user %}<a href=\"{% url 'moderation_post' post.pk %}\" class=\"moderate-link\">{% translate \"Moderate\" %}</a>{% if csrf_token %}{% if post.state == \"hidden\" %}<form method=\"post\" action=\"{% url 'moderation_post' post.pk %}\" class=\"inline-form\">{% csrf_token %}<input type=\"hidden\" name=\"next\" value=\"{{ request.get_full_path }}#post-{{ post.pk }}\"><button type=\"submit\" name=\"do\" value=\"restore\" class=\"link-button\">{% translate \"Restore\" %}</button></form>{% endif %}{% endif %}{% endif %}\n"
)
NEW_TEMPLATE = (Path(__file__).resolve().parent.parent.parent / "templates/moderation/_post_controls.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["fa", "en"])
def test_same_html_as_the_template_it_replaced(language, alice, bob, mona, public_thread):
    post = actions.create_post(acting_user=bob, thread=public_thread, body="A reply")
    own = public_thread.posts.order_by("pk").first()
    request = RequestFactory().get(public_thread.get_absolute_url() + "?page=2&x=<b>")
    readers = [anonymous(), alice, bob, mona]
    cases = itertools.product(readers, ["visible", "hidden", "queued"], ["visitor", "member", "moderator"], ["", "TOKEN123"], [post, own], [False, True])
    compared = 0
    with translation.override(language):
        for user, state, audience, token, which, live in cases:
            which.state = state
            context = {
                "post": which, "user": user, "audience": audience, "thread": public_thread, "request": request,
                "viewer_is_moderator": audience == "moderator", "live": live,
            }
            if token:
                context["csrf_token"] = token
            old = Template(OLD_TEMPLATE).render(Context(context))
            new = Template(NEW_TEMPLATE).render(Context(context))
            assert new == old, (user, state, audience, token, live)
            compared += bool(old.strip())
    assert compared > 20  # the controls were actually there in many of the cases
