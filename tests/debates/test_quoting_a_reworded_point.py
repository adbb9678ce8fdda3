"""A reply quoting a ledger point and a rewording of that point, at the same moment (issue 20).

The reply form carries the version of each point's wording it showed; the reply is checked under
the debate's row lock that `reword_point` takes. So a reply never quotes words its writer did not
read: reworded after the form was shown, the reply is refused (409) with the new wording shown and
the typed text kept; and once a reply quoted the point, its wording stays. On PostgreSQL the two
are shown to wait for each other."""

import os
import re
import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from forum.errors import ActionRefused, Conflict

from tests.translations.test_target_translations import POINT_FA, ben, cora, debate, point  # noqa: F401
from threads.core import actions as core_actions
from threads.debates import actions as da
from threads.models import Debate, LedgerPoint, Post

pytestmark = pytest.mark.django_db

NEW_FA = "انتخابات پیش رو آزاد نیست."
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
T = 30  # seconds: CI shares two cores


def open_floor(debate, cora):
    for phase in (Debate.Phase.REBUTTALS, Debate.Phase.OPEN_FLOOR):
        debate = da.move_phase(acting_user=cora, debate=debate, to_phase=phase, reason="Time")
    return debate


def signed_in(user, language="en") -> Client:
    client = Client()
    client.cookies["hamgami_language"] = language
    client.force_login(user)
    return client


def wordings(html: str) -> str:
    """The versions the reply form carries, as the browser sends them back."""
    found = re.search(r'<input type="hidden" name="wordings" value="([^"]*)"', html)
    assert found, "the reply form carries the wordings it shows"
    return found.group(1)


def reply(client, debate, point, seen, body="I agree with this point, and here is why."):
    return client.post(
        reverse("thread_reply", args=[debate.thread_id]),
        {"body": body, "responds_to": f"point-{point.pk}", "agreement": "agree", "wordings": seen},
    )


def test_a_reply_to_a_point_reworded_after_the_form_was_shown_is_refused_and_keeps_the_text(
    alice, bob, cora, debate, point,
):
    debate = open_floor(debate, cora)
    replier = signed_in(bob)
    page = replier.get(debate.thread.get_absolute_url() + f"?quote=point-{point.pk}").content.decode()
    seen = wordings(page)
    assert f"point-{point.pk}:1" in seen.split()
    da.reword_point(acting_user=alice, point=point, text=NEW_FA)  # alice corrects it while bob writes

    response = reply(replier, debate, point, seen, body="My careful answer to the first wording.")
    html = response.content.decode()
    assert response.status_code == 409
    assert "Point 1 was reworded while you were writing" in html
    assert "My careful answer to the first wording." in html  # what was typed is kept
    assert f'<option value="point-{point.pk}" selected>' in html and NEW_FA in html  # the new wording offered
    assert not Post.objects.filter(quoted_point=point).exists()
    assert f"point-{point.pk}:2" in wordings(html).split()  # the form now carries what it shows

    # sent again, knowingly, it answers the new wording; and that wording now stays
    response = reply(replier, debate, point, wordings(html))
    assert response.status_code == 302
    assert Post.objects.get(quoted_point=point).author == bob
    refused = signed_in(alice).post(reverse("point_reword", args=[point.pk]), {"text": "Yet another wording"})
    assert refused.status_code == 403 and LedgerPoint.objects.get(pk=point.pk).text == NEW_FA


def test_the_refusal_is_in_the_writers_language(alice, bob, cora, debate, point):
    debate = open_floor(debate, cora)
    replier = signed_in(bob, "fa")
    seen = wordings(replier.get(debate.thread.get_absolute_url()).content.decode())
    da.reword_point(acting_user=alice, point=point, text=NEW_FA)
    response = reply(replier, debate, point, seen, body="پاسخ سنجیدهٔ من.")
    html = response.content.decode()
    assert response.status_code == 409
    assert "عبارت بند ۱ هنگامی که می‌نوشتید اصلاح شد" in html and "پاسخ سنجیدهٔ من." in html


def test_quoting_the_wording_shown_works(bob, cora, debate, point):
    debate = open_floor(debate, cora)
    da.reword_point(acting_user=cora, point=point, text=NEW_FA)  # before the form is shown
    replier = signed_in(bob)
    seen = wordings(replier.get(debate.thread.get_absolute_url()).content.decode())
    assert f"point-{point.pk}:2" in seen.split()
    assert reply(replier, debate, point, seen).status_code == 302
    post = Post.objects.get(quoted_point=point)
    assert (post.author, post.agreement) == (bob, "agree")


def test_the_reply_form_of_an_ordinary_thread_carries_no_wordings(login, alice, public_thread):
    html = login(alice).get(public_thread.get_absolute_url()).content.decode()
    assert 'name="wordings"' not in html


# --- on PostgreSQL: the two wait for each other on the debate's row lock ------------------------


def waiting_on_a_lock() -> bool:
    """Whether another backend of this database waits on a lock now (a fresh look each time)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


def until_waiting(worker: threading.Thread) -> None:
    event = threading.Event()
    for _ in range(T * 20):
        if waiting_on_a_lock() or not worker.is_alive():
            break
        event.wait(0.05)  # looking again for the other backend's wait, not for time to pass
    assert worker.is_alive() and waiting_on_a_lock(), "the second writer waits for the first one's lock"


def in_thread(work) -> tuple[threading.Thread, dict]:
    outcome = {}

    def run():
        try:
            outcome["value"] = work()
        except Exception as error:  # noqa: BLE001 - the test asserts what it was
            outcome["error"] = error
        finally:
            connection.close()

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    return worker, outcome


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks need PostgreSQL (SQLite serializes every write)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the areas come from a migration
def test_a_reply_waits_for_a_rewording_under_way_then_is_refused(alice, bob, cora, debate, point):
    debate = open_floor(debate, cora)
    with transaction.atomic():
        da.reword_point(acting_user=alice, point=point, text=NEW_FA)  # not committed yet
        worker, outcome = in_thread(lambda: core_actions.create_post(
            acting_user=bob, thread=debate.thread, body="On the first wording.", quote=point, agreement="agree",
            seen_wording=1,
        ))
        until_waiting(worker)
    worker.join(T)
    assert not worker.is_alive()
    assert isinstance(outcome.get("error"), Conflict) and "responds_to" in outcome["error"].message_dict
    assert not Post.objects.filter(quoted_point=point).exists()


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks need PostgreSQL (SQLite serializes every write)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the areas come from a migration
def test_a_rewording_waits_for_a_reply_under_way_then_is_refused(alice, bob, cora, debate, point):
    debate = open_floor(debate, cora)
    with transaction.atomic():
        core_actions.create_post(  # not committed yet
            acting_user=bob, thread=debate.thread, body="On the first wording.", quote=point, agreement="agree",
            seen_wording=1,
        )
        worker, outcome = in_thread(lambda: da.reword_point(acting_user=alice, point=point, text=NEW_FA))
        until_waiting(worker)
    worker.join(T)
    assert not worker.is_alive()
    assert isinstance(outcome.get("error"), ActionRefused)
    assert LedgerPoint.objects.get(pk=point.pk).text == POINT_FA
