"""Admin: areas are curated here; other writes go through actions and the forum's own pages."""

from django.contrib import admin

from threads.core.models import Area, Post, Thread


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("number", "short_fa", "short_en", "slug")
    ordering = ("number",)


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "visibility", "author", "post_count", "last_activity_at")
    list_filter = ("kind", "visibility")
    search_fields = ("title",)
    readonly_fields = [f.name for f in Thread._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("pk", "thread", "author", "state", "created_at")
    list_filter = ("state",)
    readonly_fields = [f.name for f in Post._meta.fields]

    def has_add_permission(self, request):
        return False
