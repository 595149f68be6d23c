"""The demo is what every newcomer judges Parvis by: it must load once, tell the whole story and leak nothing."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

from parvis.accounts.models import User
from parvis.agenda.models import AgendaSubmission, Event, Rsvp, RsvpStatus, SubmissionStatus
from parvis.directory.models import DIRECTORY_KINDS, Offer, OrganisationProfile, SchoolClass
from parvis.messaging.models import Conversation, Message
from parvis.moderation.models import Decision, Report, ReportStatus
from parvis.neighbours.models import Exchange, Listing, ListingStatus, Residence, ResidenceAnnouncement, ResidenceCode
from parvis.notifications.models import Notification
from parvis.posts.models import Attachment, LinkPreview, Post
from parvis.site.demo import INHABITANT_EMAIL
from parvis.spaces.models import OrganisationKind, Space, Visibility
from parvis.territories.models import Level
from parvis.tv.models import Video
from tests.conftest import ensure_territories

pytestmark = pytest.mark.django_db

COUNTED = (User, Space, Post, Event, Listing, Conversation, Message, Offer, Notification, AgendaSubmission, Report)


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for the tests of this file (each takes seconds) and rolled back after them; each test
    runs in its own savepoint inside. What runs after the demo's transaction commits (notifications, e-mails) runs
    here too."""
    with django_db_blocker.unblock():
        ensure_territories()
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_loaded, db):
    return User.objects.get(email=INHABITANT_EMAIL)


def test_loading_the_demo_twice_adds_nothing(demo, capsys):
    loaded = _counts()
    call_command("demo")
    assert _counts() == loaded
    assert "parvis-demo-2026" in capsys.readouterr().out  # the accounts and their password are said


def test_the_directory_has_an_organisation_of_every_kind_with_its_profile(demo):
    pages = Space.objects.filter(organisation_kind__gt="")
    kinds = set(pages.values_list("organisation_kind", flat=True))
    # Every kind but the town hall's page: a commune speaks through its official space.
    assert kinds == set(OrganisationKind.values) - {OrganisationKind.TOWN_HALL}
    for kind in DIRECTORY_KINDS:
        assert OrganisationProfile.objects.filter(space__organisation_kind=kind).exclude(address="", email="").exists()
    assert pages.filter(is_verified=True).count() > pages.filter(is_verified=False).count() > 0
    assert Offer.objects.current().filter(space__is_verified=True, space__organisation_kind="shop").exists()
    assert SchoolClass.objects.filter(school__organisation_kind="school", year="CM2").exists()
    # Organisations speak with pictures.
    assert Attachment.objects.filter(post__as_organisation__isnull=False).count() >= 4


def test_the_inhabitant_finds_her_neighbourhood_alive(demo):
    camille = demo
    assert camille.display_name == "Camille Martin" and camille.residence is not None
    residence = Residence.objects.get(territory=camille.residence)
    assert ResidenceCode.objects.filter(residence=residence, uses__gt=0).count() >= 5
    assert ResidenceCode.objects.filter(residence=residence, max_uses__gt=1).exists()  # the hall's notice
    assert ResidenceAnnouncement.objects.pinned().filter(residence=residence).exists()
    assert Listing.objects.filter(status=ListingStatus.OPEN).count() >= 4
    done = Exchange.objects.filter(listing__status=ListingStatus.DONE).exclude(partner_thanks="")
    assert done.count() >= 2 and done.filter(author=camille).exclude(author_thanks="").exists()
    conversations = Conversation.objects.for_participant(camille)
    assert conversations.count() >= 3
    assert conversations.filter(participants__user=camille, participants__unread_count__gt=0).exists()
    waiting = Notification.objects.inbox(camille).unread()
    assert waiting.values("kind").distinct().count() >= 3  # a mention, a comment on her post, a reply…


def test_the_agenda_fills_the_coming_weeks_at_real_hours_on_the_map(demo):
    now = timezone.now()
    events = Event.objects.filter(start__gt=now)
    assert events.count() >= 12
    assert not events.filter(latitude__isnull=True).exists()
    assert events.filter(start__gt=now + timedelta(days=21)).exists()  # not only this week
    starts = {timezone.localtime(e.start, ZoneInfo(e.time_zone)).strftime("%H:%M") for e in events}
    assert {"10:30", "14:30", "20:00"} <= starts and len(starts) >= 6
    full = [e for e in events.filter(capacity__isnull=False) if e.going_count >= e.capacity]
    assert full and Rsvp.objects.filter(event__in=full, status=RsvpStatus.WAITING).exists()
    accepted = AgendaSubmission.objects.filter(status=SubmissionStatus.ACCEPTED)
    both = (
        accepted.filter(territory__level=Level.COMMUNE)
        .values("event")
        .intersection(accepted.filter(territory__level=Level.DEPARTEMENT).values("event"))
    )
    assert both.exists()
    assert AgendaSubmission.objects.filter(status=SubmissionStatus.PENDING).exists()  # the agent's queue


def test_posts_have_photos_link_cards_and_a_report_handled_with_its_reasons(demo):
    assert Post.objects.filter(attachments__isnull=False).distinct().count() >= 6
    assert Post.objects.filter(link_preview__state=LinkPreview.State.READY).count() >= 3
    report = Report.objects.get(status=ReportStatus.DECIDED)
    decision = Decision.objects.get(pk=report.decision_id)
    assert decision.action == "hide" and "charte" in decision.reason
    assert not Post.objects.visible_to(None).filter(pk=report.target_id).exists()


def test_a_visitor_sees_nothing_private_of_the_demo(demo, client):
    private = Space.objects.exclude(visibility=Visibility.PUBLIC)
    assert private.exists()
    assert not Post.objects.visible_to(None).filter(space__in=private).exists()
    assert not Event.objects.visible_to(None).filter(space__in=private).exists()
    # The landlord's announcement, the tenants' meeting and the class's outing, on the pages a visitor opens.
    secrets = ("ascenseur du bâtiment B", "Réunion des locataires", "plan d'eau du Canada jeudi", "Potager des")
    for url in ("/", "/agenda/", "/annuaire/", "/espaces/beauvais-60057/", "/recherche/?q=ascenseur"):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for secret in secrets:
            assert secret not in page, (url, secret)


def test_the_web_tv_has_a_channel_of_the_departement_and_one_of_an_association(demo, client):
    home = client.get("/tv/").content.decode()
    assert "Conseil départemental : le plan vélo des collèges" in home and "Le nouveau composteur" in home
    video = Video.objects.get(title="Le nouveau composteur")
    page = client.get(video.get_absolute_url()).content.decode()
    assert 'kind="captions" srclang="fr"' in page and "nous installons le nouveau composteur" in page
