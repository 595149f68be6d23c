"""Programmes and playlists: the channel's managers arrange them, viewers see in them only the videos they may
watch (counts included), a playlist's videos lead to the next one, and the TV home filters by commune and theme."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parvis.spaces.models import Nature
from parvis.spaces.services.spaces import space_create
from parvis.tv.models import Episode, Programme
from parvis.tv.programmes import (
    collection_add_video,
    collection_move_video,
    collection_remove_video,
    playlist_create,
    programme_create,
)
from parvis.tv.services import channel_create


@pytest.fixture
def three(channel, inhabitant, publish, clip2):
    """A public video, a members-only one and an unlisted one, on the public group's channel."""
    return {
        "public": publish(author=inhabitant, channel=channel, data=clip2, title="Séance de janvier"),
        "members": publish(
            author=inhabitant, channel=channel, data=clip2, title="Séance à huis clos", visibility="members"
        ),
        "unlisted": publish(
            author=inhabitant, channel=channel, data=clip2, title="Essai caméra", visibility="unlisted"
        ),
    }


@pytest.fixture
def series(channel, inhabitant, three):
    programme = programme_create(actor=inhabitant, channel=channel, title="Les séances du conseil")
    playlist = playlist_create(actor=inhabitant, channel=channel, title="Le meilleur de l'année")
    for video in (three["public"], three["members"], three["unlisted"]):
        collection_add_video(actor=inhabitant, collection=programme, video=video)
        collection_add_video(actor=inhabitant, collection=playlist, video=video)
    return programme, playlist


@pytest.mark.django_db
def test_viewers_see_only_the_videos_they_may_watch_counts_included(client, neighbour, outsider, channel, series):
    programme, playlist = series
    for reader, expected in ((None, {"Séance de janvier"}), (outsider, {"Séance de janvier"})):
        client.logout()
        if reader:
            client.force_login(reader)
        for collection in series:
            page = client.get(collection.get_absolute_url()).content.decode()
            assert "Séance de janvier" in page and "huis clos" not in page and "Essai caméra" not in page
        channel_page = client.get(channel.get_absolute_url()).content.decode()
        assert "Les séances du conseil" in channel_page and "1 épisode" in channel_page and "1 vidéo" in channel_page
        assert {v["title"] for v in client.get(f"/api/v1/tv/programmes/{programme.pk}").json()["videos"]} == expected
    client.force_login(neighbour)  # a member: the members-only video too, never the unlisted one
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "huis clos" in page and "Essai caméra" not in page
    assert "2 épisodes" in client.get(channel.get_absolute_url()).content.decode()
    rows = client.get(f"/api/v1/tv/channels/{channel.pk}/playlists").json()
    assert [(row["title"], row["video_count"]) for row in rows] == [("Le meilleur de l'année", 2)]


