"""Following a person (issue 19): their new threads reach the follower's bell.

Imported at the end of accounts/models.py, so this is a model of the `accounts` app. Written only
by accounts/people_actions.py.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

__all__ = ["PersonFollow"]


class PersonFollow(models.Model):
    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="people_followed")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["follower", "person"], name="follow_a_person_once")]
