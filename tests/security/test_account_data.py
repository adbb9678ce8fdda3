"""Privacy (issue 10, property 7): a person downloads their own data (/me/export/) and deletes
their account (/me/delete/): anonymized and deactivated, signed out everywhere, their posts kept
as by "deleted user" (in the reader's language), nobody else's data touched."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError

from accounts import actions as account_actions
from accounts.models import Membership, User
from tests.conftest import PASSWORD
from threads.core import actions
from threads.debates import actions as da
from threads.following import actions as following
from threads.following.models import Notification, Subscription
from threads.models import Debate

pytestmark = pytest.mark.django_db


@pytest.fixture
def writing(alice, bob, rana, org_a, org_b, area, members_thread):
    """alice wrote in public and members-only threads; bob wrote too and follows things; rana
    published org A's position; alice has a notification and follows a thread."""
    public = actions.create_thread(acting_user=alice, title="Alice's public thread", body="Alice's **own** words", areas=[area])
    actions.create_post(acting_user=bob, thread=public, body="Bob's private thoughts")
    actions.create_post(acting_user=alice, thread=members_thread, body="Alice in the members' room")
    secret = actions.create_thread(acting_user=rana, title="Org A only secret", body="Rana's secret", areas=[area],
                                   visibility="members")
    following.follow(acting_user=bob, target=public, level="watching")
    debate = da.start_debate(acting_user=rana, title="A debate", motion="We boycott.", body="Open",
                             difference=Debate.Difference.POLITICAL, areas=[area], organizations=[org_a, org_b])
    da.publish_position(acting_user=rana, debate=debate, organization=org_a, stance="supports", statement="Rana's stance")
    return {"public": public, "secret": secret, "debate": debate}


def test_export_has_the_persons_own_data_and_nothing_else(client, alice, bob, writing):
    actions.create_post(acting_user=bob, thread=writing["public"], body="@alice look")
    client.force_login(alice)
    response = client.get("/me/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["profile"]["username"] == "alice" and data["profile"]["display_name"] == "Alice"
    assert data["profile"]["email_addresses"] == [{"email": "alice@example.org", "verified": True, "primary": True}]
    assert [m["organization"] for m in data["memberships"]] == ["org-a"]
    texts = [p["text"] for p in data["posts"]]
    assert "Alice's **own** words" in texts and "Alice in the members' room" in texts  # members-only: hers
    assert data["notifications"] and data["following"]["subscriptions"]
    raw = response.content.decode()
    for other in ("Bob's private thoughts", "@alice look", "Rana's secret", "Rana's stance", "bob@example.org",
                  "rana@example.org"):
        assert other not in raw


def test_export_of_a_representative_has_their_positions(client, rana, writing):
    client.force_login(rana)
    data = client.get("/me/export/").json()
    assert [p["statement"] for p in data["positions"]] == ["Rana's stance"]


def test_export_leaves_out_titles_of_threads_no_longer_readable(client, alice, org_a, members_thread, writing):
    Membership.objects.filter(user=alice).delete()  # alice left org A
    client.force_login(User.objects.get(pk=alice.pk))
    data = client.get("/me/export/").json()
    post = next(p for p in data["posts"] if p["text"] == "Alice in the members' room")
    assert post["thread"] == {"id": members_thread.pk}  # her words, not the thread's title
    assert "A members-only thread" not in json.dumps(data, ensure_ascii=False)


def test_export_checks_access(client):
    response = client.get("/me/export/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post("/me/export/").status_code in (302, 405)


def test_profile_links_to_export_and_deletion(client, alice):
    client.force_login(alice)
    page = client.get("/me/").content.decode()
    assert 'href="/me/export/"' in page and 'href="/me/delete/"' in page


def test_deletion_end_to_end(client, alice, bob, org_a, writing, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(account_actions, "send_to_user", lambda user_id, message: sent.append((user_id, message)))
    Authenticator.objects.create(user=alice, type=Authenticator.Type.TOTP, data={"secret": "x"})
    other = client.__class__()
    other.force_login(alice)  # a second session, elsewhere
    bob_before = (User.objects.filter(pk=bob.pk).values().get(), list(Subscription.objects.filter(user=bob).values()),
                  list(EmailAddress.objects.filter(user=bob).values()), list(Notification.objects.filter(user=bob).values()))

    client.force_login(alice)
    assert client.get("/me/delete/").status_code == 200
    wrong = client.post("/me/delete/", {"password": "not it"})
    assert wrong.status_code == 400 and User.objects.get(pk=alice.pk).is_active
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/me/delete/", {"password": PASSWORD})
    assert response.status_code == 302

    gone = User.objects.get(pk=alice.pk)
    assert gone.username.startswith("deleted-") and gone.display_name == "" and gone.email == ""
    assert not gone.is_active and gone.is_deleted and not gone.has_usable_password()
    assert not EmailAddress.objects.filter(user=gone).exists()
    assert not Authenticator.objects.filter(user=gone).exists()
    assert not Membership.objects.filter(user=gone).exists()
    assert not Notification.objects.filter(user=gone).exists() and not Subscription.objects.filter(user=gone).exists()
    assert (alice.pk, {"type": "session.ended"}) in sent

    # signed out here and in the other session; the password no longer signs in
    assert client.get("/me/").status_code == 302
    assert other.get("/me/").status_code == 302
    login = client.post("/accounts/login/", {"login": "alice", "password": PASSWORD})
    assert login.status_code == 400 and "_auth_user_id" not in client.session
    assert not any(s.get_decoded().get("_auth_user_id") == str(alice.pk) for s in Session.objects.all())

    # the posts stay, as by "deleted user", in the reader's language
    page = client.get(writing["public"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Alice&#x27;s <strong>own</strong> words" in page or "Alice's <strong>own</strong> words" in page
    assert "deleted user" in page and ">Alice<" not in page
    assert ">alice<" not in page and "/people/alice/" not in page

    # nobody else's data changed
    assert bob_before == (User.objects.filter(pk=bob.pk).values().get(), list(Subscription.objects.filter(user=bob).values()),
                          list(EmailAddress.objects.filter(user=bob).values()), list(Notification.objects.filter(user=bob).values()))


def test_deleted_user_label_follows_the_language(alice):
    from django.utils import translation

    account_actions.delete_account(acting_user=alice, password=PASSWORD)
    gone = User.objects.get(pk=alice.pk)
    with translation.override("en"):
        assert gone.public_name == "deleted user" == str(gone)
    assert gone.display_name == ""  # the label is not stored: it is translated when shown


def test_deletion_checks_access(client, alice):
    response = client.post("/me/delete/", {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert User.objects.get(pk=alice.pk).is_active
    with pytest.raises(ValidationError):
        account_actions.delete_account(acting_user=alice, password="wrong")
    assert User.objects.get(pk=alice.pk).username == "alice"
