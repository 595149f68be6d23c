"""Questions to the town hall: asked publicly or privately of a service, answered by an agent as the institution
(signed by the service and its space, the agent in the audit log only), the asker told; public answered questions
form a commune's searchable questions and answers; a private one is read by its asker and the service's agents."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from parvis.core import kinds
from parvis.core.audit import AuditEntry
from parvis.counter.models import QUESTION_LIMIT, Question
from parvis.counter.services import question_answer, question_ask
from parvis.moderation.services import decision_take, report_create
from parvis.notifications.models import Notification
from tests.factories import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(counter, inhabitant, beauvais, django_capture_on_commit_callbacks):
    def ask(text, *, public=True, service=None):
        with django_capture_on_commit_callbacks(execute=True):
            return question_ask(
                asker=inhabitant, service=service or counter["technical"], commune=beauvais, text=text, public=public
            )

    return ask


def answer(question, agent, text, capture):
    with capture(execute=True):
        return question_answer(agent=agent, question=question, answer=text)


def test_a_question_lands_in_the_service_queue_and_its_answer_is_signed_by_the_institution(
    client, asked, counter, inhabitant, django_capture_on_commit_callbacks
):
    question = asked("Quand ouvre la déchetterie le dimanche ?")
    # The agents of the service asked are told; the département's are not.
    assert Notification.objects.filter(recipient=counter["agent"], kind="new_question_for_my_service").exists()
    assert not Notification.objects.filter(recipient=counter["road_agent"], kind="new_question_for_my_service").exists()
    client.force_login(counter["agent"])
    queue = client.get(reverse("counter:question_queue")).content.decode()
    assert "Quand ouvre la déchetterie" in queue
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("counter:question_handle", args=[question.pk]), {"answer": "Le dimanche de 9 h à 12 h."}
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.is_answered and question.answerer == counter["agent"]
    # The asker is told, in French, by the institution.
    told = Notification.objects.get(recipient=inhabitant, kind="question_answered")
    assert f"{counter['town_hall'].name} a répondu à votre question" in told.text
    # The public page signs with the service and its space, never with the agent's name.
    client.logout()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Le dimanche de 9 h à 12 h." in page and f"Services techniques, {counter['town_hall'].name}" in page
    assert "Agent Beauvais" not in page and inhabitant.public_name not in page
    # The agent is in the audit log.
    entry = AuditEntry.objects.get(verb="question_answered")
    assert entry.actor == counter["agent"]


def test_the_faq_lists_public_answered_questions_and_searches_them(
    client, asked, counter, beauvais, django_capture_on_commit_callbacks
):
    badge = asked("Comment obtenir un badge pour la déchetterie ?")
    answer(
        badge,
        counter["agent"],
        "Demandez-le en ligne avec un justificatif de domicile.",
        django_capture_on_commit_callbacks,
    )
    hall = asked("Peut-on louer la salle des fêtes ?")
    answer(hall, counter["agent"], "Oui, par le formulaire de réservation.", django_capture_on_commit_callbacks)
    waiting = asked("Question qui attend encore ?")
    private = asked("Mon dossier personnel avance-t-il ?", public=False)
    answer(private, counter["agent"], "Oui, il est complet.", django_capture_on_commit_callbacks)
    url = reverse("counter:faq", args=[beauvais.slug])
    page = client.get(url).content.decode()
    assert "badge pour la déchetterie" in page and "salle des fêtes" in page
    assert "attend encore" not in page and "dossier personnel" not in page
    found = client.get(url, {"q": "justificatif"}).content.decode()
    assert "badge pour la déchetterie" in found and "salle des fêtes" not in found
    assert "Aucune réponse ne correspond" in client.get(url, {"q": "piscine"}).content.decode()
    # The site's search finds public answered questions only.
    search = client.get(reverse("search:search") + "?q=justificatif").content.decode()
    assert "badge pour la déchetterie" in search
    assert not Question.objects.public().filter(pk__in=[waiting.pk, private.pk]).exists()
    # A hostile query is a page, never a 500.
    assert client.get(url, {"q": "x" * 500}).status_code == 200
    assert client.get(url + "?q=%00").status_code == 200


def test_a_private_question_is_read_by_its_asker_and_the_service_agents_only(
    client, asked, counter, inhabitant, neighbour, beauvais, django_capture_on_commit_callbacks
):
    private = asked("Ma demande secrète numéro 42", public=False)
    answer(private, counter["agent"], "Réponse confidentielle.", django_capture_on_commit_callbacks)
    for person, seen in ((inhabitant, True), (counter["agent"], True), (neighbour, False)):
        client.force_login(person)
        response = client.get(private.get_absolute_url())
        assert response.status_code == (200 if seen else 404)
        assert ("secrète" in client.get(reverse("counter:faq", args=[beauvais.slug])).content.decode()) == (
            person == inhabitant
        )
    # An agent of another commune, the département's, and a visitor: nothing, on the page, the back office, the API.
    for person in (counter["compiegne_agent"], counter["road_agent"], None):
        client.logout()
        if person is not None:
            client.force_login(person)
            assert client.get(reverse("counter:question_handle", args=[private.pk])).status_code == 404
        assert client.get(private.get_absolute_url()).status_code == 404
        assert client.get(f"/api/v1/counter/questions/{private.pk}").status_code == 404
        assert "secrète" not in client.get(reverse("search:search") + "?q=secrete").content.decode()


def test_only_the_service_agents_answer(asked, counter, neighbour):
    question = asked("Qui répond ?")
    for person in (neighbour, counter["road_agent"], counter["compiegne_agent"]):
        with pytest.raises(PermissionDenied):
            question_answer(agent=person, question=question, answer="Moi.")
    question.refresh_from_db()
    assert not question.is_answered


@pytest.mark.parametrize(
    ("text", "service", "field", "words"),
    [
        ("", "technical", "text", "Écrivez votre question."),
        ("x" * (QUESTION_LIMIT + 1), "technical", "text", "trop long"),
        ("Une question", "compiegne", "service", "ne sert pas Beauvais"),
        ("Une question", None, "service", "Choisissez le service"),
    ],
)
def test_bad_questions_get_a_sentence_each(counter, inhabitant, beauvais, text, service, field, words):
    services = {"technical": counter["technical"], "compiegne": counter["compiegne_litter"].service, None: None}
    with pytest.raises(ValidationError) as error:
        question_ask(asker=inhabitant, service=services[service], commune=beauvais, text=text)
    assert words in " ".join(error.value.message_dict[field])
    assert not Question.objects.exists()


def test_bad_input_on_the_pages_gets_a_sentence(client, counter, inhabitant, beauvais):
    client.force_login(inhabitant)
    url = reverse("counter:question_new", args=[beauvais.slug])
    page = client.get(url).content.decode()
    # The commune's and the département's services are offered; Compiègne's is not.
    assert "Services techniques" in page and "Voirie départementale" in page and "Propreté" not in page
    response = client.post(url, {"service": str(counter["technical"].pk), "text": "", "public": "public"})
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.content.decode()
    other = counter["compiegne_litter"].service
    response = client.post(url, {"service": str(other.pk), "text": "Bonjour", "public": "public"})
    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    assert not Question.objects.exists()
    client.force_login(counter["agent"])
    question = question_ask(asker=inhabitant, service=counter["technical"], commune=beauvais, text="Bonjour ?")
    response = client.post(reverse("counter:question_handle", args=[question.pk]), {"answer": "  "})
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.content.decode()
    question.refresh_from_db()
    assert not question.is_answered


def test_moderation_hides_a_public_question(client, asked, counter, neighbour, django_capture_on_commit_callbacks):
    question = asked("Une question déplacée ?")
    answer(question, counter["agent"], "Réponse.", django_capture_on_commit_callbacks)
    assert client.get(question.get_absolute_url()).status_code == 200
    notice = report_create(reporter=neighbour, kind="counter_question", target_id=question.pk, reason="spam")
    decision_take(moderator=counter["admin"], report=notice, action=kinds.HIDE, reason="Hors sujet.")
    assert client.get(question.get_absolute_url()).status_code == 404
    assert "déplacée" not in client.get(reverse("counter:faq", args=[question.commune.slug])).content.decode()


def test_the_faq_reads_in_a_fixed_number_of_queries(
    client, asked, counter, beauvais, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    url = reverse("counter:faq", args=[beauvais.slug])
    for count in (1, 20):
        while Question.objects.count() < count:
            question = asked(f"Question {Question.objects.count()} ?")
            answer(question, counter["agent"], "Oui.", django_capture_on_commit_callbacks)
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_the_api_asks_answers_and_lists(client, counter, inhabitant, neighbour, beauvais, compiegne):
    asker = api_client(inhabitant)
    response = asker.post(
        "/api/v1/counter/questions",
        {"service": counter["technical"].pk, "commune": beauvais.code, "text": "Horaires de la piscine ?"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    question = response.json()
    assert question["public"] and question["answer"] == "" and question["mine"]
    # Not answered yet: the public list and a visitor do not read it.
    assert client.get(f"/api/v1/counter/questions/{question['id']}").status_code == 404
    assert client.get("/api/v1/counter/questions", {"commune": beauvais.code}).json() == []
    # Another inhabitant cannot answer; the agent answers as the institution.
    assert (
        api_client(neighbour)
        .post(f"/api/v1/counter/questions/{question['id']}/answer", {"answer": "Non."}, content_type="application/json")
        .status_code
        == 404
    )
    agent = api_client(counter["agent"])
    response = agent.post(
        f"/api/v1/counter/questions/{question['id']}/answer",
        {"answer": "De 10 h à 19 h."},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["space"] == counter["town_hall"].name
    listed = client.get("/api/v1/counter/questions", {"commune": beauvais.code, "q": "piscine"}).json()
    assert [each["answer"] for each in listed] == ["De 10 h à 19 h."]
    assert "Agent" not in str(listed) and "inhabitant" not in str(listed)
    # Bad input: a sentence and a 400, nothing saved.
    for payload, words in (
        ({"service": counter["technical"].pk, "commune": beauvais.code, "text": "  "}, "Écrivez votre question"),
        (
            {"service": counter["compiegne_litter"].service_id, "commune": beauvais.code, "text": "Bonjour"},
            "ne sert pas Beauvais",
        ),
        ({"service": counter["technical"].pk, "commune": beauvais.code, "text": "x" * 5000}, ""),
    ):
        response = asker.post("/api/v1/counter/questions", payload, content_type="application/json")
        assert response.status_code == 400 and words in str(response.json())
    assert Question.objects.count() == 1


def test_the_asker_downloads_their_questions_and_deleting_the_account_keeps_the_faq(
    asked, counter, inhabitant, django_capture_on_commit_callbacks
):
    from parvis.core.files import atomic_with_files
    from parvis.rights.collect import personal_data
    from parvis.rights.erase import account_erase

    public = asked("Où jeter le verre ?")
    answer(public, counter["agent"], "Dans les colonnes vertes.", django_capture_on_commit_callbacks)
    private = asked("Mon dossier ?", public=False)
    waiting = asked("Encore une ?")
    mine = personal_data(inhabitant)["questions_to_the_town_hall"]
    assert {row["text"] for row in mine} == {"Où jeter le verre ?", "Mon dossier ?", "Encore une ?"}
    with atomic_with_files():
        account_erase(user=inhabitant, keep_contributions=False)
    assert not Question.objects.filter(pk__in=[private.pk, waiting.pk]).exists()
    public.refresh_from_db()
    assert public.asker is None and public.is_visible_to(None)
