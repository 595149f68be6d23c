"""The operator's page of the network: verify a role and send its invitation at once, import the State's register of
élus and invite each imported élu, with a sentence for each bad input; nobody else opens it."""

from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from parvis.core.permissions import can
from parvis.network import services
from parvis.network.models import NETWORK, NetworkRole, Source
from tests.conftest import staff_client
from tests.factories import make_user

SAMPLE = Path(__file__).parent / "rne_sample.csv"

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def desk(client, operator, beauvais):
    services.network_ensure(operator=operator, territory=beauvais.parent)
    return staff_client(client, operator)


@pytest.mark.django_db
def test_the_operator_verifies_an_agent_who_takes_the_role_through_the_e_mail(
    desk, client, django_capture_on_commit_callbacks
):
    assert "/reseau/roles/" in desk.get("/reseau/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        made = desk.post(
            "/reseau/roles/ajouter/",
            {
                "kind": "agent",
                "first_name": "Nadia",
                "last_name": "Benali",
                "email": "nadia@oise.example.org",
                "service": "Service des collèges",
                "direction": "Direction de l'éducation",
                "starts_on": "2026-01-05",
            },
            follow=True,
        )
    assert "The role is verified and the invitation is sent." in made.content.decode()
    role = NetworkRole.objects.get(last_name="Benali")
    assert role.verified_by is not None and role.invited_at is not None
    link = next(line for line in mail.outbox[-1].body.split() if "/reseau/invitation/" in line)
    nadia = make_user("nadia@oise.example.org", display_name="Nadia Benali")
    client.force_login(nadia)
    client.post(link[link.index("/reseau/") :])
    assert can(nadia, "network.session_open", NETWORK)
    assert "Held by Nadia Benali." in staff_client(client, role.verified_by).get("/reseau/roles/").content.decode()


@pytest.mark.django_db
def test_a_role_with_a_missing_field_or_an_unknown_commune_says_what_to_correct(desk):
    answer = desk.post(
        "/reseau/roles/ajouter/",
        {"kind": "elu", "first_name": "Jean", "last_name": "Petit", "commune": "99999", "starts_on": "2026-03-23"},
    )
    assert answer.status_code == 400
    assert "No commune of this site has this INSEE code." in answer.content.decode()
    answer = desk.post(
        "/reseau/roles/ajouter/",
        {"kind": "elu", "first_name": "Jean", "last_name": "Petit", "commune": "60057", "starts_on": "2026-03-23"},
    )
    assert answer.status_code == 400 and "Choose the élu&#x27;s function." in answer.content.decode()
    answer = desk.post(
        "/reseau/roles/ajouter/",
        {
            "kind": "elu",
            "first_name": "Jean",
            "last_name": "Petit",
            "commune": "60057",
            "function": "maire",
            "starts_on": "2026-03-23",
            "ends_on": "2020-01-01",
        },
    )
    assert answer.status_code == 400 and "The end date comes before the start date." in answer.content.decode()
    assert not NetworkRole.objects.exists()


@pytest.mark.django_db
def test_the_register_is_imported_from_the_page_and_each_elu_invited_from_the_list(
    desk, compiegne, django_capture_on_commit_callbacks
):
    page = desk.post(
        "/reseau/roles/repertoire/",
        {"file": SimpleUploadedFile("elus-municipaux.csv", SAMPLE.read_bytes()), "ends_on": "2032-03-31"},
    ).content.decode()
    assert "3 élus imported." in page and "Line 5: the commune 99999 is not one of this site&#x27;s." in page
    role = NetworkRole.objects.get(last_name="DUPONT")
    assert role.source == Source.RNE and role.verified_by is not None
    refused = desk.post(f"/reseau/roles/{role.pk}/inviter/", {"email": "pas-une-adresse"}, follow=True)
    assert "Give a valid e-mail address to send the invitation to." in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = desk.post(f"/reseau/roles/{role.pk}/inviter/", {"email": "claire@beauvais.example.org"}, follow=True)
    assert "The invitation is sent to claire@beauvais.example.org." in sent.content.decode()
    assert mail.outbox[-1].to == ["claire@beauvais.example.org"]


@pytest.mark.django_db
def test_a_file_that_is_not_the_register_or_no_file_is_refused_with_a_sentence(desk):
    answer = desk.post("/reseau/roles/repertoire/", {})
    assert answer.status_code == 400 and "Choose the register&#x27;s file to import." in answer.content.decode()
    answer = desk.post("/reseau/roles/repertoire/", {"file": SimpleUploadedFile("x.csv", b"\x89PNG\r\n\x1a\n\x00")})
    assert answer.status_code == 400 and "columns missing" in answer.content.decode()
    assert not NetworkRole.objects.exists()


@pytest.mark.django_db
def test_nobody_but_the_operator_opens_the_roles_page(net, client, inhabitant):
    for person in (inhabitant, net["agent"], net["elu"]):
        client.force_login(person)
        assert client.get("/reseau/roles/").status_code == 404
        assert client.post("/reseau/roles/ajouter/", {"kind": "agent"}).status_code == 404
        assert client.post(f"/reseau/roles/{NetworkRole.objects.first().pk}/inviter/").status_code == 404
    assert "/reseau/roles/" not in client.get("/reseau/").content.decode()
