"""The procedures through the API: the catalogue, a form's questions, an answer sent and read back by its sender
only; bad input is a 400 with the field's sentence, and nothing is saved."""

from parvis.procedures.models import Answer, FieldType
from parvis.procedures.services import field_add, procedure_create
from tests.factories import api_client

from .conftest import good_values


def _form_without_file(counter, beauvais):
    procedure = procedure_create(
        actor=counter["agent"],
        space=counter["town_hall"],
        territory=beauvais,
        service=counter["technical"],
        title="Signalement d'un changement d'adresse",
        audience="Habitants qui déménagent dans Beauvais",
    )
    new_address = field_add(actor=counter["agent"], procedure=procedure, label="Nouvelle adresse", type=FieldType.TEXT)
    moving = field_add(actor=counter["agent"], procedure=procedure, label="Date du déménagement", type=FieldType.DATE)
    return procedure, new_address, moving


def test_the_catalogue_and_a_form_are_read_by_anyone(client, canteen, beauvais):
    procedure, fields = canteen
    listed = client.get("/api/v1/procedures", {"commune": beauvais.code}).json()
    assert [each["title"] for each in listed] == ["Inscription à la cantine"]
    detail = client.get(f"/api/v1/procedures/{procedure.pk}").json()
    assert [q["type"] for q in detail["questions"]] == ["text", "choice", "date", "file", "text"]
    assert detail["questions"][1]["options"] == ["Jean-Moulin", "Paul-Bert", "La Grenouillère"]
    assert detail["documents"] == ["Justificatif de domicile", "Attestation d'assurance"]


def test_an_answer_is_sent_and_read_back_by_its_sender_only(client, counter, inhabitant, neighbour, beauvais):
    procedure, new_address, moving = _form_without_file(counter, beauvais)
    sender = api_client(inhabitant)
    response = sender.post(
        f"/api/v1/procedures/{procedure.pk}/answers",
        {"commune": beauvais.code, "values": {new_address.key: "3 rue de la Taillerie", moving.key: "2026-12-15"}},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["state"] == "new" and answer["values"][0]["text"] == "3 rue de la Taillerie"
    assert sender.get(f"/api/v1/procedures/answers/{answer['id']}").status_code == 200
    assert [each["id"] for each in sender.get("/api/v1/procedures/answers/mine").json()] == [answer["id"]]
    assert api_client(neighbour).get(f"/api/v1/procedures/answers/{answer['id']}").status_code == 404
    assert api_client(neighbour).get("/api/v1/procedures/answers/mine").json() == []
    assert client.get(f"/api/v1/procedures/answers/{answer['id']}").status_code in (401, 404)


def test_bad_answers_are_400_and_save_nothing(canteen, inhabitant, beauvais, english):
    procedure, fields = canteen
    sender = api_client(inhabitant)
    values = good_values(fields)
    values[fields["school"].key] = "École privée"
    response = sender.post(
        f"/api/v1/procedures/{procedure.pk}/answers",
        {"commune": beauvais.code, "values": values},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "options offered" in response.json()["detail"] or "Attach the file" in response.json()["detail"]
    assert not Answer.objects.exists()
