from django.contrib import admin

from .audit import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The trail is read-only, even for the operator: entries are written by the services only."""

    list_display = ["created_at", "verb", "actor", "kind", "object_id", "target_label", "space_id", "reason"]
    list_filter = ["verb", "kind"]
    search_fields = ["target_label", "actor_label", "reason"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
