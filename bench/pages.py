"""Page throughput, latency, queries and weight, against Spirit on the same machine in the same run.

    apt-get install -y wrk              # the load generator
    .venv/bin/python bench/pages.py            # 100, 10,000 and 100,000 posts; 10 s per page
    .venv/bin/python bench/pages.py --sizes 100 --duration 5 --no-spirit

What runs: the production ASGI setup (DEBUG=0, manifest static files through whitenoise, the Redis
cache and channel layer), served by uvicorn with 2 worker processes on one socket, against a fresh
PostgreSQL database. Data: migrate, the demo (for its debate with a full ledger: nine points,
stances of six organizations, a summary), then `manage.py generate_posts` grows the generated posts
to each size in turn; the thread page measured is always the same 20-post thread, the area page
that thread's area, the home page and the debate's thread page, all anonymous.

For each size, each page is measured twice with wrk on loopback for a fixed duration: with the
anonymous page cache off (PAGE_CACHE_SECONDS=0: every request renders) and on (the default in
production). SQL queries per page are counted in-process (CaptureQueriesContext, cache off). Page
weight is the HTML and the CSS and JS it links, raw and gzip (fonts listed apart).

Spirit (bench/spirit_setup.py) gets the same 20 post bodies in one topic and is measured with the
same wrk settings, so the report is a ratio. wrk and the servers share the machine's cores.

Signed in (unless --no-signed-in): a real login through each site's login form (alice from the
demo; a Spirit user), the session cookie handed to wrk. Every server of a size is up at once and
the runs alternate (Spirit, Hamgami rendering, Hamgami cached, Spirit signed in, Hamgami signed
in; --rounds repeats them), so both sites meet the same load from the machine's other users.
Each run reports the CPU per request of the server's processes and of the PostgreSQL backends
serving its database, from /proc (bench/cpu_and_login.py). --thread-only measures only the
thread page.
Prints figures; it is not a test. PostgreSQL at PGHOST (127.0.0.1, user postgres) and Redis at
REDIS_URL (redis://127.0.0.1:6379/0) must answer.
"""

import argparse
import gzip
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cpu_and_login import CpuMeter, login  # noqa: E402
from tests.browser_support import free_port, stop, wait_for_http  # noqa: E402

PYTHON = str(ROOT / ".venv/bin/python")
PG_ADMIN = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

