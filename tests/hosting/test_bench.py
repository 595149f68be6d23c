"""The bench's generator of the hosting log writes a year and a month of rows, and the person designated to answer
judicial requests opens the log's page (a small count, on the test database)."""

import random
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from bench.generate import Context
from bench.generators import hosting as generator
from bench.prepare import session_for
from bench.scales import DOMAIN
from parvis.accounts.models import User
from parvis.hosting.models import Act, HostingRecord
from tests.factories import make_user


@pytest.mark.django_db
def test_the_generator_fills_the_log_and_its_reader_opens_it(beauvais):
    for number in range(5):
        make_user(f"habitant{number}@{DOMAIN}", home_commune=beauvais)
    ctx = Context(sizes={"hosting_records": 400}, rng=random.Random(60), password_hash="x")
    generator.generate(ctx)
    assert HostingRecord.objects.count() == 400 and ctx.made == {"hosting_records": 400}
    assert HostingRecord.objects.filter(act=Act.SIGN_IN, kind="person").exists()
    # Some rows are older than the year the law asks: the nightly purge has work at every scale.
    assert HostingRecord.objects.older_than(timezone.now() - timedelta(days=365)).exists()
    targets = generator.targets(None)
    assert len(targets) == 1
    reader = Client()
    reader.cookies[settings.SESSION_COOKIE_NAME] = session_for(User.objects.get(pk=targets[0]["user_id"]))
    assert reader.get(targets[0]["path"]).status_code == 200
    # Nobody else reads it.
    other = Client()
    other.force_login(User.objects.get(email=f"habitant0@{DOMAIN}"))
    assert other.get(targets[0]["path"]).status_code == 403
