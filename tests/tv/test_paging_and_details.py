"""The channel page and the TV home show their videos a page at a time (keyset: a page costs the same however deep,
and a video published meanwhile shifts nothing), and a video's details (title, description, theme, commune) are
corrected after it is sent by its uploader and the channel's managers, nobody else."""

import re
from datetime import timedelta

import pytest

from parvis.spaces.models import Role
from parvis.territories.models import Territory
from parvis.tv.models import Video
from parvis.tv.views import PAGE_SIZE
from tests.factories import add_member

NEXT = re.compile(r'href="\?([^"]*apres=[^"]+)" rel="next"')


def copies(video, count: int, *, theme: str = "") -> list[int]:
    """`count` more ready videos of the same channel, each an hour older than the one before (the lists read rows,
    not files: copies of a transcoded one are enough)."""
    made = []
    published = video.published_at
    for number in range(count):
        video.pk, video.key = None, f"copie{theme}{number}"
        video.title, video.theme = f"Épisode {number:02d}", theme
        published = published - timedelta(hours=1)
        video.published_at = published
        video.save()
        made.append(video.pk)
    return made


def titles(html: str) -> list[str]:
    return re.findall(r"Épisode \d\d", html)


def next_link(html: str) -> str | None:
    found = NEXT.search(html)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.mark.django_db
def test_a_channel_with_many_videos_shows_them_a_page_at_a_time(
    client, inhabitant, channel, publish, clip2, django_assert_max_num_queries
):
    first = publish(author=inhabitant, channel=channel, data=clip2, title="Épisode 99")
    copies(first, PAGE_SIZE + 6)
    url = channel.get_absolute_url()
    page_one = client.get(url).content.decode()
    assert titles(page_one)[:2] == ["Épisode 99", "Épisode 00"]
    assert len(titles(page_one)) == PAGE_SIZE
    query = next_link(page_one)
    assert query is not None
    # A video published meanwhile comes first on the first page, and does not shift the second one.
    publish(author=inhabitant, channel=channel, data=clip2, title="Épisode 98")
    with django_assert_max_num_queries(12):
        page_two = client.get(f"{url}?{query}").content.decode()
    assert titles(page_two) == [f"Épisode {number:02d}" for number in range(PAGE_SIZE - 1, PAGE_SIZE + 6)]
    assert next_link(page_two) is None
    # Each page has its own title, and a link back to the newest videos.
    title_one = re.search(r"<title>(.*?)</title>", page_one, re.S).group(1)
    title_two = re.search(r"<title>(.*?)</title>", page_two, re.S).group(1)
    assert title_one != title_two
    assert 'href="?"' in page_two


@pytest.mark.django_db
def test_a_tampered_page_address_shows_the_first_page(client, inhabitant, channel, publish, clip2):
    publish(author=inhabitant, channel=channel, data=clip2, title="Épisode 99")
    for value in ("nimportequoi", "MjAyNi0xMy0wMXwx", "x" * 500):
        response = client.get(f"{channel.get_absolute_url()}?apres={value}")
        assert response.status_code == 200
        assert "Épisode 99" in response.content.decode()


@pytest.mark.django_db
def test_the_tv_home_pages_its_videos_and_keeps_the_theme_chosen(client, inhabitant, channel, publish, clip2):
    first = publish(author=inhabitant, channel=channel, data=clip2, title="Épisode 99", theme="culture")
    copies(first, PAGE_SIZE + 2, theme="culture")
    copies(first, 3, theme="sport")  # older still: never on the pages of culture
    page_one = client.get("/tv/?theme=culture").content.decode()
    assert len(titles(page_one)) == PAGE_SIZE
    query = next_link(page_one)
    assert "theme=culture" in query
    page_two = client.get(f"/tv/?{query}").content.decode()
    assert titles(page_two) == [f"Épisode {number:02d}" for number in range(PAGE_SIZE - 1, PAGE_SIZE + 2)]
    assert next_link(page_two) is None
    everything = client.get("/tv/").content.decode()
    assert re.search(r"<title>(.*?)</title>", everything, re.S).group(1) != re.search(
        r"<title>(.*?)</title>", page_one, re.S
    ).group(1)


