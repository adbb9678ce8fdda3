"""Tags typed with different Persian letter forms, ZWNJ or case become one tag (issue 19): every
tag's slug is recomputed by threads.core.tag_names.tag_slug, and tags that now share a slug are merged
into the oldest (their threads keep every tag they had, once)."""

from django.db import migrations

from threads.core.tag_names import tag_slug


def merge_variants(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    TagOfThread = apps.get_model("threads", "TagOfThread")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    keep: dict[str, object] = {}
    for tag in Tag.objects.order_by("pk"):
        slug = tag_slug(tag.name) or tag.slug
        first = keep.get(slug)
        if first is None:
            keep[slug] = tag
            continue
        for link in TagOfThread.objects.filter(tag=tag):
            if TagOfThread.objects.filter(tag=first, content_object_id=link.content_object_id).exists():
                link.delete()
            else:
                link.tag = first
                link.save(update_fields=["tag"])
        if not TaggedItem.objects.filter(tag=tag).exists():
            tag.delete()
    for slug, tag in keep.items():
        if tag.slug != slug:
            Tag.objects.filter(pk=tag.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("threads", "0012_redaction"),
        ("taggit", "__latest__"),
    ]

    operations = [migrations.RunPython(merge_variants, migrations.RunPython.noop)]
