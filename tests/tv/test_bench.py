"""The bench's generator of the web TV writes rows the TV's pages read (a small count, on the test database)."""

import random

import pytest
from django.test import Client

from bench.generate import Context
from bench.generators import tv as generator
from parvis.tv.models import Chapter, State, Video
from tests.factories import add_member, make_user


@pytest.mark.django_db
def test_the_generator_fills_the_channels_and_its_targets_load(beauvais, spaces):
    from parvis.spaces.models import Space

    add_member(Space.objects.get(territory=beauvais, is_official=True), make_user("agent@example.org"))
    ctx = Context(sizes={"tv_videos": 30}, rng=random.Random(60), password_hash="x")
    generator.generate(ctx)
    assert Video.objects.filter(state=State.READY).count() == 30 and ctx.made == {"tv_videos": 30}
    assert Chapter.objects.exists()
    targets = generator.targets(None)
    assert {each["name"] for each in targets} == {"tv home", "tv channel", "tv video"}
    for each in targets:
        if each["who"] == "anonymous":
            page = Client().get(each["path"])
            assert page.status_code == 200, each
