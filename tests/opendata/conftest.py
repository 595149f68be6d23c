"""A known territory for the open-data files: Beauvais with one event, one report, one organisation page in each
visibility that can hold them, and last month's figures on both sides of the privacy threshold."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.agenda.services.events import event_create
from parvis.counter.services import report_create
from parvis.directory.services import profile_update
from parvis.figures.datasets import last_complete_month
from parvis.figures.models import DailyFigure
from parvis.spaces.models import OrganisationKind, Visibility
from parvis.spaces.services.organisations import organisation_request, organisation_verify
from tests.counter.conftest import NEAR_CATHEDRAL, counter  # noqa: F401 (a fixture)

SECRET = "ZQXWKJVFsecret"


@pytest.fixture
def published(inhabitant, spaces, beauvais, compiegne, counter, operator):  # noqa: F811
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    events = {
        visibility: event_create(
            creator=inhabitant,
            space=space,
            title="Concert au Quadrilatère" if visibility == Visibility.PUBLIC else f"{SECRET} {visibility}",
            description="Musique de chambre",
            venue_name="Le Quadrilatère",
            start=start,
            end=start + timedelta(hours=2),
            commune=beauvais,
            accessibility=["wheelchair"],
        )
        for visibility, space in spaces.items()
    }
    report = report_create(
        reporter=inhabitant,
        category=counter["light"],
        description=f"{SECRET} lampadaire devant chez Mme Martin",
        commune=beauvais,
        latitude=NEAR_CATHEDRAL[0],
        longitude=NEAR_CATHEDRAL[1],
    )
    association = organisation_request(
        requester=inhabitant,
        name="Les Amis du Lavoir",
        kind=OrganisationKind.ASSOCIATION,
        commune=beauvais,
        rna="W601234567",
        description="Restauration du lavoir de Saint-Just-des-Marais",
    )
    organisation_verify(operator=operator, space=association, reason="RNA vérifié")
    profile_update(actor=inhabitant, space=association, themes=["culture"], email="contact@amis-du-lavoir.fr")
    month = last_complete_month()
    DailyFigure.objects.bulk_create(
        [
            DailyFigure(day=month.last, territory=beauvais, indicator="registered", value=12),
            DailyFigure(day=month.last, territory=compiegne, indicator="registered", value=3),
            DailyFigure(day=month.first, territory=beauvais, indicator="events", value=2),
        ]
    )
    return {"events": events, "report": report, "association": association}
