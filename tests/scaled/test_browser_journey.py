"""One browser journey of tests/e2e run as it is against the scaled stack: a newcomer signs up (the confirmation
e-mail sent by a worker), starts a group, posts a photo (stored on S3), a neighbour comments and reacts, the newcomer
is notified (fan-out and e-mail tasks on the workers), every page through the proxy and both web processes.

The journey reads the instance's `url` and its e-mails (`mails_to`); the e-mails come from a worker a moment after
the page that queued them, so the stand-in waits for them."""

import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.conftest import browser, tools  # noqa: F401 - the journey's fixtures
from tests.e2e.instance import Instance
from tests.e2e.test_social_journey import (  # noqa: F401 - collected here, against the stack
    test_a_newcomer_starts_a_group_posts_a_photo_and_hears_from_a_neighbour,
)

pytestmark = pytest.mark.e2e
MAIL_TIMEOUT = 90


@dataclass
class StackInstance:
    url: str
    mail_dir: Path

    def mails_to(self, address: str) -> list:
        deadline = time.monotonic() + MAIL_TIMEOUT
        while not (found := Instance.mails_to(self, address)) and time.monotonic() < deadline:
            time.sleep(0.2)
        return found


@pytest.fixture(scope="module")
def instance(stack):
    return StackInstance(url=stack.url, mail_dir=stack.mail_dir)
