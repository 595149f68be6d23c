from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from .models import LegalText, OperatorDetails


@admin.register(LegalText)
class LegalTextAdmin(admin.ModelAdmin):
    list_display = ["page", "language", "updated_at"]
    list_filter = ["page", "language"]


@admin.register(OperatorDetails)
class OperatorDetailsAdmin(admin.ModelAdmin):
    """One record: the list opens it (or the form to write it the first time); it is never deleted, only emptied,
    which brings back the settings."""

    fieldsets = [
        (None, {"fields": ["name", "address", "email", "phone", "identifier", "director"]}),
        ("", {"fields": ["host_name", "host_address", "host_phone", "dpo"]}),
        ("", {"fields": ["accessibility_audit_date", "accessibility_rate"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not OperatorDetails.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        details = OperatorDetails.objects.current()
        if details is not None:
            return redirect(reverse("admin:legal_operatordetails_change", args=[details.pk]))
        return redirect(reverse("admin:legal_operatordetails_add"))

    def save_model(self, request, obj, form, change) -> None:
        obj.pk = OperatorDetails.SINGLETON
        super().save_model(request, obj, form, change)
