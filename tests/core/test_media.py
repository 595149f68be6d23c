"""The media pipeline: a photo of private content is served only to its readers, by URL as by page; the same tests
run against the filesystem and against a real S3 server (moto's, started here), the "s3" profile."""

import os
import subprocess
import sys
import urllib.request
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from PIL import Image

from parvis.agenda.media import event_image_set
from parvis.agenda.services.events import event_create
from parvis.core.media import media_url, move_to_private, private_storage
from parvis.core.storage_settings import storages_from
from parvis.messaging.models import MessagingPreference, WhoMayWrite
from parvis.messaging.services import conversation_start, message_send
from parvis.neighbours.services import listing_create
from parvis.posts.models import Attachment, Post
from parvis.posts.services import post_create
from parvis.spaces.models import Visibility
from parvis.spaces.services.spaces import space_update
from tests.factories import jpeg
from tests.s3 import LocalS3

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def local_s3():
    server = LocalS3().start()
    yield server
    server.stop()


@pytest.fixture(params=["filesystem", "s3"])
def media_backend(request, settings, tmp_path):
    """Each media test runs twice: on the filesystem (private files outside MEDIA_ROOT) and on S3."""
    settings.MEDIA_ROOT = tmp_path / "public"
    settings.PARVIS_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    if request.param == "s3":
        settings.STORAGES = storages_from(request.getfixturevalue("local_s3").environment())
    else:
        settings.STORAGES = storages_from({})
    return request.param


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def fetch(client: Client, url: str) -> tuple[int, bytes]:
    """What a browser gets at `url`: a local file streamed by Django, or on S3 the signed URL it is sent to."""
    response = client.get(url)
    if response.status_code == 302:
        location = response["Location"]
        assert "Signature" in location  # signed and expiring, never a bare object URL
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(location, timeout=10) as answer:
            return answer.status, answer.read()
    if response.status_code != 200:
        return response.status_code, b""
    return 200, b"".join(response.streaming_content)


def assert_jpeg_without_gps(content: bytes) -> None:
    with Image.open(BytesIO(content)) as image:
        assert image.format == "JPEG"
        assert 0x8825 not in image.getexif()


def test_a_members_only_photo_is_unreachable_for_outsiders_and_anonymous_and_served_to_a_member(
    media_backend, spaces, inhabitant, neighbour, outsider
):
    post = post_create(author=inhabitant, space=spaces["members"], body="Le lavoir", photos=[(jpeg(), "Le lavoir")])
    attachment = post.attachments.get()
    for field in ("image", "image_medium", "image_small"):
        url = media_url(attachment, field)
        assert client_for().get(url).status_code == 404
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(neighbour).get(url).status_code == 404  # same commune, not a member
        status, content = fetch(client_for(inhabitant), url)
        assert status == 200
        assert_jpeg_without_gps(content)


def test_a_private_photo_has_no_public_url_and_is_not_in_the_public_media(media_backend, spaces, inhabitant):
    post = post_create(author=inhabitant, space=spaces["secret"], body="", photos=[(jpeg(), "Le lavoir")])
    attachment = post.attachments.get()
    assert attachment.image.storage is private_storage()
    assert not storages["default"].exists(attachment.image.name)
    if media_backend == "filesystem":
        with pytest.raises(ValueError):
            attachment.image.url  # noqa: B018 (the property raises)


def test_a_public_photo_is_served_to_anyone(media_backend, spaces, inhabitant):
    post = post_create(author=inhabitant, space=spaces["public"], body="", photos=[(jpeg(), "Le lavoir")])
    attachment = post.attachments.get()
    status, content = fetch(client_for(), media_url(attachment, "image_small"))
    assert status == 200
    with Image.open(BytesIO(content)) as image:
        assert max(image.size) == 320
    page = client_for().get(post.get_absolute_url()).content.decode()
    assert media_url(attachment, "image_medium") in page


def test_photos_of_a_space_that_turns_private_are_no_longer_served_to_outsiders(media_backend, spaces, inhabitant):
    space = spaces["public"]
    post = post_create(author=inhabitant, space=space, body="", photos=[(jpeg(), "Le lavoir")])
    url = media_url(post.attachments.get(), "image")
    assert fetch(client_for(), url)[0] == 200
    space_update(
        actor=inhabitant,
        space=space,
        name=space.name,
        description=space.description,
        visibility=Visibility.MEMBERS,
        join_policy=space.join_policy,
    )
    assert client_for().get(url).status_code == 404
    assert fetch(client_for(inhabitant), url)[0] == 200


