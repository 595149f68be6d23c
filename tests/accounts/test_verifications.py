"""Verification graded per action: the level each action needs (defaults, the operator's choice), what the person is
told when a level is missing, and the postal letter with a one-time code."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from parvis.accounts import verifications
from parvis.accounts.models import PostalLetter, Verification
from parvis.core import hooks
from parvis.core.audit import AuditEntry
from parvis.core.permissions import level_missing
from parvis.core.ratelimit import RateLimited
from parvis.messaging.services import conversation_start
from tests.conftest import staff_client
from tests.factories import make_user, only_entry
from tests.network.helpers import grant


def raise_level(operator, action: str, level: str) -> None:
    verifications.action_level_set(operator=operator, action=action, level=level)


@pytest.mark.django_db
def test_defaults_let_every_signed_in_person_report_and_answer(inhabitant):
    assert level_missing(inhabitant, "counter.report") is None
    assert level_missing(inhabitant, "event.answer_limited") is None
    assert level_missing(inhabitant, "residence.post") == "residence"


@pytest.mark.django_db
def test_a_higher_level_meets_a_lower_requirement(inhabitant):
    verifications.verification_record(
        user=inhabitant, level="identity", method="openid_connect", verifier_label="FranceConnect"
    )
    assert level_missing(inhabitant, "residence.post") is None


@pytest.mark.django_db
def test_an_expired_verification_counts_no_more(inhabitant, operator):
    raise_level(operator, "counter.report", "identity")
    verifications.verification_record(
        user=inhabitant,
        level="identity",
        method="openid_connect",
        verifier_label="FranceConnect",
        expires_at=timezone.now() - timedelta(days=1),
    )
    assert level_missing(inhabitant, "counter.report") == "identity"


@pytest.mark.django_db
def test_the_operator_raises_the_level_of_the_counter_and_the_page_says_how_to_get_it(
    signed_in, inhabitant, operator, beauvais
):
    raise_level(operator, "counter.report", "identity")
    assert only_entry("action_level_set").details == {"action": "counter.report", "level": "identity"}
    page = signed_in.get(reverse("counter:report_new", kwargs={"slug": beauvais.slug}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "identité vérifiée" in text
    assert 'href="/accounts/3rdparty/"' in text
    with pytest.raises(PermissionDenied, match="identité vérifiée"):
        verifications.level_require(inhabitant, "counter.report")
    verifications.verification_record(
        user=inhabitant, level="identity", method="openid_connect", verifier_label="FranceConnect"
    )
    verifications.level_require(inhabitant, "counter.report")


@pytest.mark.django_db
def test_writing_to_an_elu_needs_the_level_the_operator_chose(inhabitant, operator, beauvais):
    elu = make_user("maire@example.org", display_name="Marie Maire", home_commune=beauvais)
    grant(operator, elu, commune=beauvais)
    raise_level(operator, "elu.message", "postal")
    with pytest.raises(PermissionDenied, match="adresse postale vérifiée"):
        conversation_start(initiator=inhabitant, participants=[elu], first_message="Bonjour Madame la Maire")
    # Only the élus among the recipients ask for it.
    neighbour = make_user("voisin@example.org", display_name="Paul Voisin", home_commune=beauvais)
    assert hooks.elus_among(user_ids=[elu.pk, neighbour.pk]) == {elu.pk}
    verifications.verification_record(user=inhabitant, level="postal", method="test", verifier_label="Mairie")
    # Verified, the level no longer stands in the way (the élu's own choice of who writes to her still does).
    with pytest.raises(PermissionDenied) as refused:
        conversation_start(initiator=inhabitant, participants=[elu], first_message="Bonjour Madame")
    assert "vérifiée" not in str(refused.value)


@pytest.mark.django_db
def test_only_the_operator_sets_levels(client, inhabitant):
    with pytest.raises(PermissionDenied):
        verifications.action_level_set(operator=inhabitant, action="counter.report", level="identity")
    client.force_login(inhabitant)
    assert client.get("/profil/verification/niveaux/").status_code == 403


@pytest.mark.django_db
def test_the_levels_page_saves_the_operators_choice(client, operator):
    staff_client(client, operator)
    assert "Répondre à un événement aux places limitées" in client.get("/profil/verification/niveaux/").content.decode()
    response = client.post("/profil/verification/niveaux/", {"event.answer_limited": "residence"})
    assert response.status_code == 302
    assert level_missing(make_user("x@example.org"), "event.answer_limited") == "residence"


# --- The postal letter ---------------------------------------------------------------------------------------------


def write_letter(client, person, address="Camille Durand\n12 rue de la Madeleine\n60000 Beauvais") -> str:
    response = client.post("/profil/verification/lettres/", {"email": person.email, "address": address})
    assert response.status_code == 200
    page = response.content.decode()
    assert "12 rue de la Madeleine" in page
    return re.search(r'class="letter__code">([A-Z0-9]+)<', page).group(1)


@pytest.mark.django_db
def test_a_letter_is_printed_once_and_its_code_verifies_the_address(client, operator, inhabitant):
    staff_client(client, operator)
    code = write_letter(client, inhabitant)
    letter = PostalLetter.objects.get(user=inhabitant)
    assert code not in letter.code_hash  # only the hash is kept
    entry = only_entry("postal_letter_created")
    assert code not in str(entry.details) and "Madeleine" not in str(entry.details)

    client.force_login(inhabitant)
    response = client.post("/profil/verification/courrier/", {"code": code.lower()})
    assert response.status_code == 302
    assert Verification.objects.get(user=inhabitant).level == "postal"
    letter.refresh_from_db()
    assert letter.used_at is not None and letter.address == ""  # the address is forgotten once used
    assert AuditEntry.objects.filter(verb="postal_letter_used").count() == 1
    profile = client.get("/profil/").content.decode()
    assert "Code reçu par courrier postal" in profile or "courrier" in profile
    # Once only.
    response = client.post("/profil/verification/courrier/", {"code": code})
    assert response.status_code == 400
    assert "pas valide" in response.content.decode()


@pytest.mark.django_db
def test_a_letter_works_only_for_its_own_person(operator, inhabitant, neighbour):
    _letter, code = verifications.postal_letter_create(actor=operator, user=inhabitant, address="1 place Hachette")
    with pytest.raises(ValidationError):
        verifications.postal_letter_redeem(user=neighbour, code=code)
    assert not Verification.objects.filter(user=neighbour).exists()


@pytest.mark.django_db
def test_an_expired_letter_is_refused(operator, inhabitant):
    letter, code = verifications.postal_letter_create(actor=operator, user=inhabitant, address="1 place Hachette")
    PostalLetter.objects.filter(pk=letter.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        verifications.postal_letter_redeem(user=inhabitant, code=code)


@pytest.mark.django_db
def test_guessing_codes_is_limited(rate_limits_on, operator, inhabitant):
    _letter, code = verifications.postal_letter_create(actor=operator, user=inhabitant, address="1 place Hachette")
    for _ in range(verifications.LETTER_TRIES):
        with pytest.raises(ValidationError):
            verifications.postal_letter_redeem(user=inhabitant, code="AAAAAAAAAA", ip="192.0.2.4")
    # Past the limit even the right code is refused, with a sentence that says when to try again.
    with pytest.raises(RateLimited, match="réessayez dans"):
        verifications.postal_letter_redeem(user=inhabitant, code=code, ip="192.0.2.4")


@pytest.mark.django_db
def test_only_the_operator_writes_letters(client, inhabitant, neighbour):
    with pytest.raises(PermissionDenied):
        verifications.postal_letter_create(actor=inhabitant, user=neighbour, address="1 place Hachette")
    client.force_login(inhabitant)
    assert client.get("/profil/verification/lettres/").status_code == 403


@pytest.mark.django_db
def test_bad_input_for_a_letter_is_explained(client, operator):
    staff_client(client, operator)
    response = client.post("/profil/verification/lettres/", {"email": "personne@example.org", "address": "x"})
    assert "Aucun compte ouvert" in response.content.decode()
    response = client.post("/profil/verification/lettres/", {"email": operator.email, "address": "   "})
    assert response.status_code == 200
    assert not PostalLetter.objects.exists()
