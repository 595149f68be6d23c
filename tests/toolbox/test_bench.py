"""The bench's generator of the toolbox writes files with versions, pins, saved posts and groups' rules, and its
targets load (a small count, on the test database)."""

import random

import pytest
from django.test import Client

from bench.generate import Context
from bench.generators import toolbox as generator
from bench.scales import INHABITANT_EMAIL
from parvis.posts.services import post_create
from parvis.spaces.models import JoinPolicy, Nature, Visibility
from parvis.spaces.services.spaces import space_create
from parvis.toolbox.models import FileVersion, GroupFile, Pin, SavedPost
from tests.factories import add_member, make_user


@pytest.mark.django_db
def test_the_generator_fills_the_toolbox_and_its_targets_load(beauvais):
    inhabitant = make_user(INHABITANT_EMAIL, home_commune=beauvais)
    neighbours = [make_user(f"voisin{n}@example.org", home_commune=beauvais) for n in range(4)]
    for visibility in (Visibility.PUBLIC, Visibility.MEMBERS):
        group = space_create(
            creator=neighbours[0],
            name=f"Voisins {visibility}",
            nature=Nature.VOISINAGE,
            territory=beauvais,
            visibility=visibility,
            join_policy=JoinPolicy.OPEN if visibility == Visibility.PUBLIC else JoinPolicy.REQUEST,
        )
        for person in [inhabitant, *neighbours[1:]]:
            add_member(group, person)
        for number in range(6):
            post_create(author=neighbours[number % 4], space=group, body=f"Message {number}")
    ctx = Context(sizes={"group_files": 12, "saved_posts": 30}, rng=random.Random(60), password_hash="x")
    generator.generate(ctx)
    assert ctx.made == {"group_files": 12, "saved_posts": 30}
    assert GroupFile.objects.count() == 12
    for group_file in GroupFile.objects.all():
        assert group_file.version_count == FileVersion.objects.filter(file=group_file).count()
    assert SavedPost.objects.filter(user=inhabitant).count() == 12  # every post they may read
    assert Pin.objects.count() <= 6
    targets = generator.targets(inhabitant)
    assert {each["name"] for each in targets} == {"group files", "group agenda", "members map", "saved posts"}
    signed_in = Client()
    signed_in.force_login(inhabitant)
    clients = {"anonymous": Client(), "inhabitant": signed_in}
    for each in targets:
        assert clients[each["who"]].get(each["path"]).status_code == 200, each
    assert "Message" in signed_in.get("/enregistres/").content.decode()
