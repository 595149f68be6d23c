"""The operator's roles, for the permission table (`parvis.core.permissions`).

Staff (`is_staff`) opens the administration and nothing more: the operator is a staff account that also holds the
`accounts.operate` permission (superusers hold every permission), so that an instance can give a technician the
administration without the operator's powers. The operator's moderation team holds `moderation.moderate_anything`
(with or without staff); trusted flaggers (DSA art. 22) `moderation.trusted_flagger`. Django keeps a user's
permissions on the user object, so this costs one query a request.
"""

from django.db.models.signals import m2m_changed

from parvis.core import permissions

from .models import User

OPERATE = "accounts.operate"
MODERATE_ANYTHING = "moderation.moderate_anything"
TRUSTED_FLAGGER = "moderation.trusted_flagger"


def operator_roles(user, obj):
    # is_staff first: for everyone else, asking costs no query.
    return (permissions.OPERATOR,) if user.is_staff and user.has_perm(OPERATE) else ()


def operator_moderator_roles(user, obj):
    return (permissions.OPERATOR_MODERATOR,) if user.has_perm(MODERATE_ANYTHING) else ()


def trusted_flagger_roles(user, obj):
    return (permissions.TRUSTED_FLAGGER,) if user.has_perm(TRUSTED_FLAGGER) else ()


def _forget(sender, instance=None, **kwargs) -> None:
    # Django caches permissions on the user object (`_perm_cache`): a permission given in the same process must
    # be seen by the next question asked about that object too.
    for attribute in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        if instance is not None and hasattr(instance, attribute):
            delattr(instance, attribute)
    permissions.roles_changed()


def register() -> None:
    permissions.register_resolver(operator_roles, roles=[permissions.OPERATOR])
    permissions.register_resolver(operator_moderator_roles, roles=[permissions.OPERATOR_MODERATOR])
    permissions.register_resolver(trusted_flagger_roles, roles=[permissions.TRUSTED_FLAGGER])
    m2m_changed.connect(
        _forget, sender=User.user_permissions.through, weak=False, dispatch_uid="parvis.accounts.permissions"
    )
