"""What every act of authority on a space shares: who may perform it, and the entry it writes in the space's journal."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from parvis.core.audit import AuditEntry, audit
from parvis.core.permissions import can

from ..models import Space


def _log(*, space: Space, actor, action: str, target_user=None, detail: str = "", reason: str = "") -> AuditEntry:
    """An act on the space (target: the space) or on one of its people (target: the person)."""
    return audit(
        actor=actor,
        verb=action,
        target=target_user if target_user is not None else space,
        space=space,
        reason=reason,
        details={"detail": detail[:200]} if detail else None,
    )


def _administrator(*, space: Space, user) -> None:
    """PermissionDenied unless the user administers the space (`space.administer`). The operator gets no
    exception: they act on spaces through verification and moderation, not by managing members."""
    if not can(user, "space.administer", space):
        raise PermissionDenied(_("Only the space's administrators manage its members and settings."))
