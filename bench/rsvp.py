"""The agenda's write path under load: many people answering one event at once, through the real API.

Prepared in-process (`prepare_rsvp`: an event with a capacity and one token per participant), measured against
gunicorn (`run_rsvp_storm`): each connection answers "going" then "not going" for its own people, so places are
taken and freed and the waiting list moves, as during a viral invitation. Afterwards the event must hold exactly
its capacity or less: a figure without that check would measure a broken lock.
"""

import http.client
import json
import threading
import time

PARTICIPANTS = 200
CAPACITY = 50


def prepare_rsvp() -> dict:
    from bench.prepare import answerable_event, raw_tokens
    from parvis.accounts.models import User

    event = answerable_event("bench-rsvp-storm@parvis", "Apéro géant (benchmark)", days=30, hours=3, capacity=CAPACITY)
    people = User.objects.filter(is_active=True).order_by("pk")[:PARTICIPANTS]
    return {"event_id": event.pk, "capacity": CAPACITY, "tokens": raw_tokens(people, "bench-rsvp")}


def _put(connection: http.client.HTTPConnection, path: str, token: str, status: str) -> int:
    body = json.dumps({"status": status})
    connection.request(
        "PUT", path, body=body, headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    )
    response = connection.getresponse()
    response.read()
    return response.status


def run_rsvp_storm(port: int, prepared: dict, *, duration: float, connections: int) -> dict:
    path = f"/api/v1/agenda/events/{prepared['event_id']}/rsvp"
    tokens = prepared["tokens"]
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def worker(mine: list[str]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        answer = "going"
        while time.monotonic() < deadline:
            for token in mine:
                started = time.perf_counter()
                try:
                    status = _put(connection, path, token, answer)
                except (OSError, http.client.HTTPException):
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    status = 0
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    errors[0] += status != 200
                if time.monotonic() >= deadline:
                    break
            answer = "not_going" if answer == "going" else "going"
        connection.close()

    threads = [threading.Thread(target=worker, args=(tokens[index::connections],)) for index in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(share: float) -> float:
        return latencies[min(int(len(latencies) * share), len(latencies) - 1)] if latencies else 0.0

    return {
        "requests": len(latencies),
        "requests_per_s": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": percentile(0.5),
        "p99_ms": percentile(0.99),
        "errors": errors[0],
    }


def check_capacity(event_id: int) -> dict:
    """Read back, in-process, what the storm left: never more going than the capacity, counters matching rows."""
    from parvis.agenda.models import Event, Rsvp, RsvpStatus

    event = Event.objects.get(pk=event_id)
    going_rows = Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).count()
    return {
        "capacity": event.capacity,
        "going_count": event.going_count,
        "going_rows": going_rows,
        "holds": event.going_count <= event.capacity and event.going_count == going_rows,
    }
