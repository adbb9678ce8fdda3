"""Abuse (issue 10, property 6): new accounts slowed on posting and flagging, link-heavy first
posts queued, body size limits. Websocket limits are proven in tests/live/test_live.py:
test_an_oversized_frame_closes_the_socket, test_a_flood_is_throttled_then_disconnected,
test_subscriptions_per_socket_are_capped, test_sockets_per_person_are_capped_and_released."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from forum.errors import ActionRefused
from threads.core import actions
from threads.moderation import actions as moderation
from threads.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limit(settings):
    settings.HAMGAMI = {**settings.HAMGAMI, "NEW_ACCOUNT_POSTS_PER_HOUR": 3, "NEW_ACCOUNT_DAYS": 3}


def test_a_new_account_is_slowed_after_its_hourly_posts(small_limit, alice, public_thread):
    # public_thread's opening post was the first write of the hour
    actions.create_post(acting_user=alice, thread=public_thread, body="two")
    actions.create_post(acting_user=alice, thread=public_thread, body="three")
    with pytest.raises(ActionRefused) as refused:
        actions.create_post(acting_user=alice, thread=public_thread, body="four")
    assert "3" in str(refused.value.message)
    with pytest.raises(ActionRefused):
        actions.create_thread(acting_user=alice, title="Another", body="x", areas=list(public_thread.areas.all()))


def test_the_refusal_reaches_the_person_as_a_403_with_the_message(small_limit, client, alice, public_thread, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(alice)
    url = f"/threads/{public_thread.pk}/reply/"
    for body in ("two", "three"):
        assert client.post(url, {"body": body}, HTTP_ACCEPT_LANGUAGE="en").status_code == 302
    response = client.post(url, {"body": "four"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "at most 3 times an hour" in response.content.decode() or "۳" in response.content.decode()


def test_an_established_account_is_not_slowed(small_limit, alice, public_thread):
    User.objects.filter(pk=alice.pk).update(date_joined=timezone.now() - datetime.timedelta(days=30))
    alice.refresh_from_db()
    for n in range(6):
        actions.create_post(acting_user=alice, thread=public_thread, body=f"reply {n}")


def test_the_limit_is_per_hour_not_forever(small_limit, alice, public_thread, monkeypatch):
    actions.create_post(acting_user=alice, thread=public_thread, body="two")
    actions.create_post(acting_user=alice, thread=public_thread, body="three")
    later = timezone.now() + datetime.timedelta(hours=1)
    monkeypatch.setattr(actions.timezone, "now", lambda: later)
    actions.create_post(acting_user=alice, thread=public_thread, body="next hour")


def test_flagging_is_rate_limited(settings, dave, alice, public_thread):
    settings.HAMGAMI = {**settings.HAMGAMI, "FLAGS_PER_HOUR": 2, "FLAGS_TO_HIDE": 100}
    posts = [actions.create_post(acting_user=alice, thread=public_thread, body=f"p{n}") for n in range(3)]
    moderation.flag_post(acting_user=dave, post=posts[0], kind="spam")
    moderation.flag_post(acting_user=dave, post=posts[1], kind="spam")
    with pytest.raises((ActionRefused, ValidationError)):
        moderation.flag_post(acting_user=dave, post=posts[2], kind="spam")


def test_a_link_heavy_reply_waits_for_a_moderator(alice, public_thread, settings):
    links = " ".join(f"https://spam{n}.example/" for n in range(settings.HAMGAMI["PREMODERATE_LINKS"] + 1))
    post = actions.create_post(acting_user=alice, thread=public_thread, body=f"buy now {links}")
    assert post.state == Post.State.QUEUED
    few = actions.create_post(acting_user=alice, thread=public_thread, body="see https://ok.example/")
    assert few.state == Post.State.VISIBLE


def test_bodies_and_titles_have_size_limits(alice, public_thread, settings, client):
    with pytest.raises(ValidationError):
        actions.create_post(acting_user=alice, thread=public_thread, body="x" * (settings.HAMGAMI["BODY_MAX"] + 1))
    with pytest.raises(ValidationError):
        actions.create_thread(acting_user=alice, title="t" * (settings.HAMGAMI["TITLE_MAX"] + 1), body="x",
                              areas=list(public_thread.areas.all()))
    client.force_login(alice)
    response = client.post(f"/threads/{public_thread.pk}/reply/", {"body": "x" * (settings.HAMGAMI["BODY_MAX"] + 1)})
    assert response.status_code == 400
    assert public_thread.posts.count() == 1


def test_a_request_body_over_djangos_limit_is_refused(alice, public_thread, client, settings):
    client.force_login(alice)
    huge = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(f"/threads/{public_thread.pk}/reply/", {"body": huge})
    assert response.status_code == 400


def test_production_limits_new_accounts_by_default():
    import subprocess
    import sys

    from tests.test_security_headers import ROOT, production_env, random_secret

    out = subprocess.run([sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                          "print(settings.HAMGAMI['NEW_ACCOUNT_POSTS_PER_HOUR'])"], cwd=ROOT,
                         env=production_env(SECRET_KEY=random_secret()), capture_output=True, text=True, timeout=120)
    assert int(out.stdout.strip() or 0) > 0, out.stderr
