"""Corrections for privacy (issue 17) of a position, a summary and a joint statement's text: the
earlier versions are shown to moderators only, the removed text is in no stored live event and no
cached page, and a reply that quoted the earlier position shows the corrected one."""

import pytest
from django.test import Client
from django.urls import reverse

from forum.errors import ActionRefused
from tests.debates.test_debates import ben, cora, debate, move, open_floor, org_c, post_in, publish, summing_up  # noqa: F401
from tests.redaction.test_redaction import MARKER, in_cache, in_events
from tests.joint.test_statements import _published
from threads.debates import actions as da
from threads.redaction import actions as redaction_actions
from threads.joint import statements as st
from threads.models import Debate

pytestmark = pytest.mark.django_db
P = Debate.Phase


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.HAMGAMI = {**settings.HAMGAMI, "PAGE_CACHE_SECONDS": 60}


def page(url, user=None) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_position_corrected_for_privacy(client, open_floor, rana, bob, mona, org_a, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        position = publish(rana, open_floor, org_a, "supports", f"We support it; call {MARKER}.")
        post_in(bob, open_floor, "No.", quote=position, agreement="disagree")
    thread_url = open_floor.thread.get_absolute_url()
    assert MARKER in page(thread_url) and in_cache(MARKER) and in_events(MARKER)
    with pytest.raises(ActionRefused):
        redaction_actions.correct_position(acting_user=rana, position=position, statement="We support it.", reason="x")
    client.force_login(mona)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/moderation/positions/{position.pk}/correct/", {"text": "We support it.", "reason": "A private number"})
    assert response.status_code == 302
    assert not in_events(MARKER) and not in_cache(MARKER)
    history = f"/debates/{open_floor.thread_id}/positions/{org_a.slug}/"
    for reader in (None, alice, rana):
        assert MARKER not in page(thread_url, reader)  # the reply's quote shows the corrected version
        text = page(history, reader)
        assert MARKER not in text and "a moderator hid it" in text and "A private number" in text
    assert MARKER in page(history, mona)
    assert MARKER not in page(f"/feeds/debates/{open_floor.thread_id}/positions/")


def test_a_summary_corrected_for_privacy(summing_up, cora, mona, root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        summary = da.draft_summary(acting_user=cora, debate=summing_up, text=f"We agreed; ask {MARKER}.")
    assert MARKER in page(summing_up.thread.get_absolute_url()) and in_cache(MARKER)
    link = f"/moderation/summaries/{summary.pk}/correct/"
    debate_page = reverse("debate_detail", args=[summing_up.thread_id])
    assert link in page(debate_page, mona) and link not in page(debate_page, cora)
    with django_capture_on_commit_callbacks(execute=True):
        redaction_actions.correct_summary(acting_user=root, summary=summary, text="We agreed.", reason="A private address")
    assert not in_events(MARKER) and not in_cache(MARKER)
    assert MARKER not in page(summing_up.thread.get_absolute_url())
    refused = Client()
    refused.force_login(cora)
    assert refused.get(f"/moderation/summaries/{summary.pk}/correct/").status_code == 403


def test_a_statement_corrected_for_privacy(client, rana, org_a, area, root, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        statement = _published(rana, org_a, area, title="Open statement")
        statement = st.correct(acting_user=root, statement=statement, language="en", title="Open statement",
                               text=f"Secret text; write to {MARKER}.", reason="typo")
    client.force_login(root)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/statements/{statement.statement_id}/correct/?language=en",
            {"language": "en", "title": "Open statement", "text": "Secret text.", "reason": "An address", "hide_history": "on"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    revisions = f"/statements/{statement.statement_id}/revisions/"
    for reader in (None, alice, rana):
        text = page(revisions, reader)
        assert MARKER not in text and "a moderator hid it" in text and "An address" in text
    assert MARKER in page(revisions, root)
    assert not in_events(MARKER) and not in_cache(MARKER)
