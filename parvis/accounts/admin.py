from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, PostalLetter, User, Verification


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "home_commune", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "profile_visibility"]
    search_fields = ["email", "display_name"]
    raw_id_fields = ["home_commune", "quartier", "residence"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {"fields": ["display_name", "bio", "avatar", "home_commune", "quartier", "residence"]},
        ),
        (_("Privacy"), {"fields": ["profile_visibility"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["token_hash", "hint", "created_at", "last_used_at"]
    raw_id_fields = ["user"]


@admin.register(Verification)
class VerificationAdmin(admin.ModelAdmin):
    """Read, and ended by deleting: a verification is given by its own path (a provider, a letter, a code) so that
    each one is in the audit log."""

    list_display = ["user", "level", "verifier_label", "verified_at", "expires_at"]
    list_filter = ["level"]
    readonly_fields = ["user", "level", "method", "verifier", "verifier_label", "verified_at"]
    raw_id_fields = ["user", "verifier"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(PostalLetter)
class PostalLetterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "created_by", "created_at", "expires_at", "used_at"]
    readonly_fields = ["user", "address", "code_hash", "created_by", "created_at", "used_at"]

    def has_add_permission(self, request) -> bool:
        return False  # written on the operator's letter page, which shows the code once
