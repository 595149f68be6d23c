"""Editing an event through the API: its repetition in the form's words and its picture through the media pipeline."""

import base64
from datetime import datetime
from zoneinfo import ZoneInfo

from parvis.agenda.models import Event
from tests.factories import api_client, jpeg_bytes, make_event

PARIS = ZoneInfo("Europe/Paris")


def saturday_event(inhabitant, spaces):
    # Saturday 6 June 2026, 10:00 in Paris.
    return make_event(inhabitant, spaces["public"], "Marché du samedi", start=datetime(2026, 6, 6, 10, tzinfo=PARIS))


def test_organiser_sets_a_weekly_repetition_in_words(spaces, inhabitant):
    event = saturday_event(inhabitant, spaces)
    answer = api_client(inhabitant).patch(
        f"/api/v1/agenda/events/{event.pk}",
        {"repetition": {"frequency": "weekly", "weekdays": ["SA"], "ends": "count", "count": 10}},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["rrule"] == "FREQ=WEEKLY;BYDAY=SA;COUNT=10"
    assert Event.objects.get(pk=event.pk).rrule == "FREQ=WEEKLY;BYDAY=SA;COUNT=10"


def test_repetition_that_misses_the_start_day_is_refused_with_the_forms_message(spaces, inhabitant, english):
    event = saturday_event(inhabitant, spaces)
    answer = api_client(inhabitant).patch(
        f"/api/v1/agenda/events/{event.pk}",
        {"repetition": {"frequency": "weekly", "weekdays": ["MO"]}},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "tick that day too" in answer.json()["detail"]
    assert Event.objects.get(pk=event.pk).rrule == ""


def test_repetition_none_stops_the_repetition(spaces, inhabitant):
    event = saturday_event(inhabitant, spaces)
    api = api_client(inhabitant)
    api.patch(
        f"/api/v1/agenda/events/{event.pk}",
        {"repetition": {"frequency": "monthly"}},
        content_type="application/json",
    )
    assert Event.objects.get(pk=event.pk).rrule == "FREQ=MONTHLY;BYDAY=1SA"
    answer = api.patch(
        f"/api/v1/agenda/events/{event.pk}", {"repetition": {"frequency": "none"}}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json()["rrule"] == ""


def test_unknown_frequency_is_a_400_not_a_500(spaces, inhabitant):
    event = saturday_event(inhabitant, spaces)
    answer = api_client(inhabitant).patch(
        f"/api/v1/agenda/events/{event.pk}",
        {"repetition": {"frequency": "FREQ=HOURLY"}},
        content_type="application/json",
    )
    assert answer.status_code == 400


def test_organiser_sets_replaces_describes_and_removes_the_picture(spaces, inhabitant, settings, tmp_path):
    settings.PARVIS_PRIVATE_MEDIA_ROOT = str(tmp_path)
    event = saturday_event(inhabitant, spaces)
    api = api_client(inhabitant)
    picture = base64.b64encode(jpeg_bytes()).decode()
    answer = api.patch(
        f"/api/v1/agenda/events/{event.pk}",
        {"image": {"data": picture, "alt": "Les étals sur la place"}},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    event.refresh_from_db()
    assert event.image and event.image_alt == "Les étals sur la place"
    # Re-encoded by the pipeline: a JPEG no larger than the event's size.
    assert event.image.name.endswith(".jpg")

    # A later edit of the title keeps the picture and its description without repeating them.
    assert (
        api.patch(
            f"/api/v1/agenda/events/{event.pk}", {"title": "Grand marché"}, content_type="application/json"
        ).status_code
        == 200
    )
    event.refresh_from_db()
    assert event.title == "Grand marché" and event.image and event.image_alt == "Les étals sur la place"

    api.patch(f"/api/v1/agenda/events/{event.pk}", {"image_alt": "Le marché"}, content_type="application/json")
    event.refresh_from_db()
    assert event.image_alt == "Le marché"

    assert (
        api.patch(
            f"/api/v1/agenda/events/{event.pk}", {"remove_image": True}, content_type="application/json"
        ).status_code
        == 200
    )
    event.refresh_from_db()
    assert not event.image and event.image_alt == ""


def test_picture_without_description_or_not_an_image_is_refused(spaces, inhabitant, english, settings, tmp_path):
    settings.PARVIS_PRIVATE_MEDIA_ROOT = str(tmp_path)
    event = saturday_event(inhabitant, spaces)
    api = api_client(inhabitant)
    url = f"/api/v1/agenda/events/{event.pk}"
    picture = base64.b64encode(jpeg_bytes()).decode()

    no_alt = api.patch(url, {"image": {"data": picture, "alt": " "}}, content_type="application/json")
    assert no_alt.status_code == 400 and "Describe" in no_alt.json()["detail"]

    not_base64 = api.patch(url, {"image": {"data": "%%%", "alt": "x"}}, content_type="application/json")
    assert not_base64.status_code == 400 and "base64" in not_base64.json()["detail"]

    text_file = base64.b64encode(b"<html>not a picture</html>").decode()
    not_image = api.patch(url, {"image": {"data": text_file, "alt": "x"}}, content_type="application/json")
    assert not_image.status_code == 400
    event.refresh_from_db()
    assert not event.image


def test_someone_else_cannot_set_the_picture(spaces, inhabitant, neighbour):
    event = saturday_event(inhabitant, spaces)
    picture = base64.b64encode(jpeg_bytes()).decode()
    answer = api_client(neighbour).patch(
        f"/api/v1/agenda/events/{event.pk}", {"image": {"data": picture, "alt": "x"}}, content_type="application/json"
    )
    assert answer.status_code == 403
    event.refresh_from_db()
    assert not event.image
