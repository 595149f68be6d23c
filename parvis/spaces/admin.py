from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Membership, Space
from .services.organisations import organisation_unverify, organisation_verify


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


def _apply(modeladmin, request, queryset, service, done):
    count = 0
    for space in queryset:
        try:
            service(operator=request.user, space=space, reason=str(_("From the administration")))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, f"{space.name}: {' '.join(getattr(error, 'messages', [str(error)]))}")
        else:
            count += 1
    if count:
        messages.success(request, done % {"count": count})


@admin.action(description=_("Verify the selected organisations (their SIREN/SIRET/RNA is checked)"))
def verify_organisations(modeladmin, request, queryset):
    _apply(modeladmin, request, queryset, organisation_verify, _("%(count)s organisation(s) verified."))


@admin.action(description=_("Withdraw the verification of the selected organisations"))
def unverify_organisations(modeladmin, request, queryset):
    _apply(modeladmin, request, queryset, organisation_unverify, _("%(count)s verification(s) withdrawn."))


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "nature",
        "organisation_kind",
        "siret",
        "rna",
        "territory",
        "visibility",
        "join_policy",
        "is_official",
        "is_verified",
    ]
    list_filter = ["nature", "organisation_kind", "visibility", "is_official", "is_verified"]
    search_fields = ["name", "slug", "siret", "rna"]
    raw_id_fields = ["territory"]
    # Verification goes through the action, so that it is logged: the flag is not edited by hand.
    readonly_fields = ["is_verified"]
    actions = [verify_organisations, unverify_organisations]
    inlines = [MembershipInline]
