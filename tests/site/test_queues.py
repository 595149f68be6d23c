"""The menu's queues: moderators, agenda editors and space administrators see what waits for them, with its number;
nobody else sees those entries, nor their numbers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.agenda.models import AgendaEditor
from parvis.agenda.services.events import event_create
from parvis.agenda.services.submissions import agenda_review, agenda_submit
from parvis.moderation import services as moderation
from parvis.moderation.models import Report
from parvis.posts.services import post_create
from parvis.spaces.models import Visibility
from parvis.spaces.services.memberships import space_join
from tests.conftest import make_user, staff_client
from tests.factories import add_member


def menu(client) -> str:
    html = client.get(reverse("posts:home_feed")).content.decode()
    return html.split("</nav>")[0]


@pytest.fixture(autouse=True)
def _every_test(fresh_rate_counters, english):
    """Fresh rate counters and English words for every test (tests/conftest.py)."""


@pytest.fixture
def reported_post(spaces, neighbour, outsider):
    space = spaces[Visibility.PUBLIC]
    add_member(space, neighbour)
    post = post_create(author=neighbour, space=space, body="Des mots blessants.")
    moderation.report_create(reporter=outsider, kind="post", target_id=post.pk, reason="harassment")
    return post


@pytest.mark.django_db
def test_a_group_owner_sees_the_reports_waiting_in_the_menu_and_the_count_drops(client, inhabitant, reported_post):
    client.force_login(inhabitant)
    html = menu(client)
    assert 'data-queue="moderation"' in html
    assert "Moderation: 1 waiting" in html
    moderation.report_dismiss(moderator=inhabitant, report=Report.objects.get(), reason="Rien de blessant.")
    assert 'data-queue="moderation"' not in menu(client)


@pytest.mark.django_db
def test_people_without_a_role_see_no_queue_and_no_number(client, neighbour, outsider, reported_post):
    for person in (neighbour, outsider):  # the post's author, the reporter
        client.force_login(person)
        html = menu(client)
        assert "data-queue" not in html
        assert "Moderation" not in html
        assert client.get(reverse("queues")).status_code == 404


@pytest.mark.django_db
def test_the_operators_team_always_has_its_queue(client, operator_moderator, reported_post):
    staff_client(client, operator_moderator)  # a moderation permission, not staff: the query reads it
    assert "Moderation: 1 waiting" in menu(client)
    moderation.report_dismiss(moderator=operator_moderator, report=Report.objects.get(), reason="Rien de blessant.")
    assert "Moderation: 0 waiting" in menu(client)


@pytest.mark.django_db
def test_an_agenda_editor_sees_the_events_waiting_for_review(client, inhabitant, spaces, beauvais):
    agent = make_user("agent@example.org", display_name="Agent")
    AgendaEditor.objects.create(territory=beauvais.parent, user=agent)
    start = timezone.now() + timedelta(days=3)
    event = event_create(
        creator=inhabitant,
        space=spaces["public"],
        title="Brocante",
        description="",
        start=start,
        end=start + timedelta(hours=4),
        venue_name="Place",
        category="market",
    )
    submission = agenda_submit(user=inhabitant, event=event, territory=beauvais)
    client.force_login(agent)
    assert "Agenda review: 1 event waiting" in menu(client)
    agenda_review(editor=agent, submission=submission, accept=True)
    html = menu(client)
    assert "Agenda review: 0 events waiting" in html  # an editor's entry stays: it is their work
    client.force_login(inhabitant)  # who proposed the event edits no agenda
    assert 'data-queue="agenda_review"' not in menu(client)


@pytest.mark.django_db
def test_requests_to_join_are_counted_for_the_administrators_only(client, inhabitant, spaces, neighbour, outsider):
    space_join(space=spaces[Visibility.MEMBERS], user=neighbour)
    space_join(space=spaces[Visibility.MEMBERS], user=outsider)
    client.force_login(inhabitant)
    html = menu(client)
    assert "Requests to join: 2 waiting" in html
    assert reverse("spaces:members", args=[spaces[Visibility.MEMBERS].slug]) in html
    client.force_login(neighbour)
    assert "Requests to join" not in menu(client)


@pytest.mark.django_db
def test_requests_in_several_spaces_lead_to_one_page_listing_them(client, inhabitant, spaces, neighbour, outsider):
    space_join(space=spaces[Visibility.MEMBERS], user=neighbour)
    space_join(space=spaces[Visibility.SECRET], user=outsider)
    client.force_login(inhabitant)
    html = menu(client)
    assert reverse("queues") + "#join-requests" in html
    page = client.get(reverse("queues")).content.decode()
    assert spaces[Visibility.MEMBERS].name in page and spaces[Visibility.SECRET].name in page


@pytest.mark.django_db
def test_the_menu_costs_one_query_for_people_without_a_role(client, outsider, django_assert_num_queries):
    from parvis.site.queues import queues_for

    with django_assert_num_queries(1):
        assert queues_for(outsider) == []
