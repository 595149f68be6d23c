from django.contrib import admin

from .models import PostalCode, Territory


class PostalCodeInline(admin.TabularInline):
    model = PostalCode
    extra = 0


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "code", "population", "households"]
    list_filter = ["level"]
    search_fields = ["name", "code", "postal_codes__code"]
    readonly_fields = ["path", "search_name"]
    raw_id_fields = ["parent", "epci"]
    inlines = [PostalCodeInline]
