"""Helpers for bench/pages.py: a real login (the session cookie for wrk) and server CPU per request.

CPU comes from /proc: utime + stime of the server's processes (the master and every worker under
it) and of the PostgreSQL backends serving its database (pids from pg_stat_activity, sampled
during the run so backends that come and go are counted), in clock ticks, before and after a wrk
run; divided by the requests wrk completed. Both servers keep their database connections open
(Hamgami's psycopg pool, Spirit's CONN_MAX_AGE), so the backends are long-lived and counted whole.
"""

import http.cookiejar
import os
import re
import threading
import urllib.parse
import urllib.request
from pathlib import Path

TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")
PG_ADMIN = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def login(base: str, login_path: str, fields: dict, *, csrf_field="csrfmiddlewaretoken") -> str:
    """Sign in through the site's own login form (GET it, POST it with its CSRF token, follow the
    redirect) and return the Cookie header a browser would then send."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + login_path, timeout=30).read().decode()
    token = re.search(rf'name="{csrf_field}" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({csrf_field: token, **fields}).encode()
    request = urllib.request.Request(base + login_path, data=data, headers={"Referer": base + login_path})
    opener.open(request, timeout=30).read()
    cookies = {c.name: c.value for c in jar}
    session = next((name for name in cookies if "session" in name), None)
    if session is None:
        raise RuntimeError(f"login at {base}{login_path} gave no session cookie: {sorted(cookies)}")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return -1
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except FileNotFoundError:
            pass
    return found


def process_tree(pid: int) -> list[int]:
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo += _children(p)
    return tree


def backends(database: str) -> list[int]:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        return [row[0] for row in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [database])]


class CpuMeter:
    """with CpuMeter(server_pid, database) as meter: ... ; meter.server_ms, meter.database_ms"""

    def __init__(self, server_pid: int, database: str):
        self.server_pid, self.database = server_pid, database
        self.start: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.db_pids: set[int] = set()
        self._stop = threading.Event()

    def _sample(self):
        pids = process_tree(self.server_pid)
        db = backends(self.database)
        self.db_pids.update(db)
        for pid in pids + db:
            ticks = _ticks(pid)
            if ticks >= 0:
                self.start.setdefault(pid, ticks if self._started else 0)
                self.last[pid] = ticks
        self.server_pids = set(pids) | getattr(self, "server_pids", set())

    def __enter__(self):
        self._started = True
        self._sample()
        self._started = False  # pids first seen later started during the run: all their ticks count
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def _loop(self):
        while not self._stop.wait(0.25):
            self._sample()

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample()
        used = {pid: (self.last[pid] - self.start[pid]) * TICK_MS for pid in self.last}
        self.server_ms = sum(ms for pid, ms in used.items() if pid in self.server_pids)
        self.database_ms = sum(ms for pid, ms in used.items() if pid in self.db_pids and pid not in self.server_pids)
        return False
