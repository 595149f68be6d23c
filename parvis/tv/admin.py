from django.contrib import admin

from .models import Channel


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    """The operator sets a channel's limits. Names, descriptions and videos stay out of the admin: a channel of a
    members-only group is its members' business (the operator reads no private group)."""

    list_display = ("pk", "space_id", "max_bytes", "max_seconds", "created_at")
    fields = ("max_bytes", "max_seconds")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
