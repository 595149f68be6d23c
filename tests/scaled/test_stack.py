"""Parvis on the engines of a large install (stack.py), through the proxy as a browser reaches it: health of every
engine, a visitor's pages read on the replica, a signed-in journey whose own writes are read back at once although
the replica lags, a task done by a worker, and media stored in and served from S3."""

import io
import json
import re
import secrets
import time
import uuid

import pytest
import requests
from PIL import Image

from tests.e2e.instance import AGENT, DEMO_PASSWORD, INHABITANT, Instance

from .web import CLIENT_ADDRESS, SPOOFED_ADDRESS, Browser, form_to, parse

pytestmark = pytest.mark.e2e
# The tasks' wait: a worker takes a job within a second; this only turns a lost job into a failure.
TASK_TIMEOUT = 90


def sign_in(browser: Browser, email: str = INHABITANT) -> None:
    browser.get("/accounts/login/").raise_for_status()
    answer = browser.post(
        "/accounts/login/",
        data={"login": email, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
    )
    answer.raise_for_status()
    assert "/accounts/login/" not in answer.url, f"signing in as {email} failed: still on {answer.url}"


def photo_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (40, 110, 70)).save(buffer, format="JPEG")
    return buffer.getvalue()


def bucket_keys(stack) -> set[str]:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=stack.s3.endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    keys = set()
    for bucket in {stack.env["PARVIS_S3_BUCKET"], stack.env["PARVIS_S3_PRIVATE_BUCKET"]}:
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            keys |= {f"{bucket}/{item['Key']}" for item in page.get("Contents", [])}
    return keys


def replica_reads_of_pages(stack) -> int:
    """Connections of the web processes to the replica whose last query read a table (the health check only sends
    SELECT 1)."""
    return stack.on_replica(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
        "AND backend_type = 'client backend' AND query ILIKE %s",
        ('%FROM "%',),
    )


def test_healthz_says_every_engine_answers_on_both_web_processes(stack):
    seen = set()
    for _ in range(4):
        answer = requests.get(f"{stack.url}/healthz", timeout=60)
        assert answer.status_code == 200, answer.text
        report = answer.json()
        assert report["engines"] == {
            "database": "postgresql",
            "replica_1": "postgresql",
            "cache": "redis",
            "tasks": "rq",
            "storage": "s3",
        }, report
        assert report["status"] == "ok", json.dumps(report)
        assert set(report["checks"].values()) == {"ok"}, report
        seen.add(answer.headers["X-Scaled-Backend"])
    assert seen == {"1", "2"}, f"the proxy reached only web process(es) {seen}"


def test_the_replica_is_a_streaming_hot_standby_of_the_primary(stack):
    assert stack.on_replica("SELECT pg_is_in_recovery()") is True
    assert stack.on_primary("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") >= 1
    # The demo, built on the primary before the copy, is on the replica.
    assert stack.on_replica("SELECT count(*) FROM accounts_user WHERE email = %s", (INHABITANT,)) == 1


def test_both_workers_wait_for_tasks(stack):
    registered = {key.decode().removeprefix("rq:worker:") for key in stack.redis().keys("rq:worker:*")}
    assert set(stack.worker_names) <= registered, registered


def test_a_visitor_reads_pages_served_from_the_replica_with_media_from_s3(stack):
    visitor = requests.Session()
    home = visitor.get(f"{stack.url}/", timeout=120)
    assert home.status_code == 200
    links = [link for link in parse(home.text).links if link.startswith("/") and not link.startswith("/accounts/")]
    pages = {"/", "/espaces/", *links[:8]}
    images = []
    for path in sorted(pages):
        answer = visitor.get(f"{stack.url}{path}", timeout=120)
        assert answer.status_code < 500, f"{path}: {answer.status_code}"
        images += [image["src"] for image in parse(answer.text).images if image.get("src", "")]
    assert replica_reads_of_pages(stack) >= 1, "no page read went to the replica"
    # Public files are linked on the bucket itself; carried ones (a post's photo) through Parvis, which checks the
    # reader and sends them to a signed URL on the bucket.
    media = sorted({src for src in images if src.startswith(stack.s3.endpoint) or "/fichiers/" in src})
    assert media, f"no image of these pages is a media file: {sorted(set(images))[:10]}"
    served_from_s3 = []
    for src in media[:4]:
        answer = visitor.get(src if src.startswith("http") else f"{stack.url}{src}", timeout=60)
        assert answer.status_code == 200, src
        assert answer.headers["Content-Type"].startswith("image/"), (src, answer.headers["Content-Type"])
        served_from_s3 += [answer.url] if answer.url.startswith(stack.s3.endpoint) else []
    assert served_from_s3, f"none of {media[:4]} was served from S3"


