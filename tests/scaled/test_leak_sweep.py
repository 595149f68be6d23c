"""The leak sweep (tests/core/test_private_sweep.py) run again on the scaled stack's engines: its test database on
the profile's PostgreSQL primary, the cache, the sessions and the rate-limit counters in Redis (a database of its
own beside the stack's), every media file on the stack's S3 server. A secret must not reach any reader who may not
read it, through any page, API operation, search or e-mail, however the site is deployed; and a member must still
meet every secret, so the sweep is known to reach them on these engines too.

The sweep reads with Django's test client in a process of its own (pytest again, on that file): its planted world
lives in the test's transaction, which the web processes behind the proxy could not see."""

import os
import subprocess
import sys
import uuid

import pytest

from .stack import REDIS_DB, REDIS_HOST, REDIS_PORT, REPO

pytestmark = pytest.mark.e2e
SWEEP = "tests/core/test_private_sweep.py"
# The readers' sweeps and the member's (who must meet every secret): the others check the list of routes, the
# operator's figures and the federation, which no engine changes, and have run in the suite already.
ON_THESE_ENGINES = "reaches_a_reader or member_meets"


def test_no_secret_reaches_a_reader_who_may_not_read_it_on_the_scaled_engines(stack):
    env = {
        **os.environ,
        **stack.s3.environment(),
        "DATABASE_URL": stack.primary.url("parvis_sweep"),  # pytest-django makes test_parvis_sweep beside it
        # A Redis database beside the stack's: the sweep empties its cache before each test.
        "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB + 1}",
        "CACHE_PREFIX": f"parvis-sweep-{uuid.uuid4().hex[:8]}",
    }
    env.pop("DATABASE_REPLICA_URLS", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--create-db", SWEEP, "-k", ON_THESE_ENGINES],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and " skipped" not in done.stdout, done.stdout[-2000:]