def test_a_removed_post_takes_its_photos_with_it(media_backend, spaces, inhabitant):
    post = post_create(author=inhabitant, space=spaces["public"], body="", photos=[(jpeg(), "Le lavoir")])
    url = media_url(post.attachments.get(), "image")
    Post.objects.filter(pk=post.pk).update(status="removed")
    assert client_for(inhabitant).get(url).status_code == 404


def test_a_listing_photo_reaches_its_scope_only(media_backend, inhabitant, neighbour, outsider):
    listing = listing_create(
        author=inhabitant,
        direction="offer",
        kind="loan",
        scope="commune",
        title="Je prête une perceuse",
        photos=[(jpeg(), "La perceuse")],
    )
    url = media_url(listing.photos.get(), "image_small")
    assert client_for().get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404  # another commune
    assert fetch(client_for(neighbour), url)[0] == 200  # Beauvais, the listing's commune
    assert (
        media_url(listing.photos.get(), "image")
        in client_for(neighbour).get(listing.get_absolute_url()).content.decode()
    )


def test_a_message_attachment_reaches_its_participants_only(media_backend, spaces, inhabitant, neighbour, outsider):
    MessagingPreference.objects.create(user=neighbour, who_may_write=WhoMayWrite.ANYONE)
    conversation = conversation_start(initiator=inhabitant, participants=[neighbour], first_message="Bonjour")
    message = message_send(sender=inhabitant, conversation=conversation, body="", image=jpeg(), image_alt="Le lavoir")
    assert not storages["default"].exists(message.image.name)
    url = message.attachment_url
    assert client_for(outsider).get(url).status_code == 404
    status, content = fetch(client_for(neighbour), url)
    assert status == 200
    assert_jpeg_without_gps(content)


def test_an_event_picture_of_a_members_only_space_reaches_its_members_only(media_backend, spaces, inhabitant, outsider):
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    event = event_create(
        creator=inhabitant, space=spaces["members"], title="Réunion", start=start, end=start + timedelta(hours=2)
    )
    event = event_image_set(editor=inhabitant, event=event, upload=jpeg(), alt_text="La salle")
    url = media_url(event, "image")
    assert client_for().get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404
    status, content = fetch(client_for(inhabitant), url)
    assert status == 200
    assert_jpeg_without_gps(content)
    assert url in client_for(inhabitant).get(event.get_absolute_url()).content.decode()
    with pytest.raises(ValidationError):
        event_image_set(editor=inhabitant, event=event, upload=SimpleUploadedFile("x.jpg", b"no"), alt_text="x")
    event.refresh_from_db()
    assert media_url(event, "image") == url  # a refused file keeps the picture there was


def test_an_unknown_kind_or_field_is_a_404(media_backend, spaces, inhabitant):
    post = post_create(author=inhabitant, space=spaces["public"], body="", photos=[(jpeg(), "Le lavoir")])
    attachment = post.attachments.get()
    assert client_for().get(f"/fichiers/post-photo/{attachment.pk}/alt_text/").status_code == 404
    assert client_for().get(f"/fichiers/nothing/{attachment.pk}/image/").status_code == 404
    assert client_for().get(f"/fichiers/post-photo/{attachment.pk + 1000}/image/").status_code == 404


def test_a_bad_file_is_refused_with_a_sentence_and_nothing_is_written(media_backend, signed_in, spaces, tmp_path):
    page = signed_in.post(
        f"/espaces/{spaces['public'].slug}/publier/",
        {"body": "Un scan", "photos": SimpleUploadedFile("scan.jpg", b"not an image"), "alt_texts": "Un scan"},
        follow=True,
    )
    assert not Post.objects.exists()
    assert "JPEG, PNG, WebP" in page.content.decode()
    if media_backend == "filesystem":
        assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


# Serving by the web server ------------------------------------------------------------------------------------


@pytest.fixture
def members_photo(settings, tmp_path, spaces, inhabitant):
    settings.PARVIS_PRIVATE_MEDIA_ROOT = tmp_path
    settings.STORAGES = storages_from({})
    post = post_create(author=inhabitant, space=spaces["members"], body="", photos=[(jpeg(), "Le lavoir")])
    return post.attachments.get()


def test_nginx_sends_the_file_after_the_check(settings, members_photo, inhabitant, outsider):
    settings.PARVIS_SENDFILE = "x-accel-redirect"
    settings.PARVIS_SENDFILE_PREFIX = "/prive/"
    url = media_url(members_photo, "image")
    assert "X-Accel-Redirect" not in client_for(outsider).get(url)
    response = client_for(inhabitant).get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/prive/{members_photo.image.name}"
    assert response["Content-Type"] == "image/jpeg"
    assert response.content == b""


