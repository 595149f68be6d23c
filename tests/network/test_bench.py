"""The bench's generator of the élus–agents network writes roles, themes, sessions and documents the network's pages
read, and the élu it names opens them (a small count, on the test database)."""

import random

import pytest
from django.conf import settings
from django.test import Client

from bench.generate import Context
from bench.generators import network as generator
from bench.prepare import session_for
from bench.scales import DOMAIN
from parvis.accounts.models import User
from parvis.network.models import Document, NetworkRole, Question, RoleKind, Session, Theme
from parvis.territories.models import Territory
from tests.factories import make_user


@pytest.mark.django_db
def test_the_generator_fills_the_network_and_a_member_elu_opens_its_pages(beauvais):
    largest = Territory.objects.communes().order_by("-population", "code").first()
    for number in range(60):
        make_user(f"habitant{number}@{DOMAIN}", home_commune=largest)
    sizes = {"network_elus": 50, "network_sessions": 6, "network_documents": 8}
    ctx = Context(sizes=sizes, rng=random.Random(60), password_hash="x")
    generator.generate(ctx)
    assert ctx.made == sizes
    assert NetworkRole.objects.filter(kind=RoleKind.ELU).count() == 50
    # One mayor per council, the largest commune's first.
    assert NetworkRole.objects.filter(kind=RoleKind.ELU, function="maire", commune=largest).count() == 1
    communes = NetworkRole.objects.filter(kind=RoleKind.ELU).values("commune").distinct().count()
    assert NetworkRole.objects.filter(kind=RoleKind.ELU, function="maire").count() == communes
    assert Theme.objects.count() == len(generator.THEMES)
    assert Session.objects.count() == 6 and Document.objects.filter(current__isnull=False).count() == 8
    for question in Question.objects.all():
        assert question.vote_count == question.votes.count()
    targets = generator.targets(None)
    assert {each["name"] for each in targets} == {
        "network directory",
        "network themes",
        "network theme",
        "network session",
    }
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_for(User.objects.get(pk=targets[0]["user_id"]))
    for each in targets:
        response = client.get(each["path"])
        assert response.status_code == 200, each
    # The directory lists the roles of the mandate, the session page its questions.
    assert "maire" in client.get("/reseau/annuaire/").content.decode().lower()
