"""PostgreSQL's connections cut under a running site (issue 17), where the test owns the database:
daphne with the connection pool, as in production, on a fresh database of its own; every
backend of that database is terminated (what a restart does to a worker's connections); the
requests after it all work, because the pool checks a connection before handing it out."""

import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest

from tests.browser_support import free_port, prepare_database, server_env, start_daphne, stop, wait_for_http
from tests.live.test_live_redis import shared_database

DATABASE_URL = os.environ.get("DATABASE_URL", "")
T = 10


def get(url: str, session: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"} if session else {})
    try:
        with urllib.request.urlopen(request, timeout=T) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def terminate_backends(database_url: str) -> int:
    parts = urllib.parse.urlsplit(database_url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [parts.path.lstrip("/")],
        ).fetchall()
    return len(rows)


@pytest.mark.skipif(not DATABASE_URL.startswith(("postgres://", "postgresql://")), reason="needs DATABASE_URL on PostgreSQL (the test cuts the connections of a database of its own)")
def test_the_pool_replaces_cut_connections_and_no_request_after_fails():
    with shared_database() as database_url, tempfile.TemporaryDirectory(prefix="hamgami-pg-") as logs:
        env = server_env(database_url)
        setup = prepare_database(env)
        env["DB_POOL"] = "1"  # as in production (deploy/hamgami.env.example)
        port = free_port()
        process = start_daphne(env, port, Path(logs) / "daphne.log")
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_http(base + "/healthz", process=process)
            thread, alice = base + setup["thread"], setup["sessions"]["alice"]
            assert [get(thread), get(thread, alice), get(thread, alice)] == [200, 200, 200]
            assert terminate_backends(database_url) >= 1  # the pool's connections are cut
            after = [get(thread, alice) for _ in range(6)] + [get(thread), get(base + "/healthz")]
            assert after == [200] * 8, after
        finally:
            stop(process)
            log = (Path(logs) / "daphne.log").read_text(errors="replace")
            assert "Traceback" not in log or "OperationalError" not in log, log[-3000:]
