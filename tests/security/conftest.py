"""People and things for the attacker's-eye suite, beside tests/conftest.py's alice, bob, rana, mona,
dave and root.

ben: representative of org B · cora: member of org B, chair of `debate` (A and B taking part) ·
`old_hands`: the named people's accounts dated a year back, so limits for new accounts stay out
of tests about something else.
"""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Membership, User
from tests.conftest import accept_chair, join, make_user
from threads.debates import actions as da
from threads.models import Debate


@pytest.fixture
def ben(org_b):
    user = make_user("ben", display_name="Ben")
    join(user, org_b, Membership.Role.REPRESENTATIVE)
    return user


@pytest.fixture
def cora(org_b):
    user = make_user("cora", display_name="Cora")
    join(user, org_b)
    return user


@pytest.fixture
def debate(rana, ben, alice, cora, org_a, org_b, area):
    return accept_chair(da.start_debate(
        acting_user=alice, title="A public debate", motion="The coalition calls for a boycott.",
        body="Let us debate it.", difference=Debate.Difference.POLITICAL, areas=[area],
        organizations=[org_a, org_b], chair=cora,
    ))


def age_accounts(days: int = 365) -> None:
    User.objects.update(date_joined=timezone.now() - datetime.timedelta(days=days))
