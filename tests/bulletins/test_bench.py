"""The bench's generator of news writes bulletins with the people they reached, and its targets load (a small count,
on the test database)."""

import random

import pytest
from django.test import Client

from bench.generate import Context
from bench.generators import bulletins as generator
from bench.scales import DOMAIN, INHABITANT_EMAIL
from parvis.accounts.models import User
from parvis.bulletins.models import Bulletin, Reception
from tests.factories import make_user


@pytest.mark.django_db
def test_the_generator_sends_news_and_its_targets_load(beauvais):
    make_user(INHABITANT_EMAIL, home_commune=beauvais)
    for number in range(30):
        make_user(f"habitant{number}@{DOMAIN}", home_commune=beauvais)
    ctx = Context(sizes={"bulletins": 40}, rng=random.Random(60), password_hash="x")
    generator.generate(ctx)
    assert Bulletin.objects.count() == 40 and ctx.made == {"bulletins": 40}
    for bulletin in Bulletin.objects.all():
        assert bulletin.reached == Reception.objects.filter(bulletin=bulletin).count()
    inhabitant = User.objects.select_related("home_commune").get(email=INHABITANT_EMAIL)
    targets = generator.targets(inhabitant)
    assert {each["name"] for each in targets} == {"bulletins", "bulletin"}
    signed_in = Client()
    signed_in.force_login(inhabitant)
    clients = {"anonymous": Client(), "inhabitant": signed_in}
    for each in targets:
        assert clients[each["who"]].get(each["path"]).status_code == 200, each
