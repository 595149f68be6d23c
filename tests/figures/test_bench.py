"""The bench's generator of figures writes the daily aggregates the dashboard reads, and the operator's session it
prepares opens the dashboard (a small count, on the test database)."""

import random

import pytest
from django.conf import settings
from django.test import Client

from bench.generate import Context
from bench.generators import figures as generator
from bench.prepare import session_for
from bench.scales import DOMAIN
from parvis.accounts.models import User
from parvis.figures.models import DailyFigure
from tests.factories import make_user


@pytest.mark.django_db
def test_the_generator_fills_history_and_the_operator_opens_its_dashboards(beauvais, monkeypatch):
    monkeypatch.setattr(generator, "COMPUTED_DAYS", 3)  # the month of the real bench, a few days here
    inhabitant = make_user(f"habitant@{DOMAIN}", home_commune=beauvais)
    ctx = Context(sizes={"figures_days": 6}, rng=random.Random(60), password_hash="x")
    generator.generate(ctx)
    assert ctx.made == {"figures_days": 6}
    assert DailyFigure.objects.filter(territory=beauvais, indicator="page_views").values("day").distinct().count() == 6
    targets = generator.targets(User.objects.select_related("home_commune").get(pk=inhabitant.pk))
    assert len(targets) == 2
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_for(User.objects.get(pk=targets[0]["user_id"]))
    for each in targets:
        response = client.get(each["path"])
        assert response.status_code == 200, each
        assert 'role="img"' in response.content.decode()
