"""The bench's generator of online procedures writes a catalogue, forms and requests in the queues, and its targets
load for whom they name (a small count, on the test database)."""

import random

import pytest
from django.conf import settings
from django.test import Client

from bench.generate import Context
from bench.generators import procedures as generator
from bench.prepare import session_for
from bench.scales import DOMAIN, INHABITANT_EMAIL
from parvis.accounts.models import User
from parvis.procedures.models import Answer, AnswerUpdate, AnswerValue, Procedure
from parvis.spaces.models import Space
from parvis.territories.models import Territory
from tests.factories import make_user


@pytest.mark.django_db
def test_the_generator_fills_catalogues_and_queues_and_its_targets_load():
    # The largest commune that has its town hall's space (the test database holds communes of other départements).
    largest = (
        Territory.objects.communes()
        .filter(pk__in=Space.objects.filter(is_official=True).values("territory_id"))
        .order_by("-population", "pk")
        .first()
    )
    make_user(INHABITANT_EMAIL, home_commune=largest)
    for number in range(10):
        make_user(f"habitant{number}@{DOMAIN}", home_commune=largest)
    ctx = Context(sizes={"procedure_requests": 80}, rng=random.Random(60), password_hash="x")
    generator.generate(ctx)
    assert Answer.objects.count() == 80 and ctx.made == {"procedure_requests": 80}
    assert Procedure.objects.filter(territory=largest, service__isnull=False).exists()
    assert Procedure.objects.filter(territory=largest, link__startswith="https://").exists()
    assert AnswerUpdate.objects.filter(state="new").count() == 80
    assert AnswerValue.objects.exists()
    inhabitant = User.objects.get(email=INHABITANT_EMAIL)
    assert Answer.objects.filter(applicant=inhabitant).count() >= 5
    targets = generator.targets(inhabitant)
    assert {each["name"] for each in targets} == {"procedures catalogue", "procedure", "procedures queue"}
    signed_in = Client()
    signed_in.force_login(inhabitant)
    agent = Client()
    agent.cookies[settings.SESSION_COOKIE_NAME] = session_for(User.objects.get(email=generator.AGENT_EMAIL))
    clients = {"anonymous": Client(), "inhabitant": signed_in, generator.AGENT: agent}
    for each in targets:
        assert clients[each["who"]].get(each["path"]).status_code == 200, each
    # The agent's queue lists the largest commune's open requests.
    queue = agent.get("/guichet/agents/demandes/").content.decode()
    assert "Inscription à la cantine" in queue or "Réservation" in queue or "Demande" in queue