@pytest.mark.django_db
def test_a_programme_of_a_members_only_space_stays_inside(client, spaces, inhabitant, outsider, publish, clip2):
    channel = channel_create(actor=inhabitant, space=spaces["members"], name="Chaîne du groupe")
    programme = programme_create(actor=inhabitant, channel=channel, title="Nos sorties")
    playlist = playlist_create(actor=inhabitant, channel=channel, title="Nos balades")
    client.force_login(outsider)
    for path in (programme.get_absolute_url(), playlist.get_absolute_url()):
        assert client.get(path).status_code == 404
    assert client.get(f"/api/v1/tv/programmes/{programme.pk}").status_code == 404
    assert client.get(f"/api/v1/tv/playlists/{playlist.pk}").status_code == 404
    assert client.get(f"/api/v1/tv/channels/{channel.pk}/programmes").status_code == 404
    client.force_login(inhabitant)
    assert client.get(programme.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_managers_reorder_a_playlist_and_up_next_follows_it(client, inhabitant, neighbour, channel, three, series):
    _programme, playlist = series
    client.force_login(inhabitant)
    url = f"/tv/listes/{playlist.pk}/ranger/"
    # The members-only video goes first, then the public one is taken out: the order is saved as shown.
    assert client.post(url, {"action": "up", "video": three["members"].pk}).status_code == 302
    client.post(url, {"action": "remove", "video": three["unlisted"].pk})
    page = client.get(playlist.get_absolute_url()).content.decode()
    assert page.index("huis clos") < page.index("Séance de janvier")
    first = client.get(f"{three['members'].get_absolute_url()}?liste={playlist.pk}").content.decode()
    assert "Séance de janvier" in first and 'rel="next"' in first  # "up next", a link: nothing plays by itself
    last = client.get(f"{three['public'].get_absolute_url()}?liste={playlist.pk}").content.decode()
    assert 'rel="next"' not in last
    # A member who is not a manager cannot arrange it.
    client.force_login(neighbour)
    assert client.post(url, {"action": "down", "video": three["members"].pk}).status_code == 403
    with pytest.raises(PermissionDenied):
        collection_move_video(actor=neighbour, collection=playlist, video=three["members"], offset=1)


@pytest.mark.django_db
def test_the_next_episode_of_a_programme_skips_what_the_viewer_may_not_watch(client, inhabitant, channel, three):
    programme = programme_create(actor=inhabitant, channel=channel, title="Les séances du conseil")
    later = three["public"].__class__.objects.get(pk=three["public"].pk)
    for video in (three["public"], three["members"]):
        collection_add_video(actor=inhabitant, collection=programme, video=video)
    later.pk, later.key, later.title = None, "encore", "Séance de février"
    later.save()
    collection_add_video(actor=inhabitant, collection=programme, video=later)
    page = client.get(three["public"].get_absolute_url()).content.decode()  # a visitor: the members' one skipped
    assert "Séance de février" in page and "huis clos" not in page and "Les séances du conseil" in page


@pytest.mark.django_db
def test_bad_arrangements_are_refused_with_a_sentence(client, inhabitant, spaces, channel, three, publish, clip2):
    programme = programme_create(actor=inhabitant, channel=channel, title="Magazine")
    other_channel = channel_create(actor=inhabitant, space=spaces["members"], name="Autre chaîne")
    elsewhere = publish(author=inhabitant, channel=other_channel, data=clip2, title="Ailleurs")
    with pytest.raises(ValidationError) as refused:
        collection_add_video(actor=inhabitant, collection=programme, video=elsewhere)
    assert "video" in refused.value.message_dict
    collection_add_video(actor=inhabitant, collection=programme, video=three["public"])
    second = programme_create(actor=inhabitant, channel=channel, title="Autre série")
    with pytest.raises(ValidationError):
        collection_add_video(actor=inhabitant, collection=second, video=three["public"])  # one programme per video
    client.force_login(inhabitant)
    for data in ({"action": "add", "video": "abc"}, {"action": "dance", "video": three["public"].pk}, {}):
        answer = client.post(f"/tv/programmes/{programme.pk}/ranger/", data, follow=True)
        assert answer.status_code == 200 and answer.context["messages"]
    assert list(Episode.objects.filter(programme=programme).values_list("video_id", flat=True)) == [three["public"].pk]
    with pytest.raises(ValidationError):
        programme_create(actor=inhabitant, channel=channel, title="   ")
    answer = client.post(f"/tv/chaines/{channel.pk}/nouveau-programme/", {"title": "x" * 300})
    assert answer.status_code == 200 and Programme.objects.count() == 2


@pytest.mark.django_db
def test_removing_and_moving_keep_positions_in_step(inhabitant, channel, three):
    playlist = playlist_create(actor=inhabitant, channel=channel, title="Liste")
    for video in three.values():
        collection_add_video(actor=inhabitant, collection=playlist, video=video)
    collection_remove_video(actor=inhabitant, collection=playlist, video=three["public"])
    collection_move_video(actor=inhabitant, collection=playlist, video=three["members"], offset=-1)  # first already
    assert [(e.video_id, e.position) for e in playlist.entries.all()] == [
        (three["members"].pk, 1),
        (three["unlisted"].pk, 2),
    ]


@pytest.mark.django_db
def test_the_tv_home_filters_by_commune_and_theme(client, inhabitant, outsider, channel, publish, clip2, compiegne):
    publish(author=inhabitant, channel=channel, data=clip2, title="Concert au théâtre", theme="culture")
    publish(author=inhabitant, channel=channel, data=clip2, title="Match de hand", theme="sport")
    elsewhere = space_create(creator=outsider, name="Comité des fêtes", nature=Nature.VOISINAGE, territory=compiegne)
    other = channel_create(actor=outsider, space=elsewhere, name="Compiègne TV")
    publish(author=outsider, channel=other, data=clip2, title="Fête de Compiègne", theme="culture")
    culture = client.get("/tv/?theme=culture").content.decode()
    assert "Concert au théâtre" in culture and "Fête de Compiègne" in culture and "Match de hand" not in culture
    beauvais = client.get(f"/tv/?commune={channel.space.territory.slug}&theme=culture").content.decode()
    assert "Concert au théâtre" in beauvais and "Fête de Compiègne" not in beauvais
    bad = client.get("/tv/?commune=atlantide&theme=%3Cscript%3E")
    assert bad.status_code == 200 and "Match de hand" in bad.content.decode()  # unfiltered, with the form's errors
    assert "<script>" not in bad.content.decode()


@pytest.mark.django_db
def test_programme_and_playlist_pages_read_in_a_fixed_number_of_queries(
    client, inhabitant, channel, publish, clip2, django_assert_max_num_queries
):
    from parvis.tv.models import Video

    first = publish(author=inhabitant, channel=channel, data=clip2)
    programme = programme_create(actor=inhabitant, channel=channel, title="Magazine")
    playlist = playlist_create(actor=inhabitant, channel=channel, title="Liste")
    collection_add_video(actor=inhabitant, collection=programme, video=first)
    collection_add_video(actor=inhabitant, collection=playlist, video=first)
    client.force_login(inhabitant)  # a manager: the page also lists the videos to add
    counts = {}
    for collection in (programme, playlist):
        with django_assert_max_num_queries(40) as one:
            client.get(collection.get_absolute_url())
        counts[collection.pk, type(collection)] = len(one.captured_queries)
    for number in range(19):  # copies of the ready one (the pages read rows, not files)
        copy = Video.objects.get(pk=first.pk)
        copy.pk, copy.key = None, f"copie{number}"
        copy.save()
        collection_add_video(actor=inhabitant, collection=programme, video=copy)
        collection_add_video(actor=inhabitant, collection=playlist, video=copy)
    for collection in (programme, playlist):
        with django_assert_max_num_queries(counts[collection.pk, type(collection)]):
            page = client.get(collection.get_absolute_url())
        assert page.content.decode().count("tv-order__number") == 20