@pytest.mark.django_db
def test_the_uploader_corrects_title_theme_and_commune_and_the_home_finds_it_there(
    client, inhabitant, channel, publish, clip2, compiegne
):
    video = publish(author=inhabitant, channel=channel, data=clip2, title="Conseil")
    client.force_login(inhabitant)
    form = client.get(f"/tv/videos/{video.pk}/modifier/")
    assert form.status_code == 200 and 'value="Conseil"' in form.content.decode()
    answer = client.post(
        f"/tv/videos/{video.pk}/modifier/",
        {
            "title": "Fête de la musique",
            "description": "Place Jeanne-Hachette",
            "theme": "culture",
            "commune": "Compiègne (60159)",
        },
    )
    assert answer.status_code == 302 and answer["Location"] == video.get_absolute_url()
    video.refresh_from_db()
    assert (video.title, video.theme, video.commune) == ("Fête de la musique", "culture", compiegne)
    client.logout()
    assert "Fête de la musique" in client.get(f"/tv/?commune={compiegne.slug}&theme=culture").content.decode()
    assert "Fête de la musique" not in client.get("/tv/?theme=sport").content.decode()
    page = client.get(video.get_absolute_url()).content.decode()
    assert "Place Jeanne-Hachette" in page


@pytest.mark.django_db
def test_an_officer_of_the_space_corrects_a_video_another_sent(client, inhabitant, neighbour, channel, publish, clip2):
    add_member(channel.space, neighbour, role=Role.ADMIN)
    video = publish(author=neighbour, channel=channel, data=clip2, title="Conseil")
    client.force_login(inhabitant)  # the space's owner, who manages its channel
    answer = client.post(f"/tv/videos/{video.pk}/modifier/", {"title": "Conseil du 3 mars", "theme": "conseil"})
    assert answer.status_code == 302
    video.refresh_from_db()
    assert (video.title, video.theme) == ("Conseil du 3 mars", "conseil")


@pytest.mark.django_db
def test_a_member_or_an_outsider_may_not_change_a_video(
    client, inhabitant, neighbour, outsider, channel, publish, clip2
):
    video = publish(author=inhabitant, channel=channel, data=clip2, title="Conseil", visibility="members")
    for person in (neighbour, outsider):  # a plain member, then someone outside
        client.force_login(person)
        assert client.get(f"/tv/videos/{video.pk}/modifier/").status_code == 404
        answer = client.post(f"/tv/videos/{video.pk}/modifier/", {"title": "Piraté"})
        assert answer.status_code == 404 and "Conseil" not in answer.content.decode()
    video.refresh_from_db()
    assert video.title == "Conseil"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "   "}, "title", "Ce champ est obligatoire"),
        ({"title": "Conseil", "theme": "politique"}, "theme", "Sélectionnez un choix valide"),
        ({"title": "Conseil", "commune": "Atlantide"}, "commune", ""),
        ({"title": "T" * 201}, "title", "200"),
        ({"title": "Conseil", "description": "d" * 5001}, "description", "5000"),
    ],
)
def test_bad_details_are_refused_with_a_message_and_nothing_changes(
    client, inhabitant, channel, publish, clip2, data, field, message
):
    video = publish(author=inhabitant, channel=channel, data=clip2, title="Conseil", theme="sport")
    client.force_login(inhabitant)
    answer = client.post(f"/tv/videos/{video.pk}/modifier/", data, headers={"accept-language": "fr"})
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'class="error-summary"' in html or "error-summary" in html
    assert message in html.replace("\u202f", " ").replace("&#x27;", "'")
    video.refresh_from_db()
    assert (video.title, video.theme, video.commune) == ("Conseil", "sport", None)


@pytest.mark.django_db
def test_the_details_service_refuses_a_territory_that_is_not_a_commune(inhabitant, channel, publish, clip2):
    from django.core.exceptions import ValidationError

    from parvis.tv.services import video_edit

    video = publish(author=inhabitant, channel=channel, data=clip2, title="Conseil")
    departement = Territory.objects.filter(level="departement").first()
    with pytest.raises(ValidationError) as refused:
        video_edit(actor=inhabitant, video=video, title="Conseil", commune=departement)
    assert "commune" in refused.value.message_dict
    assert Video.objects.get(pk=video.pk).commune is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bytes_", "seconds", "said"),
    [
        (None, None, "Fichiers jusqu'à 4294 Mo, vidéos jusqu'à 3 heures."),
        (500_000_000, 5400, "Fichiers jusqu'à 500 Mo, vidéos jusqu'à 1 h 30 min."),
        (50_000_000, 60, "Fichiers jusqu'à 50 Mo, vidéos jusqu'à 1 minute."),
        (50_000_000, 45, "vidéos jusqu'à 45 secondes."),
    ],
)
def test_the_sending_page_says_the_channels_limits_before_anything_is_sent(
    client, inhabitant, channel, bytes_, seconds, said
):
    channel.max_bytes, channel.max_seconds = bytes_, seconds
    channel.save()
    client.force_login(inhabitant)
    page = client.get(f"/tv/chaines/{channel.pk}/envoyer/", headers={"accept-language": "fr"}).content.decode()
    assert said in page.replace("&#x27;", "'")