@pytest.fixture(scope="module")
def posted(stack):
    """The demo inhabitant signs in and posts, with a photo, in her members-only group; what was seen on the way."""
    browser = Browser(stack.url)
    sign_in(browser)
    spaces = browser.get("/espaces/")
    slugs = re.findall(r'href="/espaces/([\w-]+)/"', spaces.text)
    slug = next((slug for slug in slugs if "potager" in slug), None)
    assert slug, f"the demo's group 'Potager des Tilleuls' is not among {slugs[:20]}"
    group_path = f"/espaces/{slug}/"
    form = form_to(browser.get(group_path).text, r"/publier/$")
    # One word: the post's card sets French typography (non-breaking spaces) in its text.
    marker = f"arrosage{secrets.token_hex(4)}"
    alt = f"Les bacs du potager {uuid.uuid4().hex[:6]}"
    keys_before = bucket_keys(stack)
    answer = browser.post(
        form.action,
        data={**form.fields, "body": f"{marker} : qui vient samedi ?", "alt_texts": alt},
        files={"photos": ("bacs.jpg", photo_bytes(), "image/jpeg")},
    )
    committed = time.monotonic()
    # Without the mark of her write, the same person's read goes to the replica, which lags: her post is not there
    # yet. Seen only while the replica's delay has not passed since the commit. Her session and her CSRF cookie, so
    # the page she reloads is kept under the very key of her marked browser's (parvis/core/pagecache.py): built from
    # the lagging replica right after a write, it must not be kept, or her marked browser would be served it next.
    unmarked = Browser(stack.url)
    unmarked.cookies.set("sessionid", browser.cookies["sessionid"])
    unmarked.cookies.set("csrftoken", browser.cookies["csrftoken"])
    stale_page = unmarked.get(group_path).text
    stale_after = time.monotonic() - committed
    again = browser.get(group_path)
    return {
        "browser": browser,
        "answer": answer,
        "again": again,
        "marker": marker,
        "alt": alt,
        "group_path": group_path,
        "new_keys": bucket_keys(stack) - keys_before,
        "stale_page": stale_page,
        "stale_after": stale_after,
        "unmarked": unmarked,
    }


def test_the_hosting_log_records_the_client_behind_the_proxy_not_what_it_wrote(stack, posted):
    ip, port = stack.on_primary(
        "SELECT ARRAY[host(ip), port::text] FROM hosting_hostingrecord WHERE account_email = %s ORDER BY id DESC",
        (INHABITANT,),
    )
    assert ip == CLIENT_ADDRESS, f"recorded {ip}; the client was {CLIENT_ADDRESS} and claimed {SPOOFED_ADDRESS}"
    assert port and int(port) > 0


def test_a_signed_in_person_sees_her_post_at_once_although_the_replica_lags(stack, posted):
    answer = posted["answer"]
    assert answer.status_code == 200 and "/publications/" in answer.url, (answer.status_code, answer.url)
    assert posted["marker"] in answer.text, "the post's own page does not show it"
    assert "parvis_wrote" in posted["browser"].cookies, "the write did not mark the browser"
    assert posted["marker"] in posted["again"].text, "the group's page, read right after the write, misses the post"


def test_the_replica_really_lags_so_the_rule_above_is_tested(stack, posted):
    from .stack import REPLICA_DELAY_SECONDS

    if posted["stale_after"] >= REPLICA_DELAY_SECONDS - 0.3:
        pytest.skip(f"the unmarked read came {posted['stale_after']:.1f} s after the commit: too late to see lag")
    assert posted["marker"] not in posted["stale_page"], (
        "a read without the write's mark shows the new post: it did not go to the lagging replica"
    )
    from .postgres import replica_has_caught_up
    from .processes import wait_until

    wait_until(lambda: replica_has_caught_up(stack.primary, stack.replica), what="the replica catching up", timeout=60)
    assert posted["marker"] in posted["unmarked"].get(posted["group_path"]).text


