"""The admin for people and organizations. Decisions go through the same actions as the site's
pages (permission check, one transaction, live event), so the admin cannot bypass them."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import actions
from accounts.models import Membership, Organization, User


class MembershipInline(admin.TabularInline):
    """Shown read-only: approve, decline and roles are the membership admin's actions."""

    model = Membership
    fk_name = "organization"
    extra = 0
    can_delete = False
    fields = ("user", "organization", "role", "status", "created_at", "decided_at", "decided_by")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class UserMembershipInline(MembershipInline):
    fk_name = "user"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """People, read-only where a change has consequences: moderators are appointed and removed by
    the admin actions threads/admin.py adds (logged, sockets told, through the moderation
    actions); staff and superuser flags, permissions and passwords are not edited here; a person
    deletes their own account (/me/delete/), which anonymizes instead of removing their words."""

    fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Personal info"), {"fields": ("display_name", "email")}),
        (_("Roles"), {"fields": ("is_active", "is_moderator", "is_area_moderator", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = (
        "username", "email", "is_active", "is_moderator", "is_area_moderator", "is_staff", "is_superuser",
        "last_login", "date_joined",
    )
    list_display = ("username", "display_name", "email", "is_moderator", "is_staff", "is_active", "date_joined")
    list_filter = ("is_moderator", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "display_name", "email")
    inlines = [UserMembershipInline]

    def has_add_permission(self, request):
        return False  # people sign up themselves (two-factor, email confirmation)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        actions.update_profile(acting_user=obj, display_name=form.cleaned_data["display_name"])


def run_action(modeladmin, request, queryset, action, done_message, refused=(PermissionDenied, ValidationError)):
    """Run an action on each selected object; report refusals instead of failing the whole batch."""
    done = 0
    for obj in queryset:
        try:
            action(obj)
            done += 1
        except refused as error:
            modeladmin.message_user(request, f"{obj}: {getattr(error, 'message', error)}", messages.ERROR)
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name_fa", "name_en", "slug", "status", "applied_by", "created_at", "decided_at")
    list_filter = ("status",)
    search_fields = ("name_fa", "name_en", "slug")
    readonly_fields = ("slug", "status", "applied_by", "created_at", "decided_at", "decided_by")
    fields = ("name_fa", "name_en", "description_source") + readonly_fields
    inlines = [MembershipInline]
    actions = ["admit", "decline"]

    def has_add_permission(self, request):
        return False  # organizations apply through /orgs/apply/

    def save_model(self, request, obj, form, change):
        actions.update_organization(
            acting_user=request.user,
            organization=obj,
            name_fa=form.cleaned_data["name_fa"],
            name_en=form.cleaned_data["name_en"],
            description=form.cleaned_data["description_source"],
        )

    @admin.action(description=_("Admit the selected organizations"))
    def admit(self, request, queryset):
        run_action(self, request, queryset, lambda o: actions.decide_organization(acting_user=request.user, organization=o, admit=True), _("%(count)d organizations decided."))

    @admin.action(description=_("Decline the selected applications"))
    def decline(self, request, queryset):
        run_action(self, request, queryset, lambda o: actions.decide_organization(acting_user=request.user, organization=o, admit=False), _("%(count)d organizations decided."))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "status", "created_at", "decided_by")
    list_filter = ("role", "status", "organization")
    search_fields = ("user__username", "user__display_name", "organization__name_fa", "organization__name_en")
    list_select_related = ("user", "organization", "decided_by")
    readonly_fields = ("user", "organization", "role", "status", "note", "created_at", "decided_at", "decided_by")
    actions = ["approve", "decline", "make_representative", "make_member"]

    def has_add_permission(self, request):
        return False  # people ask to join on the organization's page

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)  # the list and its actions only

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request, queryset):
        run_action(self, request, queryset, lambda m: actions.decide_membership(acting_user=request.user, membership=m, approve=True), _("%(count)d requests decided."))

    @admin.action(description=_("Decline the selected requests"))
    def decline(self, request, queryset):
        run_action(self, request, queryset, lambda m: actions.decide_membership(acting_user=request.user, membership=m, approve=False), _("%(count)d requests decided."))

    @admin.action(description=_("Name as representatives"))
    def make_representative(self, request, queryset):
        run_action(self, request, queryset, lambda m: actions.set_role(acting_user=request.user, membership=m, role=Membership.Role.REPRESENTATIVE), _("%(count)d roles changed."))

    @admin.action(description=_("Make ordinary members"))
    def make_member(self, request, queryset):
        run_action(self, request, queryset, lambda m: actions.set_role(acting_user=request.user, membership=m, role=Membership.Role.MEMBER), _("%(count)d roles changed."))