QUERY_SCRIPT = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
result = {}
for name, url in json.loads(URLS).items():
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(url)  # warm: the first request of a process loads templates and translations
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    result[name] = {"status": status, "queries": len(queries)}
print("QUERIES" + json.dumps(result))
"""

FIND_SCRIPT = """
import json
from threads.models import Area, Debate, Post, Thread
thread = Thread.objects.get(pk=THREAD_ID)
debate = Debate.objects.filter(phase="concluded").select_related("thread").order_by("pk").first() or Debate.objects.order_by("pk").first()
area = thread.areas.order_by("number").first()
print("FOUND" + json.dumps({
    "thread": thread.get_absolute_url(),
    "bodies": list(thread.posts.order_by("created_at", "pk").values_list("body_source", flat=True)),
    "area": f"/areas/{area.slug}/",
    "debate": debate.thread.get_absolute_url(),
    "ledger_points": debate.points.count() if hasattr(debate, "points") else None,
}))
"""

COUNT_SCRIPT = "from threads.models import Post, Thread; print('COUNT', Post.objects.count(), Thread.objects.count())"


def psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(sql)


def manage(env: dict, *args, capture=False) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True,
        capture_output=capture, stdout=None if capture else subprocess.DEVNULL,
    )
    return done.stdout if capture else ""


def shell(env: dict, script: str, marker: str):
    out = manage(env, "shell", "-c", script, capture=True)
    line = next(line for line in out.splitlines() if line.startswith(marker))
    return line[len(marker) :]


def wrk(url: str, duration: int, connections: int, threads: int, cookie: str = "") -> dict:
    header = ["-H", f"Cookie: {cookie}"] if cookie else []
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", *header, url],
        check=True, capture_output=True, text=True,
    ).stdout

    def ms(value: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50": ms(latency["50"]),
        "p99": ms(latency["99"]),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def fetch(url: str, cookie: str = "") -> bytes:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def weight(base: str, path: str, static_root: Path | None = None) -> dict:
    """Bytes of the page and of what it links; `static_root` reads /static/ from disk (Spirit's
    gunicorn does not serve static files: its docs leave them to the web server)."""
    html = fetch(base + path)
    text = html.decode()
    css = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    js = re.findall(r'<script[^>]+src="([^"]+)"', text)
    fonts = re.findall(r'<link rel="preload" href="([^"]+)" as="font"', text)

    def sizes(urls):
        bodies = [
            (static_root / u.split("?")[0][len("/static/") :]).read_bytes()
            if static_root is not None and u.startswith("/static/")
            else fetch(base + u if u.startswith("/") else u)
            for u in urls
        ]
        return sum(len(b) for b in bodies), sum(len(gzip.compress(b, 9)) for b in bodies)

    return {
        "html": (len(html), len(gzip.compress(html, 9))),
        "css": sizes(css),
        "js": sizes(js),
        "fonts": sizes(fonts),
        "static": css + js,
    }


def serve_hamgami(env: dict, port: int, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/uvicorn"), "forum.asgi:application", "--host", "127.0.0.1", "--port", str(port),
         "--workers", "2", "--no-access-log", "--lifespan", "off"],
        cwd=ROOT, env=env, stdout=open(log, "ab"), stderr=subprocess.STDOUT,  # noqa: SIM115
    )


def measure(base: str, pages: dict, args, *, server=None, database=None, cookie="") -> dict:
    """wrk each page; with `server` (its Popen) and `database`, the CPU each request cost the
    server's processes and its PostgreSQL backends (bench/cpu_and_login.py)."""
    results = {}
    for name, path in pages.items():
        for _ in range(20):  # warm every worker (and, signed in, record where the reader stopped)
            fetch(base + path, cookie)
        if server is None:
            results[name] = wrk(base + path, args.duration, args.connections, args.threads, cookie)
            continue
        with CpuMeter(server.pid, database) as meter:
            results[name] = wrk(base + path, args.duration, args.connections, args.threads, cookie)
            time.sleep(0.3)  # the last requests finish before the closing sample
        n = max(results[name]["requests"], 1)
        results[name]["cpu_server_ms"] = meter.server_ms / n
        results[name]["cpu_db_ms"] = meter.database_ms / n
    return results


