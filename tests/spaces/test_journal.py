"""The audit log is read by a space's administrators for their space, and by the operator for everything."""

import pytest
from django.utils import timezone, translation

from parvis.core.audit import AuditEntry, audit
from parvis.spaces.models import Membership, MembershipStatus, Role, SpaceLogAction
from parvis.spaces.services.memberships import membership_approve, membership_refuse, membership_set_role, space_join
from tests.conftest import staff_client
from tests.factories import make_user


@pytest.fixture
def french(settings):
    """This app's tests read English (conftest): the journal's French is checked here."""
    settings.LANGUAGE_CODE = "fr"
    with translation.override("fr"):
        yield


def journal(space) -> str:
    return f"/espaces/{space.slug}/journal/"


@pytest.fixture
def acts(spaces, inhabitant, outsider, neighbour):
    """A refusal in the members-only group, and an approval in the secret one."""
    membership_refuse(
        actor=inhabitant,
        space=spaces["members"],
        membership=space_join(space=spaces["members"], user=outsider),
        reason="Réservé aux parents d'élèves",
    )
    secret = spaces["secret"]
    membership_approve(actor=inhabitant, space=secret, membership=_requested(secret, neighbour))


def _requested(space, user):
    return Membership.objects.create(space=space, user=user, status=MembershipStatus.REQUESTED)


def test_space_admin_reads_their_spaces_entries_only_in_french(client, spaces, inhabitant, acts, french):
    client.force_login(inhabitant)
    response = client.get(journal(spaces["members"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Journal de Groupe members" in page
    assert "Réservé aux parents d&#x27;élèves" in page and "Sacha" in page and "Camille" in page
    assert "Demande refusée" in page
    # The approval in the secret group is that group's, not this one's.
    assert "Dominique" not in page
    assert "Dominique" in client.get(journal(spaces["secret"])).content.decode()


def test_another_spaces_administrator_does_not_read_this_journal(client, spaces, acts, beauvais):
    other = make_user("autre@example.org", display_name="Alix", home_commune=beauvais)
    space = spaces["members"]
    space_join(space=spaces["public"], user=other)
    # An administrator elsewhere, and a plain member here, are both refused.
    client.force_login(other)
    assert client.get(journal(space)).status_code == 403
    assert client.get(journal(spaces["public"])).status_code == 403


def test_a_member_gets_403_and_an_outsider_404_on_a_secret_spaces_journal(client, spaces, inhabitant, neighbour, acts):
    secret = spaces["secret"]
    # The neighbour is now a member (approved above), not an administrator.
    client.force_login(neighbour)
    assert client.get(journal(secret)).status_code == 403
    outsider = make_user("curieux@example.org", display_name="Curieux")
    client.force_login(outsider)
    assert client.get(journal(secret)).status_code == 404
    client.logout()
    assert client.get(journal(secret)).status_code == 302  # to the sign-in page


def test_a_moderator_is_not_an_administrator_and_gets_403(client, spaces, inhabitant, outsider):
    space = spaces["public"]
    membership = space_join(space=space, user=outsider)
    membership_set_role(actor=inhabitant, space=space, membership=membership, role=Role.MODERATOR)
    client.force_login(outsider)
    assert client.get(journal(space)).status_code == 403


def test_the_journal_is_paginated(client, spaces, inhabitant):
    space = spaces["public"]
    for number in range(55):
        audit(actor=inhabitant, verb=SpaceLogAction.SETTINGS_CHANGED, target=space, space=space, reason=f"n°{number}")
    client.force_login(inhabitant)
    first = client.get(journal(space)).content.decode()
    assert "n°54" in first and "n°4<" not in first and "?page=2" in first
    second = client.get(journal(space) + "?page=2").content.decode()
    assert "n°4<" in second and "n°54" not in second


@pytest.mark.parametrize("count", [1, 20])
def test_the_journal_reads_in_a_fixed_number_of_queries(
    client, spaces, inhabitant, count, django_assert_max_num_queries
):
    space = spaces["public"]
    for number in range(count):
        person = make_user(f"p{number}@example.org", display_name=f"P{number}")
        audit(actor=person, verb=SpaceLogAction.INVITATION_DECLINED, target=person, space=space)
    client.force_login(inhabitant)
    with django_assert_max_num_queries(12):
        assert client.get(journal(space)).status_code == 200


def test_the_operator_reads_every_space_and_filters(client, spaces, inhabitant, outsider, neighbour, operator, acts):
    client = staff_client(client, operator)
    page = client.get("/journal/").content.decode()
    assert "Réservé aux parents" in page and "Dominique" in page
    assert "Groupe members" in page and "Groupe secret" in page

    by_verb = client.get("/journal/", {"verb": SpaceLogAction.REQUEST_APPROVED}).content.decode()
    assert "Dominique" in by_verb and "Réservé aux parents" not in by_verb

    by_space = client.get("/journal/", {"space": spaces["members"].slug}).content.decode()
    assert "Réservé aux parents" in by_space and "Dominique" not in by_space

    by_kind = client.get("/journal/", {"kind": "spaces.space"}).content.decode()
    assert "Réservé aux parents" not in by_kind and "Groupe public" in by_kind  # the spaces' creations

    outsider.handle = "sacha"
    outsider.save()
    by_actor = client.get("/journal/", {"actor": "@camille"}).content.decode()
    assert "Nobody has this handle" in by_actor
    inhabitant.handle = "camille"
    inhabitant.save()
    by_actor = client.get("/journal/", {"actor": "@camille"}).content.decode()
    assert "Réservé aux parents" in by_actor

    today = timezone.localdate()
    in_period = client.get("/journal/", {"since": today.isoformat(), "until": today.isoformat()}).content.decode()
    assert "Réservé aux parents" in in_period
    before = client.get("/journal/", {"until": "2020-01-01"}).content.decode()
    assert "Réservé aux parents" not in before and "No entry matches these filters" in before


@pytest.mark.parametrize(
    "query",
    [
        {"space": "nulle-part"},
        {"actor": "personne@example.org"},
        {"since": "2026-05-01", "until": "2026-04-01"},
        {"since": "pas une date"},
        {"verb": "inconnu"},
        {"space": "9" * 40},
        {"until": "9999-12-31"},
        {"since": "0001-01-01"},
    ],
)
def test_a_bad_filter_says_what_is_wrong_and_never_fails(client, operator, acts, query):
    client = staff_client(client, operator)
    response = client.get("/journal/", query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Some filters need your attention" in page and "Réservé aux parents" not in page


def test_only_the_operator_reads_the_whole_journal(client, spaces, inhabitant, acts):
    client.force_login(inhabitant)  # the owner of every space, not the operator
    assert client.get("/journal/").status_code == 403
    client.logout()
    assert client.get("/journal/").status_code == 302


def test_entries_outlive_the_space(client, spaces, inhabitant, operator, acts):
    space = spaces["members"]
    space_id = space.pk
    space.delete()
    assert AuditEntry.objects.filter(space_id=space_id, verb=SpaceLogAction.REQUEST_REFUSED).exists()
    page = staff_client(client, operator).get("/journal/", {"space": str(space_id)}).content.decode()
    assert "Réservé aux parents" in page and "deleted space" in page
