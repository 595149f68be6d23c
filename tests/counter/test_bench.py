"""The bench's generator of reports writes rows the pages read (a small count, on the test database)."""

import random

import pytest
from django.test import Client

from bench.generate import Context
from bench.generators import counter as generator
from bench.scales import DOMAIN
from parvis.counter.models import Report, ReportUpdate, State
from tests.factories import make_user


@pytest.mark.django_db
def test_the_generator_fills_the_largest_communes_and_its_targets_load(beauvais):
    make_user(f"habitant@{DOMAIN}", home_commune=beauvais)
    ctx = Context(sizes={"counter_reports": 60}, rng=random.Random(60), password_hash="x")
    generator.generate(ctx)
    assert Report.objects.count() == 60 and ctx.made == {"counter_reports": 60}
    assert ReportUpdate.objects.filter(state=State.NEW).count() == 60
    targets = generator.targets(None)
    assert targets
    for each in targets:
        assert Client().get(each["path"]).status_code == 200
