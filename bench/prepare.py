"""Before the load: sign the inhabitant in, give them a token, choose the URLs, and count each URL's queries.

`python -m bench.prepare --out targets.json`, run with the same environment (database, SECRET_KEY) as gunicorn,
since a session cookie is only valid under the secret key that signed it.
"""

import argparse
import json
import os
import re
import sys

from bench.targets import SESSION, TOKEN, target


def session_for(user) -> str:
    """A signed-in session created the way django.contrib.auth.login would, without a password round trip."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if user.is_staff or user.is_superuser:
        # The operator's pages need the second factor passed in this very session (parvis/accounts/middleware.py):
        # the session holds allauth's record of both steps, as a real sign-in leaves it.
        import time

        now = time.time()
        store["account_authentication_methods_user"] = str(user.pk)
        store["account_authentication_methods"] = [
            {"method": "password", "at": now, "email": user.email},
            {"method": "mfa", "at": now, "type": "totp"},
        ]
    store.create()
    return store.session_key


def token_for(user) -> str:
    from parvis.accounts.services import api_token_create, api_token_revoke

    # One token per run, the previous ones revoked: the service refuses a 21st active token.
    for token in user.api_tokens.usable().filter(name="bench"):
        api_token_revoke(user=user, token_id=token.pk)
    _token, raw = api_token_create(user=user, name="bench", scope="write")
    return raw


def answerable_event(uid: str, title: str, *, days: int, hours: int, capacity: int):
    """The public event a write scenario answers (RSVP storm, viral evening), in a public group with its first
    member as organiser, reset to no answers at all: each run starts from the same state."""
    from datetime import timedelta

    from django.utils import timezone

    from parvis.agenda.models import Event, Rsvp
    from parvis.spaces.models import Membership, MembershipStatus, Space, Visibility

    space = Space.objects.filter(visibility=Visibility.PUBLIC, is_official=False).order_by("pk").first()
    owner = Membership.objects.filter(space=space, status=MembershipStatus.ACTIVE).order_by("pk").first().user
    start = timezone.now() + timedelta(days=days)
    event, _created = Event.objects.update_or_create(
        uid=uid,
        defaults={
            "space": space,
            "created_by": owner,
            "title": title,
            "start": start,
            "end": start + timedelta(hours=hours),
            "capacity": capacity,
            "going_count": 0,
            "status": "published",
        },
    )
    Rsvp.objects.filter(event=event).delete()
    return event


def raw_tokens(people, name: str) -> list[str]:
    """One API token per person, named for the scenario (the previous run's deleted). Written directly: the
    service's limit of active tokens per person is not what a load test measures."""
    from datetime import timedelta

    from django.utils import timezone

    from parvis.accounts.models import ApiScope, ApiToken, hash_token

    ApiToken.objects.filter(name=name).delete()
    tokens = []
    expires_at = timezone.now() + timedelta(days=1)
    for person in people:
        raw = ApiToken.generate_raw()
        ApiToken.objects.create(
            user=person,
            name=name,
            token_hash=hash_token(raw),
            hint=raw[:8],
            scope=ApiScope.WRITE,
            expires_at=expires_at,
        )
        tokens.append(raw)
    return tokens


def choose_targets(inhabitant, only: str = "") -> list[dict]:
    """The baselines and the home page, then the pages each app's generator names, in INSTALLED_APPS order; with
    `only`, the baselines and the URLs whose "name who" matches that regular expression."""
    from bench.generate import discover

    targets = [
        target("baseline: constant", "/bench/constant", kind="baseline"),
        target("baseline: 20 rows", "/bench/rows", kind="baseline"),
        target("baseline: JSON by pk", f"/bench/pk/{inhabitant.home_commune_id}", kind="baseline"),
        target("home", "/"),
        target("home", "/", SESSION),
        target("home search", "/?q=saint"),
    ]
    generators, _without = discover()
    for _label, module in generators:
        if hasattr(module, "targets"):
            targets += module.targets(inhabitant)
    if only:
        pattern = re.compile(only)
        targets = [t for t in targets if t["kind"] == "baseline" or pattern.search(f"{t['name']} {t['who']}")]
    return targets


def count_queries(targets: list[dict], sessions: dict[str, str], token: str) -> None:
    """Each URL requested in-process twice; the second request's queries are counted, as a warm gunicorn worker
    would run them (the first one fills per-process caches). Its slowest read is explained (`explain_slowest`)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for item in targets:
        client = Client(HTTP_HOST="127.0.0.1")
        headers = {}
        if item["who"] in sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[item["who"]]
        elif item["who"] == TOKEN:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        client.get(item["path"], **headers)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(item["path"], **headers)
        if response.status_code != 200:
            raise SystemExit(f"{item['path']} ({item['who']}) answered {response.status_code}, not 200.")
        queries = captured.captured_queries
        item["queries"] = len(queries)
        item["bytes"] = len(response.content)
        item["sql"] = [query["sql"][:300] for query in queries]
        item["sql_ms"] = round(sum(float(query["time"]) for query in queries) * 1000, 2)
        item["slowest_query"] = explain_slowest(connection, queries)


def explain_slowest(connection, queries: list[dict]) -> dict | None:
    """The slowest read of the request and its plan: EXPLAIN ANALYZE on PostgreSQL (the plan with the real rows and
    timings), EXPLAIN QUERY PLAN on SQLite (which has no ANALYZE). Only SELECTs are explained, since EXPLAIN ANALYZE
    runs the statement: an UPDATE of the session would be executed once more."""
    reads = [query for query in queries if query["sql"].lstrip().upper().startswith("SELECT")]
    if not reads:
        return None
    slowest = max(reads, key=lambda query: float(query["time"]))
    sql = slowest["sql"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # No parameters: the captured statement already has its values in it (Django's client-side binding).
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = [row[0] for row in cursor.fetchall()]
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            depth: dict[int, int] = {0: -1}
            plan = []
            for node, parent, _unused, detail in cursor.fetchall():
                depth[node] = depth.get(parent, -1) + 1
                plan.append("  " * depth[node] + detail)
    return {"ms": round(float(slowest["time"]) * 1000, 2), "sql": sql, "plan": plan}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True)
    parser.add_argument("--viral", action="store_true", help="also prepare the viral evening (bench.viral)")
    parser.add_argument("--only", default="", help="a regular expression on each URL's 'name who'")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from bench.scales import INHABITANT_EMAIL
    from parvis.accounts.models import User

    inhabitant = User.objects.select_related("home_commune").get(email=INHABITANT_EMAIL)
    session_key, token = session_for(inhabitant), token_for(inhabitant)
    targets = choose_targets(inhabitant, args.only)
    # One session per kind of visitor: the inhabitant's, and those of the people some targets name (a moderator).
    sessions = {SESSION: session_key}
    for item in targets:
        if "user_id" in item and item["who"] not in sessions:
            sessions[item["who"]] = session_for(User.objects.get(pk=item["user_id"]))
    count_queries(targets, sessions, token)
    from bench.rsvp import prepare_rsvp
    from bench.viral import prepare_viral

    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "session": session_key,
                "sessions": sessions,
                "token": token,
                "targets": targets,
                "rsvp": None if args.only else prepare_rsvp(),
                "viral": prepare_viral() if args.viral else None,
            },
            handle,
            indent=2,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