def test_apache_sends_the_file_after_the_check(settings, members_photo, inhabitant, outsider, tmp_path):
    settings.PARVIS_SENDFILE = "x-sendfile"
    url = media_url(members_photo, "image")
    assert client_for(outsider).get(url).status_code == 404
    response = client_for(inhabitant).get(url)
    assert response["X-Sendfile"] == str(tmp_path / members_photo.image.name)
    assert (tmp_path / members_photo.image.name).is_file()


def test_django_streams_the_file_when_no_web_server_does(settings, members_photo, inhabitant):
    settings.PARVIS_SENDFILE = ""
    response = client_for(inhabitant).get(media_url(members_photo, "image"))
    assert "X-Accel-Redirect" not in response and "X-Sendfile" not in response
    assert response["Cache-Control"] == "private, max-age=3600"
    assert_jpeg_without_gps(b"".join(response.streaming_content))


# Storages from the environment ---------------------------------------------------------------------------------


def test_storages_are_the_filesystem_unless_s3_is_configured():
    plain = storages_from({})
    assert plain["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert plain["private"]["BACKEND"] == "parvis.core.media.PrivateFileSystemStorage"
    s3 = storages_from({"PARVIS_S3_BUCKET": "media", "PARVIS_S3_ENDPOINT_URL": "https://s3.example.org"})
    assert s3["default"]["BACKEND"] == s3["private"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["default"]["OPTIONS"]["querystring_auth"] is False
    assert s3["private"]["OPTIONS"]["querystring_auth"] is True
    assert s3["private"]["OPTIONS"]["bucket_name"] == "media"
    assert s3["private"]["OPTIONS"]["location"] != s3["default"]["OPTIONS"]["location"]


# Orphans -------------------------------------------------------------------------------------------------------


def test_orphan_cleanup_removes_old_files_no_row_points_to(media_backend, spaces, inhabitant):
    post = post_create(author=inhabitant, space=spaces["public"], body="", photos=[(jpeg(), "Le lavoir")])
    kept = [getattr(post.attachments.get(), field).name for field in ("image", "image_medium", "image_small")]
    private = private_storage()
    orphan = private.save("posts/2020/01/orphan.jpg", ContentFile(b"left by a crash"))
    public_orphan = storages["default"].save("avatars/2020/01/orphan.jpg", ContentFile(b"left by a crash"))
    # Files younger than the grace period may belong to a transaction still running: kept.
    call_command("media_orphans", "--delete")
    assert private.exists(orphan) and storages["default"].exists(public_orphan)
    call_command("media_orphans", "--delete", "--older-than", "0")
    assert not private.exists(orphan) and not storages["default"].exists(public_orphan)
    assert all(private.exists(name) for name in kept)
    assert Attachment.objects.count() == 1


def test_orphan_cleanup_only_lists_without_delete(media_backend, capsys, db):
    orphan = private_storage().save("posts/2020/01/orphan.jpg", ContentFile(b"left by a crash"))
    call_command("media_orphans", "--older-than", "0")
    assert orphan in capsys.readouterr().out
    assert private_storage().exists(orphan)


def test_files_uploaded_before_the_private_storage_move_there(media_backend, spaces, inhabitant):
    """What the migrations do for an instance that had photos in the public media folder."""
    post = post_create(author=inhabitant, space=spaces["members"], body="Avant")
    old = storages["default"].save("posts/2025/01/ancienne.jpg", ContentFile(jpeg().read()))
    attachment = Attachment.objects.create(post=post, alt_text="Le lavoir", image=old)
    move_to_private(Attachment, ["image", "image_small"])
    attachment.refresh_from_db()
    assert not storages["default"].exists(old)
    assert private_storage().exists(attachment.image.name)
    assert client_for().get(media_url(attachment, "image")).status_code == 404
    assert fetch(client_for(inhabitant), media_url(attachment, "image"))[0] == 200


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"PARVIS_SENDFILE": "x-nginx"}, "PARVIS_SENDFILE"),
        ({"MEDIA_ROOT": "/srv/media", "PARVIS_PRIVATE_MEDIA_ROOT": "/srv/media/private"}, "PARVIS_PRIVATE_MEDIA_ROOT"),
    ],
)
def test_a_media_setting_that_would_publish_private_files_stops_the_start(variables, named):
    env = {**os.environ, "DEBUG": "1", "PARVIS_TESTING": "0", **variables}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode != 0
    assert named in result.stderr
