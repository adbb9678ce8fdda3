"""The stored files of a published record. Imported at the end of threads/models.py."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["CONTENT_TYPES", "PublishedRecord", "RecordFormat"]


class RecordFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    MARKDOWN = "md", "Markdown"
    JSON = "json", "JSON"


CONTENT_TYPES = {
    RecordFormat.PDF: "application/pdf",
    RecordFormat.MARKDOWN: "text/markdown; charset=utf-8",
    RecordFormat.JSON: "application/json; charset=utf-8",
}


class PublishedRecord(models.Model):
    """One file of a record: a concluded debate or a published statement, in one language and one
    format, of one generation. A generation is every file made at one time (when the debate
    concluded, the statement was published, an admin corrected it, a late signature came); the
    files of the generations before the newest are kept and listed as superseded."""

    debate = models.ForeignKey(
        "threads.Debate", null=True, blank=True, on_delete=models.CASCADE, related_name="published_records"
    )
    statement = models.ForeignKey(
        "threads.Statement", null=True, blank=True, on_delete=models.CASCADE, related_name="published_records"
    )
    generation = models.PositiveIntegerField()
    language = models.CharField(max_length=2)
    format = models.CharField(max_length=4, choices=RecordFormat.choices)
    content = models.BinaryField()
    size = models.PositiveIntegerField(default=0)
    etag = models.CharField(max_length=64, help_text="SHA-256 of the content")
    record_hash = models.CharField(max_length=71, help_text="sha256:… of the record's data, shown in each file")
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("published record")
        verbose_name_plural = _("published records")
        ordering = ["-generation", "language", "format"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(debate__isnull=False, statement__isnull=True)
                | models.Q(debate__isnull=True, statement__isnull=False),
                name="record_of_debate_or_statement",
            ),
            models.UniqueConstraint(
                fields=["debate", "generation", "language", "format"], name="one_debate_record_file"
            ),
            models.UniqueConstraint(
                fields=["statement", "generation", "language", "format"], name="one_statement_record_file"
            ),
        ]

    def __str__(self):
        subject = f"debate {self.debate_id}" if self.debate_id else f"statement {self.statement_id}"
        return f"{subject} #{self.generation} {self.language}.{self.format}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None
