"""Demo moderation: a few flags, a queued post and a hidden post with its reason, made through the
moderation actions so the queue and the public log have something real to show. Idempotent: does
nothing when flags already exist. Called by seed_demo after the demo threads exist."""

from django.conf import settings
from django.test.utils import override_settings

from accounts.models import User
from threads.core import actions
from threads.core.models import Post, Thread
from threads.moderation import actions as moderation
from threads.moderation.models import Flag


def seed_moderation() -> None:
    if Flag.objects.exists():
        return
    people = {u.username: u for u in User.objects.filter(username__in=["alice", "bob", "dave", "mona", "rana"])}
    mona = people.get("mona")
    if mona is None or not mona.is_moderator:
        return
    threads = list(Thread.objects.filter(visibility=Thread.Visibility.PUBLIC, kind=Thread.Kind.DISCUSSION).order_by("pk")[:3])
    if len(threads) < 2:
        return
    flaggers = [people[name] for name in ("dave", "rana", "alice") if name in people]
    replies = list(
        Post.objects.filter(thread__in=threads, state=Post.State.VISIBLE).exclude(author__in=flaggers[:2]).order_by("pk")
    )
    # Two flags on one post (below the auto-hide threshold), one on another.
    if replies:
        for flagger, kind, note in zip(flaggers[:2], [Flag.Kind.PERSONAL_ATTACK, Flag.Kind.OFF_TOPIC], ["لحن توهین‌آمیز", "Off the motion"]):
            if flagger.pk != replies[0].author_id:
                moderation.flag_post(acting_user=flagger, post=replies[0], kind=kind, note=note)
    if len(replies) > 1 and flaggers and flaggers[0].pk != replies[1].author_id:
        moderation.flag_post(acting_user=flaggers[0], post=replies[1], kind=Flag.Kind.SPAM, note="")
    # A queued post: a link-heavy reply waits for approval.
    author = people.get("bob") or people.get("alice")
    if author is not None:
        links = "\n".join(f"- https://example.org/report-{i}" for i in range(settings.HAMGAMI.get("PREMODERATE_LINKS", 5) + 1))
        with override_settings(HAMGAMI={**settings.HAMGAMI, "PREMODERATE_LINKS": settings.HAMGAMI.get("PREMODERATE_LINKS") or 5}):
            actions.create_post(
                acting_user=author, thread=threads[1], body=f"منابع بیشتر درباره‌ی این بحث / More sources:\n\n{links}"
            )
    # A hidden post with its reason.
    if author is not None:
        post = actions.create_post(
            acting_user=author, thread=threads[0], body="Phone of the organizer: 555-0100 — call him at home."
        )
        moderation.hide_post(
            acting_user=mona, post=post, reason="اطلاعات خصوصی یک شخص را منتشر می‌کرد / Leaked a person's private information"
        )