LAG_PROBE = """
import json, time
from django.db import connections
from parvis.core import health, routers

def lag():
    return routers.replica_lag("replica_1")

def until_caught_up():
    deadline = time.monotonic() + 120
    while lag() != 0:
        assert time.monotonic() < deadline, f"the replica did not catch up in 120 s (lag {lag()})"
        time.sleep(0.2)

# Quiet first (everything applied), then one write: the replica holds it back REPLICA_DELAY_SECONDS.
until_caught_up()
time.sleep(1.5)
with connections["default"].cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS scaled_lag_probe (at timestamptz)")
    cursor.execute("INSERT INTO scaled_lag_probe VALUES (now())")
behind, state = lag(), health.replica_state("replica_1")
aside = routers.replica_is_set_aside("replica_1")
until_caught_up()
print("RESULT " + json.dumps({"behind": behind, "state": state, "aside": aside, "caught_up": lag()}))
"""


def test_a_replica_further_behind_than_the_setting_is_seen_and_left_aside(stack):
    """With PARVIS_REPLICA_LAG_SECONDS below the replica's delay, its lag is read off the standby itself, /healthz's
    check says so and the router leaves it aside; once it has applied everything, its lag reads 0."""
    from tests.engines import manage_shell

    found = manage_shell(LAG_PROBE, {**stack.env, "PARVIS_REPLICA_LAG_SECONDS": "1"})
    assert found["behind"] > 1, found
    assert found["state"].startswith("degraded:") and "behind the primary" in found["state"], found
    assert found["aside"], found
    assert found["caught_up"] == 0, found


def test_a_photo_posted_lands_on_s3_and_is_served_back_to_members_only(stack, posted):
    assert posted["new_keys"], "the photo was not stored in either bucket"
    post_page = parse(posted["answer"].text)
    sources = [image["src"] for image in post_page.images if image.get("alt") == posted["alt"]]
    assert sources, "the post's page does not show the photo"
    member = posted["browser"].get(sources[0])
    assert member.status_code == 200, (sources[0], member.status_code)
    assert member.headers["Content-Type"].startswith("image/"), member.headers["Content-Type"]
    Image.open(io.BytesIO(member.content)).verify()
    assert member.url.startswith(stack.s3.endpoint), f"served from {member.url}, not from S3"
    if sources[0].startswith("/"):  # Parvis's own address, which checks the reader before signing a URL
        visitor = requests.get(stack.url + sources[0], timeout=60)
        assert visitor.status_code in {403, 404}, f"a visitor got the members' photo: {visitor.status_code}"


def reset_password_mail(stack, address: str) -> str:
    """Asks for a password reset through the proxy; the text of the e-mail a worker then sends."""
    before = len(Instance.mails_to(stack, address))
    browser = Browser(stack.url)
    browser.get("/accounts/password/reset/").raise_for_status()
    answer = browser.post(
        "/accounts/password/reset/",
        data={"email": address, "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
    )
    assert answer.status_code == 200, answer.status_code
    deadline = time.monotonic() + TASK_TIMEOUT
    while len(mails := Instance.mails_to(stack, address)) <= before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(mails) > before, f"no e-mail reached the outbox in {TASK_TIMEOUT} s:\n{stack.logs()}"
    return mails[-1].get_body(("plain",)).get_content()


def test_an_email_is_sent_by_a_worker_through_the_queue(stack):
    body = reset_password_mail(stack, INHABITANT)
    assert f"{stack.url}/accounts/password/reset/key/" in body, body
    done = 0
    for name in stack.worker_names:
        done += int(stack.redis().hget(f"rq:worker:{name}", "successful_job_count") or 0)
    assert done >= 1, "no RQ worker of the profile counts a job done: the e-mail was not sent through the queue"


# Last: it leaves one web process and one worker dead.
def test_with_a_web_process_and_a_worker_killed_pages_are_answered_and_tasks_done(stack):
    stack.processes.kill("web-2")
    stack.processes.kill("worker-1")
    for _ in range(6):
        answer = requests.get(f"{stack.url}/", timeout=120)
        assert answer.status_code == 200, answer.status_code
        assert answer.headers["X-Scaled-Backend"] == "1"
    assert stack.proxy.refused[1] >= 1, "the proxy never met the dead web process"
    assert requests.get(f"{stack.url}/healthz", timeout=60).json()["status"] == "ok"
    assert f"{stack.url}/accounts/password/reset/key/" in reset_password_mail(stack, AGENT)
