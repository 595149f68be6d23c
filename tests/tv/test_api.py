"""The web TV's API: channels, videos with their files' addresses, the upload's state; the same rule as the pages."""

import pytest

from parvis.tv.services import caption_set
from tests.factories import api_client

from .conftest import vtt_upload


@pytest.mark.django_db
def test_channels_and_videos_through_the_api(client, inhabitant, neighbour, outsider, channel, publish, clip2):
    public = publish(author=inhabitant, channel=channel, data=clip2, title="Marché de Noël")
    members = publish(author=inhabitant, channel=channel, data=clip2, title="Bureau", visibility="members")
    unlisted = publish(author=inhabitant, channel=channel, data=clip2, title="Brouillon", visibility="unlisted")
    caption_set(actor=inhabitant, video=public, language="fr", upload=vtt_upload())

    slug = channel.space.slug
    assert [row["name"] for row in client.get(f"/api/v1/tv/channels?space={slug}").json()] == ["Beauvais TV"]
    videos = client.get(f"/api/v1/tv/channels/{channel.pk}/videos").json()
    assert [video["title"] for video in videos] == ["Marché de Noël"]  # anonymous: the public one only
    one = client.get(f"/api/v1/tv/videos/{public.pk}").json()
    assert one["hls_url"] == f"/tv/fichiers/{public.key}/master.m3u8" and one["captions"][0]["language"] == "fr"

    member = api_client(neighbour)
    titles = {video["title"] for video in member.get(f"/api/v1/tv/channels/{channel.pk}/videos").json()}
    assert titles == {"Marché de Noël", "Bureau"}  # never the unlisted one
    assert member.get(f"/api/v1/tv/videos/{unlisted.pk}").status_code == 404
    assert member.get(f"/api/v1/tv/videos/{unlisted.pk}?key={unlisted.key}").status_code == 200
    assert api_client(outsider).get(f"/api/v1/tv/videos/{members.pk}").status_code == 404


@pytest.mark.django_db
def test_the_upload_state_is_for_its_uploader(inhabitant, neighbour, channel, publish, clip2):
    video = publish(author=inhabitant, channel=channel, data=clip2)
    state = api_client(inhabitant).get(f"/api/v1/tv/videos/{video.pk}/upload").json()
    assert state["state"] == "ready" and state["progress"] == 100 and state["received"] == state["total"]
    assert api_client(neighbour).get(f"/api/v1/tv/videos/{video.pk}/upload").status_code == 404


@pytest.mark.django_db
def test_the_uploader_corrects_a_videos_details_through_the_api(
    inhabitant, neighbour, outsider, channel, publish, clip2
):
    video = publish(author=inhabitant, channel=channel, data=clip2, title="Conseil", visibility="members")
    owner = api_client(inhabitant)
    answer = owner.patch(
        f"/api/v1/tv/videos/{video.pk}",
        {"theme": "conseil", "commune_code": "60159"},
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert (answer.json()["title"], answer.json()["theme"], answer.json()["commune_code"]) == (
        "Conseil",
        "conseil",
        "60159",
    )
    # Given back empty: the commune of the space again; a bad theme or commune: a 400 that says why, nothing changed.
    assert (
        owner.patch(f"/api/v1/tv/videos/{video.pk}", {"commune_code": ""}, content_type="application/json").json()[
            "commune_code"
        ]
        is None
    )
    for payload, field in (
        ({"theme": "politique"}, "thème"),
        ({"commune_code": "99999"}, "INSEE"),
        ({"title": " "}, "titre"),
    ):
        refused = owner.patch(
            f"/api/v1/tv/videos/{video.pk}", payload, content_type="application/json", headers={"accept-language": "fr"}
        )
        assert refused.status_code == 400 and field in refused.json()["detail"], refused.json()
    # A member who does not manage the channel, and an outsider, do not find it to change it.
    for person in (neighbour, outsider):
        refused = api_client(person).patch(
            f"/api/v1/tv/videos/{video.pk}", {"title": "Piraté"}, content_type="application/json"
        )
        assert refused.status_code == 404 and "Conseil" not in refused.content.decode()
    video.refresh_from_db()
    assert (video.title, video.theme, video.commune) == ("Conseil", "conseil", None)