def row(label, r, queries="") -> str:
    flag = f"  non-2xx: {r['errors']}" if r["errors"] else ""
    flag += f"  socket errors: {r['socket_errors']}" if r["socket_errors"] else ""
    cpu = f" {r['cpu_server_ms']:>8.1f} {r['cpu_db_ms']:>7.1f}" if "cpu_server_ms" in r else f" {'':>8} {'':>7}"
    return f"  {label:30} {r['rps']:>9.1f} {r['p50']:>9.1f} {r['p99']:>9.1f}{cpu} {queries!s:>8}{flag}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", type=int, default=[100, 10_000, 100_000], help="generated posts")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--no-spirit", action="store_true")
    parser.add_argument("--no-signed-in", action="store_true", help="skip the signed-in runs")
    parser.add_argument("--thread-only", action="store_true", help="measure only the 20-post thread page")
    parser.add_argument("--rounds", type=int, default=1, help="repeat the interleaved runs (the load drifts)")
    parser.add_argument("--json", help="also write every figure to this file")
    parser.add_argument(
        "--variant", metavar="NAME=VALUE",
        help="also run Hamgami with this environment variable set (e.g. POST_FRAGMENTS=5000), its runs "
        "alternating with the default's in every round: a before/after in the same run",
    )
    args = parser.parse_args()

    tag = uuid.uuid4().hex[:8]
    database = f"hamgami_bench_{tag}"
    spirit_database = f"spirit_bench_{tag}"
    secret = secrets.token_urlsafe(50)
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "REDIS_URL")}
    env.update(
        {
            "DEBUG": "0", "SECRET_KEY": secret, "ALLOWED_HOSTS": "127.0.0.1", "HTTPS": "0",
            "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{database}",
            "REDIS_URL": REDIS_URL, "CHANNEL_PREFIX": f"bench-{tag}", "CACHE_PREFIX": f"bench-{tag}",
            "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1", "DB_POOL": "1",
        }
    )
    figures = {"machine": machine(), "sizes": {}, "settings": vars(args), "load": [os.getloadavg()]}
    psql(f'CREATE DATABASE "{database}"')
    tmp = tempfile.mkdtemp(prefix="hamgami-pages-")
    try:
        manage(env, "migrate", "--noinput")
        manage({**env, "DEBUG": "1"}, "seed_demo")  # the demo debates (seed_demo refuses DEBUG=0)
        manage(env, "collectstatic", "--noinput", "--clear")
        out = manage(env, "generate_posts", "--threads", "5", "--posts", "20", capture=True)
        thread_id = int(re.search(r"/threads/(\d+)/", out).group(1))
        found = json.loads(shell(env, FIND_SCRIPT.replace("THREAD_ID", str(thread_id)), "FOUND"))
        pages = {"thread (20 posts)": found["thread"], "home": "/", "area": found["area"], "debate (full ledger)": found["debate"]}
        if args.thread_only:
            pages = {"thread (20 posts)": found["thread"]}
        generated = 100

        spirit_url = None
        if not args.no_spirit:
            import spirit_setup

            psql(f'CREATE DATABASE "{spirit_database}"')
            spirit_url = spirit_setup.prepare(spirit_database, secret, found["bodies"])

        for size in sorted(args.sizes):
            if size > generated:
                threads = (size - generated) // 20
                manage(env, "generate_posts", "--threads", str(threads), "--posts", "20")
                generated += threads * 20
            manage(env, "shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')")
            total_posts, total_threads = map(int, shell(env, COUNT_SCRIPT, "COUNT").split())
            queries = json.loads(shell({**env, "PAGE_CACHE_SECONDS": "0"}, QUERY_SCRIPT.replace("URLS", repr(json.dumps(pages))), "QUERIES"))
            entry = {"posts": total_posts, "threads": total_threads, "queries": queries, "rounds": []}
            first = size == min(args.sizes)
            servers = {}
            try:
                # Every server is up at once and the runs alternate, so Hamgami and Spirit meet the
                # same load from the machine's other users.
                variant = dict([args.variant.split("=", 1)]) if args.variant else None
                modes = [("render", "0", {}), ("cached", "60", {})]
                if variant:
                    modes += [("render+variant", "0", variant), ("cached+variant", "60", variant)]
                for mode, seconds, extra in modes:
                    port = free_port()
                    servers[mode] = (serve_hamgami({**env, "PAGE_CACHE_SECONDS": seconds, **extra}, port, Path(tmp) / f"hamgami-{size}-{mode}.log"), f"http://127.0.0.1:{port}")
                if first and spirit_url:
                    port = free_port()
                    servers["spirit"] = (spirit_setup.serve(spirit_database, secret, port, Path(tmp) / "spirit.log"), f"http://127.0.0.1:{port}")
                for process, base in servers.values():
                    wait_for_http(base + ("/healthz" if process is not servers.get("spirit", (None,))[0] else spirit_url), process=process, timeout=180)
                cookies = {}
                if not args.no_signed_in:
                    cookies["hamgami"] = login(servers["cached"][1], "/accounts/login/", {"login": "alice", "password": DEMO_PASSWORD})
                    if "spirit" in servers:
                        cookies["spirit"] = login(servers["spirit"][1], "/user/login/", {"username": "bench0", "password": spirit_setup.PASSWORD})
                for _ in range(args.rounds):
                    figures["load"].append(os.getloadavg())
                    run = {}
                    if "spirit" in servers:
                        process, base = servers["spirit"]
                        run["spirit"] = measure(base, {"thread": spirit_url}, args, server=process, database=spirit_database)["thread"]
                    for mode in ("render", "render+variant", "cached"):
                        if mode in servers:
                            process, base = servers[mode]
                            run[mode] = measure(base, pages, args, server=process, database=database)
                    if "spirit" in cookies:
                        process, base = servers["spirit"]
                        run["spirit signed-in"] = measure(base, {"thread": spirit_url}, args, server=process, database=spirit_database, cookie=cookies["spirit"])["thread"]
                    if "hamgami" in cookies:
                        process, base = servers["cached"]
                        run["signed-in"] = measure(base, pages, args, server=process, database=database, cookie=cookies["hamgami"])
                        if "cached+variant" in servers:  # the same session: one database, one secret key
                            process, base = servers["cached+variant"]
                            run["signed-in+variant"] = measure(base, pages, args, server=process, database=database, cookie=cookies["hamgami"])
                    entry["rounds"].append(run)
                    report_round(entry, run, pages, size)
                entry.update(entry["rounds"][-1])
                if first:
                    figures["weight"] = {name: weight(servers["render"][1], path) for name, path in pages.items()}
                    if "spirit" in servers:
                        figures["spirit"] = entry["spirit"]
                        figures["spirit"]["weight"] = weight(servers["spirit"][1], spirit_url, spirit_setup.PROJECT / "static")
            finally:
                for process, _ in servers.values():
                    stop(process)
            figures["sizes"][size] = entry
        figures["load"].append(os.getloadavg())
        summary(figures)
        print(f"\nload average (1, 5, 15 min) at each round: {[tuple(round(x, 1) for x in l) for l in figures['load']]}")
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=2, default=str))
    finally:
        psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        if not args.no_spirit:
            psql(f'DROP DATABASE IF EXISTS "{spirit_database}" WITH (FORCE)')


DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD") or "hamgami-demo-2016"  # seed_demo's default


def machine() -> dict:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), "?")
    mem = next(l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gib": round(int(mem) / 1024 / 1024, 1)}


def report_round(entry, run, pages, size):
    print(f"\n{entry['posts']} posts in {entry['threads']} threads (generated: {size})", flush=True)
    print(f"  {'page':30} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'cpu ms':>8} {'db ms':>7} {'queries':>8}")
    print("  (cpu ms, db ms: CPU per request of the server's processes and of its PostgreSQL backends)")
    for mode in ("render", "render+variant", "cached", "signed-in", "signed-in+variant"):
        if mode not in run:
            continue
        print(f" {mode}:")
        for name in pages:
            print(row(name, run[mode][name], entry["queries"][name]["queries"]), flush=True)
    for mode in ("spirit", "spirit signed-in"):
        if mode in run:
            print(f" {mode} (gunicorn, 2 workers, its prod settings):")
            print(row("spirit thread (20 posts)", run[mode]), flush=True)
    thread = "thread (20 posts)"
    for mode, spirit in (
        ("render", "spirit"), ("render+variant", "spirit"), ("cached", "spirit"),
        ("signed-in", "spirit signed-in"), ("signed-in+variant", "spirit signed-in"),
    ):
        if mode in run and spirit in run:
            h, s = run[mode][thread], run[spirit]
            cpu_h, cpu_s = h["cpu_server_ms"] + h["cpu_db_ms"], s["cpu_server_ms"] + s["cpu_db_ms"]
            print(f"  ratio {mode:17} thread: {h['rps'] / s['rps']:.2f}x req/s (target 3x); CPU/request "
                  f"{cpu_h:.1f} vs {cpu_s:.1f} ms = {cpu_h / max(cpu_s, 0.001):.2f} of Spirit's (target <= 0.33); "
                  f"workers only {h['cpu_server_ms'] / max(s['cpu_server_ms'], 0.001):.2f}; "
                  f"p99 {h['p99']:.1f} vs Spirit p50 {s['p50']:.1f} ms", flush=True)


def summary(figures):
    sizes = sorted(figures["sizes"])
    print("\nweight (bytes, raw / gzip):")
    for name, w in figures.get("weight", {}).items():
        print(f"  {name:22} html {w['html'][0]:>7} / {w['html'][1]:>6}   css {w['css'][0]:>6} / {w['css'][1]:>5}"
              f"   js {w['js'][0]:>6} / {w['js'][1]:>5}   css+js gzip {w['css'][1] + w['js'][1]:>6}   fonts {w['fonts'][0]:>7}")
    if figures.get("spirit"):
        w = figures["spirit"]["weight"]
        print(f"  {'spirit thread':22} html {w['html'][0]:>7} / {w['html'][1]:>6}   css {w['css'][0]:>6} / {w['css'][1]:>5}"
              f"   js {w['js'][0]:>6} / {w['js'][1]:>5}   css+js gzip {w['css'][1] + w['js'][1]:>6}")
    print("\ngrowth (req/s at the largest size / at the smallest; target: within 1.5x, i.e. >= 0.67):")
    for mode in ("render", "cached"):
        for name in figures["sizes"][sizes[0]][mode]:
            first, last = figures["sizes"][sizes[0]][mode][name], figures["sizes"][sizes[-1]][mode][name]
            same = {figures["sizes"][s]["queries"][name]["queries"] for s in sizes}
            print(f"  {mode:7} {name:22} {last['rps'] / first['rps']:.2f}  p50 {first['p50']:.1f} -> {last['p50']:.1f} ms"
                  f"  queries {'identical' if len(same) == 1 else sorted(same)}")


if __name__ == "__main__":
    main()
