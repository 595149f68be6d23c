"""Every operation of the OpenAPI document, fed hostile values in each of its fields one at a time (a NUL byte, a
string longer than any column, integers past what a column holds, dates far outside 1900-2100): the answer is a
4xx with a sentence in `detail`, never a 500, and nothing already saved is lost. Run on SQLite and on PostgreSQL,
which refuses NUL bytes in text and overflows on big integers where SQLite does not."""

import json
from datetime import datetime, timedelta
from urllib.parse import quote, urlencode

import pytest
from django.utils import timezone

from parvis.accounts.services import api_token_create
from parvis.agenda.models import Event
from parvis.agenda.services.events import event_create
from parvis.agenda.services.submissions import agenda_submit
from parvis.api import api
from parvis.messaging.services import conversation_start
from parvis.neighbours.services import listing_create
from parvis.notifications.models import Notification
from parvis.polls.services import poll_create
from parvis.posts.models import Post
from parvis.posts.services import comment_create, post_create
from parvis.spaces.services.memberships import space_join
from tests.factories import agenda_editor

NUL = "nul\x00byte"
LONG = "long " * 20_000
HOSTILE_STRINGS = [NUL, LONG]
HOSTILE_INTEGERS = [10**18, -(10**18), 2**63, 10**30]
HOSTILE_DATES = [
    "9999-12-31T23:59:59+00:00",
    "9999-12-31T23:00:00-05:00",
    "0001-01-01T00:00:00+14:00",
    "1850-06-01T10:00:00+00:00",
    "2300-06-01T10:00:00+00:00",
]

OPERATIONS = [
    (method.upper(), path, operation)
    for path, operations in api.get_openapi_schema()["paths"].items()
    for method, operation in operations.items()
]


@pytest.fixture
def world(client, inhabitant, neighbour, spaces, beauvais, english, django_capture_on_commit_callbacks):
    """Real objects behind every path parameter, so that hostile values reach the services, not only a 404: the
    caller (the inhabitant) owns the spaces, the event and the post, talks with the neighbour, has a notification,
    a pending join request to decide, a submission to review and the neighbour's listing to answer."""
    space = spaces["public"]
    space_join(space=space, user=neighbour)
    request = space_join(space=spaces["members"], user=neighbour)
    post = post_create(author=inhabitant, space=space, body="Bonjour le quartier")
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(author=neighbour, post=post, body="Bonjour @camille")
    start = timezone.now() + timedelta(days=3)
    event = event_create(creator=inhabitant, space=space, title="Repas de quartier", start=start, capacity=10)
    agenda_editor(beauvais, inhabitant)
    submission = agenda_submit(user=inhabitant, event=event, territory=beauvais)
    conversation = conversation_start(initiator=inhabitant, participants=[neighbour], first_message="Bonjour")
    listing = listing_create(
        author=neighbour, direction="offer", kind="loan", scope="commune", title="Perceuse", description="Prêt"
    )
    poll = poll_create(author=inhabitant, space=space, question="Quel jour ?", options=["Samedi", "Dimanche"])
    notification = Notification.objects.filter(recipient=inhabitant).first()
    neighbour.handle = "dominique"
    neighbour.save(update_fields=["handle"])
    _token, raw = api_token_create(user=inhabitant, name="hostile", scope="write")
    return {
        "auth": {"HTTP_AUTHORIZATION": f"Bearer {raw}"},
        "path": {
            "slug": space.slug,
            "code": "60057",
            "level": "commune",
            "post_id": post.pk,
            "comment_id": comment.pk,
            "event_id": event.pk,
            "submission_id": submission.pk,
            "membership_id": request.pk,
            "conversation_id": conversation.pk,
            "message_id": conversation.messages.first().pk,
            "listing_id": listing.pk,
            "poll_id": poll.pk,
            "notification_id": notification.pk if notification else 1,
            "user_id": neighbour.pk,
        },
        "body": {
            "space": space.slug,
            "start": (start + timedelta(days=1)).isoformat(),
            "end": (start + timedelta(days=1, hours=2)).isoformat(),
            "time_zone": "Europe/Paris",
            "commune_code": "60057",
            "code": "60057",
            "level": "commune",
            "participant_ids": [neighbour.pk],
            "partner_id": neighbour.pk,
            "target_id": post.pk,
            "kind": "post",
            "who_may_write": "anyone",
            "handle": neighbour.handle or "dominique",
            "direction": "offer",
            "scope": "commune",
            "rrule": "",
            "nature": "voisinage",
            "price": None,
            "as_organisation": None,
        },
        # Per operation, where the plain value differs from the one above.
        "operation": {
            "/api/v1/spaces/": {"territory_id": None},
            "/api/v1/spaces/{slug}/members/{membership_id}/approve": {"slug": spaces["members"].slug},
            "/api/v1/spaces/{slug}/members/{membership_id}/refuse": {"slug": spaces["members"].slug},
            "/api/v1/reports": {"kind": "comment", "target_id": comment.pk, "reason": "spam"},
            "/api/v1/posts/{post_id}/reaction": {"kind": "like"},
            "/api/v1/neighbours/listings": {"kind": "loan", "title": "Échelle"},
            "/api/v1/polls/": {"question": "Quelle heure ?", "options": ["18 h", "19 h"]},
            "/api/v1/polls/{poll_id}/vote": {"options": [poll.options.first().pk]},
        },
        "post": post,
        "event": event,
    }


