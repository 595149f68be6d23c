"""Bad input is answered clearly and loses nothing that was already saved."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from parvis.posts.models import Post
from tests.factories import jpeg


def publish(client, space, **data):
    return client.post(f"/espaces/{space.slug}/publier/", data, follow=True)


def test_oversized_photo_is_refused_with_the_limit(signed_in, spaces):
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 10), content_type="image/jpeg")
    page = publish(
        signed_in, spaces["public"], body="Avec une grosse photo", photos=[big], alt_texts="x"
    ).content.decode()
    assert "10,0\xa0Mio" in page  # the limit, in the reader's units
    assert "Avec une grosse photo" in page
    assert not Post.objects.exists()


def test_svg_is_refused_as_a_photo(signed_in, spaces):
    svg = SimpleUploadedFile(
        "dessin.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/svg+xml",
    )
    page = publish(signed_in, spaces["public"], body="Un dessin", photos=[svg], alt_texts="un dessin").content.decode()
    assert "JPEG, PNG" in page
    assert not Post.objects.exists()


def test_decompression_bomb_png_is_refused_without_exhausting_memory(signed_in, spaces):
    buffer = BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, format="PNG")  # 400 million pixels in a few kilobytes
    assert len(buffer.getvalue()) < 200_000
    bomb = SimpleUploadedFile("bombe.png", buffer.getvalue(), content_type="image/png")
    page = publish(signed_in, spaces["public"], body="x", photos=[bomb], alt_texts="x").content.decode()
    assert "pixels" in page
    assert not Post.objects.exists()


def test_a_20000_character_post_is_refused_and_given_back(signed_in, spaces):
    text = "Bla " * 5000
    page = publish(signed_in, spaces["public"], body=text).content.decode()
    assert "10000" in page.replace("\u202f", "").replace(" ", "") or "10 000" in page
    assert not Post.objects.exists()


def test_html_and_script_are_rendered_inert(signed_in, spaces):
    publish(signed_in, spaces["public"], body='<script>alert("x")</script><b onclick="x()">gras</b>')
    post = Post.objects.get()
    page = signed_in.get(post.get_absolute_url()).content.decode()
    assert '<script>alert("x")' not in page and "onclick" not in page.replace("&lt;b onclick", "")
    assert "&lt;script&gt;" in page


def test_posting_into_a_space_one_is_not_a_member_of_is_forbidden(client, outsider, spaces):
    client.force_login(outsider)
    response = client.post(f"/espaces/{spaces['public'].slug}/publier/", {"body": "Intrus"})
    assert response.status_code == 403
    from parvis.accounts.services import api_token_create

    _token, raw = api_token_create(user=outsider, name="t", scope="write")
    response = client.post(
        "/api/v1/posts/",
        {"space": spaces["public"].slug, "body": "Intrus"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 403
    assert not Post.objects.exists()


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/admin/", "http://10.0.0.1/"])
def test_a_link_to_a_private_address_gets_no_preview_and_no_request(
    signed_in, spaces, url, django_capture_on_commit_callbacks
):
    from parvis.posts.models import LinkPreview

    with django_capture_on_commit_callbacks(execute=True):
        publish(signed_in, spaces["public"], body=f"Regardez {url}")
    post = Post.objects.get()
    assert post.link_preview.state == LinkPreview.State.FAILED
    assert post.link_preview.title == ""
    assert "link-card" not in signed_in.get(post.get_absolute_url()).content.decode()


def test_a_good_photo_still_works_after_bad_ones(signed_in, spaces):
    publish(signed_in, spaces["public"], body="Enfin", photos=[jpeg()], alt_texts="La place")
    assert Post.objects.get().attachments.count() == 1


def test_a_post_refused_at_its_second_photo_leaves_no_file_behind(signed_in, spaces, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "public"
    settings.PARVIS_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    tiff = BytesIO()
    Image.new("RGB", (40, 30)).save(tiff, format="TIFF")
    second = SimpleUploadedFile("scan.tif", tiff.getvalue(), content_type="image/tiff")
    page = publish(
        signed_in, spaces["public"], body="Deux photos", photos=[jpeg(), second], alt_texts="Le lavoir\nUn scan"
    ).content.decode()
    assert "JPEG, PNG, WebP ou GIF" in page
    assert "Deux photos" in page
    assert not Post.objects.exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
