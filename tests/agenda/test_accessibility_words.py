"""Accessibility features of an event are written in words on every page that shows them, never as stored codes."""

import re

from django.utils import translation

from parvis.agenda.models import Accessibility
from tests.factories import make_event


def visible_text(html: str) -> str:
    # Attribute values (a filter's option values) are not read; what is between the tags is.
    return re.sub(r"<[^>]+>", " ", html)


def test_event_page_and_agenda_show_accessibility_in_words(client, spaces, inhabitant):
    event = make_event(inhabitant, spaces["public"], "Concert au parc", accessibility=list(Accessibility.values))
    with translation.override("fr"):
        pages = [client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr"), client.get("/agenda/")]
    for page in pages:
        assert page.status_code == 200
        text = visible_text(page.content.decode())
        for code in Accessibility.values:
            assert not re.search(rf"\b{code}\b", text), f"raw value {code} shown on {page.request['PATH_INFO']}"
    event_text = visible_text(pages[0].content.decode())
    assert "fauteuil roulant" in event_text.lower() or "wheelchair" in event_text.lower()
