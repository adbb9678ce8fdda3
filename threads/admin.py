"""Admin: areas are curated here; every other write goes through the same actions as the site's pages.

Threads and posts are read-only (moderators act on them from the site, logged); nothing is
deleted from here. Appointing and removing moderators are admin actions on people that call the
moderation actions, so they are logged and need an admin, exactly as on /moderation/."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.admin import UserAdmin, run_action
from accounts.models import User
from threads.core.models import Area, Post, Thread
from threads.moderation import actions as moderation

REFUSED = (PermissionDenied, ValidationError, moderation.AlreadyHandled)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("number", "short_fa", "short_en", "slug")
    ordering = ("number",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)  # the list only

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Thread)
class ThreadAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "visibility", "author", "post_count", "last_activity_at")
    list_filter = ("kind", "visibility")
    search_fields = ("title",)


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ("pk", "thread", "author", "state", "created_at")
    list_filter = ("state",)


class ModeratedUserAdmin(UserAdmin):
    actions = ["appoint_moderators", "dismiss_moderators"]

    @admin.action(description=_("Appoint as site-wide moderators"))
    def appoint_moderators(self, request, queryset):
        run_action(
            self, request, queryset,
            lambda u: moderation.appoint_moderator(acting_user=request.user, user=u),
            _("%(count)d moderators appointed."), refused=REFUSED,
        )

    @admin.action(description=_("Remove as site-wide moderators"))
    def dismiss_moderators(self, request, queryset):
        run_action(
            self, request, queryset,
            lambda u: moderation.dismiss_moderator(acting_user=request.user, user=u),
            _("%(count)d moderators removed."), refused=REFUSED,
        )


admin.site.unregister(User)
admin.site.register(User, ModeratedUserAdmin)
