"""Live fan-out: N sockets on one thread, one post; delivery latency and memory per socket.

    DEBUG=1 .venv/bin/python bench/live_fanout.py            # 100 and 1000 sockets, both layers
    DEBUG=1 .venv/bin/python bench/live_fanout.py 100 --layer memory

Real ASGI workers (uvicorn, as deployed: deploy/hamgami@.service; --server daphne for the earlier
figures) on a temporary SQLite database: the in-memory layer with one worker, and the Redis layer
(REDIS_URL, default redis://127.0.0.1:6379/0) with two workers, sockets spread over both. The post
goes through worker A's ordinary reply form; latency runs from sending that POST to each socket
receiving the event (so it includes the write, the per-audience rendering and the commit); "POST
ms" is when the poster's response came back. --fanout picks HAMGAMI["LIVE_FANOUT"] ("thread", the
production default: rendering off the request; "inline": in the request, as before issue 16).
uvicorn runs as deployed: no per-message deflate (--deflate: with it), the websockets-sansio
implementation (--ws websockets: uvicorn's default before). One warm-up post through each worker
before the sockets open, so the figure is a running server's, not its first render (--cold: none).
Memory per socket is the growth of the workers' resident memory divided by N.
Prints figures; it is not a test.
"""

import argparse
import asyncio
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser_support import (  # noqa: E402
    free_port,
    prepare_database,
    server_env,
    start_daphne,
    stop,
    wait_for_http,
)


DEFLATE = ["--ws-per-message-deflate", "false"]  # as deploy/hamgami@.service; --deflate turns it back on
WS = ["--ws", "websockets-sansio"]  # as deploy/hamgami@.service; --ws picks another


def start_uvicorn(env: dict, port: int, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "ab")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/uvicorn"), "forum.asgi:application", "--host", "127.0.0.1", "--port", str(port),
         "--no-access-log", "--lifespan", "off", "--ws-max-queue", "1024", *DEFLATE, *WS],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def form_post(port: int, thread_url: str, session: str, body: str) -> tuple[float, float]:
    """GET the page for its CSRF token, then time only the POST; returns when the POST started and
    when its response (the redirect) came back."""
    base = f"http://127.0.0.1:{port}"
    cookie = f"sessionid={session}"
    request = urllib.request.Request(base + thread_url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        page = response.read().decode()
        csrf_cookie = re.search(r"csrftoken=([^;]+)", response.headers.get("Set-Cookie", "")).group(1)
    action = re.search(r'<form method="post" action="([^"]+)" class="post-form"', page).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "body": body}).encode()
    post = urllib.request.Request(
        base + action,
        data=data,
        headers={"Cookie": f"{cookie}; csrftoken={csrf_cookie}", "Referer": base + thread_url},
    )
    opener = urllib.request.build_opener(NoRedirect)
    started = time.perf_counter()
    try:
        opener.open(post)
    except urllib.error.HTTPError as error:  # the 302 to the thread page
        if error.code != 302:
            raise
    return started, time.perf_counter()


async def run(n: int, layer: str, server: str = "uvicorn", fanout: str = "thread", warm: bool = True) -> dict:
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0") if layer == "redis" else None
    workers = 2 if layer == "redis" else 1
    with tempfile.TemporaryDirectory(prefix="hamgami-bench-") as tmp:
        env = server_env(f"sqlite:///{tmp}/db.sqlite3", redis_url)
        env["CHANNEL_PREFIX"] = env["CACHE_PREFIX"] = f"hamgami-bench-{uuid.uuid4().hex[:8]}"
        env["LOG_LEVEL"] = "WARNING"
        env["LIVE_FANOUT"] = fanout
        setup = prepare_database(env)
        ports = [free_port() for _ in range(workers)]
        start = start_uvicorn if server == "uvicorn" else start_daphne
        processes = [start(env, port, Path(tmp) / f"w{i}.log") for i, port in enumerate(ports)]
        try:
            for port, process in zip(ports, processes, strict=True):
                wait_for_http(f"http://127.0.0.1:{port}/healthz", process=process)
            stream = "thread:" + re.search(r"/threads/(\d+)", setup["thread"]).group(1)
            if warm:  # a server that has rendered a post for every audience and language before
                for port in ports:
                    await asyncio.to_thread(form_post, port, setup["thread"], setup["sessions"]["alice"], "warm-up")
                await asyncio.sleep(1)  # its fan-out is off the request
            before = sum(rss_kib(p.pid) for p in processes)
            sockets = []
            for i in range(n):
                port = ports[i % workers]
                ws = await connect(f"ws://127.0.0.1:{port}/ws/", origin=f"http://127.0.0.1:{port}", max_queue=None)
                sockets.append(ws)
            await asyncio.gather(*(ws.send(json.dumps({"type": "subscribe", "stream": stream})) for ws in sockets))
            await asyncio.gather(*(ws.recv() for ws in sockets))  # "subscribed"
            after = sum(rss_kib(p.pid) for p in processes)
            arrivals = []

            async def wait_event(ws):
                while True:
                    frame = json.loads(await ws.recv())
                    if frame.get("type") == "event":
                        arrivals.append(time.perf_counter())
                        return

            waiters = [asyncio.create_task(wait_event(ws)) for ws in sockets]
            started, answered = await asyncio.to_thread(form_post, ports[0], setup["thread"], setup["sessions"]["alice"], "bench")
            await asyncio.wait_for(asyncio.gather(*waiters), 60)
            for ws in sockets:
                await ws.close()
            latencies = sorted((t - started) * 1000 for t in arrivals)
            return {
                "layer": layer,
                "workers": workers,
                "sockets": n,
                "p50_ms": statistics.median(latencies),
                "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
                "max_ms": latencies[-1],
                "kib_per_socket": (after - before) / n,
                "post_ms": (answered - started) * 1000,
            }
        except Exception:
            for log in sorted(Path(tmp).glob("w*.log")):
                print(f"--- {log.name}", *[line for line in log.read_text(errors="replace").splitlines() if "WSCONNECT" not in line][-25:], sep="\n", file=sys.stderr)
            raise
        finally:
            for process in processes:
                stop(process)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000])
    parser.add_argument("--layer", choices=["memory", "redis", "both"], default="both")
    parser.add_argument("--server", choices=["uvicorn", "daphne"], default="uvicorn")
    parser.add_argument("--fanout", choices=["thread", "inline"], default="thread")
    parser.add_argument("--deflate", action="store_true", help="uvicorn's per-message deflate on (its default)")
    parser.add_argument("--ws", default="websockets-sansio", help="uvicorn's websocket implementation")
    parser.add_argument("--cold", action="store_true", help="no warm-up post (templates rendered for the first time)")
    args = parser.parse_args()
    if args.deflate:
        DEFLATE[:] = ["--ws-per-message-deflate", "true"]
    WS[:] = ["--ws", args.ws]
    print(f"server {args.server} (--ws {args.ws}), fan-out {args.fanout}, deflate {args.deflate},"
          f" {'cold' if args.cold else 'warm'}, load average {os.getloadavg()}")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 8192)), hard))
    layers = ["memory", "redis"] if args.layer == "both" else [args.layer]
    print(f"{'layer':8} {'workers':>7} {'sockets':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'KiB/socket':>10} {'POST ms':>8}")
    for layer in layers:
        for n in args.sizes:
            r = asyncio.run(run(n, layer, args.server, args.fanout, not args.cold))
            print(
                f"{r['layer']:8} {r['workers']:>7} {r['sockets']:>7} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f}"
                f" {r['max_ms']:>8.1f} {r['kib_per_socket']:>10.1f} {r['post_ms']:>8.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
