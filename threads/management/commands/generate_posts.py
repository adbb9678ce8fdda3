"""Generate N public threads of M posts each, in bulk, for benchmarks (bench/pages.py).

    manage.py generate_posts --threads 500 --posts 20

Fast rather than faithful to the action layer: rows are written with bulk_create, no live events
are published and the search index is not updated. What a page shows is still real: every post's
HTML comes from forum.markup.render_markdown (each distinct body is rendered once and reused),
counters (post_count, last_activity_at) are set as the action layer would set them, each post has
its first revision, and every thread carries a cooperation area. Authors are a handful of
generated members of one generated organization, with unusable passwords.
"""

import itertools
import random
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Membership, Organization, User
from forum.markup import render_markdown
from threads.core.models import Area, AreaOfThread, Post, PostRevision, Thread

ORG_SLUG = "generated-bench-org"
AUTHORS = 8
BATCH = 2000

PARAGRAPHS = [
    "همگامی یعنی همراهی در عمل و گفت‌وگو در اختلاف؛ **جمع‌بندی** پیش از گام بعدی.",
    "The coalition acts together on what it shares and debates what divides it. See "
    "[the declaration](https://example.org/declaration) and *its seven areas*.",
    "- defence of political prisoners\n- workers' independent organizations\n- the rights of women",
    "> What we agree on, what still divides us, and who stands where.",
    "در بارهٔ تحریم انتخابات، موضع ما روشن است: `شرکت نمی‌کنیم`، اما با احترام به نظر رفقا.",
    "We propose a joint statement on the strikes, drafted by two organizations and open to all.",
    "1. opening positions\n2. rebuttals\n3. open floor\n4. summing-up",
    "Comrades, the question of the united front is not new; the 1980s taught us its cost.",
]
VARIANTS = 64  # distinct bodies, each rendered once by render_markdown


def _bodies() -> list[tuple[str, str]]:
    rng = random.Random(11)
    bodies = []
    for n in range(VARIANTS):
        source = "\n\n".join(rng.sample(PARAGRAPHS, k=rng.randint(2, 4))) + f"\n\n(#{n})"
        bodies.append((source, render_markdown(source)))
    return bodies


class Command(BaseCommand):
    help = "Create N public threads of M posts each, in bulk (benchmark data; no live events, no search index)."

    def add_arguments(self, parser):
        parser.add_argument("--threads", type=int, required=True, help="threads to create")
        parser.add_argument("--posts", type=int, required=True, help="posts per thread, the opening post included")

    def handle(self, *args, threads: int, posts: int, **options):
        if threads < 1 or posts < 1:
            raise CommandError("--threads and --posts must be at least 1.")
        areas = list(Area.objects.order_by("number"))
        if not areas:
            raise CommandError("No cooperation areas: run migrate first.")
        authors, org = self._authors()
        bodies = _bodies()
        body_cycle = itertools.cycle(bodies)
        author_cycle = itertools.cycle(authors)
        start = timezone.now() - timedelta(minutes=threads * posts + 10)
        made = 0
        first_url = None
        with transaction.atomic():
            for chunk_start in range(0, threads, max(1, BATCH // posts)):
                count = min(max(1, BATCH // posts), threads - chunk_start)
                rows = []
                for i in range(chunk_start, chunk_start + count):
                    t0 = start + timedelta(minutes=i * posts)
                    rows.append(
                        Thread(
                            title=f"Generated thread {i + 1}: on the united front / جبههٔ متحد",
                            author=next(author_cycle),
                            on_behalf_of=org if i % 2 else None,
                            created_at=t0,
                            last_activity_at=t0 + timedelta(minutes=posts - 1),
                            post_count=posts,
                        )
                    )
                for row in rows:  # Thread.save() sets the slug; bulk_create skips save()
                    row.slug = slugify(row.title, allow_unicode=True)[:80]
                created = Thread.objects.bulk_create(rows)
                AreaOfThread.objects.bulk_create(
                    AreaOfThread(content_object=thread, tag=areas[(chunk_start + k) % len(areas)])
                    for k, thread in enumerate(created)
                )
                post_rows = []
                for thread in created:
                    for p in range(posts):
                        source, html = next(body_cycle)
                        post_rows.append(
                            Post(
                                thread=thread,
                                author=next(author_cycle),
                                on_behalf_of=org if p % 3 == 0 else None,
                                body_source=source,
                                body_html=html,
                                created_at=thread.created_at + timedelta(minutes=p),
                            )
                        )
                made_posts = Post.objects.bulk_create(post_rows, batch_size=BATCH)
                PostRevision.objects.bulk_create(
                    (
                        PostRevision(
                            post=post,
                            number=1,
                            body_source=post.body_source,
                            body_html=post.body_html,
                            edited_by=post.author,
                            created_at=post.created_at,
                        )
                        for post in made_posts
                    ),
                    batch_size=BATCH,
                )
                made += len(made_posts)
                if first_url is None:
                    first_url = created[0].get_absolute_url()
        self.stdout.write(f"generated {threads} threads, {made} posts; first: {first_url}")

    def _authors(self):
        org, _created = Organization.objects.get_or_create(
            slug=ORG_SLUG,
            defaults={"name_fa": "سازمان آزمایشی", "name_en": "Generated organization", "status": Organization.Status.ADMITTED},
        )
        authors = []
        for n in range(AUTHORS):
            user = User.objects.filter(username=f"generated{n}").first()
            if user is None:
                user = User(username=f"generated{n}", email=f"generated{n}@example.org", display_name=f"Generated {n}")
                user.set_unusable_password()
                user.save()
                Membership.objects.get_or_create(
                    user=user, organization=org, defaults={"role": "member", "status": "approved"}
                )
            authors.append(user)
        return authors, org
