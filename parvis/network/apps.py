from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "parvis.network"
    label = "network"
    verbose_name = _("Network of élus and agents")

    def ready(self):
        from parvis.core import hooks
        from parvis.core.media import register_carrier

        from . import kinds, permissions
        from . import personal_data as register_of_personal_data
        from .models import Document, DocumentVersion, NetworkRole, RoleKind

        kinds.register()
        permissions.register()
        hooks.elus_among.answer_with(
            lambda *, user_ids: set(
                NetworkRole.objects.active()
                .filter(kind=RoleKind.ELU, user_id__in=user_ids)
                .values_list("user_id", flat=True)
            )
        )
        register_of_personal_data.register()
        # A version's file is served to those who may read its document (the network's rule), to nobody else.
        register_carrier(
            "network-document",
            model=DocumentVersion,
            readable=lambda user: DocumentVersion.objects.filter(document__in=Document.objects.visible_to(user)),
            fields=["file"],
        )
