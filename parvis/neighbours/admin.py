"""Read-only views for the operator: every write goes through the services (codes, verifications and exchanges
are the trail of who became a verified resident and who helped whom, and must not be edited by hand)."""

from django.contrib import admin

from .models import Exchange, Listing, Residence, ResidenceCode, ResidentVerification


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Residence)
class ResidenceAdmin(ReadOnlyAdmin):
    list_display = ["territory", "manager", "buildings", "created_at"]
    list_select_related = ["territory", "manager"]
    search_fields = ["territory__name", "territory__address"]


@admin.register(ResidenceCode)
class ResidenceCodeAdmin(ReadOnlyAdmin):
    # The code itself is not listed: the operator has no use for it, and a list of codes is a list of keys.
    list_display = ["residence", "uses", "max_uses", "expires_at", "revoked"]
    exclude = ["code"]
    list_select_related = ["residence__territory"]


@admin.register(ResidentVerification)
class ResidentVerificationAdmin(ReadOnlyAdmin):
    list_display = ["user", "residence", "method", "verified_at"]
    list_select_related = ["user", "residence__territory"]
    raw_id_fields = ["user", "code"]


@admin.register(Listing)
class ListingAdmin(ReadOnlyAdmin):
    list_display = ["title", "direction", "kind", "scope", "territory", "status", "created_at"]
    list_filter = ["status", "kind", "scope"]
    list_select_related = ["territory"]


@admin.register(Exchange)
class ExchangeAdmin(ReadOnlyAdmin):
    list_display = ["listing", "commune", "done_at"]
    list_select_related = ["listing", "commune"]
