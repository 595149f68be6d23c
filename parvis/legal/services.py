"""Writes of the legal pages: the operator's details."""

from django.db import transaction

from .models import OperatorDetails

# What the operator may set; anything else is refused rather than silently dropped.
DETAILS = (
    "name",
    "address",
    "email",
    "phone",
    "identifier",
    "director",
    "host_name",
    "host_address",
    "host_phone",
    "dpo",
    "accessibility_audit_date",
    "accessibility_rate",
)


@transaction.atomic
def operator_details_update(**values) -> OperatorDetails:
    """Set some of the publisher's and host's details (the others keep theirs); ValidationError({field: …}) on a
    bad value, and nothing saved."""
    unknown = set(values) - set(DETAILS)
    if unknown:
        raise TypeError(f"unknown operator details: {sorted(unknown)}")
    details = OperatorDetails.objects.select_for_update().filter(pk=OperatorDetails.SINGLETON).first()
    details = details or OperatorDetails(pk=OperatorDetails.SINGLETON)
    for name, value in values.items():
        setattr(details, name, value.strip() if isinstance(value, str) else value)
    details.full_clean()
    details.save()
    return details
