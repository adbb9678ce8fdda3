"""Redactions: a moderator's (or admin's) edit made to remove information hides the earlier
versions of a text from everyone but moderators.

Imported at the end of threads/models.py, so it is a model of the `threads` app. Written only by
threads/redaction.py. One model serves every kind of revised text (posts, positions, summaries,
joint statements): the revisions numbered below `hides_before` of the target are hidden.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["Redaction"]


class Redaction(models.Model):
    class Kind(models.TextChoices):
        POST = "post", _("post")
        POSITION = "position", _("position")
        SUMMARY = "summary", _("summary")
        STATEMENT_FA = "statement.fa", _("Persian text of a joint statement")
        STATEMENT_EN = "statement.en", _("English text of a joint statement")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    target_id = models.PositiveBigIntegerField()
    hides_before = models.PositiveIntegerField(help_text="revisions numbered below this are shown to moderators only")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-hides_before", "-pk"]
        indexes = [models.Index(fields=["kind", "target_id"])]
