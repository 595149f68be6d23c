"""Open Graph and oEmbed: a public video is described to previews and to a commune's website (the player's address,
its poster, an embed iframe); a members-only or unlisted video, or one of a members-only space, is described to
no one and its oEmbed answer is a 404."""

import re
from html import unescape
from urllib.parse import quote

import pytest

from parvis.tv.services import channel_create

BASE = "http://testserver"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PARVIS_BASE_URL = BASE


@pytest.fixture
def videos(channel, inhabitant, publish, clip2):
    return {
        visibility: publish(
            author=inhabitant, channel=channel, data=clip2, title=f"Vidéo {visibility} <b>&", visibility=visibility
        )
        for visibility in ("public", "members", "unlisted")
    }


def _meta(page: str, name: str) -> str | None:
    found = re.search(rf'<meta property="{re.escape(name)}" content="([^"]*)">', page)
    return unescape(found.group(1)) if found else None


def _oembed(client, url: str, **more):
    return client.get("/tv/oembed", {"url": url, "format": "json", **more})


@pytest.mark.django_db
def test_a_public_video_page_describes_its_video_and_points_to_oembed(client, videos):
    video = videos["public"]
    page = client.get(f"/tv/videos/{video.pk}/").content.decode()
    assert _meta(page, "og:title") == "Vidéo public <b>&"
    assert _meta(page, "og:video") == f"{BASE}/tv/fichiers/{video.key}/video.mp4"
    assert _meta(page, "og:image") == f"{BASE}/tv/fichiers/{video.key}/poster.jpg"
    assert _meta(page, "og:video:width") == "192"
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page).group(1)
    assert unescape(link) == f"{BASE}/tv/oembed?url={quote(f'{BASE}/tv/videos/{video.pk}/', safe='')}"
    # The poster and the MP4 named there open for anyone, as a preview fetcher is.
    assert client.get(f"/tv/fichiers/{video.key}/poster.jpg").status_code == 200


@pytest.mark.django_db
def test_oembed_gives_the_embed_iframe_of_a_public_video(client, videos):
    video = videos["public"]
    answer = _oembed(client, f"{BASE}/tv/videos/{video.pk}/")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/json"
    data = answer.json()
    assert data["type"] == "video" and data["version"] == "1.0"
    assert data["title"] == "Vidéo public <b>&" and data["author_name"] == "Beauvais TV"
    assert data["html"] == (
        f'<iframe src="{BASE}/tv/videos/{video.pk}/integrer/" title="Vidéo public &lt;b&gt;&amp;" width="640" '
        'height="400" style="border:0;max-width:100%" allowfullscreen></iframe>'
    )
    assert data["thumbnail_url"] == f"{BASE}/tv/fichiers/{video.key}/poster.jpg"
    # The embed page's own address works too, and a smaller frame is asked with maxwidth.
    smaller = _oembed(client, f"{BASE}/tv/videos/{video.pk}/integrer/", maxwidth="320").json()
    assert (smaller["width"], smaller["height"]) == (320, 200)
    assert client.get(f"/tv/videos/{video.pk}/integrer/").status_code == 200


@pytest.mark.django_db
def test_members_only_and_unlisted_videos_are_described_to_no_one(client, neighbour, videos):
    client.force_login(neighbour)  # a member: she watches both
    for visibility in ("members", "unlisted"):
        video = videos[visibility]
        page = client.get(video.get_absolute_url())
        assert page.status_code == 200
        content = page.content.decode()
        assert "og:video" not in content and "og:image" not in content and "json+oembed" not in content
        assert video.key not in _oembed(client, f"{BASE}{video.get_absolute_url()}").content.decode()
        assert _oembed(client, f"{BASE}{video.get_absolute_url()}").status_code == 404
        assert _oembed(client, f"{BASE}/tv/videos/{video.pk}/integrer/").status_code == 404


@pytest.mark.django_db
def test_a_public_video_of_a_members_only_space_is_not_described(client, spaces, inhabitant, publish, clip2):
    channel = channel_create(actor=inhabitant, space=spaces["members"], name="Privée")
    video = publish(author=inhabitant, channel=channel, data=clip2, title="Réunion")
    assert _oembed(client, f"{BASE}/tv/videos/{video.pk}/").status_code == 404
    client.force_login(inhabitant)
    assert "og:video" not in client.get(f"/tv/videos/{video.pk}/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, status",
    [
        ("", 400),
        ("x" * 3000, 400),
        ("javascript:alert(1)", 404),
        ("https://ailleurs.example/tv/videos/1/", 404),
        (f"{BASE}/tv/videos/999999999999999999999/", 404),
        (f"{BASE}/publications/1/", 404),
        (f"{BASE}/../../etc/passwd", 404),
        (f"{BASE}/tv/videos/1/\x00", 400),
    ],
)
def test_a_bad_oembed_address_gets_a_sentence(client, url, status):
    answer = _oembed(client, url)
    assert answer.status_code == status
    # A NUL byte is refused before the view by the site's guard, with its own page.
    assert "\x00" in url or answer.json()["detail"]


@pytest.mark.django_db
def test_oembed_in_xml_is_not_offered_and_a_hidden_video_is_gone(client, videos):
    video = videos["public"]
    assert _oembed(client, f"{BASE}/tv/videos/{video.pk}/", format="xml").status_code == 501
    type(video).objects.filter(pk=video.pk).update(status="hidden")
    assert _oembed(client, f"{BASE}/tv/videos/{video.pk}/").status_code == 404
    assert _oembed(client, f"{BASE}/tv/videos/{video.pk}/", maxwidth="abc", maxheight="-5").status_code == 404
