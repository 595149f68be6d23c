from django.contrib import admin

from .models import BlockedActor, BlockedDomain, Delivery, RemoteActor


@admin.register(BlockedDomain)
class BlockedDomainAdmin(admin.ModelAdmin):
    list_display = ("domain", "reason", "created_at")
    search_fields = ("domain",)


@admin.register(BlockedActor)
class BlockedActorAdmin(admin.ModelAdmin):
    list_display = ("uri", "reason", "created_at")
    search_fields = ("uri",)


@admin.register(RemoteActor)
class RemoteActorAdmin(admin.ModelAdmin):
    list_display = ("uri", "actor_type", "domain", "fetched_at")
    search_fields = ("uri", "username")
    readonly_fields = [field.name for field in RemoteActor._meta.fields]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("activity_type", "inbox", "state", "attempts", "created_at", "sent_at")
    list_filter = ("state", "activity_type")
    readonly_fields = [field.name for field in Delivery._meta.fields]
