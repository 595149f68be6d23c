"""The procedures' pages: the catalogue of a commune, a form filled in the browser, the sender's page, the agents'
back office and the form builder. A request is private: anyone but its sender and the agents gets a 404."""

import re

from django.test import Client

from parvis.counter.models import State
from parvis.procedures.models import Answer, FormField, Procedure
from parvis.procedures.services import answer_submit, procedure_create
from tests.factories import make_user

from .conftest import good_values, pdf


def _client(person=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    if person is not None:
        client.force_login(person)
    return client


def test_the_catalogue_lists_and_searches_the_procedures_of_the_commune(canteen, counter, beauvais):
    procedure_create(
        actor=counter["agent"],
        space=counter["town_hall"],
        territory=beauvais,
        title="Carte d'identité",
        audience="Tout le monde",
        link="https://www.service-public.fr/particuliers/vosdroits/N358",
    )
    page = _client().get(f"/guichet/communes/{beauvais.slug}/demarches/").content.decode()
    assert "Inscription à la cantine" in page and "Carte d&#x27;identité" in page
    found = _client().get(f"/guichet/communes/{beauvais.slug}/demarches/?q=cantine").content.decode()
    assert "Inscription à la cantine" in found and "Carte d&#x27;identité" not in found
    assert re.search(r"<title>[^<]*cantine", found)


def test_the_catalogue_of_another_commune_does_not_offer_beauvais_procedures(canteen, compiegne):
    page = _client().get(f"/guichet/communes/{compiegne.slug}/demarches/").content.decode()
    assert "Inscription à la cantine" not in page


def test_an_inhabitant_fills_in_the_form_and_follows_the_request(canteen, inhabitant, beauvais):
    procedure, fields = canteen
    client = _client(inhabitant)
    page = client.get(procedure.get_absolute_url()).content.decode()
    assert "Justificatif de domicile" in page and "Paul-Bert" in page and 'type="date"' in page
    data = {**good_values(fields), fields["proof"].key: pdf()}
    response = client.post(procedure.get_absolute_url(), data)
    answer = Answer.objects.get()
    assert response.status_code == 302 and response["Location"] == answer.get_absolute_url()
    page = client.get(answer.get_absolute_url()).content.decode()
    assert "Léa Martin" in page and "Paul-Bert" in page and "Nouveau" in page


def test_bad_input_in_the_form_shows_each_message_and_saves_nothing(canteen, inhabitant):
    procedure, fields = canteen
    data = {
        fields["child"].key: "",
        fields["school"].key: "École privée",
        fields["start"].key: "2030-01-01",
        fields["proof"].key: pdf("virus.pdf").__class__("virus.pdf", b"MZ\x90\x00", content_type="application/pdf"),
    }
    response = _client(inhabitant).post(procedure.get_absolute_url(), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="field-error"') >= 3
    assert not Answer.objects.exists()


def test_a_request_is_read_by_its_sender_and_the_agents_only(canteen, inhabitant, neighbour, beauvais, counter):
    procedure, fields = canteen
    answer = answer_submit(
        applicant=inhabitant,
        procedure=procedure,
        commune=beauvais,
        values=good_values(fields),
        files={fields["proof"].key: pdf()},
    )
    file_url = f"/fichiers/procedure-file/{answer.values.get(type='file').pk}/file/"
    for person in (inhabitant, counter["agent"]):
        assert _client(person).get(answer.get_absolute_url()).status_code == 200
        assert _client(person).get(file_url).status_code == 200
    for person in (neighbour, counter["road_agent"]):
        assert _client(person).get(answer.get_absolute_url()).status_code == 404
        assert _client(person).get(file_url).status_code == 404
    assert _client().get(file_url).status_code == 404


def test_the_agent_handles_the_request_from_the_queue(canteen, inhabitant, beauvais, counter):
    procedure, fields = canteen
    answer = answer_submit(
        applicant=inhabitant,
        procedure=procedure,
        commune=beauvais,
        values=good_values(fields),
        files={fields["proof"].key: pdf()},
    )
    agent = _client(counter["agent"])
    queue = agent.get("/guichet/agents/demandes/").content.decode()
    assert "Inscription à la cantine" in queue
    url = f"/guichet/agents/demandes/{answer.pk}/"
    assert "Léa Martin" in agent.get(url).content.decode()
    agent.post(url, {"action": "state", "state": State.ACKNOWLEDGED, "message": "Dossier reçu."})
    agent.post(url, {"action": "note", "text": "Appeler la famille."})
    answer.refresh_from_db()
    assert answer.state == State.ACKNOWLEDGED and answer.notes.count() == 1
    assert "Appeler la famille" not in _client(inhabitant).get(answer.get_absolute_url()).content.decode()
    assert _client(inhabitant).get(url).status_code == 404


def test_an_agent_builds_a_procedure_and_its_form(counter, beauvais):
    agent = _client(counter["agent"])
    response = agent.post(
        "/guichet/agents/demarches/",
        {
            "title": "Demande d'occupation du domaine public",
            "audience": "Commerçants, particuliers",
            "territory": str(beauvais.pk),
            "service": str(counter["technical"].pk),
        },
    )
    procedure = Procedure.objects.get()
    assert response.status_code == 302 and procedure.has_form
    url = f"/guichet/agents/demarches/{procedure.pk}/"
    agent.post(
        url, {"label": "Type d'occupation", "type": "choice", "required": "on", "choices": "Terrasse\nÉchafaudage"}
    )
    bad = agent.post(url, {"label": "Seule option", "type": "choice", "choices": "Terrasse"})
    assert bad.status_code == 200 and "field-error" in bad.content.decode()
    assert list(FormField.objects.values_list("label", flat=True)) == ["Type d'occupation"]
    assert _client(make_user("x@example.org", display_name="X")).get(url).status_code == 404


def test_the_dashboard_shows_my_requests_questions_and_news_and_the_agent_what_waits(
    canteen, inhabitant, beauvais, counter
):
    from parvis.counter.services import question_ask
    from parvis.procedures.services import answer_state_set

    procedure, fields = canteen
    answer = answer_submit(
        applicant=inhabitant,
        procedure=procedure,
        commune=beauvais,
        values=good_values(fields),
        files={fields["proof"].key: pdf()},
    )
    question_ask(
        asker=inhabitant,
        service=counter["technical"],
        commune=beauvais,
        text="Quand passe la balayeuse ?",
        public=False,
    )
    agent_page = _client(counter["agent"]).get("/mon-espace/").content.decode()
    assert "Nouvelle demande en ligne" in agent_page and f"/guichet/agents/demandes/{answer.pk}/" in agent_page
    answer_state_set(agent=counter["agent"], answer=answer, state=State.RESOLVED, message="Inscription validée.")
    page = _client(inhabitant).get("/mon-espace/").content.decode()
    assert page.count("Inscription à la cantine") >= 2  # in "my requests" and in what waits first
    assert "Inscription validée." in page and "Quand passe la balayeuse" in page
    stranger = _client(make_user("y@example.org", display_name="Y", home_commune=beauvais)).get("/mon-espace/")
    assert "Inscription à la cantine" not in stranger.content.decode()
