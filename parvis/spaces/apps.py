from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "parvis.spaces"
    label = "spaces"

    def ready(self):
        # Models (and the modules that import them) load only once the app registry is ready: here, not at the top.
        from parvis.accounts import hooks as accounts_hooks
        from parvis.core.media import register_carrier
        from parvis.territories import hooks as territories_hooks

        from . import permissions
        from .kinds import register
        from .models import Membership, Space
        from .services.spaces import official_spaces_ensure

        register()
        permissions.register()
        # "My contacts": the people who share a non-official group with the viewer.
        accounts_hooks.contacts_from(
            lambda viewer: (
                Membership.objects.active()
                .filter(
                    space__in=Membership.objects.active().filter(user=viewer, space__is_official=False).values("space")
                )
                .values("user_id")
            )
        )
        # After an import of the official data, every new commune of the instance gets its official space.
        territories_hooks.on_territories_imported(lambda: f"official spaces: {official_spaces_ensure()} new")
        # A cover is the space's public face, like its name and nature: shown wherever the space is listed (its
        # card in lists and the directory), so to the people who may know it exists, not only to its readers.
        register_carrier(
            "space-cover", model=Space, readable=lambda user: Space.objects.listed_for(user), fields=("cover",)
        )

        # Its lines in the register of personal data (parvis/core/personal_data.py).
        from . import personal_data as register_of_personal_data

        register_of_personal_data.register()
