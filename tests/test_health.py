"""/healthz: what a load balancer or an uptime check asks."""

import pytest

from forum import views

pytestmark = pytest.mark.django_db


def test_it_works(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"ok": True, "database": True, "channel_layer": True, "worker": None}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


class BrokenLayer:
    async def new_channel(self, prefix="specific."):
        raise ConnectionError("redis is down")


def test_it_names_a_broken_channel_layer(client, monkeypatch):
    monkeypatch.setattr(views, "get_channel_layer", lambda *a, **k: BrokenLayer())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"ok": False, "database": True, "channel_layer": False, "worker": None}


def test_it_names_a_missing_channel_layer(client, monkeypatch):
    monkeypatch.setattr(views, "get_channel_layer", lambda *a, **k: None)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["channel_layer"] is False


def test_it_names_a_broken_database(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OSError("database is down")

    monkeypatch.setattr(views, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"ok": False, "database": False, "channel_layer": True, "worker": None}


def test_it_says_whether_a_task_worker_is_alive_without_failing_for_it(client, settings):
    """With the database backend, a worker seen within its timeout is `true`; none, `false`, and the
    site still answers 200: pages work, only emails and timers wait."""
    from datetime import timedelta

    from django.utils import timezone
    from dbtasks.models import Worker

    settings.TASKS = {"default": {"BACKEND": "dbtasks.backend.DatabaseBackend", "OPTIONS": {"worker_timeout": 60}}}
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["worker"] is False
    Worker.objects.create(id="w1", backend="default", last_seen=timezone.now() - timedelta(seconds=5))
    assert client.get("/healthz").json()["worker"] is True
    Worker.objects.filter(id="w1").update(last_seen=timezone.now() - timedelta(minutes=5))
    assert client.get("/healthz").json()["worker"] is False
