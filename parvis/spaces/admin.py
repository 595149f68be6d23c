from django.contrib import admin

from .models import Membership, Space


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["name", "nature", "territory", "visibility", "join_policy", "is_official", "is_verified"]
    list_filter = ["nature", "visibility", "is_official", "is_verified"]
    search_fields = ["name", "slug"]
    raw_id_fields = ["territory"]
    inlines = [MembershipInline]
