"""`manage.py seed_demo`: the demo a newcomer sees after `make run`."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import Membership, Organization, User
from threads.models import Post, PostRevision, Thread

# The signatories of the January 2016 declaration, word for word, in its (Persian alphabetical) order.
SIGNATORIES = [
    ("اتحاد چپ ایرانیان واشنگتن", "Iranian Left Alliance – Washington"),
    ("اتحاد چپ ایرانیان ونکوور", "Iranian Left Alliance – Vancouver"),
    ("اتحاد چپ سوسیالیستی ایرانیان", "Iranian Socialist Left Alliance"),
    ("بخشی از فعالین چپ در لس آنجلس", "A group of left activists in Los Angeles"),
    ("کمیته ایرانیان چپ- شیکاگو", "Committee of Iranian Leftists – Chicago"),
    (
        "کمیته یادمان کشتار زندانیان سیاسی دهه شصت در ایران – مونتریال",
        "Committee to Commemorate the Massacre of Political Prisoners in Iran in the 1980s – Montreal",
    ),
]


@pytest.fixture
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeded(db, fast_hasher, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)


def snapshot():
    return {
        "users": sorted(User.objects.values_list("username", "password", "display_name", "is_moderator")),
        "orgs": sorted(Organization.objects.values_list("slug", "name_fa", "name_en", "status")),
        "memberships": sorted(Membership.objects.values_list("user__username", "organization__slug", "role", "status")),
        "emails": sorted(EmailAddress.objects.values_list("email", "verified", "primary")),
        "threads": sorted(Thread.objects.values_list("pk", "title", "visibility", "post_count")),
        "posts": Post.objects.count(),
        "revisions": PostRevision.objects.count(),
    }


def test_it_creates_the_signatories_word_for_word(seeded):
    orgs = Organization.objects.all()
    assert sorted((o.name_fa, o.name_en) for o in orgs) == sorted(SIGNATORIES)
    assert all(o.status == Organization.Status.ADMITTED for o in orgs)
    assert all(o.slug.isascii() for o in orgs)
    assert all(o.description_source and o.description_html for o in orgs)


def test_it_creates_the_named_people(seeded, client):
    alice, bob, rana, mona, dave, admin = (
        User.objects.get(username=name) for name in ["alice", "bob", "rana", "mona", "dave", "admin"]
    )
    alice_org = Membership.objects.get(user=alice).organization
    bob_org = Membership.objects.get(user=bob).organization
    assert alice_org != bob_org
    assert Membership.objects.get(user=rana, organization=alice_org).role == Membership.Role.REPRESENTATIVE
    assert not dave.memberships.exists() and not mona.memberships.exists()
    assert mona.is_moderator and admin.is_superuser
    for user in (alice, bob, rana, mona, dave, admin):
        assert EmailAddress.objects.get(user=user, email=f"{user.username}@example.org").verified
        assert client.login(username=user.username, password="hamgami-demo-2016")


def test_it_creates_a_dozen_threads_with_replies(seeded):
    threads = Thread.objects.all()
    assert threads.count() >= 12
    assert threads.filter(visibility=Thread.Visibility.MEMBERS).exists()
    assert threads.filter(on_behalf_of__isnull=False, author__username="rana").exists()
    assert Post.objects.filter(reply_to__isnull=False).count() >= 10
    # A dozen conversations with replies (statement and event discussion threads may be fresh).
    assert threads.filter(kind=Thread.Kind.DISCUSSION, post_count__gte=2).count() >= 12
    covered = set(threads.values_list("area_links__tag__number", flat=True))
    assert covered == {1, 2, 3, 4, 5, 6, 7}
    titles = " ".join(threads.values_list("title", flat=True))
    assert "ماه مه" in titles and "Haft Tappeh" in titles and "۱۳۶۷" in titles
    assert "lorem" not in " ".join(Post.objects.values_list("body_source", flat=True)).lower()


def test_it_is_idempotent(seeded):
    before = snapshot()
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)
    assert snapshot() == before


def test_it_uses_demo_password_from_the_environment(db, fast_hasher, monkeypatch, client):
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-password")
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)
    assert client.login(username="alice", password="another-demo-password")


def test_it_refuses_when_debug_is_off(db):
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", verbosity=0)
    assert not Organization.objects.exists() and not User.objects.exists()


def test_orgs_page_lists_them_in_persian_order(seeded, client):
    response = client.get("/orgs/", headers={"accept-language": "fa"})
    assert response.status_code == 200
    page = response.content.decode()
    positions = [page.find(name_fa) for name_fa, _ in SIGNATORIES]
    assert -1 not in positions, "every signatory is listed"
    assert positions == sorted(positions), "in Persian alphabetical order, as in the declaration"


def test_members_only_demo_thread_is_hidden_from_visitors(seeded, client):
    thread = Thread.objects.filter(visibility=Thread.Visibility.MEMBERS).first()
    assert client.get(f"/threads/{thread.pk}/").status_code == 404
