"""Pages with the frame's fixed runs kept are the pages a fresh render gives (issue 16).

`{% fixed_runs %}` (threads/templatetags/frame.py) keeps, per language, the output of runs of
nodes that can show nothing but words and addresses; everything else renders per request. These
tests render pages with it off and on, for readers of every kind in both languages, in an order
where one reader's render fills what the next reuses, and compare the bytes (the CSRF token,
masked afresh on each request, and the relative time's words aside). Then they show that what
differs per person and per request (names, bells, the banner asking for two-factor, messages,
the path in the language switch) is never what a kept run holds.
"""

import re

import pytest
from django.template import engines
from django.test import Client

from accounts import actions as account_actions
from accounts.models import Membership
from tests.conftest import make_user
from threads.core import actions
from threads.templatetags import frame

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
RELATIVE = re.compile(r'(data-relative="1">)[^<]*(</time>)')


def page(client, url, language, settings, kept, method="get", data=None):
    settings.HAMGAMI = {**settings.HAMGAMI, "FIXED_RUNS": kept}
    response = getattr(client, method)(url, data or {}, HTTP_ACCEPT_LANGUAGE=language, follow=True)
    assert response.status_code in (200, 400), (url, response.status_code)
    return RELATIVE.sub(r"\1…\2", CSRF.sub("csrf", response.content.decode()))


