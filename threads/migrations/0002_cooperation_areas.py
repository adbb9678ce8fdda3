"""Create the seven cooperation areas of the founding declaration."""

from django.db import migrations


def create_areas(apps, schema_editor):
    from threads.core.areas import AREAS

    Area = apps.get_model("threads", "Area")
    for area in AREAS:
        Area.objects.update_or_create(
            number=area["number"],
            defaults={**area, "name": area["short_en"]},
        )


def remove_areas(apps, schema_editor):
    apps.get_model("threads", "Area").objects.filter(number__in=range(1, 8), thread_links__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("threads", "0001_initial")]
    operations = [migrations.RunPython(create_areas, remove_areas)]
