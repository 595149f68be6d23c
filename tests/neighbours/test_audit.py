"""Residence codes (created, withdrawn), verified residents and quartiers each write one audit entry; the code's
letters never go into the journal."""

import pytest
from django.core.exceptions import ValidationError

from parvis.core.audit import AuditEntry
from parvis.neighbours import services
from parvis.neighbours.models import NeighboursVerb
from tests.factories import only_entry


def test_creating_a_residence_code_is_audited_without_its_letters(code, residence, landlord_user):
    entry = only_entry(NeighboursVerb.CODE_CREATED)
    assert (entry.actor, entry.kind, entry.object_id, entry.space_id, entry.reason) == (
        landlord_user,
        "neighbours.residencecode",
        code.pk,
        residence.space_id,
        "",
    )
    assert code.code not in entry.target_label and code.code not in str(entry.details)


def test_withdrawing_a_residence_code_is_audited_once(code, residence, landlord_user):
    services.residence_code_revoke(actor=landlord_user, code=code)
    services.residence_code_revoke(actor=landlord_user, code=code)  # already withdrawn: nothing more happens
    entry = only_entry(NeighboursVerb.CODE_REVOKED)
    assert (entry.actor, entry.kind, entry.object_id, entry.space_id) == (
        landlord_user,
        "neighbours.residencecode",
        code.pk,
        residence.space_id,
    )


def test_a_verified_resident_is_audited_in_the_residences_space(code, residence, inhabitant):
    services.residence_code_redeem(user=inhabitant, code=code.code)
    services.residence_code_redeem(user=inhabitant, code=code.code)  # entering it twice verifies once
    entry = only_entry(NeighboursVerb.RESIDENT_VERIFIED)
    assert (entry.actor, entry.kind, entry.object_id, entry.space_id) == (
        inhabitant,
        "accounts.user",
        inhabitant.pk,
        residence.space_id,
    )
    assert entry.details["code"] == code.pk and entry.details["residence"] == residence.pk


def test_a_wrong_code_writes_nothing(code, inhabitant):
    with pytest.raises(ValidationError):
        services.residence_code_redeem(user=inhabitant, code="ZZZZZZZZ")
    assert not AuditEntry.objects.filter(verb=NeighboursVerb.RESIDENT_VERIFIED).exists()


def test_creating_a_quartier_is_audited(operator, beauvais):
    quartier = services.quartier_create(operator=operator, commune=beauvais, name="Saint-Jean")
    entry = only_entry(NeighboursVerb.QUARTIER_CREATED)
    assert (entry.actor, entry.kind, entry.object_id, entry.target_label) == (
        operator,
        "territories.territory",
        quartier.pk,
        "Saint-Jean",
    )
