"""The operator configures agendas here: who edits which territory's agenda, whose events enter it unreviewed."""

from django.contrib import admin

from .models import AgendaEditor, AgendaSubmission, CalendarSource, Event, TrustedPublisher


@admin.register(AgendaEditor)
class AgendaEditorAdmin(admin.ModelAdmin):
    list_display = ["user", "territory"]
    list_filter = ["territory__level"]
    search_fields = ["user__email", "user__display_name", "territory__name", "territory__code"]
    raw_id_fields = ["user", "territory"]


@admin.register(TrustedPublisher)
class TrustedPublisherAdmin(admin.ModelAdmin):
    list_display = ["space", "territory"]
    list_filter = ["territory__level"]
    search_fields = ["space__name", "territory__name", "territory__code"]
    raw_id_fields = ["space", "territory"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "start", "status", "category", "commune", "space"]
    list_filter = ["status", "category", "is_free", "all_day", "space__visibility"]
    search_fields = ["title", "uid", "venue_name", "space__name", "commune__name"]
    date_hierarchy = "start"
    raw_id_fields = ["space", "organiser_space", "created_by", "commune", "source"]
    # Counters and derived fields are kept by the services; editing them here would break capacity or feeds.
    readonly_fields = ["going_count", "repeat_until", "sequence", "uid", "created_at", "updated_at"]


@admin.register(AgendaSubmission)
class AgendaSubmissionAdmin(admin.ModelAdmin):
    list_display = ["event", "territory", "status", "created_at", "decided_at"]
    list_filter = ["status", "territory__level"]
    search_fields = ["event__title", "territory__name"]
    raw_id_fields = ["event", "territory", "submitted_by", "reviewed_by"]
    # Decisions go through the review queue (services.agenda_review), which checks the editor and the reason.
    readonly_fields = ["status", "reason", "reviewed_by", "decided_at", "created_at"]


@admin.register(CalendarSource)
class CalendarSourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "space", "last_run_at"]
    search_fields = ["url", "space__name"]
    raw_id_fields = ["space", "created_by"]
    readonly_fields = ["last_run_at", "last_report"]
