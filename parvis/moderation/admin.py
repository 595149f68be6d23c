from django.contrib import admin

from .models import Decision, Report


class ReadOnlyAdmin(admin.ModelAdmin):
    """Moderation acts go through the services (rules, log, statement of reasons); the admin only shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "target_id", "reason", "status", "space", "reporter"]
    list_filter = ["status", "kind", "reason"]
    raw_id_fields = [
        "space",
        "author",
        "reporter",
        "decision",
    ]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "target_id", "action", "status", "moderator_role", "space"]
    list_filter = ["status", "action", "kind"]
    raw_id_fields = [
        "space",
        "author",
        "moderator",
        "reviewer",
    ]
