"""Month view, map, filters, territories' common agendas and their review, writing to participants, sharing."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from parvis.agenda.models import AgendaSubmission, Event, SubmissionStatus
from parvis.agenda.services.rsvps import rsvp_guest_confirm, rsvp_guest_request, rsvp_set
from parvis.agenda.services.submissions import agenda_submit
from parvis.posts.models import Post
from parvis.territories.models import Territory
from tests.factories import agenda_editor, make_event, make_user, soon

PARIS = ZoneInfo("Europe/Paris")


def next_month() -> date:
    return (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)


def cells(page: str) -> dict[str, str]:
    """The month table's cells by date (YYYY-MM-DD)."""
    return dict(re.findall(r'<td data-date="([\d-]+)"(.*?)</td>', page, re.S))


# Month -------------------------------------------------------------------------------------------------------


def test_month_shows_a_weekly_event_on_each_saturday_but_the_excluded_one(client, inhabitant, spaces):
    first = next_month()
    saturdays = [first + timedelta(days=d) for d in range(31) if (first + timedelta(days=d)).month == first.month]
    saturdays = [day for day in saturdays if day.weekday() == 5]
    excluded = saturdays[1]
    make_event(
        inhabitant,
        spaces["public"],
        "Marché du samedi",
        start=datetime(first.year, first.month, saturdays[0].day, 9, tzinfo=PARIS),
        rrule="FREQ=WEEKLY;BYDAY=SA",
        exdates=[excluded.isoformat()],
    )
    response = client.get(f"/agenda/mois/{first.year}/{first.month}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<caption>" in page and 'scope="col"' in page
    found = cells(page)
    for saturday in saturdays:
        assert ("Marché du samedi" in found[saturday.isoformat()]) == (saturday != excluded), saturday
    friday = saturdays[0] - timedelta(days=1)
    if friday.month == first.month:
        assert "Marché du samedi" not in found[friday.isoformat()]
    # Previous and next months are linked, with no JavaScript.
    assert 'rel="prev"' in page and 'rel="next"' in page


def test_month_marks_today_and_is_linked_from_the_list(client, db):
    today = timezone.localdate()
    page = client.get(f"/agenda/mois/{today.year}/{today.month}/").content.decode()
    assert 'aria-current="date"' in cells(page)[today.isoformat()]
    assert "/agenda/mois/" in client.get("/agenda/").content.decode()
    assert client.get("/agenda/mois/").status_code == 302


def test_month_out_of_range_is_404_not_500(client, db):
    assert client.get("/agenda/mois/2026/13/").status_code == 404
    assert client.get("/agenda/mois/99999/1/").status_code == 404


def test_month_queries_are_bounded_whatever_the_number_of_events(
    client, inhabitant, spaces, django_assert_max_num_queries
):
    first = next_month()
    for index in range(25):
        make_event(
            inhabitant,
            spaces["public"],
            f"Atelier {index}",
            start=datetime(first.year, first.month, 1 + index % 27, 18, tzinfo=PARIS),
            rrule="FREQ=WEEKLY;COUNT=3" if index % 2 else "",
        )
    with django_assert_max_num_queries(6):
        response = client.get(f"/agenda/mois/{first.year}/{first.month}/")
    assert response.content.decode().count("Atelier 1<") >= 1


# Visibility ----------------------------------------------------------------------------------------------------


def test_private_events_are_absent_from_month_map_and_territory_agenda_for_outsiders(
    client, inhabitant, outsider, spaces, beauvais
):
    where = {"commune": beauvais, "latitude": Decimal("49.43"), "longitude": Decimal("2.08")}
    make_event(inhabitant, spaces["public"], "Fête publique", **where)
    make_event(inhabitant, spaces["members"], "Réunion des membres", **where)
    make_event(inhabitant, spaces["secret"], "Conseil secret", **where)
    client.force_login(outsider)
    month = timezone.localtime(soon())
    pages = [
        client.get(f"/agenda/mois/{month.year}/{month.month}/").content.decode(),
        client.get("/agenda/carte/").content.decode(),
        client.get(f"/agenda/territoire/commune/{beauvais.slug}/").content.decode(),
    ]
    for page in pages:
        assert "Fête publique" in page
        assert "Réunion des membres" not in page and "Conseil secret" not in page


# Map ------------------------------------------------------------------------------------------------------------


def test_map_page_lists_its_events_without_javascript(
    client, inhabitant, spaces, beauvais, django_assert_max_num_queries
):
    make_event(inhabitant, spaces["public"], "Concert au parc", latitude=Decimal("49.43"), longitude=Decimal("2.08"))
    make_event(inhabitant, spaces["public"], "Conférence en ligne", online_url="https://example.org/direct")
    with django_assert_max_num_queries(6):
        response = client.get("/agenda/carte/")
    page = response.content.decode()
    # The map container is hidden until the script draws it, has a name, and the list carries the same events.
    assert re.search(r'<div id="agenda-map"[^>]*aria-label="[^"]+"[^>]*hidden', page)
    cards = page.split('id="map-list-title"')[1]
    assert "Concert au parc" in cards and "Conférence en ligne" not in cards
    assert '"lat": 49.43' in page and "tile.openstreetmap.org" in page
    assert "vendor/leaflet/leaflet.js" in page


# Filters -------------------------------------------------------------------------------------------------------


def test_dates_filter_keeps_the_events_of_the_period(client, inhabitant, spaces):
    make_event(inhabitant, spaces["public"], "Dans dix jours", start=soon(days=10))
    make_event(inhabitant, spaces["public"], "Dans quarante jours", start=soon(days=40))
    since = timezone.localdate() + timedelta(days=30)
    page = client.get("/agenda/", {"du": since.isoformat(), "au": (since + timedelta(days=20)).isoformat()})
    content = page.content.decode()
    assert "Dans quarante jours" in content and "Dans dix jours" not in content


def test_invalid_dates_get_a_message_not_an_error(client, inhabitant, spaces):
    make_event(inhabitant, spaces["public"], "Toujours là")
    for query in ({"du": "demain"}, {"au": "2026-02-30"}, {"du": "2026-05-10", "au": "2026-05-01"}):
        response = client.get("/agenda/", query)
        assert response.status_code == 200
        content = response.content.decode()
        assert 'class="message message--error"' in content and "Toujours là" in content, query
    assert client.get("/agenda/carte/", {"du": "x" * 500}).status_code == 200


@pytest.mark.parametrize(
    "query", [{"du": "9999-01-01"}, {"au": "1850-12-31"}, {"du": "2026-05-10", "au": "2150-01-01"}]
)
@pytest.mark.parametrize("page", ["/agenda/", "/agenda/carte/", "/agenda/mois/2026/6/"])
def test_a_date_filter_in_a_far_year_says_the_years_allowed(client, inhabitant, spaces, english, page, query):
    make_event(inhabitant, spaces["public"], "Toujours là")
    response = client.get(page, query)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Give a date between the years 1900 and 2100." in content
    assert "is not a date" not in content


def test_around_a_commune_takes_in_its_intercommunality_only(client, inhabitant, spaces, beauvais, compiegne):
    neighbour_commune = Territory.objects.filter(level="commune", epci=beauvais.epci).exclude(pk=beauvais.pk).first()
    assert neighbour_commune is not None
    make_event(inhabitant, spaces["public"], "À Beauvais", commune=beauvais)
    make_event(inhabitant, spaces["public"], "Chez le voisin", commune=neighbour_commune)
    make_event(inhabitant, spaces["public"], "À Compiègne", commune=compiegne)
    only = client.get("/agenda/", {"commune": beauvais.slug}).content.decode()
    assert "À Beauvais" in only and "Chez le voisin" not in only
    around = client.get("/agenda/", {"commune": beauvais.slug, "autour": "1"}).content.decode()
    assert "À Beauvais" in around and "Chez le voisin" in around and "À Compiègne" not in around
    assert beauvais.epci.name in around  # the page says what "around" means
    month = timezone.localtime(soon())
    in_month = client.get(
        f"/agenda/mois/{month.year}/{month.month}/", {"commune": beauvais.slug, "autour": "1"}
    ).content.decode()
    assert "Chez le voisin" in in_month and "À Compiègne" not in in_month


def test_unknown_commune_gets_a_message(client, db):
    response = client.get("/agenda/", {"commune": "nulle-part"})
    assert response.status_code == 200 and "message--error" in response.content.decode()


# Common agendas ----------------------------------------------------------------------------------------------


@pytest.fixture
def public_event(inhabitant, spaces, beauvais):
    return make_event(inhabitant, spaces["public"], "Brocante", commune=beauvais)


def test_submission_buttons_are_only_for_organisers(client, inhabitant, neighbour, public_event, beauvais):
    client.force_login(neighbour)
    assert "/proposer/" not in client.get(public_event.get_absolute_url()).content.decode()
    assert client.post(f"/agenda/evenements/{public_event.pk}/proposer/", {"territory": beauvais.pk}).status_code == 403
    client.force_login(inhabitant)
    page = client.get(public_event.get_absolute_url()).content.decode()
    assert page.count("/proposer/") == 2 and beauvais.name in page and beauvais.parent.name in page
    client.post(f"/agenda/evenements/{public_event.pk}/proposer/", {"territory": beauvais.pk})
    assert AgendaSubmission.objects.get(event=public_event).status == SubmissionStatus.PENDING
    # Another territory than the commune or its département is refused with a message.
    other = Territory.objects.get(level="commune", code="60159")
    response = client.post(f"/agenda/evenements/{public_event.pk}/proposer/", {"territory": other.pk}, follow=True)
    assert "message--error" in response.content.decode()
    assert AgendaSubmission.objects.filter(event=public_event).count() == 1


def test_editor_sees_and_accepts_a_submission(client, inhabitant, editor, public_event, beauvais):
    submission = agenda_submit(user=inhabitant, event=public_event, territory=beauvais)
    client.force_login(editor)
    assert "Brocante" in client.get("/agenda/relecture/").content.decode()
    client.post(f"/agenda/relecture/{submission.pk}/", {"decision": "accept"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED and submission.reviewed_by == editor
    assert public_event.get_absolute_url() not in client.get("/agenda/relecture/").content.decode()


def test_non_editor_gets_403_on_the_review_queue(client, neighbour, inhabitant, public_event, beauvais):
    submission = agenda_submit(user=inhabitant, event=public_event, territory=beauvais)
    client.force_login(neighbour)
    assert client.get("/agenda/relecture/").status_code == 403
    assert client.post(f"/agenda/relecture/{submission.pk}/", {"decision": "accept"}).status_code == 403
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PENDING


def test_editor_of_another_territory_does_not_see_the_submission(client, inhabitant, public_event, beauvais, compiegne):
    other = make_user("agent2@example.org")
    agenda_editor(compiegne, other)
    submission = agenda_submit(user=inhabitant, event=public_event, territory=beauvais)
    client.force_login(other)
    assert "Brocante" not in client.get("/agenda/relecture/").content.decode()
    assert client.post(f"/agenda/relecture/{submission.pk}/", {"decision": "accept"}).status_code == 404


def test_refusal_needs_a_reason(client, inhabitant, editor, public_event, beauvais):
    submission = agenda_submit(user=inhabitant, event=public_event, territory=beauvais)
    client.force_login(editor)
    response = client.post(f"/agenda/relecture/{submission.pk}/", {"decision": "refuse", "reason": " "}, follow=True)
    assert "message--error" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PENDING
    client.post(f"/agenda/relecture/{submission.pk}/", {"decision": "refuse", "reason": "Hors sujet"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REFUSED
    client.force_login(inhabitant)
    assert "Hors sujet" in client.get(public_event.get_absolute_url()).content.decode()


def test_accepted_event_shows_it_is_in_the_agenda(client, inhabitant, editor, public_event, beauvais, spaces):
    departement = beauvais.parent
    submission = agenda_submit(user=inhabitant, event=public_event, territory=departement)
    client.force_login(editor)
    client.post(f"/agenda/relecture/{submission.pk}/", {"decision": "accept"})
    agenda_link = f"/agenda/territoire/departement/{departement.slug}/"
    assert agenda_link in client.get(public_event.get_absolute_url()).content.decode()
    assert agenda_link in client.get("/agenda/").content.decode()
    territory_page = client.get(agenda_link).content.decode()
    assert "Brocante" in territory_page
    # A département's agenda holds only what its editors accepted.
    make_event(inhabitant, spaces["public"], "Non proposé", commune=beauvais)
    assert "Non proposé" not in client.get(agenda_link).content.decode()
    assert "Non proposé" in client.get(f"/agenda/territoire/commune/{beauvais.slug}/").content.decode()
    assert client.get("/agenda/territoire/planete/terre/").status_code == 404


# Writing to participants ---------------------------------------------------------------------------------------


def test_message_reaches_exactly_the_confirmed_participants(
    client, inhabitant, neighbour, outsider, public_event, django_capture_on_commit_callbacks
):
    rsvp_set(user=neighbour, event=public_event, status="going")
    rsvp_set(user=outsider, event=public_event, status="interested")
    absent = make_user("absent@example.org")
    rsvp_set(user=absent, event=public_event, status="not_going")
    guest = rsvp_guest_request(event=public_event, email="invite@example.org", name="Invité")
    rsvp_guest_confirm(token=guest.token)
    rsvp_guest_request(event=public_event, email="pas-confirme@example.org", name="?")
    mail.outbox.clear()
    client.force_login(inhabitant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/agenda/evenements/{public_event.pk}/ecrire/", {"subject": "Changement", "body": "Rendez-vous à 10 h."}
        )
    assert sorted(to for message in mail.outbox for to in message.to) == sorted(
        [neighbour.email, outsider.email, "invite@example.org"]
    )
    assert all(len(message.to) == 1 and "Rendez-vous à 10 h." in message.body for message in mail.outbox)


def test_message_is_refused_to_non_organisers_and_limited(
    client, inhabitant, neighbour, public_event, django_capture_on_commit_callbacks
):
    rsvp_set(user=neighbour, event=public_event, status="going")
    mail.outbox.clear()
    client.force_login(neighbour)
    response = client.post(f"/agenda/evenements/{public_event.pk}/ecrire/", {"subject": "Spam", "body": "Spam"})
    assert response.status_code == 403 and not mail.outbox
    client.force_login(inhabitant)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/agenda/evenements/{public_event.pk}/ecrire/", {"subject": "Info", "body": "Texte"})
    assert len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/agenda/evenements/{public_event.pk}/ecrire/", {"subject": "Info", "body": "Texte"}, follow=True
        )
    assert len(mail.outbox) == 3 and "message--error" in response.content.decode()
    response = client.post(f"/agenda/evenements/{public_event.pk}/ecrire/", {"subject": "", "body": ""}, follow=True)
    assert response.status_code == 200 and "message--error" in response.content.decode()


# Sharing ---------------------------------------------------------------------------------------------------------


def test_share_links_and_share_as_a_post(client, inhabitant, spaces, public_event):
    client.force_login(inhabitant)
    page = client.get(public_event.get_absolute_url()).content.decode()
    assert "mailto:?subject=Brocante" in page and 'id="share-url"' in page
    response = client.post(
        f"/agenda/evenements/{public_event.pk}/partager/",
        {"space": spaces["members"].pk, "comment": "On y va ?"},
    )
    assert response.status_code == 302
    post = Post.objects.get(space=spaces["members"])
    assert public_event.get_absolute_url() in post.body and "On y va ?" in post.body


def test_a_private_event_is_shared_only_in_its_own_space(client, inhabitant, spaces):
    private = make_event(inhabitant, spaces["members"], "Réunion interne")
    client.force_login(inhabitant)
    response = client.post(f"/agenda/evenements/{private.pk}/partager/", {"space": spaces["public"].pk}, follow=True)
    assert "message--error" in response.content.decode()
    assert not Post.objects.filter(space=spaces["public"]).exists()
    assert Event.objects.filter(pk=private.pk).exists()


def test_a_position_entered_in_the_form_puts_the_event_on_the_map(signed_in, spaces):
    start = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = signed_in.post(
        f"/agenda/espaces/{spaces['public'].slug}/nouvel-evenement/",
        {"title": "Pique-nique", "start": start, "category": "nature", "latitude": "49.43", "longitude": "2.08"},
    )
    assert response.status_code == 302
    assert '"title": "Pique-nique"' in signed_in.get("/agenda/carte/").content.decode()
    bad = signed_in.post(
        f"/agenda/espaces/{spaces['public'].slug}/nouvel-evenement/",
        {"title": "Ailleurs", "start": start, "category": "nature", "latitude": "200"},
    )
    assert bad.status_code == 200 and not Event.objects.filter(title="Ailleurs").exists()
