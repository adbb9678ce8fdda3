"""Named people and organizations shared by the suite (see ../shared/house-style.md).

alice: member of org A · bob: member of org B · rana: representative of A ·
mona: moderator · dave: signed-in reader with no organization · root: admin.
"""

import pytest

from accounts.models import Membership, Organization, User
from threads.core import actions
from threads.models import Area

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _english_unless_asked(request):
    """Code outside a request (actions, their refusals) runs in English unless a test asks for Persian.

    Pages still choose their language as for any visitor (Persian unless the request asks for
    English), so page tests say which language they read; action tests can quote English messages.
    """
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a user; tests make hundreds. Production keeps Django's default."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache(settings, request):
    """Rate limits and cached pages live in the cache: each test starts with an empty one of its own.

    A fresh in-process cache rather than clearing the shared one: with REDIS_URL set, clearing
    would flush the Redis database the channel layer (and any running test server) uses too.
    """
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": request.node.nodeid}
    }
    yield
    from django.core.cache import cache

    cache.clear()


def make_user(username, **extra):
    """A person with a verified email and, unless two_factor_enabled=False is given, two-factor on:
    roles act only with it (accounts.access.has_two_factor), and tests/accounts/test_two_factor.py is where
    its absence is tested."""
    extra.setdefault("two_factor_enabled", True)
    user = User.objects.create_user(username=username, email=f"{username}@example.org", password=PASSWORD, **extra)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def with_two_factor(user):
    """Roles act only with two-factor on (accounts.access.has_two_factor); named role holders have it."""
    User.objects.filter(pk=user.pk).update(two_factor_enabled=True)
    user.two_factor_enabled = True
    return user


def join(user, org, role=Membership.Role.MEMBER):
    if role == Membership.Role.REPRESENTATIVE:
        with_two_factor(user)
    return Membership.objects.create(user=user, organization=org, role=role, status=Membership.Status.APPROVED)


def accept_chair(debate, *, forget_notices: bool = True):
    """Every participating organization's representative accepts the debate's chair, through the
    action; the notices this sends are forgotten unless asked, so tests count only their own."""
    from threads.debates import actions as debate_actions
    from threads.following.models import Notification

    for org in debate.organizations.all():
        membership = Membership.objects.filter(
            organization=org, role=Membership.Role.REPRESENTATIVE, status=Membership.Status.APPROVED
        ).select_related("user").first()
        assert membership is not None, f"{org} has no representative to accept the chair"
        debate_actions.answer_chair(acting_user=membership.user, debate=debate, organization=org, verdict="accept")
    debate.refresh_from_db()
    assert debate.chair_is_accepted
    if forget_notices:
        Notification.objects.filter(kind__in=["chair", "chair_ok"]).delete()
    return debate


@pytest.fixture
def org_a(db):
    return Organization.objects.create(
        slug="org-a", name_fa="سازمان الف", name_en="Organization A", status=Organization.Status.ADMITTED
    )


@pytest.fixture
def org_b(db):
    return Organization.objects.create(
        slug="org-b", name_fa="سازمان ب", name_en="Organization B", status=Organization.Status.ADMITTED
    )


@pytest.fixture
def alice(org_a):
    user = make_user("alice", display_name="Alice")
    join(user, org_a)
    return user


@pytest.fixture
def bob(org_b):
    user = make_user("bob", display_name="باب")
    join(user, org_b)
    return user


@pytest.fixture
def rana(org_a):
    user = make_user("rana", display_name="رعنا")
    join(user, org_a, Membership.Role.REPRESENTATIVE)
    return user


@pytest.fixture
def mona(db):
    return with_two_factor(make_user("mona", display_name="Mona", is_moderator=True))


@pytest.fixture
def dave(db):
    return make_user("dave", display_name="Dave")


@pytest.fixture
def root(db):
    user = User.objects.create_superuser(username="root", email="root@example.org", password=PASSWORD)
    with_two_factor(user)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def area(db):
    return Area.objects.get(number=1)


@pytest.fixture
def public_thread(alice, area):
    return actions.create_thread(acting_user=alice, title="A public thread", body="Opening **post**", areas=[area])


@pytest.fixture
def members_thread(alice, area):
    return actions.create_thread(
        acting_user=alice, title="A members-only thread", body="Secret opening", areas=[area], visibility="members"
    )


@pytest.fixture
def login(client):
    """login(user) signs the test client in as that person."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
