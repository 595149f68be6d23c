"""The bench's generator of data downloads writes a year of exports, and the inhabitant's "my data" page shows their
ready one (a small count, on the test database)."""

import random

import pytest
from django.test import Client

from bench.generate import Context
from bench.generators import rights as generator
from bench.scales import DOMAIN, INHABITANT_EMAIL
from parvis.rights.models import DataExport, ExportStatus
from tests.factories import make_user


@pytest.mark.django_db
def test_the_generator_writes_exports_and_the_inhabitants_page_loads(beauvais):
    inhabitant = make_user(INHABITANT_EMAIL, home_commune=beauvais)
    for number in range(5):
        make_user(f"habitant{number}@{DOMAIN}", home_commune=beauvais)
    ctx = Context(sizes={"data_exports": 50}, rng=random.Random(60), password_hash="x")
    generator.generate(ctx)
    assert DataExport.objects.count() == 50 and ctx.made == {"data_exports": 50}
    assert DataExport.objects.current_for(inhabitant).status == ExportStatus.READY
    client = Client()
    client.force_login(inhabitant)
    for each in generator.targets(inhabitant):
        assert client.get(each["path"]).status_code == 200, each
    assert "/profil/mes-donnees/telecharger/" in client.get("/profil/mes-donnees/").content.decode()
