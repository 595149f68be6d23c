"""Replays: the council session's video on the event's page ("Revoir la séance") for those who may watch it, and
the player page's link back to the event for those who may read it. Linked by someone who organises the event and
manages the video."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parvis.agenda.models import Replay
from parvis.agenda.services.replays import replay_link
from parvis.tv.services import channel_create, video_receive, video_start
from tests.factories import add_member, make_event, video_clip


@pytest.fixture(scope="module")
def clip() -> bytes:
    return video_clip(seconds=1, size="160x90")


@pytest.fixture
def publish(django_capture_on_commit_callbacks, clip):
    def run(*, author, channel, title, visibility="public"):
        with django_capture_on_commit_callbacks(execute=True):
            video = video_start(author=author, channel=channel, title=title, visibility=visibility, size=len(clip))
        with django_capture_on_commit_callbacks(execute=True):
            video = video_receive(actor=author, video=video, start=0, total=len(clip), chunk=clip)
        video.refresh_from_db()
        return video

    return run


@pytest.fixture
def session(spaces, inhabitant, neighbour, publish):
    """A council session of the public group, with a public replay and a members-only one (the neighbour is a
    member)."""
    add_member(spaces["public"], neighbour)
    event = make_event(inhabitant, spaces["public"], "Séance du conseil de quartier")
    channel = channel_create(actor=inhabitant, space=spaces["public"], name="Quartier TV")
    public = publish(author=inhabitant, channel=channel, title="La séance en entier")
    members = publish(author=inhabitant, channel=channel, title="Le huis clos", visibility="members")
    for video in (public, members):
        replay_link(actor=inhabitant, event=event, video=video)
    return event, public, members


@pytest.mark.django_db
def test_the_event_page_offers_the_replays_the_reader_may_watch(client, neighbour, outsider, session):
    event, public, members = session
    for reader in (None, outsider):
        client.logout()
        if reader:
            client.force_login(reader)
        page = client.get(event.get_absolute_url()).content.decode()
        assert "Revoir la séance" in page and public.get_absolute_url() in page
        assert "Le huis clos" not in page and members.get_absolute_url() not in page
    client.force_login(neighbour)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "La séance en entier" in page and "Le huis clos" in page


@pytest.mark.django_db
def test_the_video_links_back_to_the_event_only_for_its_readers(client, spaces, inhabitant, outsider, publish):
    secret_event = make_event(inhabitant, spaces["members"], "Réunion du bureau")
    channel = channel_create(actor=inhabitant, space=spaces["public"], name="Quartier TV")
    video = publish(author=inhabitant, channel=channel, title="Compte rendu filmé")
    replay_link(actor=inhabitant, event=secret_event, video=video)
    client.force_login(outsider)
    page = client.get(video.get_absolute_url()).content.decode()
    assert page and "Réunion du bureau" not in page and secret_event.get_absolute_url() not in page
    client.force_login(inhabitant)
    page = client.get(video.get_absolute_url()).content.decode()
    assert "Cette vidéo est le replay de" in page and secret_event.get_absolute_url() in page


@pytest.mark.django_db
def test_only_who_organises_the_event_and_manages_the_video_links_them(client, spaces, inhabitant, neighbour, session):
    event, public, _members = session
    Replay.objects.all().delete()
    with pytest.raises(PermissionDenied):
        replay_link(actor=neighbour, event=event, video=public)  # a member: neither organiser nor manager
    client.force_login(neighbour)
    assert client.get(f"/agenda/evenements/{event.pk}/replays/").status_code == 403
    client.force_login(inhabitant)
    page = client.get(f"/agenda/evenements/{event.pk}/replays/")
    assert page.status_code == 200 and "La séance en entier" in page.content.decode()
    assert (
        client.post(f"/agenda/evenements/{event.pk}/replays/", {"action": "link", "video": public.pk}).status_code
        == 302
    )
    again = client.post(f"/agenda/evenements/{event.pk}/replays/", {"action": "link", "video": public.pk})
    assert again.status_code == 200 and "Sélectionnez un choix valide" in again.content.decode()
    with pytest.raises(ValidationError):
        replay_link(actor=inhabitant, event=event, video=public)  # twice
    bad = client.post(f"/agenda/evenements/{event.pk}/replays/", {"action": "link", "video": "<b>"})
    assert bad.status_code == 200
    client.post(f"/agenda/evenements/{event.pk}/replays/", {"action": "unlink", "video": public.pk})
    assert not Replay.objects.exists()


@pytest.mark.django_db
def test_an_unlisted_video_is_never_a_replay(inhabitant, session, publish):
    event, public, _members = session
    unlisted = publish(author=inhabitant, channel=public.channel, title="Essai", visibility="unlisted")
    with pytest.raises(ValidationError):
        replay_link(actor=inhabitant, event=event, video=unlisted)


# The replays beyond the event's page: the API's event, the calendar files, the posts API ------------------------


@pytest.mark.django_db
def test_the_api_gives_an_event_with_the_replays_the_caller_may_watch(client, neighbour, outsider, session):
    event, public, members = session
    for reader in (None, outsider):
        client.logout()
        if reader:
            client.force_login(reader)
        replays = client.get(f"/api/v1/agenda/events/{event.pk}").json()["replays"]
        assert [replay["id"] for replay in replays] == [public.pk]
        assert replays[0]["title"] == "La séance en entier" and replays[0]["url"] == public.get_absolute_url()
        assert replays[0]["poster_url"] == public.poster_url and replays[0]["duration"] > 0
    client.force_login(neighbour)
    replays = client.get(f"/api/v1/agenda/events/{event.pk}").json()["replays"]
    assert [replay["title"] for replay in replays] == ["La séance en entier", "Le huis clos"]


def _vevents(body: bytes) -> list:
    import icalendar

    return [component for component in icalendar.Calendar.from_ical(body).walk("VEVENT")]


def _attachments(vevent) -> list:
    found = vevent.get("attach")
    return [] if found is None else found if isinstance(found, list) else [found]


@pytest.mark.django_db
def test_calendar_files_carry_only_the_replays_anybody_may_watch(client, spaces, neighbour, session):
    """An ATTACH of the replay's page (RFC 5545: a URI, its media type said) and a line of the description, for
    clients that show no attachments; a members-only replay never, even in the file a member takes, since a calendar
    file leaves the site (synced, forwarded)."""
    event, public, members = session
    for reader in (None, neighbour):
        client.logout()
        if reader:
            client.force_login(reader)
        for path in (
            f"/agenda/evenements/{event.pk}/evenement.ics",
            f"/agenda/espaces/{spaces['public'].slug}/agenda.ics",
        ):
            body = client.get(path).content
            assert "Le huis clos" not in body.decode() and members.key not in body.decode(), path
            (vevent,) = [each for each in _vevents(body) if str(each.get("summary")) == event.title]
            (attach,) = _attachments(vevent)
            assert str(attach) == f"http://testserver{public.get_absolute_url()}" or str(attach).endswith(
                public.get_absolute_url()
            )
            assert attach.params["FMTTYPE"] == "text/html"
            assert public.get_absolute_url() in str(vevent.get("description"))
            assert "La séance en entier" in str(vevent.get("description"))
    # Hidden by a moderator, the replay leaves the files.
    from parvis.tv.models import Status, Video

    Video.objects.filter(pk=public.pk).update(status=Status.HIDDEN)
    client.logout()
    (vevent,) = _vevents(client.get(f"/agenda/evenements/{event.pk}/evenement.ics").content)
    assert _attachments(vevent) == [] and "La séance en entier" not in str(vevent.get("description", ""))


@pytest.mark.django_db
def test_the_posts_api_shows_a_posts_video_to_who_may_watch_it_only(
    client, spaces, inhabitant, neighbour, outsider, session
):
    from parvis.posts.services import post_create

    _event, public, members = session
    carrying = {
        video.pk: post_create(author=inhabitant, space=spaces["public"], body=f"À voir {video.pk}", video=video)
        for video in (public, members)
    }
    for reader, watches in ((None, {public.pk}), (outsider, {public.pk}), (neighbour, {public.pk, members.pk})):
        client.logout()
        if reader:
            client.force_login(reader)
        for video_id, post in carrying.items():
            answer = client.get(f"/api/v1/posts/{post.pk}").json()
            if video_id in watches:
                assert answer["video"]["id"] == video_id and answer["video"]["url"].startswith("/tv/videos/")
            else:
                assert answer["video"] is None
                assert "Le huis clos" not in str(answer) and members.key not in str(answer)
        feed = client.get(f"/api/v1/posts/feeds/space/{spaces['public'].slug}").json()["items"]
        shown = {item["video"]["id"] for item in feed if item["video"]}
        assert shown == watches
