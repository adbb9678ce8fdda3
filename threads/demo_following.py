"""Demo data for following (issue 7), through the actions: the lead calls seed_following() from seed_demo."""

from accounts.models import User
from threads import actions, following
from threads.models import Area, Notification, Thread


def seed_following() -> None:
    """alice watches area 1 and receives a reply and a mention; dave follows an organization.
    Idempotent: does nothing when alice already has notifications."""
    alice = User.objects.filter(username="alice").first()
    bob = User.objects.filter(username="bob").first()
    if alice is None or bob is None or Notification.objects.filter(user=alice).exclude(kind="moderation").exists():
        return
    area = Area.objects.order_by("number").first()
    following.follow(acting_user=alice, target=area, level="watching")
    following.save_preferences(acting_user=alice, email="daily", watch_when_posting=True)
    thread = Thread.objects.filter(author=alice, visibility=Thread.Visibility.PUBLIC).order_by("pk").first()
    if thread is not None:
        opening = thread.posts.order_by("created_at", "pk").first()
        actions.create_post(
            acting_user=bob, thread=thread, reply_to=opening,
            body="@alice با این بخش موافقم؛ بیایید در جمع‌بندی به آن برگردیم.",
        )
    dave = User.objects.filter(username="dave").first()
    if dave is not None and thread is not None and thread.on_behalf_of_id:
        following.follow(acting_user=dave, target=thread.on_behalf_of, level="watching")
