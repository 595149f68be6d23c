"""The counter's block on each person's dashboard (`/mon-espace/`), given through the registry of kinds: the
reporter and those who said "me too" follow their reports there; nobody else sees them."""

from django.test import Client

from parvis.counter.services import report_support
from tests.factories import make_user

URL = "/mon-espace/"


def _dashboard(person) -> str:
    client = Client()
    client.force_login(person)
    return client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()


def test_the_reporter_and_supporters_follow_the_report_on_their_dashboard(report, inhabitant, beauvais):
    page = _dashboard(inhabitant)
    assert "Mes signalements" in page and "Éclairage public — Beauvais" in page and "Nouveau" in page
    supporter = make_user("voisin.soutien@example.org", display_name="Voisin", home_commune=beauvais)
    report_support(user=supporter, report=report)
    assert "Éclairage public — Beauvais" in _dashboard(supporter)


def test_someone_else_sees_only_the_invitation_to_report(report, beauvais):
    stranger = make_user("autre@example.org", display_name="Autre", home_commune=beauvais)
    page = _dashboard(stranger)
    assert "Éclairage public — Beauvais" not in page
    assert "Aucun signalement" in page
