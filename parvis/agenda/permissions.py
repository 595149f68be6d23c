"""The agents of a territory, for the permission table (`parvis.core.permissions`).

Today an agent is a person named editor of a territory's common agenda (`AgendaEditor`): they review the agenda of
that territory and of every territory below it (a département's agents review its communes). The paths of the
territories a person is agent of are read once per user object (once per request).
"""

from django.db.models.signals import post_delete, post_save

from parvis.core import permissions
from parvis.core.viewer import viewer_changed
from parvis.territories.models import Territory

from .models import AgendaEditor, AgendaSubmission


def _territory_path_of(obj) -> str | None:
    # Only territories and submissions to an agenda: asking `obj.territory` of anything else (a space in a list)
    # would cost a query per object for a role that grants nothing on it.
    if isinstance(obj, Territory):
        return obj.path or None
    if isinstance(obj, AgendaSubmission):
        return obj.territory.path or None
    return None


def agent_roles(user, obj):
    path = _territory_path_of(obj)
    if path is None:
        return ()
    paths = permissions.remembered(
        user, "agenda", lambda: list(AgendaEditor.objects.filter(user=user).values_list("territory__path", flat=True))
    )
    return (permissions.AGENT,) if any(path.startswith(mine) for mine in paths) else ()


def _forget(sender, **kwargs) -> None:
    permissions.roles_changed()


def register() -> None:
    permissions.register_resolver(agent_roles, roles=[permissions.AGENT])
    post_save.connect(_forget, sender=AgendaEditor, weak=False, dispatch_uid="parvis.agenda.permissions.saved")
    post_delete.connect(_forget, sender=AgendaEditor, weak=False, dispatch_uid="parvis.agenda.permissions.deleted")
    # An event proposed or reviewed changes the editors' queue badge, kept across requests (parvis/core/viewer.py).
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(_queue_changed, sender=AgendaSubmission, weak=False, dispatch_uid=f"parvis.agenda.queue.{name}")


def _queue_changed(sender, **kwargs) -> None:
    viewer_changed()
