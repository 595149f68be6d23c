from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeighboursConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "parvis.neighbours"
    label = "neighbours"
    verbose_name = _("Neighbours")

    def ready(self):
        from .kinds import register

        register()
        from parvis.spaces.hooks import on_membership_ended

        from .services.residences import verification_end_for_former_member

        on_membership_ended(verification_end_for_former_member)

        from parvis.core import hooks

        from .services.residences import resident_verification_of

        # The "residence" level of verification graded per action (parvis.core.permissions.LEVELS).
        hooks.resident_verification.answer_with(resident_verification_of)

        from parvis.core.media import register_carrier

        from .models import Listing, ListingPhoto

        # A listing's photo reaches the people its scope names, as the listing itself (no one once moderated).
        register_carrier(
            "listing-photo",
            model=ListingPhoto,
            readable=lambda user: ListingPhoto.objects.filter(listing__in=Listing.objects.visible_to(user)),
            fields=("image", "image_small"),
        )

        # Its lines in the register of personal data (parvis/core/personal_data.py).
        from . import personal_data as register_of_personal_data

        register_of_personal_data.register()
