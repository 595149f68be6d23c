"""The network's roles for the permission table: a person holds `elu`, `agent` or `expert` on the network (the
object `NETWORK`, or anything of the network) while one of their verified, accepted roles runs on today's date.
The date is part of what is remembered, so that a process running past midnight does not keep an ended mandate."""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from parvis.core import permissions

from .models import NETWORK, Answer, Document, NetworkRole, Question, RoleKind, Session

TABLE_ROLES = {RoleKind.ELU: permissions.ELU, RoleKind.AGENT: permissions.AGENT, RoleKind.EXPERT: permissions.EXPERT}
NETWORK_OBJECTS = (Session, Question, Answer, Document)


def roles_today(user) -> frozenset[str]:
    today = timezone.localdate()
    return permissions.remembered(
        user,
        f"network:{today.isoformat()}",
        lambda: frozenset(
            TABLE_ROLES[kind]
            for kind in NetworkRole.objects.active_on(today).filter(user=user).values_list("kind", flat=True)
        ),
    )


def network_roles(user, obj):
    if obj is not NETWORK and not isinstance(obj, NETWORK_OBJECTS):
        return ()
    return roles_today(user)


def _forget(sender, **kwargs) -> None:
    permissions.roles_changed()


def register() -> None:
    permissions.register_resolver(network_roles, roles=[permissions.ELU, permissions.AGENT, permissions.EXPERT])
    post_save.connect(_forget, sender=NetworkRole, weak=False, dispatch_uid="parvis.network.permissions.saved")
    post_delete.connect(_forget, sender=NetworkRole, weak=False, dispatch_uid="parvis.network.permissions.deleted")
