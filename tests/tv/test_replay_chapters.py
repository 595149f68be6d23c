"""A chapter of a council session's replay names a point of the session's agenda ("Point 2 – Budget"): the event's
page lists those points under the replay, each a link that opens the player at its moment, for the readers who
may watch the replay only, in a number of queries that does not grow with the chapters."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.agenda.services.replays import replay_link
from parvis.tv.chapters import chapters_set
from parvis.tv.models import Chapter, Video, Visibility
from tests.factories import make_event


@pytest.fixture
def session(inhabitant, neighbour, officer_space, channel, publish, clip2):
    event = make_event(inhabitant, officer_space, "Séance du conseil de quartier")
    public = publish(author=inhabitant, channel=channel, data=clip2, title="La séance en entier")
    members = publish(author=inhabitant, channel=channel, data=clip2, title="Le huis clos", visibility="members")
    chapters_set(actor=inhabitant, video=public, text="00:00 Ouverture\n00:01 Point 2 – Budget des écoles")
    chapters_set(actor=inhabitant, video=members, text="00:01 Point 3 – Personnel communal")
    for video in (public, members):
        replay_link(actor=inhabitant, event=event, video=video)
    return event, public, members


@pytest.mark.django_db
def test_the_event_page_links_each_point_of_the_session_to_its_moment(client, outsider, session):
    event, public, _members = session
    client.force_login(outsider)
    page = client.get(event.get_absolute_url()).content.decode()
    point = re.search(r'<a href="([^"]+)">[^<]*<span class="muted">00:00:01</span> Point 2 – Budget des écoles', page)
    assert point is not None, page
    assert point.group(1).replace("&amp;", "&") == f"{public.get_absolute_url()}?t=1#tv-player-video"
    assert "Ouverture" in page
    # The link opens the player at that point, its chapter listed beside it.
    player = client.get(point.group(1).replace("&amp;", "&")).content.decode()
    assert 'data-start="1"' in player and "Budget des écoles" in player


@pytest.mark.django_db
def test_the_points_of_a_members_only_replay_stay_with_its_members(client, outsider, neighbour, session):
    event, _public, members = session
    for reader in (None, outsider):
        client.logout()
        if reader:
            client.force_login(reader)
        page = client.get(event.get_absolute_url()).content.decode()
        assert "Personnel communal" not in page and members.get_absolute_url() not in page
    client.force_login(neighbour)  # a member of the space
    assert "Point 3 – Personnel communal" in client.get(event.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_more_replays_and_chapters_cost_no_more_queries(
    client, inhabitant, neighbour, session, channel, publish, clip2
):
    event, public, _members = session
    client.force_login(neighbour)
    with CaptureQueriesContext(connection) as before:
        assert client.get(event.get_absolute_url()).status_code == 200
    more = publish(author=inhabitant, channel=channel, data=clip2, title="La suite de la séance")
    chapters_set(actor=inhabitant, video=more, text="\n".join(f"00:0{n} Point {n} – Sujet {n}" for n in range(2)))
    chapters_set(actor=inhabitant, video=public, text="\n".join(f"00:0{n} Point {n} – Autre {n}" for n in range(2)))
    replay_link(actor=inhabitant, event=event, video=more)
    with CaptureQueriesContext(connection) as after:
        page = client.get(event.get_absolute_url()).content.decode()
    assert "Sujet 1" in page and "Autre 1" in page
    assert len(after) <= len(before), [query["sql"] for query in after.captured_queries]


def test_a_chapter_of_an_unlisted_video_keeps_its_key_in_the_link():
    video = Video(pk=7, key="secret", visibility=Visibility.UNLISTED)
    assert Chapter(video=video, start=90).get_absolute_url() == "/tv/videos/7/?cle=secret&t=90#tv-player-video"
    assert Chapter(video=video, start=0).get_absolute_url() == "/tv/videos/7/?cle=secret"
