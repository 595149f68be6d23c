"""A title, description, place or space name written as "</script><script>…" stays text on the event page, whichever
way it came in: the event form, the API or an imported calendar file."""

import json
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from parvis.accounts.services import api_token_create
from parvis.agenda.models import Event
from parvis.spaces.models import JoinPolicy, Nature, Visibility
from parvis.spaces.services.spaces import space_create

PAYLOAD = '</script><script>alert("pwned")</script><img src=x onerror=alert(1)>'
# Types a browser never runs: data blocks (JSON-LD, json_script).
DATA_TYPES = {"application/ld+json", "application/json"}


class _Scripts(HTMLParser):
    """Every element the browser would parse on the page, and what each <script> holds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict] = []
        self.handlers: list[str] = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [f"{tag} {name}" for name in attrs if name.startswith("on")]
        if tag == "script":
            self._current = {"attrs": attrs, "text": ""}
            self.scripts.append(self._current)

    def handle_endtag(self, tag):
        if tag == "script":
            self._current = None

    def handle_data(self, data):
        if self._current is not None:
            self._current["text"] += data


def assert_payload_is_only_text(html: str) -> list[dict]:
    """No script the browser would run comes from the payload; returns the page's JSON-LD blocks."""
    parser = _Scripts()
    parser.feed(html)
    assert not parser.handlers, parser.handlers
    json_ld = []
    for script in parser.scripts:
        kind = script["attrs"].get("type")
        if kind in DATA_TYPES:
            data = json.loads(script["text"])
            if kind == "application/ld+json":
                json_ld.append(data)
            continue
        # An executable script: only files of the site, nothing written inline.
        assert script["attrs"].get("src", "").startswith("/static/"), script
        assert not script["text"].strip(), script
    return json_ld


def event_page(client, event) -> str:
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def hostile_space(inhabitant, beauvais):
    return space_create(
        creator=inhabitant,
        name=PAYLOAD[:80],
        nature=Nature.VOISINAGE,
        territory=beauvais,
        visibility=Visibility.PUBLIC,
        join_policy=JoinPolicy.OPEN,
    )


def test_payload_through_the_event_form_stays_text(signed_in, client, hostile_space):
    start = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = signed_in.post(
        f"/agenda/espaces/{hostile_space.slug}/nouvel-evenement/",
        {
            "title": PAYLOAD,
            "description": PAYLOAD,
            "venue_name": PAYLOAD,
            "address": PAYLOAD,
            "start": start,
            "category": "culture",
            "is_free": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(space=hostile_space)
    signed_in.logout()
    (data,) = assert_payload_is_only_text(event_page(client, event))
    assert data["name"] == PAYLOAD and data["description"] == PAYLOAD
    assert data["location"] == {"@type": "Place", "name": PAYLOAD, "address": PAYLOAD}
    assert data["organizer"]["name"] == hostile_space.name


def test_payload_through_the_api_stays_text(client, inhabitant, hostile_space):
    _, raw = api_token_create(user=inhabitant, name="script", scope="write")
    response = client.post(
        "/api/v1/agenda/events",
        {
            "space": hostile_space.slug,
            "title": PAYLOAD,
            "description": PAYLOAD,
            "venue_name": PAYLOAD,
            "address": PAYLOAD,
            "start": (timezone.now() + timedelta(days=4)).isoformat(),
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201, response.content
    event = Event.objects.get(pk=response.json()["id"])
    (data,) = assert_payload_is_only_text(event_page(client, event))
    assert data["name"] == PAYLOAD and data["location"]["address"] == PAYLOAD


def test_payload_through_an_imported_calendar_stays_text(client, inhabitant, hostile_space):
    start = (timezone.now() + timedelta(days=6)).strftime("%Y%m%dT%H%M%SZ")
    escaped = PAYLOAD.replace(",", "\\,").replace(";", "\\;")
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:hostile@example.org\r\n"
        f"DTSTAMP:{start}\r\nDTSTART:{start}\r\nSUMMARY:{escaped}\r\nDESCRIPTION:{escaped}\r\n"
        f"LOCATION:{escaped}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    client.force_login(inhabitant)
    upload = SimpleUploadedFile("agenda.ics", ics, content_type="text/calendar")
    response = client.post(f"/agenda/espaces/{hostile_space.slug}/calendriers/", {"upload": upload})
    assert response.status_code == 302
    event = Event.objects.get(space=hostile_space, source__isnull=False)
    client.logout()
    (data,) = assert_payload_is_only_text(event_page(client, event))
    assert data["name"] == PAYLOAD and data["location"]["name"] == PAYLOAD


def test_json_for_script_cannot_end_the_script_element():
    from parvis.core.html import json_for_script, json_ld_script

    assert "<" not in json_for_script({"a": "</script>"}) and ">" not in json_for_script({"a": "</script>"})
    assert json.loads(json_for_script({"a": PAYLOAD})) == {"a": PAYLOAD}
    assert json_ld_script({"a": PAYLOAD}).count("</script>") == 1
