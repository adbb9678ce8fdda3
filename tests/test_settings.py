"""Settings come from the environment through small typed helpers (forum/env.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from forum.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("value", ["1", "true", "True", "yes", "on", " ON "])
def test_env_bool_true(monkeypatch, value):
    monkeypatch.setenv("HAMGAMI_FLAG", value)
    assert env_bool("HAMGAMI_FLAG", False) is True


@pytest.mark.parametrize("value", ["0", "false", "no", "off", ""])
def test_env_bool_false(monkeypatch, value):
    monkeypatch.setenv("HAMGAMI_FLAG", value)
    assert env_bool("HAMGAMI_FLAG", True) is False


def test_env_bool_default_and_nonsense(monkeypatch):
    monkeypatch.delenv("HAMGAMI_FLAG", raising=False)
    assert env_bool("HAMGAMI_FLAG", True) is True
    monkeypatch.setenv("HAMGAMI_FLAG", "maybe")
    with pytest.raises(ValueError, match="HAMGAMI_FLAG"):
        env_bool("HAMGAMI_FLAG", False)


def test_env_int(monkeypatch):
    monkeypatch.delenv("HAMGAMI_N", raising=False)
    assert env_int("HAMGAMI_N", 8000) == 8000
    monkeypatch.setenv("HAMGAMI_N", "")
    assert env_int("HAMGAMI_N", 8000) == 8000
    monkeypatch.setenv("HAMGAMI_N", "8123")
    assert env_int("HAMGAMI_N", 8000) == 8123
    monkeypatch.setenv("HAMGAMI_N", "eighty")
    with pytest.raises(ValueError):
        env_int("HAMGAMI_N", 8000)


def test_env_list_and_str(monkeypatch):
    monkeypatch.delenv("HAMGAMI_L", raising=False)
    assert env_list("HAMGAMI_L", ["a"]) == ["a"]
    assert env_str("HAMGAMI_L", "x") == "x"
    monkeypatch.setenv("HAMGAMI_L", " example.org, www.example.org ,, ")
    assert env_list("HAMGAMI_L", []) == ["example.org", "www.example.org"]
    monkeypatch.setenv("HAMGAMI_L", "")
    assert env_list("HAMGAMI_L", ["a"]) == []


def settings_under(**env) -> dict:
    """Load forum.settings in a fresh interpreter with this environment; return what matters."""
    script = (
        "import json; from forum import settings as s; "
        "print(json.dumps({'db': {k: s.DATABASES['default'].get(k) for k in ('ENGINE','NAME','USER','PASSWORD','HOST','PORT','OPTIONS')},"
        " 'layer': s.CHANNEL_LAYERS['default']['BACKEND'], 'cache': s.CACHES['default']['BACKEND'],"
        " 'hosts': s.ALLOWED_HOSTS, 'debug': s.DEBUG, 'ssl_redirect': getattr(s, 'SECURE_SSL_REDIRECT', False),"
        " 'email': s.MAILERS['default']['BACKEND']}, default=str))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "HTTPS"}}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env={**clean, "DEBUG": "1", **env}, capture_output=True, text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_embedded_default_is_sqlite_and_in_memory():
    s = settings_under()
    assert s["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert s["db"]["NAME"].endswith("db.sqlite3")
    assert s["db"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert s["layer"] == "channels.layers.InMemoryChannelLayer"
    assert s["email"].endswith("console.EmailBackend")
    assert "127.0.0.1" in s["hosts"] and s["debug"] is True and s["ssl_redirect"] is False


def test_database_url_is_parsed():
    s = settings_under(DATABASE_URL="postgres://hamgami:s%40cret@db.example.org:5433/forum")
    assert s["db"]["ENGINE"] == "django.db.backends.postgresql"
    assert (s["db"]["NAME"], s["db"]["USER"], s["db"]["PASSWORD"]) == ("forum", "hamgami", "s@cret")
    assert (s["db"]["HOST"], int(s["db"]["PORT"])) == ("db.example.org", 5433)


def test_sqlite_database_url_is_parsed(tmp_path):
    s = settings_under(DATABASE_URL=f"sqlite:///{tmp_path}/other.sqlite3")
    assert s["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert s["db"]["NAME"] == f"{tmp_path}/other.sqlite3"


def test_redis_url_switches_channel_layer_and_cache():
    s = settings_under(REDIS_URL="redis://127.0.0.1:6379/3")
    assert s["layer"] == "channels_redis.core.RedisChannelLayer"
    assert s["cache"] == "forum.cache.FailSoftRedisCache"  # a Redis that is down is a miss (issue 17)


def test_email_host_switches_to_smtp():
    assert settings_under(EMAIL_HOST="smtp.example.org")["email"].endswith("smtp.EmailBackend")


def test_allowed_hosts_from_the_environment():
    assert settings_under(ALLOWED_HOSTS="hamgami.example.org")["hosts"] == ["hamgami.example.org"]
