"""Debates and statements that offered what a person could not do (issue 18): a concluded
debate's word budget and stance form, the reply box during rebuttals, signing twice, and a
refused publication that lands back on the statement with its reason."""

import pytest
from django.urls import reverse

from tests.debates.test_debates import P, ben, cora, cyrus, debate, decide, move, org_c, propose, stance, three_way, concluded, endorse  # noqa: F401
from tests.joint.test_statements import draft, rep_b, sign  # noqa: F401
from threads.joint import statements as st
from threads.models import Debate


def test_a_concluded_debate_shows_no_budget_and_no_stance_form(client, concluded, rana):
    d, points = concluded
    Debate.objects.filter(pk=d.pk).update(word_budget=50)
    client.force_login(rana)
    page = client.get(d.thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "used," not in page and "record a stance" not in page
    response = client.get(reverse("point_stance", args=[points[0].pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403 and "concluded" in response.content.decode()
    assert 'name="value"' not in response.content.decode()


def test_a_member_sees_why_not_a_reply_box_during_rebuttals(client, debate, cora, alice):
    move(debate, cora, P.REBUTTALS)
    client.force_login(alice)
    page = client.get(debate.thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "In the rebuttals phase only representatives reply" in page
    assert 'class="post-form"' not in page


def test_a_refused_reply_returns_to_the_form_with_the_typed_text(client, debate, cora, alice):
    move(debate, cora, P.REBUTTALS)
    client.force_login(alice)
    response = client.post(
        reverse("thread_reply", args=[debate.thread.pk]), {"body": "My carefully typed words"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    assert response.status_code == 403 and "My carefully typed words" in page and "rebuttals phase" in page


def test_a_signed_organization_is_not_offered_to_sign_again(client, draft, rana, rep_b, org_a, org_b):
    sign(rana, draft, org_a, "fa"), sign(rana, draft, org_a, "en")
    st.publish(acting_user=rana, statement=draft)
    client.force_login(rana)
    page = client.get(draft.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your organization has signed this statement." in page and ">Sign</button>" not in page
    client.force_login(rep_b)
    page = client.get(draft.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Sign</button>" in page


def test_publishing_before_signing_returns_to_the_statement_with_the_reason(client, draft, rana):
    client.force_login(rana)
    response = client.post(reverse("statement_publish", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="en", follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "must sign the current revision" in page
