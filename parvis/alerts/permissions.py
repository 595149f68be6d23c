"""The verified residents of an area, for the permission table (`parvis.core.permissions`): the role `resident`
is held on a residence one is a verified resident of, and on the quartier and the commune around it. It grants
sending an alert there (`alert.send`). The paths of the person's residences are read once per user object."""

from django.db.models.signals import post_delete, post_save

from parvis.core import permissions
from parvis.neighbours.models import ResidentVerification
from parvis.territories.models import Territory

from .models import AREA_LEVELS


def resident_roles(user, obj):
    if not isinstance(obj, Territory) or obj.level not in AREA_LEVELS or not obj.path:
        return ()
    paths = permissions.remembered(
        user,
        "verified_residences",
        lambda: list(
            ResidentVerification.objects.filter(user=user).values_list("residence__territory__path", flat=True)
        ),
    )
    return (permissions.RESIDENT,) if any(path.startswith(obj.path) for path in paths) else ()


def _forget(sender, **kwargs) -> None:
    permissions.roles_changed()


def register() -> None:
    permissions.register_resolver(resident_roles, roles=[permissions.RESIDENT])
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            _forget, sender=ResidentVerification, weak=False, dispatch_uid=f"parvis.alerts.permissions.{name}"
        )
