"""Who reads the hosting log: the people given the permission `hosting.read_hosting_log` by name (superusers hold
every permission). Staff and the operator's other powers do not include it."""

from parvis.core import permissions

READ = "hosting.read_hosting_log"


def hosting_log_reader_roles(user, obj):
    return (permissions.HOSTING_LOG_READER,) if user.has_perm(READ) else ()


def register() -> None:
    permissions.register_resolver(hosting_log_reader_roles, roles=[permissions.HOSTING_LOG_READER])
