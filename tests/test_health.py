"""/healthz: what a load balancer or an uptime check asks."""

import pytest

from forum import views

pytestmark = pytest.mark.django_db


def test_it_works(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"ok": True, "database": True, "channel_layer": True}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


class BrokenLayer:
    async def new_channel(self, prefix="specific."):
        raise ConnectionError("redis is down")


def test_it_names_a_broken_channel_layer(client, monkeypatch):
    monkeypatch.setattr(views, "get_channel_layer", lambda *a, **k: BrokenLayer())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"ok": False, "database": True, "channel_layer": False}


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
    assert response.json() == {"ok": False, "database": False, "channel_layer": True}
