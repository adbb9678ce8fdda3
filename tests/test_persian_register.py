"""Language people read (issue 18): the English article, email subjects that name the site once,
the sign-in library's emails that say Hamgami in the recipient's language, Persian digits in every
form, one register and glossary on the account pages, a post's direction by its dominant script,
and markup details a validator reads (headings, <time datetime>)."""

import re

from django.core import mail
from django.urls import reverse

from tests.debates.test_debates import ben, cora, debate, org_c  # noqa: F401 (fixtures)
from threads.core import actions
from threads.following import actions as following
from forum.markup import render_markdown
from threads.models import Debate, Post
from threads.templatetags.hamgami import when


def test_an_organizational_difference(client, debate):
    Debate.objects.filter(pk=debate.pk).update(difference=Debate.Difference.ORGANIZATIONAL)
    page = client.get(debate.thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "An organizational difference" in page and "A organizational" not in page


def test_notification_subject_names_the_site_once(alice, bob, public_thread, django_capture_on_commit_callbacks):
    following.save_preferences(acting_user=alice, email="immediate", watch_when_posting=True, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        actions.create_post(acting_user=bob, thread=public_thread, body="hi @alice")
    subject = mail.outbox[0].subject
    assert subject.count("Hamgami") == 1 and "mentioned you" in subject and bob.public_name in subject


def test_sign_in_library_emails_name_hamgami_in_the_readers_language(client, db):
    for language, name in (("en", "Hamgami"), ("fa", "همگامی")):
        mail.outbox.clear()
        client.post(
            reverse("account_signup"),
            {"username": f"newbie{language}", "email": f"newbie{language}@example.org",
             "password1": "a long enough passphrase 2016", "password2": "a long enough passphrase 2016"},
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert mail.outbox, "the signup sends a verification email"
        body = mail.outbox[0].body
        assert body.count(name) >= 2, body  # the greeting and the thanks name the site, not the host
        assert "testserver!" not in body


# --- digits and direction -----------------------------------------------------------------------



LATIN_DIGIT = re.compile(r"[0-9]")


def _interface_text(html: str) -> str:
    """The visible text of the page's forms, minus attributes, scripts and code-like tokens."""
    forms = "".join(re.findall(r"<form\b.*?</form>", html, flags=re.S))
    text = re.sub(r"<[^>]+>", " ", forms)
    text = re.sub(r"https?://\S+|\S*[/@]\S*", " ", text)
    return re.sub(r"\S*[A-Za-z]\S*", " ", text)  # code-like tokens (zone names: CST6CDT, GMT+0)


FORMS_SIGNED_OUT = ("account_login", "account_signup", "account_reset_password")
FORMS_SIGNED_IN = (
    "thread_new", "debate_new", "statement_new", "gathering_new", "org_apply", "profile", "account_change_password",
    "account_email", "notifications",
)


def test_persian_forms_show_no_latin_digits(client, rana, area):
    found = {}
    for signed_in, names in ((False, FORMS_SIGNED_OUT), (True, FORMS_SIGNED_IN)):
        if signed_in:
            client.force_login(rana)
        for name in names:
            response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="fa")
            assert response.status_code == 200, name
            digits = LATIN_DIGIT.findall(_interface_text(response.content.decode()))
            if digits:
                found[name] = re.findall(r".{0,30}[0-9].{0,30}", _interface_text(response.content.decode()))[:3]
    assert not found, found


def test_a_persian_post_opening_with_a_latin_mention_reads_right_to_left(client, alice, bob, public_thread):
    post = actions.create_post(acting_user=bob, thread=public_thread, body="@alice رفقا، این متن به فارسی نوشته شده است.")
    html = client.get(public_thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    body = html.split(f'id="post-{post.pk}"', 1)[1]
    assert re.search(r'class="post-body" dir="rtl" lang="fa"', body)
    assert isinstance(post, Post)


def test_persian_password_errors_show_no_latin_digits(client, db):
    response = client.post(
        reverse("account_signup"),
        {"username": "zz", "email": "zz@example.org", "password1": "short", "password2": "short"},
        HTTP_ACCEPT_LANGUAGE="fa",
    )
    text = _interface_text(response.content.decode())
    assert "حرف" in text or "نویسه" in text  # the refusal says how long a password must be
    assert not LATIN_DIGIT.search(text), re.findall(r".{0,40}[0-9].{0,40}", text)


COLLOQUIAL = re.compile(r"رایانامه|رمز عبور|\bیه\b|نساختی|\bکن\.|\bداری\b|\bکنی\b")


def test_account_pages_speak_the_sites_register_and_glossary(client, rana, db):
    pages = []
    for name in ("account_login", "account_signup", "account_reset_password"):
        pages.append((name, client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="fa").content.decode()))
    client.force_login(rana)
    for name in ("account_change_password", "account_email"):
        pages.append((name, client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="fa").content.decode()))
    found = {name: COLLOQUIAL.findall(html) for name, html in pages if COLLOQUIAL.search(html)}
    assert not found, found


# --- markup a validator reads (issue 18; tests/test_html_valid.py runs the Nu Html Checker) ------



def test_headings_of_a_text_start_under_the_page_and_skip_no_level():
    html = render_markdown("## Summary\n\ntext\n\n#### Detail\n\nmore")
    assert "<h3" in html and "<h4" in html and "<h5" not in html and "<h6" not in html


def test_time_datetime_has_no_microseconds(public_thread):
    stamp = when(public_thread.created_at.replace(microsecond=123456))
    assert re.search(r'datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"', stamp), stamp