def _resolve(schema: dict, document: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    for key in ("anyOf", "allOf"):
        if key in schema:
            options = [_resolve(option, document) for option in schema[key] if option.get("type") != "null"]
            if options:
                return options[0]
    return schema


def _kind(schema: dict) -> str:
    if "enum" in schema:
        return "enum"
    if schema.get("format") in ("date-time", "date"):
        return "date"
    return schema.get("type", "string")


def _plain(name: str, schema: dict, world) -> object:
    """A value that passes: what a careful client would send."""
    if name in world["body"]:
        return world["body"][name]
    kind = _kind(schema)
    if kind == "enum":
        return schema["enum"][0]
    if kind == "date":
        return world["body"]["start"]
    return {"integer": 1, "number": 1, "boolean": True, "array": [], "object": {}}.get(kind, "Texte ordinaire")


def _hostile(schema: dict) -> list:
    kind = _kind(schema)
    if kind == "integer" or kind == "number":
        return HOSTILE_INTEGERS
    if kind == "date":
        return HOSTILE_DATES
    if kind == "array":
        return [[value] for value in HOSTILE_INTEGERS] + [[NUL]]
    # Enumerations and booleans too: a client may send anything in their place.
    return HOSTILE_STRINGS


def _cases(method, path, operation, world):
    """(label, url, query, body) with one field hostile at a time, every other field plain."""
    document = api.get_openapi_schema()
    parameters = [(p["name"], p["in"], _resolve(p["schema"], document)) for p in operation.get("parameters", [])]
    body_schema = None
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body_schema = _resolve(content["application/json"]["schema"], document)
    properties = {
        name: _resolve(schema, document) for name, schema in (body_schema or {}).get("properties", {}).items()
    }
    specific = world["operation"].get(path, {})
    plain_path = {
        name: specific.get(name, world["path"].get(name, 1)) for name, where, _schema in parameters if where == "path"
    }
    plain_body = {name: specific.get(name, _plain(name, schema, world)) for name, schema in properties.items()}

    def url(path_values):
        result = path
        for name, value in path_values.items():
            result = result.replace("{" + name + "}", quote(str(value), safe=""))
        return result

    yield "plain", url(plain_path), {}, plain_body if body_schema else None
    for name, where, schema in parameters:
        for value in _hostile(schema):
            if where == "path":
                yield f"path {name}={value!r:.30}", url({**plain_path, name: value}), {}, plain_body or None
            elif where == "query":
                yield f"query {name}={value!r:.30}", url(plain_path), {name: value}, plain_body or None
    for name, schema in properties.items():
        for value in _hostile(schema):
            yield f"body {name}={value!r:.30}", url(plain_path), {}, {**plain_body, name: value}
    if "start" in properties and "end" in properties:
        late = datetime.fromisoformat(world["body"]["start"])
        yield "end before start", url(plain_path), {}, {**plain_body, "end": (late - timedelta(days=2)).isoformat()}


def _send(client, method, url, query, body, auth):
    if query:
        url = f"{url}?{urlencode(query)}"
    data = json.dumps(body) if body is not None else None
    return client.generic(method, url, data or "", content_type="application/json", **auth)


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=[f"{m} {p}" for m, p, _o in OPERATIONS])
def test_hostile_values_never_answer_500(client, world, method, path, operation):
    client.raise_request_exception = False
    failures = []
    for label, url, query, body in _cases(method, path, operation, world):
        response = _send(client, method, url, query, body, world["auth"])
        if response.status_code >= 500:
            failures.append(f"{label}: {response.status_code}")
        elif response.status_code >= 400 and label != "plain":
            detail = response.json().get("detail")
            if not isinstance(detail, str) or not detail.strip():
                failures.append(f"{label}: {response.status_code} without a sentence: {detail!r:.200}")
    assert not failures, "\n".join(failures)
    if method == "DELETE":
        return
    # Nothing already saved is lost.
    assert Post.objects.filter(pk=world["post"].pk).exists()
    assert Event.objects.filter(pk=world["event"].pk).exists()
