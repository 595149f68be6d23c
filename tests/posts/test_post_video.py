"""A post carrying a video of the web TV: chosen among the space's videos or by pasting its link; each reader sees
its poster and link only if they may watch it, and a members-only video in a public post reads "Vidéo réservée aux
membres" to a visitor, never its title nor its files."""

import pytest
from django.test import Client

from parvis.posts.models import Post
from parvis.posts.services import post_create
from parvis.tv.models import Status, Video
from parvis.tv.services import channel_create, video_receive, video_start
from tests.factories import add_member, make_user, video_clip


@pytest.fixture(scope="module")
def clip() -> bytes:
    return video_clip(seconds=1, size="160x90")


@pytest.fixture
def publish(clip, django_capture_on_commit_callbacks):
    def run(*, author, channel, title, visibility="public"):
        with django_capture_on_commit_callbacks(execute=True):
            video = video_start(author=author, channel=channel, title=title, visibility=visibility, size=len(clip))
        with django_capture_on_commit_callbacks(execute=True):
            video_receive(actor=author, video=video, start=0, total=len(clip), chunk=clip)
        video = Video.objects.get(pk=video.pk)
        assert video.state == "ready"
        return video

    return run


@pytest.fixture
def channel(spaces, inhabitant):
    return channel_create(actor=inhabitant, space=spaces["public"], name="Beauvais TV")


def _page(client, post) -> str:
    response = client.get(post.get_absolute_url(), headers={"Accept-Language": "fr"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_post_carries_a_video_of_the_space_chosen_in_the_composer(client, inhabitant, spaces, channel, publish):
    video = publish(author=inhabitant, channel=channel, title="Le marché de Noël")
    client.force_login(inhabitant)
    space_page = client.get(spaces["public"].get_absolute_url()).content.decode()
    assert f'<option value="{video.pk}">Le marché de Noël</option>' in space_page
    response = client.post(f"/espaces/{spaces['public'].slug}/publier/", {"body": "", "video": str(video.pk)})
    post = Post.objects.get()
    assert response.status_code == 302 and post.video == video
    page = _page(Client(), post)  # a visitor: the video is public
    assert f'href="/tv/videos/{video.pk}/"' in page and f"/tv/fichiers/{video.key}/poster.jpg" in page
    assert "Regarder « Le marché de Noël »" in page


@pytest.mark.django_db
def test_a_members_only_video_in_a_public_post_is_announced_not_shown_to_a_visitor(
    spaces, inhabitant, neighbour, channel, publish
):
    video = publish(author=inhabitant, channel=channel, title="Assemblée des habitants", visibility="members")
    post = post_create(author=inhabitant, space=spaces["public"], body="La vidéo de l'assemblée", video=video)
    for viewer in (None, make_user("passant@example.org")):
        client = Client()
        if viewer:
            client.force_login(viewer)
        page = _page(client, post)
        assert "Vidéo réservée aux membres" in page
        assert "Assemblée des habitants" not in page and video.key not in page
        assert client.get(f"/tv/fichiers/{video.key}/poster.jpg").status_code == 404
    add_member(spaces["public"], neighbour)
    member = Client()
    member.force_login(neighbour)
    page = _page(member, post)
    assert "Regarder « Assemblée des habitants »" in page and "Vidéo réservée aux membres" not in page
    assert member.get(f"/tv/fichiers/{video.key}/poster.jpg").status_code == 200


@pytest.mark.django_db
def test_a_pasted_link_carries_a_video_of_another_space(client, spaces, inhabitant, beauvais, publish, settings):
    settings.PARVIS_BASE_URL = "https://parvis.example"
    other_space = spaces["members"]
    other = publish(
        author=inhabitant,
        channel=channel_create(actor=inhabitant, space=other_space, name="Réunions"),
        title="Réunion de quartier",
    )
    client.force_login(inhabitant)
    link = f"https://parvis.example/tv/videos/{other.pk}/"
    client.post(f"/espaces/{spaces['public'].slug}/publier/", {"body": "À voir", "video_link": link})
    post = Post.objects.get()
    assert post.video == other
    # The post is public, the video's space is not: a visitor reads a sentence, a member of that space the video.
    assert "Vidéo réservée aux membres" in _page(Client(), post)
    assert "Regarder « Réunion de quartier »" in _page(client, post)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "link, sentence",
    [
        ("https://ailleurs.example/tv/videos/1/", "n'est pas une vidéo de la web TV"),
        ("/publications/1/", "n'est pas une vidéo de la web TV"),
        ("javascript:alert(1)", "n'est pas une vidéo de la web TV"),
        ("/tv/videos/99999999999999999999999/", "Vous ne pouvez pas regarder cette vidéo"),
        ("/tv/videos/424242/", "Vous ne pouvez pas regarder cette vidéo"),
    ],
)
def test_a_bad_link_is_refused_with_a_sentence_and_the_text_is_kept(
    client, inhabitant, spaces, settings, link, sentence
):
    settings.LANGUAGE_CODE = "fr"
    client.force_login(inhabitant)
    response = client.post(
        f"/espaces/{spaces['public'].slug}/publier/",
        {"body": "Mon texte à garder", "video_link": link},
        follow=True,
        headers={"Accept-Language": "fr"},
    )
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200 and sentence in page
    assert "Mon texte à garder" in page
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_an_unlisted_video_or_one_the_author_cannot_watch_is_refused(spaces, inhabitant, neighbour, channel, publish):
    from django.core.exceptions import ValidationError

    unlisted = publish(author=inhabitant, channel=channel, title="Brouillon", visibility="unlisted")
    with pytest.raises(ValidationError, match="non répertoriée"):
        post_create(author=inhabitant, space=spaces["public"], body="x", video=unlisted)
    private = publish(
        author=inhabitant,
        channel=channel_create(actor=inhabitant, space=spaces["secret"], name="Secret"),
        title="Secret",
    )
    add_member(spaces["public"], neighbour)
    with pytest.raises(ValidationError, match="ne pouvez pas regarder"):
        post_create(author=neighbour, space=spaces["public"], body="x", video=private)
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_a_video_hidden_by_moderation_leaves_a_sentence(spaces, inhabitant, channel, publish):
    video = publish(author=inhabitant, channel=channel, title="Vidéo signalée")
    post = post_create(author=inhabitant, space=spaces["public"], body="Regardez", video=video)
    Video.objects.filter(pk=video.pk).update(status=Status.HIDDEN)
    page = _page(Client(), post)
    assert "La vidéo n'est plus disponible." in page.replace("&#x27;", "'")
    assert "Vidéo signalée" not in page and video.key not in page


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 8])
def test_a_feed_of_posts_with_videos_costs_the_same_queries(
    client, spaces, inhabitant, channel, publish, count, django_assert_max_num_queries
):
    video = publish(author=inhabitant, channel=channel, title="Le marché")
    for index in range(count):
        post_create(author=inhabitant, space=spaces["public"], body=f"Message {index}", video=video)
    client.force_login(inhabitant)
    with django_assert_max_num_queries(22):
        page = client.get(spaces["public"].get_absolute_url()).content.decode()
    assert page.count(f"/tv/fichiers/{video.key}/poster.jpg") == count
