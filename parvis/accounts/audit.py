"""Second-factor changes of the accounts that hold operator powers go into the audit log: adding, removing or
renewing the authenticator that guards the administration is an act on that authority. Connected to allauth's
signals in `AccountsConfig.ready` (allauth sends them; it has no service of ours to call). Imported from
`ready()` only, once allauth's apps are loaded."""

from allauth.mfa import signals
from django.db import models
from django.utils.translation import gettext_lazy as _

from parvis.core.audit import audit, register_verbs


class AccountVerb(models.TextChoices):
    MFA_ADDED = "mfa_added", _("second factor added")
    MFA_REMOVED = "mfa_removed", _("second factor removed")
    MFA_RESET = "mfa_reset", _("recovery codes renewed")


register_verbs(AccountVerb.choices)


def _holds_operator_powers(user) -> bool:
    # The accounts the second-factor middleware guards: staff, and the operator's moderation team.
    return bool(user.is_staff or user.is_superuser or user.has_perm("moderation.moderate_anything"))


def _record(verb: str):
    def receiver(sender, request=None, user=None, authenticator=None, **kwargs) -> None:
        if user is None or not _holds_operator_powers(user):
            return
        audit(
            actor=user,
            verb=verb,
            target=user,
            details={"authenticator": getattr(authenticator, "type", "")},
        )

    return receiver


def connect() -> None:
    for signal, verb in (
        (signals.authenticator_added, AccountVerb.MFA_ADDED),
        (signals.authenticator_removed, AccountVerb.MFA_REMOVED),
        (signals.authenticator_reset, AccountVerb.MFA_RESET),
    ):
        signal.connect(_record(verb), weak=False, dispatch_uid=f"parvis.accounts.audit.{verb}")
