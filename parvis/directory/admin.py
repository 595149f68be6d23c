from django.contrib import admin

from .models import CommuneFigures, Offer, SchoolClass


@admin.register(CommuneFigures)
class CommuneFiguresAdmin(admin.ModelAdmin):
    """The operator enters the number of shops of a commune: the partner share of the figures page divides by it."""

    list_display = ("territory", "shops_total")
    autocomplete_fields = ("territory",)
    search_fields = ("territory__name",)


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ("title", "space", "valid_from", "valid_until")
    list_select_related = ("space",)
    raw_id_fields = ("space", "created_by")
    search_fields = ("title", "space__name")


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin):
    # Read-only: classes are parents' spaces; the operator looks, the spaces' services change them.
    list_display = ("space", "school_name", "school_year")
    list_select_related = ("space",)
    readonly_fields = ("space", "school", "school_name", "year", "class_name", "school_year", "created_by")

    def has_add_permission(self, request):
        return False
