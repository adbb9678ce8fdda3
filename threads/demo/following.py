"""Demo data for following (issue 7), through the actions: the lead calls seed_following() from seed_demo."""

from accounts.models import User
from threads.core import actions
from threads.core.models import Area, Thread
from threads.following import actions as following
from threads.following.models import Subscription


def seed_following() -> None:
    """alice watches area 1 and receives a reply and a mention; dave follows an organization.
    Idempotent: does nothing once alice follows the first area."""
    alice = User.objects.filter(username="alice").first()
    bob = User.objects.filter(username="bob").first()
    area = Area.objects.order_by("number").first()
    if alice is None or bob is None or Subscription.objects.filter(user=alice, area=area).exists():
        return
    following.follow(acting_user=alice, target=area, level="watching")
    following.save_preferences(acting_user=alice, email="daily", watch_when_posting=True)
    thread = Thread.objects.filter(author=alice, visibility=Thread.Visibility.PUBLIC).order_by("pk").first()
    if thread is not None:
        opening = thread.posts.order_by("created_at", "pk").first()
        actions.create_post(
            acting_user=bob, thread=thread, reply_to=opening,
            body="@azadeh با این بخش موافقم؛ بیایید در جمع‌بندی به آن برگردیم.",
        )
    dave = User.objects.filter(username="dave").first()
    if dave is not None and thread is not None and thread.on_behalf_of_id:
        following.follow(acting_user=dave, target=thread.on_behalf_of, level="watching")
