"""Language people read (issue 18): the English article, email subjects that name the site once,
and the sign-in library's emails that say Hamgami, not the host, in the recipient's language."""

from django.core import mail
from django.urls import reverse

from tests.test_debates import ben, cora, debate, org_c  # noqa: F401
from threads import actions, following
from threads.models import Debate


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
