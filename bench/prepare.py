"""Before the load: sign the inhabitant in, give them a token, choose the URLs, and count each URL's queries.

`python -m bench.prepare --out targets.json`, run with the same environment (database, SECRET_KEY) as gunicorn,
since a session cookie is only valid under the secret key that signed it.
"""

import argparse
import json
import os
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
    store.create()
    return store.session_key


def token_for(user) -> str:
    from parvis.accounts.services import api_token_create, api_token_revoke

    # One token per run, the previous ones revoked: the service refuses a 21st active token.
    for token in user.api_tokens.usable().filter(name="bench"):
        api_token_revoke(user=user, token_id=token.pk)
    _token, raw = api_token_create(user=user, name="bench")
    return raw


def choose_targets(inhabitant) -> list[dict]:
    """The baselines and the home page, then the pages each app's generator names, in INSTALLED_APPS order."""
    from bench.generate import discover

    targets = [
        target("baseline: constant", "/bench/constant", kind="baseline"),
        target("baseline: 20 rows", "/bench/rows", kind="baseline"),
        target("home", "/"),
        target("home", "/", SESSION),
        target("home search", "/?q=saint"),
    ]
    generators, _without = discover()
    for _label, module in generators:
        if hasattr(module, "targets"):
            targets += module.targets(inhabitant)
    return targets


def count_queries(targets: list[dict], session_key: str, token: str) -> None:
    """Each URL requested in-process twice; the second request's queries are counted, as a warm gunicorn worker
    would run them (the first one fills per-process caches)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for item in targets:
        client = Client(HTTP_HOST="127.0.0.1")
        headers = {}
        if item["who"] == SESSION:
            client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        elif item["who"] == TOKEN:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        client.get(item["path"], **headers)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(item["path"], **headers)
        if response.status_code != 200:
            raise SystemExit(f"{item['path']} ({item['who']}) answered {response.status_code}, not 200.")
        item["queries"] = len(captured.captured_queries)
        item["bytes"] = len(response.content)
        item["sql"] = [query["sql"][:300] for query in captured.captured_queries]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from bench.scales import INHABITANT_EMAIL
    from parvis.accounts.models import User

    inhabitant = User.objects.select_related("home_commune").get(email=INHABITANT_EMAIL)
    session_key, token = session_for(inhabitant), token_for(inhabitant)
    targets = choose_targets(inhabitant)
    count_queries(targets, session_key, token)
    from bench.rsvp import prepare_rsvp

    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(
            {"session": session_key, "token": token, "targets": targets, "rsvp": prepare_rsvp()}, handle, indent=2
        )


if __name__ == "__main__":
    main(sys.argv[1:])
