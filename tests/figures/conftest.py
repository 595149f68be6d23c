"""A known data set for the figures: counted by hand in the tests' docstrings, all dated yesterday at noon."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from parvis.agenda.models import Event, EventStatus, Rsvp, RsvpStatus
from parvis.counter.models import Report, State
from parvis.counter.services import report_create
from parvis.directory.models import CommuneFigures
from parvis.messaging.models import Conversation, Message
from parvis.neighbours import services as neighbours
from parvis.neighbours.models import Exchange
from parvis.posts.models import Post
from parvis.spaces.models import Membership, OrganisationKind, Space
from parvis.spaces.services.organisations import organisation_request, organisation_verify
from parvis.territories.models import Territory
from tests.conftest import staff_client
from tests.counter.conftest import NEAR_CATHEDRAL, counter  # noqa: F401 (a fixture)
from tests.factories import add_member, make_user


@pytest.fixture(autouse=True)
def _every_test(fresh_rate_counters, english):
    """Fresh rate counters and English words for every test (tests/conftest.py)."""


@pytest.fixture
def day():
    return timezone.localdate() - timedelta(days=1)


@pytest.fixture
def noon(day):
    return datetime.combine(day, time(12), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def allonne(beauvais):
    return Territory.objects.get(level="commune", code="60009")


@pytest.fixture
def operator_client(client, operator):
    return staff_client(client, operator)


@pytest.fixture
def dataset(beauvais, allonne, compiegne, counter, operator, noon, django_capture_on_commit_callbacks):  # noqa: F811
    """Beauvais: 6 registered (households entered: 100), 8 messages (7, and the answer to a listing), 1 exchange,
    2 events published (and 1 draft), 5 answers, 1 partner shop of 8 (and 1 unverified), 2 associations (1 active)
    with 6 distinct members, 3 reports of which 2 resolved yesterday at noon after 10 h and 30 h (so 2 filed
    yesterday). Allonne: 2 registered, 3 messages. Compiègne: 1 registered."""
    Territory.objects.filter(pk=beauvais.pk).update(households=100)
    people = [
        make_user(f"b{n}@example.org", display_name=f"Habitant {n}", home_commune=beauvais, handle=f"hab{n}")
        for n in range(6)
    ]
    allonnais = [make_user(f"a{n}@example.org", display_name=f"Allonnais {n}", home_commune=allonne) for n in range(2)]
    make_user("c0@example.org", display_name="Compiégnois", home_commune=compiegne)

    conversation = Conversation.objects.create(created_by=people[0])
    for n in range(7):
        Message.objects.create(conversation=conversation, sender=people[0], body=f"Bonjour {n}")
    for n in range(3):
        Message.objects.create(conversation=conversation, sender=allonnais[0], body=f"Salut {n}")

    listing = neighbours.listing_create(
        author=people[0],
        direction="offer",
        kind="loan",
        scope="commune",
        title="Je prête une perceuse",
        description="Perceuse à percussion.",
        availability="Le soir",
    )
    neighbours.listing_answer(user=people[1], listing=listing, message="Oui")
    neighbours.listing_mark_done(user=people[0], listing=listing, partner_id=people[1].pk)

    shop = organisation_request(
        requester=people[2],
        name="Boulangerie du Parvis",
        kind=OrganisationKind.SHOP,
        commune=beauvais,
        siret="732829320",
    )
    organisation_verify(operator=operator, space=shop)
    organisation_request(
        requester=people[3], name="Fleuriste", kind=OrganisationKind.SHOP, commune=beauvais, siret="130005481"
    )
    CommuneFigures.objects.create(territory=beauvais, shops_total=8)
    judo = organisation_request(
        requester=people[0], name="Club de judo", kind=OrganisationKind.ASSOCIATION, commune=beauvais, rna="W601234567"
    )
    organisation_request(
        requester=people[0],
        name="Amis du lavoir",
        kind=OrganisationKind.ASSOCIATION,
        commune=beauvais,
        rna="W601234568",
    )
    for person in people[1:]:
        add_member(judo, person)
    Post.objects.create(space=judo, author=people[0], body="Entraînement samedi")

    hall = Space.objects.get(territory=beauvais, is_official=True)
    events = [
        Event.objects.create(
            space=hall,
            title=f"Fête {n}",
            uid=f"fete-{n}@test",
            start=noon + timedelta(days=9),
            end=noon + timedelta(days=9, hours=2),
            commune=beauvais,
        )
        for n in range(2)
    ]
    Event.objects.create(
        space=hall,
        title="Brouillon",
        uid="brouillon@test",
        start=noon,
        end=noon + timedelta(hours=1),
        status=EventStatus.DRAFT,
        commune=beauvais,
    )
    for person in people[:5]:
        Rsvp.objects.create(event=events[0], user=person, status=RsvpStatus.GOING)

    with django_capture_on_commit_callbacks(execute=True):
        reports = [
            report_create(
                reporter=people[n],
                category=counter["light"],
                description=f"Lampadaire éteint numéro {n}.",
                commune=beauvais,
                address="12 rue Saint-Pierre",
                latitude=NEAR_CATHEDRAL[0],
                longitude=NEAR_CATHEDRAL[1],
            )
            for n in range(3)
        ]
    for report, hours in zip(reports[:2], (10, 30), strict=True):
        Report.objects.filter(pk=report.pk).update(
            state=State.RESOLVED, created_at=noon - timedelta(hours=hours), closed_at=noon
        )
    Report.objects.filter(pk=reports[2].pk).update(created_at=noon)

    # Everything happened yesterday at noon (reports were dated above).
    from parvis.accounts.models import User

    User.objects.update(date_joined=noon)
    for model in (Message, Event, Rsvp, Space, Membership, Post):
        model.objects.update(created_at=noon)
    Exchange.objects.update(done_at=noon)
    return {"people": people, "allonnais": allonnais}
