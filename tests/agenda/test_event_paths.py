"""The paths of people who publish events: a visible way to create one (from a space or the agenda), an edit page
for its organisers only, repetition in words, a place on a map or as an address alone, a picture with its
description, and what an edit does to the common agenda's review."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from parvis.agenda.models import AgendaEditor, AgendaVerb, Event, SubmissionStatus
from parvis.agenda.services.events import event_create
from parvis.agenda.services.submissions import agenda_review, agenda_submit
from parvis.core.audit import AuditEntry
from parvis.core.media import media_url
from parvis.spaces.models import Space
from parvis.spaces.services.memberships import space_join
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "public"
    settings.PARVIS_PRIVATE_MEDIA_ROOT = tmp_path / "private"


def picture(name="affiche.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (640, 400), (200, 80, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def next_weekday(weekday: int, hour=18):
    """The next such day of the week (0 = Monday), at least a week away, at `hour` local time."""
    today = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=7)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def form(**overrides) -> dict:
    start = next_weekday(1)  # a Tuesday
    data = {
        "title": "Atelier couture",
        "start": local(start),
        "end": local(start + timedelta(hours=2)),
        "category": "training",
        "is_free": "on",
        "repeat": "none",
        "repeat_end": "never",
        "venue_name": "Maison des associations",
        "address": "12 rue de la Madeleine, Beauvais",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def event(inhabitant, spaces):
    start = next_weekday(1)
    return event_create(
        creator=inhabitant,
        space=spaces["public"],
        title="Atelier couture",
        start=start,
        end=start + timedelta(hours=2),
        rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=8",
        accessibility=["wheelchair", "hearing_loop"],
    )


# Finding the way to create -----------------------------------------------------------------------------------


def test_a_space_page_leads_its_publishers_to_the_form_with_the_space_chosen(signed_in, spaces):
    space = spaces["public"]
    page = signed_in.get(space.get_absolute_url()).content.decode()
    create_url = f"/agenda/espaces/{space.slug}/nouvel-evenement/"
    assert f'href="{create_url}"' in page
    form_page = signed_in.get(create_url).content.decode()
    assert f'<option value="{space.slug}" selected>' in form_page


def test_visitors_and_members_who_may_not_publish_see_no_create_link_on_a_space(client, neighbour, beauvais):
    official = Space.objects.get(is_official=True, territory=beauvais)
    assert client.get(official.get_absolute_url()).status_code == 200
    assert "nouvel-evenement" not in client.get(official.get_absolute_url()).content.decode()
    space_join(space=official, user=neighbour)
    client.force_login(neighbour)
    page = client.get(official.get_absolute_url()).content.decode()
    assert "nouvel-evenement" not in page


def test_the_agenda_leads_to_a_form_where_one_picks_a_space(signed_in, spaces):
    page = signed_in.get("/agenda/").content.decode()
    assert 'href="/agenda/nouvel-evenement/"' in page
    form_page = signed_in.get("/agenda/nouvel-evenement/").content.decode()
    for space in spaces.values():
        assert f'value="{space.slug}"' in form_page
    response = signed_in.post("/agenda/nouvel-evenement/", form(space=spaces["members"].slug))
    assert response.status_code == 302
    assert Event.objects.get(title="Atelier couture").space == spaces["members"]


def test_someone_in_no_space_is_invited_to_join_one(client, outsider):
    client.force_login(outsider)
    page = client.get("/agenda/nouvel-evenement/").content.decode()
    assert "/espaces/" in page and "<form" not in page.split("<main", 1)[-1].split("</main>")[0]


def test_a_space_one_may_not_publish_in_cannot_be_posted_to_from_the_agenda_form(client, outsider, spaces):
    other = make_user("autre@example.org", display_name="Autre")
    client.force_login(other)
    space_join(space=spaces["public"], user=other)
    response = client.post("/agenda/nouvel-evenement/", form(space=spaces["members"].slug))
    assert response.status_code == 200 and not Event.objects.exists()


# Repetition in words -------------------------------------------------------------------------------------------


def test_a_weekly_event_is_created_in_words_and_shown_in_words(signed_in, spaces, english):
    response = signed_in.post(
        f"/agenda/espaces/{spaces['public'].slug}/nouvel-evenement/",
        form(repeat="weekly", repeat_days=["TU", "TH"], repeat_end="count", repeat_count="12"),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.rrule == "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=12"
    page = signed_in.get(event.get_absolute_url()).content.decode()
    assert "Every week on Tuesday and on Thursday, 12 times" in page
    assert "FREQ" not in page and "RRULE" not in page


def test_a_weekly_rule_without_a_day_is_refused_next_to_the_days(signed_in, spaces, english):
    response = signed_in.post(
        f"/agenda/espaces/{spaces['public'].slug}/nouvel-evenement/", form(repeat="weekly", title="Garder ceci")
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Choose at least one day of the week." in page
    assert 'value="Garder ceci"' in page  # what was typed stays
    assert 'href="#id_repeat_days"' in page  # the summary leads to the question
    assert not Event.objects.exists()


def test_the_monthly_first_saturday_reads_back_on_the_edit_page(signed_in, spaces, english):
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=40)
    start = start.replace(day=1)
    start += timedelta(days=(5 - start.weekday()) % 7)  # the first Saturday of that month
    response = signed_in.post(
        f"/agenda/espaces/{spaces['public'].slug}/nouvel-evenement/",
        form(start=local(start), end="", repeat="monthly", repeat_monthly="weekday"),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.rrule == "FREQ=MONTHLY;BYDAY=1SA"
    edit = signed_in.get(f"/agenda/evenements/{event.pk}/modifier/").content.decode()
    assert 'name="repeat" value="monthly" class="" id="id_repeat_3" checked' in edit or (
        'value="monthly"' in edit and "checked" in edit.split('value="monthly"', 1)[1].split(">", 1)[0]
    )
    assert '<option value="1" selected>' in edit and '<option value="SA" selected>' in edit


# Editing ------------------------------------------------------------------------------------------------------


def test_the_author_edits_the_event_and_the_edit_is_journaled(signed_in, event, english):
    edit_url = f"/agenda/evenements/{event.pk}/modifier/"
    assert f'href="{edit_url}"' in signed_in.get(event.get_absolute_url()).content.decode()
    page = signed_in.get(edit_url).content.decode()
    assert 'value="Atelier couture"' in page
    assert 'value="TU"' in page and "checked" in page.split('value="TU"', 1)[1].split(">", 1)[0]
    response = signed_in.post(
        edit_url,
        form(
            title="Atelier couture et tricot",
            start=local(event.start),
            end=local(event.end),
            repeat="weekly",
            repeat_days=["TU"],
            repeat_end="count",
            repeat_count="8",
            accessibility=["wheelchair"],
            latitude="49.430000",
            longitude="2.080000",
        ),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Atelier couture et tricot" and event.rrule == "FREQ=WEEKLY;BYDAY=TU;COUNT=8"
    assert event.accessibility == ["wheelchair"] and float(event.latitude) == 49.43
    entry = AuditEntry.objects.get(verb=AgendaVerb.EVENT_UPDATED)
    assert entry.space_id == event.space_id and "title" in entry.details["fields"]
    assert "rrule" not in entry.details["fields"]


def test_emptying_a_field_on_the_edit_page_empties_it(signed_in, event):
    signed_in.post(
        f"/agenda/evenements/{event.pk}/modifier/",
        form(start=local(event.start), end=local(event.end), venue_name="", address=""),
    )
    event.refresh_from_db()
    assert (event.venue_name, event.address, event.rrule) == ("", "", "")


def test_the_edit_page_is_refused_to_others(client, event, neighbour, outsider, spaces):
    url = f"/agenda/evenements/{event.pk}/modifier/"
    assert client.get(url).status_code == 302  # to the sign-in page
    space_join(space=spaces["public"], user=neighbour)  # a member, not an organiser
    for person in (neighbour, outsider):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url, form(title="Piraté", start=local(event.start))).status_code == 403
    event.refresh_from_db()
    assert event.title == "Atelier couture"


def test_an_event_of_a_members_only_space_is_not_found_by_outsiders(client, inhabitant, outsider, spaces):
    start = next_weekday(2)
    private = event_create(
        creator=inhabitant, space=spaces["members"], title="Réunion", start=start, end=start + timedelta(hours=1)
    )
    client.force_login(outsider)
    assert client.get(f"/agenda/evenements/{private.pk}/modifier/").status_code == 404
    assert client.get(f"/agenda/evenements/{private.pk}/annuler/").status_code == 404


def test_cancelling_asks_for_confirmation_from_a_quiet_link(signed_in, event, english):
    edit = signed_in.get(f"/agenda/evenements/{event.pk}/modifier/").content.decode()
    cancel_url = f"/agenda/evenements/{event.pk}/annuler/"
    assert f'href="{cancel_url}"' in edit
    confirm = signed_in.get(cancel_url)
    assert confirm.status_code == 200 and "Yes, cancel the event" in confirm.content.decode()
    event.refresh_from_db()
    assert not event.is_cancelled  # opening the page cancels nothing
    assert signed_in.post(cancel_url, {"reason": ""}).status_code == 200
    assert signed_in.post(cancel_url, {"reason": "Salle indisponible"}).status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled and AuditEntry.objects.filter(verb=AgendaVerb.EVENT_CANCELLED).count() == 1


def test_an_accepted_event_goes_back_to_review_when_what_was_judged_changes(inhabitant, signed_in, event, beauvais):
    event.commune = beauvais
    event.save(update_fields=["commune"])
    editor = make_user("agenda@example.org", display_name="Agent")
    AgendaEditor.objects.create(territory=beauvais, user=editor)
    submission = agenda_submit(user=inhabitant, event=event, territory=beauvais)
    agenda_review(editor=editor, submission=submission, accept=True)
    # The capacity is not what the editors judged: the acceptance stays.
    unchanged = form(
        title=event.title,
        start=local(event.start),
        end=local(event.end),
        venue_name="",
        address="",
        repeat="weekly",
        repeat_days=["TU"],
        repeat_end="count",
        repeat_count="8",
        accessibility=["wheelchair", "hearing_loop"],
        category="other",
    )
    signed_in.post(f"/agenda/evenements/{event.pk}/modifier/", {**unchanged, "capacity": "30"})
    submission.refresh_from_db()
    assert AuditEntry.objects.get(verb=AgendaVerb.EVENT_UPDATED).details["fields"] == ["capacity"]
    assert submission.status == SubmissionStatus.ACCEPTED
    # A new date is: the agenda's editors see it again, and the journal says so.
    later = {**unchanged, "start": local(event.start + timedelta(days=7)), "end": local(event.end + timedelta(days=7))}
    signed_in.post(f"/agenda/evenements/{event.pk}/modifier/", later)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PENDING and submission.reviewed_by is None
    entry = AuditEntry.objects.filter(verb=AgendaVerb.EVENT_UPDATED).latest("pk")
    assert entry.details["agendas_to_review"] == [beauvais.name]
    assert not Event.objects.in_agenda_of(beauvais).filter(pk=event.pk).exclude(commune=beauvais).exists()


# Place -----------------------------------------------------------------------------------------------------------


def test_the_map_opens_on_the_spaces_commune_and_the_address_alone_is_enough(signed_in, spaces, beauvais):
    assert beauvais.centre is not None
    page = signed_in.get(f"/agenda/espaces/{spaces['public'].slug}/nouvel-evenement/").content.decode()
    assert f'"centre": [{float(beauvais.centre_latitude)}, {float(beauvais.centre_longitude)}]' in page
    assert 'id="place-map-block" class="place-map" hidden' in page  # shown by the script only
    response = signed_in.post(f"/agenda/espaces/{spaces['public'].slug}/nouvel-evenement/", form())
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.address and event.latitude is None and event.commune == beauvais


def test_half_a_position_is_refused(signed_in, spaces, english):
    response = signed_in.post(f"/agenda/espaces/{spaces['public'].slug}/nouvel-evenement/", form(latitude="49.43"))
    assert response.status_code == 200 and "Give both the latitude and the longitude" in response.content.decode()


# Pictures ---------------------------------------------------------------------------------------------------------


def test_a_picture_with_its_description_is_shown_on_the_page_and_the_cards(signed_in, spaces):
    response = signed_in.post(
        f"/agenda/espaces/{spaces['public'].slug}/nouvel-evenement/",
        form(image=picture(), image_alt="Des tissus colorés"),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    url = media_url(event, "image")
    assert url in signed_in.get(event.get_absolute_url()).content.decode()
    assert f'src="{url}" alt="Des tissus colorés"' in signed_in.get("/agenda/").content.decode()
    assert Client().get(url).status_code == 200  # a public event's picture, for everyone who reads the event


def test_a_picture_without_description_or_not_a_picture_creates_nothing(signed_in, spaces, english):
    url = f"/agenda/espaces/{spaces['public'].slug}/nouvel-evenement/"
    page = signed_in.post(url, form(image=picture(), image_alt="")).content.decode()
    assert "Describe the picture" in page
    page = signed_in.post(url, form(image=SimpleUploadedFile("x.png", b"pas une image"), image_alt="x")).content
    assert b"error" in page
    assert not Event.objects.exists()


def test_the_picture_of_a_members_only_event_is_a_404_for_outsiders(client, inhabitant, outsider, spaces):
    client.force_login(inhabitant)
    response = client.post(
        f"/agenda/espaces/{spaces['members'].slug}/nouvel-evenement/",
        form(image=picture(), image_alt="La salle"),
    )
    assert response.status_code == 302
    url = media_url(Event.objects.get(), "image")
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert Client().get(url).status_code == 404


def test_an_edit_replaces_or_removes_the_picture(signed_in, event):
    edit_url = f"/agenda/evenements/{event.pk}/modifier/"
    base = form(title=event.title, start=local(event.start), end=local(event.end))
    signed_in.post(edit_url, {**base, "image": picture(), "image_alt": "Première"})
    event.refresh_from_db()
    assert event.image and event.image_alt == "Première"
    signed_in.post(edit_url, {**base, "image_alt": "Une machine à coudre"})
    event.refresh_from_db()
    assert event.image and event.image_alt == "Une machine à coudre"
    signed_in.post(edit_url, {**base, "remove_image": "on"})
    event.refresh_from_db()
    assert not event.image and event.image_alt == ""


# Accessibility in words ------------------------------------------------------------------------------------------


def test_accessibility_is_written_in_words(client, event):
    page = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Accessible en fauteuil roulant" in page and "Boucle magnétique" in page
    assert "hearing_loop" not in page and "wheelchair" not in page.split("<main", 1)[-1]
