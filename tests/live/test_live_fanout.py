"""Live fan-out off the request (issue 16, threads/core/live_dispatch.py)."""

import threading

import pytest

from threads.core import live_dispatch
from threads.core import events
from threads.models import StreamEvent


@pytest.fixture
def off_the_request(settings, public_thread):
    """Fan-out on the background thread, from after the thread (and its own events) exists."""
    settings.HAMGAMI = {**settings.HAMGAMI, "LIVE_FANOUT": "thread"}
    yield
    live_dispatch.drain()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the areas come from a migration
def test_the_request_that_posts_returns_before_the_fan_out_renders(client, off_the_request, alice, public_thread, monkeypatch):
    gate, rendering = threading.Event(), threading.Event()
    renders = []
    real = events.render_payload

    def held(render):
        rendering.set()
        assert gate.wait(30), "the test never let the rendering go on"
        payload = real(render)
        renders.append(sorted(payload))
        return payload

    monkeypatch.setattr(events, "render_payload", held)
    client.force_login(alice)
    with events.capture_events() as published:
        response = client.post(f"/threads/{public_thread.pk}/reply/", {"body": "Off the request, please."})
        assert response.status_code == 302  # answered …
        assert rendering.wait(30)  # … while the fan-out thread is still rendering
        assert published == [] and not StreamEvent.objects.filter(stream=public_thread.stream).exists()
        gate.set()
        live_dispatch.drain()
    assert "post.created" in [event.event for event in published]
    stored = StreamEvent.objects.get(stream=public_thread.stream, event="post.created")
    assert "Off the request, please." in stored.payload["member:en"]
    assert len(renders) == len(published)  # each event rendered once (per audience and language)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the areas come from a migration
def test_a_failing_fan_out_is_logged_and_the_post_stands(client, off_the_request, alice, public_thread, monkeypatch, caplog):
    def broken(render):
        raise RuntimeError("template exploded")

    monkeypatch.setattr(events, "render_payload", broken)
    client.force_login(alice)
    response = client.post(f"/threads/{public_thread.pk}/reply/", {"body": "Still here."})
    assert response.status_code == 302
    live_dispatch.drain()
    assert public_thread.posts.filter(body_source="Still here.").exists()
    assert "live: fan-out failed" in caplog.text


def test_inline_is_the_default_with_debug(settings):
    assert live_dispatch.mode() == settings.HAMGAMI["LIVE_FANOUT"] == "inline"
