"""The roles a person holds on a space, for the permission table (`parvis.core.permissions`).

A person's active memberships are read once per user object (once per request), with the roles they give, so that
a page checking twenty posts or spaces asks the database once. A suspended space gives nobody any role: nobody
posts, moderates or manages in it until the suspension is lifted (the operator's roles do not come from here).
"""

from django.db.models.signals import post_delete, post_save

from parvis.core import permissions

from .models import TABLE_ROLES, Membership, Space, active_memberships


def _space_id_of(obj):
    if isinstance(obj, Space):
        return obj.pk
    return getattr(obj, "space_id", None)


def _roles_by_space(user) -> dict[int, str]:
    roles = {}
    for membership in active_memberships(user):
        space_id, role = membership.space_id, membership.role
        is_official, organisation_kind = membership.space.is_official, membership.space.organisation_kind
        name = TABLE_ROLES.get(role)
        if name == permissions.MEMBER and (is_official or organisation_kind):
            name = permissions.PAGE_MEMBER
        if name:
            roles[space_id] = name
    return roles


def space_roles(user, obj):
    space_id = _space_id_of(obj)
    if space_id is None:
        return ()
    role = permissions.remembered(user, "spaces", lambda: _roles_by_space(user)).get(space_id)
    return (role,) if role else ()


def _forget(sender, **kwargs) -> None:
    permissions.roles_changed()


def register() -> None:
    permissions.register_resolver(space_roles, roles=[*TABLE_ROLES.values(), permissions.PAGE_MEMBER])
    # A role given or taken away (whatever wrote it: a service, the administration, a test) is seen at once.
    post_save.connect(_forget, sender=Membership, weak=False, dispatch_uid="parvis.spaces.permissions.saved")
    post_delete.connect(_forget, sender=Membership, weak=False, dispatch_uid="parvis.spaces.permissions.deleted")
