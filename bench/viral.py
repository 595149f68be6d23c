"""The viral evening (`python -m bench --viral`): one public event shared everywhere. Anonymous visitors open its
page, its iCal file and the agenda while members answer it through the API and the form, at fixed arrival rates
raised step by step until the p99 latency passes one second.

Open loop: requests leave at their scheduled times whether or not the earlier ones were answered, and a latency is
counted from the scheduled time, so a slow server cannot slow the load down and hide its own queue (what a
closed-loop client, which waits for each answer, does). Afterwards every acknowledged answer must be in the
database as given, once, and the event must hold exactly its capacity: a rate without that check would measure a
broken lock.
"""

import asyncio
import json
import random
import string
import time
from collections import deque

CAPACITY = 20
# People answering through each path (API tokens, browser sessions): enough that nobody answers twice at once.
PEOPLE_PER_PATH = 150
# Of the page views: the event page, its iCal, the agenda (weights). RSVPs: one per this many views.
VIEW_WEIGHTS = {"event": 70, "ical": 15, "agenda": 15}
VIEWS_PER_RSVP = 10
FIRST_RATE = 5.0
GROWTH = 1.5
MAX_STEPS = 12
TIMEOUT = 10.0
# Requests left unanswered at once beyond which the client itself would be the limit: the step counts as failed.
MAX_IN_FLIGHT = 800
P99_LIMIT_MS = 1000.0


def prepare_viral() -> dict:
    """In-process: the event (capacity CAPACITY, no answers yet), tokens and sessions for the people answering."""
    from bench.prepare import answerable_event, raw_tokens, session_for
    from parvis.accounts.models import User

    event = answerable_event(
        "bench-viral@parvis", "Apéro géant sur la place (benchmark)", days=10, hours=4, capacity=CAPACITY
    )
    # People after those of the RSVP storm (bench.rsvp takes the first ones), so that the two never share a person.
    people = list(User.objects.filter(is_active=True).order_by("-pk")[: 2 * PEOPLE_PER_PATH])
    by_api = people[:PEOPLE_PER_PATH]
    tokens = raw_tokens(by_api, "bench-viral")
    api_people = [{"user_id": person.pk, "token": raw} for person, raw in zip(by_api, tokens, strict=True)]
    form_people = [{"user_id": p.pk, "session": session_for(p)} for p in people[PEOPLE_PER_PATH:]]
    return {
        "event_id": event.pk,
        "capacity": CAPACITY,
        "event_path": event.get_absolute_url(),
        "ical_path": f"/agenda/evenements/{event.pk}/evenement.ics",
        "agenda_path": "/agenda/",
        "api_people": api_people,
        "form_people": form_people,
    }


