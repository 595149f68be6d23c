from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "parvis.agenda"
    label = "agenda"

    def ready(self):
        from .kinds import register

        register()
        from parvis.spaces.hooks import on_membership_ended

        from .services import rsvps_withdraw_for_former_member

        on_membership_ended(rsvps_withdraw_for_former_member)
