"""The administrators configure their counter: they open a service, give it categories (for their whole territory
or one commune), withdraw one from the form and offer it again; agents filter their queue by service. Bad input
gets a sentence and saves nothing; a category cannot be routed outside the service's territory."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from parvis.accounts.models import User
from parvis.core.audit import AuditEntry
from parvis.counter.models import Category, Report, Service
from parvis.counter.services import category_create, category_set_active, report_create
from parvis.territories.models import Territory

pytestmark = pytest.mark.django_db

URL = "/guichet/agents/categories/"


def _oise_admin():
    """The Oise's administrator (conftest): of the roads service's space and of Compiègne's town hall."""
    return User.objects.get(email="cd60@example.org")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_administrator_opens_a_service_and_gives_it_a_category(counter, beauvais):
    admin = _client(counter["admin"])
    page = admin.get(URL).content.decode()
    assert "Éclairage public" in page and "Services techniques" in page
    assert "Propreté" not in page  # Compiègne's category is not theirs
    answer = admin.post(URL, {"action": "service", "space": counter["town_hall"].pk, "name": "Espaces verts"})
    assert answer.status_code == 302
    green = Service.objects.get(name="Espaces verts")
    answer = admin.post(URL, {"action": "category", "service": green.pk, "name": "Arbre tombé", "commune": ""})
    assert answer.status_code == 302
    tree = Category.objects.get(name="Arbre tombé")
    assert tree.service == green and tree.territory == beauvais
    assert tree in Category.objects.offered_in(beauvais)
    followed = admin.get(URL).content.decode()
    assert "Arbre tombé" in followed and "est proposée dans le formulaire" in followed


def test_the_departement_offers_a_category_in_one_commune_only(counter, beauvais, compiegne):
    admin = _client(_oise_admin())
    answer = admin.post(
        URL,
        {"action": "category", "service": counter["roads"].pk, "name": "Pont abîmé", "commune": "Beauvais (60057)"},
    )
    assert answer.status_code == 302
    bridge = Category.objects.get(name="Pont abîmé")
    assert bridge.territory == beauvais
    assert bridge in Category.objects.offered_in(beauvais) and bridge not in Category.objects.offered_in(compiegne)


def test_withdrawing_a_category_keeps_its_reports_and_is_audited(report, counter, beauvais):
    admin = _client(counter["admin"])
    light = counter["light"]
    assert admin.post(URL, {"action": "switch", "category": light.pk, "active": "0"}).status_code == 302
    assert light not in Category.objects.offered_in(beauvais)
    form = _client(report.reporter).get(f"/guichet/communes/{beauvais.slug}/signaler/").content.decode()
    assert "Éclairage public" not in form
    assert Report.objects.filter(pk=report.pk, category=light).exists()
    assert "Éclairage public" in _client(counter["agent"]).get("/guichet/agents/").content.decode()
    admin.post(URL, {"action": "switch", "category": light.pk, "active": "1"})
    assert light in Category.objects.offered_in(beauvais)
    entries = AuditEntry.objects.filter(verb="report_category_switched", object_id=light.pk)
    assert [entry.details["active"] for entry in entries.order_by("pk")] == [False, True]


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"action": "category", "service": "", "name": "Arbre"}, "Ce champ est obligatoire"),
        ({"action": "category", "service": "technical", "name": "  "}, "Ce champ est obligatoire"),
        ({"action": "category", "service": "technical", "name": "Éclairage public"}, "déjà une catégorie"),
        (
            {"action": "category", "service": "technical", "name": "Arbre", "commune": "Compiègne (60159)"},
            "ne sert que Beauvais",
        ),
        (
            {"action": "category", "service": "technical", "name": "Arbre", "commune": "Nulle-Part"},
            "Aucune commune nommée",
        ),
        ({"action": "service", "space": "town_hall", "name": "Services techniques"}, "déjà un service"),
        ({"action": "service", "space": "oise", "name": "Routes"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_gets_a_sentence_and_saves_nothing(counter, fields, words):
    fields = {key: (counter[value].pk if value in counter else value) for key, value in fields.items()}
    before = (Service.objects.count(), Category.objects.count())
    page = _client(counter["admin"]).post(URL, fields, HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 200
    text = page.content.decode().replace("&#x27;", "'")
    assert 'class="error-summary"' in text and words in text, text[:3000]
    assert (Service.objects.count(), Category.objects.count()) == before


def test_a_category_of_another_institution_cannot_be_switched(counter, beauvais):
    page = _client(counter["admin"]).post(
        URL, {"action": "switch", "category": Category.objects.get(name="Propreté").pk, "active": "0"}, follow=True
    )
    assert "rechargez la page" in page.content.decode()
    assert Category.objects.get(name="Propreté").active
    for garbage in ("x" * 30, "²", "9" * 40, ""):
        assert _client(counter["admin"]).post(URL, {"action": "switch", "category": garbage}).status_code == 302


def test_the_page_is_for_administrators_of_an_institution(counter, inhabitant):
    assert _client(inhabitant).get(URL).status_code == 403
    assert _client(counter["agent"]).get(URL).status_code == 403  # an agent handles reports, not the categories


def test_the_service_refuses_a_category_outside_the_services_territory(counter, compiegne):
    with pytest.raises(ValidationError) as error:
        category_create(actor=counter["admin"], territory=compiegne, service=counter["technical"], name="Arbre")
    assert "Beauvais" in error.value.message_dict["territory"][0]
    oise = Territory.objects.get(level="departement", code="60")
    with pytest.raises(ValidationError):
        category_create(actor=counter["admin"], territory=oise, service=counter["technical"], name="Arbre")
    with pytest.raises(PermissionDenied):
        category_set_active(actor=counter["agent"], category=counter["light"], active=False)


def test_the_agents_queue_filters_by_service(counter, inhabitant, beauvais):
    report_create(
        reporter=inhabitant, category=counter["light"], description="Lampe éteinte", commune=beauvais, address="r"
    )
    report_create(
        reporter=inhabitant, category=counter["pothole"], description="Trou sur la RD", commune=beauvais, address="r"
    )
    # The Oise's administrator is an agent of the roads service and of Compiègne's town hall.
    agent = _client(_oise_admin())
    everything = agent.get("/guichet/agents/").content.decode()
    assert "Trou sur la RD" in everything and "Voirie départementale" in everything
    roads = agent.get(f"/guichet/agents/?service={counter['roads'].pk}").content.decode()
    assert "Trou sur la RD" in roads
    other = Service.objects.get(name="Propreté")
    assert "Trou sur la RD" not in agent.get(f"/guichet/agents/?service={other.pk}").content.decode()
    # A service of another institution is not a choice: a sentence, not someone else's queue.
    refused = agent.get(f"/guichet/agents/?service={counter['technical'].pk}").content.decode()
    assert "Lampe éteinte" not in refused and "field-error" in refused