def signed_in(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def unprotected_representative(org_a):
    """A representative without two-factor: every page carries the banner asking for it."""
    user = make_user("rahim", display_name="Rahim <b>R</b>", two_factor_enabled=False)
    Membership.objects.create(user=user, organization=org_a, role=Membership.Role.REPRESENTATIVE, status=Membership.Status.APPROVED)
    return user


def test_every_reader_and_language_gets_the_fresh_page(
    public_thread, alice, bob, rana, mona, dave, root, unprotected_representative, area, org_a, settings
):
    actions.create_post(acting_user=bob, thread=public_thread, body="A reply by <bob>.")
    account_actions.set_volunteer_translator(acting_user=alice, volunteers=True)
    urls = [public_thread.get_absolute_url(), f"{public_thread.get_absolute_url()}?page=1", "/", "/orgs/", "/help/keyboard/",
            area.get_absolute_url(), org_a.get_absolute_url(), "/search/?q=thread"]
    readers = [None, dave, alice, bob, rana, mona, root, unprotected_representative]
    clients = {reader: signed_in(reader) for reader in readers}
    for url in urls:  # first views mark notices and read positions: later views are alike
        for reader in readers:
            page(clients[reader], url, "en", settings, kept=False)
    fresh = {
        (url, language, reader): page(clients[reader], url, language, settings, kept=False)
        for url in urls for language in ("fa", "en") for reader in readers
    }
    for order in (readers, readers[::-1]):  # one reader's render fills the runs the others reuse
        for url in urls:
            for language in ("fa", "en"):
                for reader in order:
                    assert page(clients[reader], url, language, settings, kept=True) == fresh[url, language, reader], (url, language, reader)
    thread_url = urls[0]
    # what differs per person is in the pages, so the comparisons above could fail
    assert 'class="who">Alice</a>' in fresh[thread_url, "en", alice] and 'class="who">Alice</a>' not in fresh[thread_url, "en", bob]
    assert "two-factor" in fresh[thread_url, "en", unprotected_representative] and "two-factor" not in fresh[thread_url, "en", alice]
    assert "Rahim &lt;b&gt;R&lt;/b&gt;" in fresh[thread_url, "en", unprotected_representative]
    assert 'data-translator="1"' in fresh[thread_url, "fa", alice] and 'data-translator="1"' not in fresh[thread_url, "fa", bob]
    assert "Review queue" in fresh["/", "en", mona] and "Review queue" not in fresh["/", "en", dave]
    assert "Log in" in fresh["/", "en", None] and "Log in" not in fresh["/", "en", dave]
    assert 'lang="fa" dir="rtl"' in fresh["/", "fa", dave] and 'lang="en" dir="ltr"' in fresh["/", "en", dave]


def test_messages_errors_and_the_path_are_per_request(public_thread, alice, bob, settings):
    """A message after following, a reply form with errors and the member's text, and the path in
    the language and theme forms: each page from kept runs is the fresh one, and holds this request's."""
    client = signed_in(alice)
    url = public_thread.get_absolute_url()
    page(client, url, "fa", settings, kept=True)  # runs filled by a plain view first
    for language in ("fa", "en"):
        followed = [page(client, f"/follow/thread/{public_thread.pk}/", language, settings, kept, "post", {"level": "watching"}) for kept in (True, False)]
        assert followed[0] == followed[1]
        assert 'class="message message-success"' in followed[0]
        sent = {"body": "", "translation": "My <i>text</i> & more", "reply_to": ""}
        errors = [page(client, f"/threads/{public_thread.pk}/reply/", language, settings, kept, "post", sent) for kept in (True, False)]
        assert errors[0] == errors[1]
        assert "My &lt;i&gt;text&lt;/i&gt; &amp; more</textarea>" in errors[0] and 'class="field has-error"' in errors[0]
        paged = [page(client, f"{url}?page=1&x=%3Cq%3E", language, settings, kept) for kept in (True, False)]
        assert paged[0] == paged[1]
        assert 'name="next" value="' + url + '?page=1&amp;x=%3Cq%3E"' in paged[0]
    bob_page = page(signed_in(bob), url, "en", settings, kept=True)
    assert 'class="who">باب</a>' in bob_page and 'class="who">Alice</a>' not in bob_page


def render(source, context, settings, kept=True):
    settings.HAMGAMI = {**settings.HAMGAMI, "FIXED_RUNS": kept}
    return engines["django"].from_string("{% load i18n static frame %}{% fixed_runs %}" + source + "{% endfixed_runs %}").render(context)


def test_only_nodes_of_words_and_addresses_are_kept(settings):
    """Variables, translated variables, addresses with variable arguments, `as` and blocks with
    variables render per request, inside and outside conditions; literal ones are kept."""
    source = (
        "<p>{% translate 'Log in' %} {% url 'home' %} {% static 'css/site.css' %}</p>"
        "{{ name }}|{% translate word %}|{% url 'person' handle %}|{% url view %}"
        "|{% translate 'Log out' as out %}{{ out }}|{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}"
        "|{% if flag %}<b>{% translate 'Search' %}</b>{{ name }}{% else %}<i>{% translate 'Menu' %}</i>{% endif %}"
        "{% for n in items %}<li>{% translate 'Sign up' %} {{ n }}</li>{% endfor %}"
    )
    first = {"name": "Ann", "word": "Search", "handle": "ann", "view": "home", "flag": True, "items": [1, 2]}
    second = {"name": "Bo<b>", "word": "Menu", "handle": "bo", "view": "org_list", "flag": False, "items": [3]}
    fresh = [render(source, context, settings, kept=False) for context in (first, second)]
    assert [render(source, context, settings) for context in (first, second)] == fresh
    assert [render(source, context, settings) for context in (first, second)] == fresh  # now from what was kept
    assert "Ann|" in fresh[0] and "Bo&lt;b&gt;|" in fresh[1] and "/orgs/" in fresh[1] and "ann" in fresh[0]
    assert "<li>Sign up 3</li>" in fresh[1]


def test_a_run_is_kept_per_language(settings):
    from django.utils import translation

    source = "<p>{% translate 'Log in' %} · {% url 'home' %}</p>"
    with translation.override("fa"):
        persian = render(source, {}, settings)
    with translation.override("en"):
        english = render(source, {}, settings)
    assert english == "<p>Log in · /</p>" and persian != english and "Log in" not in persian
    folded = engines["django"].from_string("{% load i18n frame %}{% fixed_runs %}<p>{% translate 'x' %}</p>{{ v }}{% endfixed_runs %}")
    assert len(folded.template.nodelist.get_nodes_by_type(frame.FixedRunNode)) == 1