async def _request(port: int, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        response = await reader.read()
    finally:
        writer.close()
    status_line = response.split(b"\r\n", 1)[0].split()
    return int(status_line[1]) if len(status_line) > 1 else 0


class Evening:
    """The client side of the scenario: who answered what, as acknowledged by the server."""

    def __init__(self, port: int, prepared: dict, seed: int):
        self.port = port
        self.prepared = prepared
        self.rng = random.Random(seed)
        self.csrf = "".join(self.rng.choice(string.ascii_letters + string.digits) for _ in range(32))
        # Free people of each path, and each one's next answer (they alternate going / not going).
        self.free = {"api": deque(prepared["api_people"]), "form": deque(prepared["form_people"])}
        self.next_answer: dict[int, str] = {}
        # user id -> the last answer the server acknowledged; people with a failed answer leave the scenario, since
        # whether the server applied it is unknown.
        self.acknowledged: dict[int, str] = {}
        self.uncertain: set[int] = set()
        self.in_flight = 0

    def _view(self) -> tuple[str, str, dict, bytes, str]:
        kind = self.rng.choices(list(VIEW_WEIGHTS), list(VIEW_WEIGHTS.values()))[0]
        return "GET", self.prepared[f"{kind}_path"], {}, b"", kind

    def _rsvp(self):
        path_kind = self.rng.choice(["api", "form"])
        if not self.free[path_kind]:
            path_kind = "form" if path_kind == "api" else "api"
        if not self.free[path_kind]:
            return None
        person = self.free[path_kind].popleft()
        answer = self.next_answer.get(person["user_id"], "going")
        event_id = self.prepared["event_id"]
        if path_kind == "api":
            headers = {"Authorization": f"Bearer {person['token']}", "Content-Type": "application/json"}
            request = (
                "PUT",
                f"/api/v1/agenda/events/{event_id}/rsvp",
                headers,
                json.dumps({"status": answer}).encode(),
            )
        else:
            headers = {
                "Cookie": f"sessionid={person['session']}; csrftoken={self.csrf}",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            body = f"csrfmiddlewaretoken={self.csrf}&status={answer}".encode()
            request = ("POST", f"/agenda/evenements/{event_id}/participer/", headers, body)
        return (*request, f"rsvp {path_kind}"), person, path_kind, answer

    async def _one(self, scheduled: float, request, person, path_kind, answer, record) -> None:
        method, path, headers, body, label = request
        self.in_flight += 1
        try:
            status = await asyncio.wait_for(_request(self.port, method, path, headers, body), TIMEOUT)
        except (TimeoutError, OSError):
            status = 0
        finally:
            self.in_flight -= 1
        expected = 302 if label == "rsvp form" else 200
        ok = status == expected
        record(label, (time.monotonic() - scheduled) * 1000, ok)
        if person is not None:
            if ok:
                self.acknowledged[person["user_id"]] = answer
                self.next_answer[person["user_id"]] = "not_going" if answer == "going" else "going"
                self.free[path_kind].append(person)
            else:
                self.uncertain.add(person["user_id"])
                self.acknowledged.pop(person["user_id"], None)

    async def step(self, views_per_s: float, duration: float) -> dict:
        latencies: list[float] = []
        by_label: dict[str, int] = {}
        errors = [0, 0]  # failed answers, requests the client could not send (too many in flight)

        def record(label: str, ms: float, ok: bool) -> None:
            latencies.append(ms)
            by_label[label] = by_label.get(label, 0) + 1
            errors[0] += not ok

        total_rate = views_per_s * (1 + 1 / VIEWS_PER_RSVP)
        count = int(total_rate * duration)
        tasks = []
        started = time.monotonic()
        for index in range(count):
            scheduled = started + index / total_rate
            delay = scheduled - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            if self.in_flight >= MAX_IN_FLIGHT:
                errors[1] += 1
                continue
            person = path_kind = answer = None
            request = None
            if self.rng.random() < 1 / (VIEWS_PER_RSVP + 1):
                chosen = self._rsvp()
                if chosen is not None:
                    request, person, path_kind, answer = chosen
            if request is None:
                request = self._view()
            tasks.append(asyncio.create_task(self._one(scheduled, request, person, path_kind, answer, record)))
        await asyncio.gather(*tasks)
        latencies.sort()

        def percentile(share: float) -> float:
            return latencies[min(int(len(latencies) * share), len(latencies) - 1)] if latencies else 0.0

        rsvps = by_label.get("rsvp api", 0) + by_label.get("rsvp form", 0)
        result = {
            "views_per_s": round(views_per_s, 1),
            "rsvps_per_s": round(rsvps / duration, 1),
            "requests": len(latencies),
            "p50_ms": round(percentile(0.5), 1),
            "p99_ms": round(percentile(0.99), 1),
            "errors": errors[0],
            "not_sent": errors[1],
            "by_kind": by_label,
        }
        result["held"] = result["p99_ms"] < P99_LIMIT_MS and not errors[0] and not errors[1]
        return result


def run_viral(port: int, prepared: dict, *, step_seconds: float, seed: int = 60, log=print) -> dict:
    """Steps of rising rate until one is not held (p99 ≥ 1 s, or a failed request); the highest held, and what
    the client believes each person answered (for `check_answers`)."""
    evening = Evening(port, prepared, seed)
    steps, rate = [], FIRST_RATE
    for _ in range(MAX_STEPS):
        result = asyncio.run(evening.step(rate, step_seconds))
        steps.append(result)
        log(
            f"    {result['views_per_s']:7.1f} views/s + {result['rsvps_per_s']:5.1f} RSVPs/s: "
            f"p50 {result['p50_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  errors {result['errors']}"
            f"{'' if result['held'] else '  NOT HELD'}"
        )
        if not result["held"]:
            break
        rate *= GROWTH
    held = [step for step in steps if step["held"]]
    return {
        "steps": steps,
        "highest_held": held[-1] if held else None,
        "acknowledged": {str(user_id): answer for user_id, answer in evening.acknowledged.items()},
        "uncertain": len(evening.uncertain),
    }


def check_answers(event_id: int, acknowledged: dict[str, str]) -> dict:
    """In-process, after the load: each acknowledged answer stored as given (going or waiting for "going"), one row
    per person, the counter equal to the rows, never more going than the capacity, and nobody left waiting while a
    place is free."""
    from django.db.models import Count

    from parvis.agenda.models import Event, Rsvp, RsvpStatus

    event = Event.objects.get(pk=event_id)
    stored = dict(Rsvp.objects.filter(event=event, user__isnull=False).values_list("user_id", "status"))
    duplicated = (
        Rsvp.objects.filter(event=event, user__isnull=False)
        .values("user_id")
        .annotate(rows=Count("pk"))
        .filter(rows__gt=1)
        .count()
    )
    lost = 0
    for user_id, answer in acknowledged.items():
        status = stored.get(int(user_id))
        allowed = {RsvpStatus.GOING, RsvpStatus.WAITING} if answer == "going" else {RsvpStatus.NOT_GOING}
        lost += status not in allowed
    going = sum(status == RsvpStatus.GOING for status in stored.values())
    waiting = sum(status == RsvpStatus.WAITING for status in stored.values())
    exact = event.going_count == going <= event.capacity and (going == event.capacity or waiting == 0)
    return {
        "capacity": event.capacity,
        "going_count": event.going_count,
        "going_rows": going,
        "waiting_rows": waiting,
        "acknowledged": len(acknowledged),
        "lost": lost,
        "duplicated": duplicated,
        "holds": exact and not lost and not duplicated,
    }
