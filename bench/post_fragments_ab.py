"""Worker CPU of one thread page, posts' kept pieces off and on, alternating in one process (issue 16).

    DEBUG=1 .venv/bin/python manage.py migrate && DEBUG=1 .venv/bin/python manage.py seed_demo
    DEBUG=1 .venv/bin/python manage.py generate_posts --threads 2 --posts 20
    DEBUG=0 SECRET_KEY=x .venv/bin/python manage.py collectstatic --noinput
    HTTPS=0 DEBUG=0 SECRET_KEY=x ALLOWED_HOSTS=testserver PAGE_CACHE_SECONDS=0 .venv/bin/python bench/post_fragments_ab.py [--profile]

The same 20-post thread bench/pages.py measures, through Django's test client (no server, no
network): CPU time of this process per request (time.process_time), for a visitor and for alice
signed in, in both languages, alternating off/on request by request so both meet the same load.
--profile prints where the time goes with the pieces on. A complement to bench/pages.py, which
measures servers under load against Spirit; this isolates the template work.

--frame compares the page frame's levers instead (posts' pieces on both ways): off is
`{% fixed_runs %}` off, Django's own form renderer and the form layout as the template it was
(tests/core/form_layout_reference.html); on is the frame's fixed runs kept,
forum.form_renderer.DirectRenderer and `{% form_fields %}` (issue 16, 7 Dec morning).
"""

import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.forms import BaseForm  # noqa: E402
from django.forms.renderers import DjangoTemplates  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from forum.form_renderer import DirectRenderer  # noqa: E402
from threads.models import Thread  # noqa: E402

REQUESTS = int(os.environ.get("REQUESTS", 60))
FRAME = "--frame" in sys.argv
RENDERERS = (DjangoTemplates(), DirectRenderer())  # one of each for the whole run, as a process keeps it
ENGINE = engines["django"].engine
LAYOUTS = (ENGINE.from_string((ROOT / "tests/core/form_layout_reference.html").read_text()), ENGINE.get_template("_form.html"))


def switch(base, on):
    """The settings of one side: posts' pieces off/on, or (--frame) the frame's levers off/on."""
    if FRAME:
        settings.HAMGAMI = {**base, "POST_FRAGMENTS": 5000, "FIXED_RUNS": bool(on)}
        BaseForm.default_renderer = RENDERERS[bool(on)]
        ENGINE.template_loaders[0].get_template_cache["_form.html"] = LAYOUTS[bool(on)]  # the cached loader's entry
    else:
        settings.HAMGAMI = {**base, "POST_FRAGMENTS": on}


def main():
    thread = Thread.objects.annotate(n=Count("posts")).filter(n__gte=20, kind=Thread.Kind.DISCUSSION).order_by("pk").first()
    url = thread.get_absolute_url()
    readers = {"visitor": Client(), "alice": Client()}
    readers["alice"].force_login(User.objects.get(username="alice"))
    base = dict(settings.HAMGAMI)
    times = {}
    for name, client in readers.items():
        for language in ("fa", "en"):
            for kept in (0, 5000):  # warm both (first view writes the read position, fills the pieces)
                switch(base, kept)
                assert client.get(url, HTTP_ACCEPT_LANGUAGE=language).status_code == 200
            for _ in range(REQUESTS):
                for kept in (0, 5000):
                    switch(base, kept)
                    start = time.process_time()
                    client.get(url, HTTP_ACCEPT_LANGUAGE=language)
                    times.setdefault((name, language, kept), []).append((time.process_time() - start) * 1000)
    print(f"{url}: worker CPU per request, ms (median / mean of {REQUESTS}), load {os.getloadavg()[0]:.1f}")
    for (name, language, kept), values in sorted(times.items()):
        print(f"  {name:8} {language}  {'frame' if FRAME else 'pieces'} {'on ' if kept else 'off'}  {statistics.median(values):6.2f} / {statistics.mean(values):6.2f}")
    for name in readers:
        for language in ("fa", "en"):
            off, on = (statistics.median(times[name, language, k]) for k in (0, 5000))
            print(f"  {name:8} {language}  on/off = {on / off:.2f}")
    if "--profile" in sys.argv:
        switch(base, 5000)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(30):
            readers["alice"].get(url, HTTP_ACCEPT_LANGUAGE="fa")
        profile.disable()
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        stats.print_callees("post_html|_key|post_controls")


if __name__ == "__main__":
    main()
