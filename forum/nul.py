"""PostgreSQL refuses NUL (0x00) in text; SQLite stores it. Strip it from every text field before any
model is saved, so both databases keep the same text and a NUL pasted into any input never becomes a
server error. (Forms already refuse NUL; this covers every other path to the database.)"""

from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver


@receiver(pre_save, dispatch_uid="hamgami-strip-nul")
def strip_nul(sender, instance, **kwargs):
    for field in sender._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname, None)
            if isinstance(value, str) and "\x00" in value:
                setattr(instance, field.attname, value.replace("\x00", ""))
