"""The pages: an inhabitant reports a broken street light with a photo by address, an agent acknowledges then
resolves it in the back office, the reporter is told each time; the public list and map never name the reporter."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parvis.counter.models import Report, ReportNote, State
from parvis.counter.services import report_create, report_state_set
from parvis.notifications.models import Notification
from tests.factories import png

from .conftest import BESIDE_IT

pytestmark = pytest.mark.django_db


def _form(counter, **fields):
    return {
        "category": str(counter["light"].pk),
        "description": "Le lampadaire devant l'école est éteint.",
        "address": "3 rue de la Taillerie",
        "commune": "Beauvais (60057)",
        "latitude": "",
        "longitude": "",
    } | fields


def test_the_journey_by_address_with_a_photo(client, counter, inhabitant, beauvais, django_capture_on_commit_callbacks):
    client.force_login(inhabitant)
    page = client.get(f"/guichet/communes/{beauvais.slug}/signaler/")
    assert page.status_code == 200 and "Éclairage public" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/guichet/communes/{beauvais.slug}/signaler/", _form(counter, photos=[png("lampadaire.png")])
        )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.at_commune_centre and report.photos.count() == 1
    mine = client.get(report.get_absolute_url()).content.decode()
    assert "affiché au centre de la commune" in mine and "/fichiers/report-photo/" in mine

    agent = client_for(counter["agent"])
    handle_url = f"/guichet/agents/signalements/{report.pk}/"
    assert "Camille" in agent.get(handle_url).content.decode()
    for state, message in ((State.ACKNOWLEDGED, "Merci, vu."), (State.RESOLVED, "Lampe changée.")):
        with django_capture_on_commit_callbacks(execute=True):
            answer = agent.post(handle_url, {"action": "state", "state": state, "message": message})
        assert answer.status_code == 302
    report.refresh_from_db()
    assert report.state == State.RESOLVED
    assert Notification.objects.filter(recipient=inhabitant, target_kind="counter_update").count() == 2

    visitor = client_for(None)
    listing = visitor.get(f"/guichet/communes/{beauvais.slug}/").content.decode()
    assert "Éclairage public" in listing and "Camille" not in listing
    public = visitor.get(report.get_absolute_url()).content.decode()
    assert "Lampe changée." in public and "/fichiers/report-photo/" in public  # acknowledged: photos are public
    assert "Agent Beauvais" not in public  # signed by the service, not the agent


def client_for(user):
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_public_never_reads_the_reporter_nor_the_exact_place(report, beauvais):
    visitor = client_for(None)
    listing = visitor.get(f"/guichet/communes/{beauvais.slug}/").content.decode()
    assert "Camille" not in listing
    data = json.loads(listing.split('id="counter-map-data" type="application/json">')[1].split("</script>")[0])
    assert data["points"][0]["lat"] == 49.433 and "49.4328" not in listing


def test_photos_wait_for_the_acknowledgement(counter, inhabitant, beauvais):
    report = report_create(
        reporter=inhabitant,
        category=counter["light"],
        description="x",
        commune=beauvais,
        address="rue",
        photos=[png()],
    )
    photo_url = f"/fichiers/report-photo/{report.photos.get().pk}/image/"
    assert client_for(None).get(photo_url).status_code == 404
    assert client_for(inhabitant).get(photo_url).status_code == 200
    assert client_for(counter["agent"]).get(photo_url).status_code == 200
    report_state_set(agent=counter["agent"], report=report, state=State.ACKNOWLEDGED)
    assert client_for(None).get(photo_url).status_code == 200


def test_an_anonymous_report_hides_the_name_on_its_page(counter, inhabitant, beauvais):
    named = report_create(
        reporter=inhabitant, category=counter["light"], description="a", commune=beauvais, address="r"
    )
    hidden = report_create(
        reporter=inhabitant, category=counter["light"], description="b", commune=beauvais, address="r", anonymous=True
    )
    assert "Camille" in client_for(None).get(named.get_absolute_url()).content.decode()
    assert "Camille" not in client_for(None).get(hidden.get_absolute_url()).content.decode()


def test_a_duplicate_is_proposed_before_saving(client, report, counter, neighbour, beauvais):
    client.force_login(neighbour)
    url = f"/guichet/communes/{beauvais.slug}/signaler/"
    page = client.post(url, _form(counter, latitude=BESIDE_IT[0], longitude=BESIDE_IT[1]))
    assert page.status_code == 200 and "un de ceux-ci" in page.content.decode()
    assert Report.objects.count() == 1
    client.post(f"/guichet/signalements/{report.pk}/moi-aussi/")
    report.refresh_from_db()
    assert report.supporter_count == 1
    again = client.post(url, _form(counter, latitude=BESIDE_IT[0], longitude=BESIDE_IT[1], not_a_duplicate="on"))
    assert again.status_code == 302 and Report.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"address": "", "commune": ""}, "Dites où est le problème"),
        ({"commune": "Rennes (35238)"}, "en dehors du territoire de ce site"),
        ({"commune": "Compiègne (60159)"}, "celles de Compiègne"),
        ({"latitude": "48.1173", "longitude": "-1.6778"}, "Le repère est en dehors"),
    ],
)
def test_bad_input_on_the_page_gets_a_sentence(client, counter, inhabitant, beauvais, fields, words):
    client.force_login(inhabitant)
    page = client.post(f"/guichet/communes/{beauvais.slug}/signaler/", _form(counter, **fields))
    assert page.status_code == 200 and words in page.content.decode()
    assert not Report.objects.exists()


def test_a_file_that_is_not_an_image_on_the_page(client, counter, inhabitant, beauvais):
    client.force_login(inhabitant)
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")
    page = client.post(f"/guichet/communes/{beauvais.slug}/signaler/", _form(counter, photos=[fake]))
    assert page.status_code == 200 and 'class="error-summary"' in page.content.decode()
    assert not Report.objects.exists()


def test_the_back_office_is_for_agents_of_the_service_only(report, counter, inhabitant):
    assert client_for(inhabitant).get("/guichet/agents/").status_code == 403
    assert client_for(inhabitant).get(f"/guichet/agents/signalements/{report.pk}/").status_code == 404
    other = client_for(counter["compiegne_agent"])
    assert other.get(f"/guichet/agents/signalements/{report.pk}/").status_code == 404
    assert report.description not in other.get("/guichet/agents/").content.decode()
    other.post("/guichet/agents/plusieurs/", {"reports": [report.pk], "state": State.RESOLVED})
    report.refresh_from_db()
    assert report.state == State.NEW


def test_notes_stay_in_the_back_office(report, counter, inhabitant):
    agent = client_for(counter["agent"])
    agent.post(f"/guichet/agents/signalements/{report.pk}/", {"action": "note", "text": "Armoire 14 à vérifier"})
    assert ReportNote.objects.filter(report=report).exists()
    assert "Armoire 14" in agent.get(f"/guichet/agents/signalements/{report.pk}/").content.decode()
    for reader in (None, inhabitant):
        assert "Armoire 14" not in client_for(reader).get(report.get_absolute_url()).content.decode()


def test_bulk_change_and_figures_pages(report, counter):
    agent = client_for(counter["agent"])
    answer = agent.post(
        "/guichet/agents/plusieurs/", {"reports": [report.pk], "state": State.ACKNOWLEDGED, "message": "Vu"}
    )
    assert answer.status_code == 302
    report.refresh_from_db()
    assert report.state == State.ACKNOWLEDGED
    assert "Éclairage public" in agent.get("/guichet/agents/chiffres/").content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_list_pages_read_in_a_fixed_number_of_queries(
    count, counter, inhabitant, beauvais, django_assert_max_num_queries
):
    for index in range(count):
        report_create(
            reporter=inhabitant, category=counter["light"], description=f"n° {index}", commune=beauvais, address="rue"
        )
    visitor = client_for(None)
    with django_assert_max_num_queries(12):
        assert visitor.get(f"/guichet/communes/{beauvais.slug}/").status_code == 200
    agent = client_for(counter["agent"])
    with django_assert_max_num_queries(20):
        assert agent.get("/guichet/agents/").status_code == 200


def test_the_public_list_pages_without_counting(counter, inhabitant, beauvais):
    for index in range(21):
        report_create(
            reporter=inhabitant, category=counter["light"], description=f"n° {index}", commune=beauvais, address="rue"
        )
    first = client_for(None).get(f"/guichet/communes/{beauvais.slug}/").content.decode()
    assert 'rel="next"' in first and "n° 20" in first and "n° 0<" not in first
    second = client_for(None).get(f"/guichet/communes/{beauvais.slug}/?page=2").content.decode()
    assert "n° 0" in second and 'rel="next"' not in second
    assert client_for(None).get(f"/guichet/communes/{beauvais.slug}/?page=abc").status_code == 200


def test_reports_placed_at_the_communes_centre_are_not_proposed_as_the_same_problem(
    client, counter, inhabitant, neighbour, beauvais
):
    """Two reports by address alone both sit at the commune's centre: that says nothing of their being one problem."""
    report_create(
        reporter=inhabitant, category=counter["light"], description="Rue A", commune=beauvais, address="1 rue A"
    )
    client.force_login(neighbour)
    answer = client.post(f"/guichet/communes/{beauvais.slug}/signaler/", _form(counter, address="40 rue B"))
    assert answer.status_code == 302 and Report.objects.count() == 2
    # A pin beside the centre is not the same place as "somewhere in the commune" either.
    centre = beauvais.centre
    pinned = client.post(
        f"/guichet/communes/{beauvais.slug}/signaler/",
        _form(counter, address="", latitude=str(centre[0]), longitude=str(centre[1])),
    )
    assert pinned.status_code == 302 and Report.objects.count() == 3
