from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "parvis.spaces"
    label = "spaces"

    def ready(self):
        from parvis.core.media import register_carrier

        from .kinds import register
        from .models import Space

        register()
        # A cover is the space's public face, like its name and nature: shown wherever the space is listed (its
        # card in lists and the directory), so to the people who may know it exists, not only to its readers.
        register_carrier(
            "space-cover", model=Space, readable=lambda user: Space.objects.listed_for(user), fields=("cover",)
        )
