"""The members who may send videos to a channel, for the permission table (`parvis.core.permissions`): the role
`contributor` is held on a channel its officers opened to the members' videos (`Channel.members_may_publish`), by
the active members of its space. It grants `tv.publish` on that channel only. The membership is the space's own
role (read once per request by `spaces.permissions`): a suspended space gives none, so no contributor either."""

from parvis.core import permissions

from .models import Channel

# Every role of a space's active members, from the plainest.
SPACE_ROLES = frozenset(
    {permissions.MEMBER, permissions.PAGE_MEMBER, permissions.MODERATOR, permissions.ADMIN, permissions.OWNER}
)


def contributor_roles(user, obj):
    if not isinstance(obj, Channel) or not obj.members_may_publish:
        return ()
    return (permissions.CONTRIBUTOR,) if permissions.roles_of(user, obj, among=SPACE_ROLES) & SPACE_ROLES else ()


def register() -> None:
    permissions.register_resolver(contributor_roles, roles=[permissions.CONTRIBUTOR])
