from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "parvis.federation"
    label = "federation"
    verbose_name = _("Federation (ActivityPub)")

    def ready(self):
        # Listens to the writes of the kinds that federate (after their apps registered them: it comes after them
        # in INSTALLED_APPS), so that content apps need not know federation exists.
        from django.db.models.signals import post_migrate

        from parvis.core.backup import made_by_migrate

        from . import outgoing, personal_data

        outgoing.connect()
        personal_data.register()
        post_migrate.connect(_instance_key, sender=self, dispatch_uid="federation-instance-key")
        # A restore migrates its empty target first, which makes a new instance key: the archive's one replaces it.
        made_by_migrate("federation.actorkey")


def _instance_key(sender, using="default", **_kwargs) -> None:
    """The instance actor's key, made once its table exists and outside any request: it signs GETs made inside
    transactions, which the other server checks by fetching it (see `remote._signed_get_headers`)."""
    from .actors import instance_actor, key_pair

    key_pair(instance_actor(), using=using)
