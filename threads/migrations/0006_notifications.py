# Notification moves from moderation_models to following_models (same app, same table) and
# becomes the one model for every notice: replies, quotes, mentions, watched posts, moderation.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_restrictions"),
        ("threads", "0005_following"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="followpreferences",
            name="language",
            field=models.CharField(default="fa", max_length=8, verbose_name="language of emails"),
        ),
        migrations.AddField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("reply", "replied to you"),
                    ("quote", "quoted you"),
                    ("mention", "mentioned you"),
                    ("org_mention", "mentioned your organization"),
                    ("watched", "posted in a thread you watch"),
                    ("new_thread", "started a thread you follow"),
                    ("moderation", "moderation"),
                ],
                default="moderation",
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="action",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notifications",
                to="threads.moderationaction",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="actor",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="thread",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="threads.thread"
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="post",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="threads.post"
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="organization",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="accounts.organization"
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="emailed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
