from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "parvis.agenda"
    label = "agenda"

    def ready(self):
        from . import permissions
        from .kinds import register

        register()
        # Its datasets in the open-data catalogue (parvis/opendata).
        from . import datasets

        datasets.register()
        permissions.register()
        from parvis.spaces.hooks import on_membership_ended

        from .services.rsvps import rsvps_withdraw_for_former_member

        on_membership_ended(rsvps_withdraw_for_former_member)

        from parvis.core.media import register_carrier

        from .models import Event

        register_carrier(
            "event-image", model=Event, readable=lambda user: Event.objects.visible_to(user), fields=("image",)
        )
        from .participation import EventPhoto

        register_carrier(
            "event-photo",
            model=EventPhoto,
            readable=lambda user: EventPhoto.objects.visible_to(user),
            fields=("image", "image_small"),
        )

        # Its lines in the register of personal data (parvis/core/personal_data.py).
        from . import personal_data as register_of_personal_data

        register_of_personal_data.register()

        # The player page of the web TV links back to the events a replay shows (the TV sits below the agenda).
        from parvis.tv import links as tv_links

        from .replays import backlinks

        tv_links.register(backlinks)
