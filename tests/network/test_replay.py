"""A session's replay: an agent or the session's expert chooses, among the web TV's videos they manage, the one shown
on the session's page; members watch it from there, others see nothing; a video one does not manage is refused with
a sentence."""

import pytest

from parvis.spaces.models import Membership, Role
from parvis.tv.models import State, Video
from parvis.tv.services import channel_create, video_start

pytestmark = pytest.mark.usefixtures("english")


def ready_video(author, space, title, visibility="members"):
    channel = channel_create(actor=author, space=space, name=f"Chaîne {title}")
    video = video_start(author=author, channel=channel, title=title, visibility=visibility, size=1000)
    Video.objects.filter(pk=video.pk).update(state=State.READY)  # the transcoder's work is tested in tests/tv
    return Video.objects.get(pk=video.pk)


@pytest.mark.django_db
def test_an_agent_adds_the_replay_and_members_watch_it_from_the_session_page(net, client, inhabitant):
    session, space = net["session"], net["theme"].space
    Membership.objects.filter(space=space, user=net["agent"]).update(role=Role.ADMIN)
    video = ready_video(net["agent"], space, "La séance sur l'eau")
    client.force_login(net["agent"])
    page = client.get(session.get_absolute_url()).content.decode()
    assert "La séance sur l&#x27;eau" in page  # offered in the list of videos
    saved = client.post(f"/reseau/sessions/{session.pk}/replay/", {"video": video.pk}, follow=True)
    assert "The replay is on the session&#x27;s page." in saved.content.decode()
    client.force_login(net["other"])
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Watch the replay" in page and video.get_absolute_url() in page
    assert f"/reseau/sessions/{session.pk}/replay/" not in page  # élus watch; agents and the expert choose
    refused = client.post(f"/reseau/sessions/{session.pk}/replay/", {"video": video.pk}, follow=True)
    assert "Only the agents and the session&#x27;s expert add its replay." in refused.content.decode()
    client.force_login(inhabitant)
    assert client.get(session.get_absolute_url()).status_code == 404
    assert client.post(f"/reseau/sessions/{session.pk}/replay/", {"video": ""}).status_code == 404


@pytest.mark.django_db
def test_a_video_one_does_not_manage_or_an_unlisted_one_is_refused_with_a_sentence(net, client, operator):
    session, space = net["session"], net["theme"].space
    others = ready_video(operator, space, "Vidéo de l'opérateur")
    client.force_login(net["expert"])
    answer = client.post(f"/reseau/sessions/{session.pk}/replay/", {"video": others.pk}, follow=True)
    assert "Choose one of the videos you manage on the web TV." in answer.content.decode()
    answer = client.post(f"/reseau/sessions/{session.pk}/replay/", {"video": "pas-un-nombre"}, follow=True)
    assert "Choose one of the videos you manage on the web TV." in answer.content.decode()
    Membership.objects.filter(space=space, user=net["expert"]).update(role=Role.ADMIN)
    unlisted = ready_video(net["expert"], space, "Lien seul", visibility="unlisted")
    answer = client.post(f"/reseau/sessions/{session.pk}/replay/", {"video": unlisted.pk}, follow=True)
    assert "An unlisted video cannot be shown on the session&#x27;s page" in answer.content.decode()
    session.refresh_from_db()
    assert session.replay_id is None
