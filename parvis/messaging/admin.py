"""The operator sees how much the messaging is used, never what is said: conversations are listed by id, size and
dates only, read-only. Messages, subjects, attachments and blocks are not registered at all."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Conversation


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["id", "people", "message_count", "created_at", "last_message_at"]
    # Only metadata: no subject, no body, no participant's name (who talks to whom is private too).
    fields = ["id", "people", "message_count", "created_at", "last_message_at"]
    readonly_fields = fields
    date_hierarchy = "created_at"
    show_full_result_count = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                people_count=Count("participants", distinct=True), messages_count=Count("messages", distinct=True)
            )
        )

    @admin.display(description=_("people"), ordering="people_count")
    def people(self, conversation) -> int:
        return conversation.people_count

    @admin.display(description=_("messages"), ordering="messages_count")
    def message_count(self, conversation) -> int:
        return conversation.messages_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
