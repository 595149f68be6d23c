"""A group's files: documents checked by content and size, versions kept, private files never served to outsiders."""

import base64

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parvis.toolbox.models import FileVersion, GroupFile
from parvis.toolbox.services import file_upload, file_version_add
from tests.factories import api_client, png
from tests.toolbox.conftest import docx, pdf


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_member_shares_a_pdf_and_a_new_version_keeps_the_first(group, inhabitant, neighbour, client):
    shared = file_upload(actor=neighbour, space=group, upload=pdf(body=b"premier"), title="Compte rendu")
    file_version_add(actor=neighbour, group_file=shared, upload=pdf(body=b"second"))
    versions = list(FileVersion.objects.filter(file=shared).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    client.force_login(inhabitant)
    page = client.get(shared.get_absolute_url()).content.decode()
    assert "Compte rendu" in page and page.count("compte-rendu.pdf") == 2
    first = client.get(versions[0].get_absolute_url())
    assert first.status_code == 200 and b"premier" in _body(first)
    assert first["Content-Disposition"].startswith("attachment")
    assert b"second" in _body(client.get(versions[1].get_absolute_url()))


def test_office_files_and_pictures_are_accepted_by_their_content(group, neighbour):
    word = file_upload(actor=neighbour, space=group, upload=docx())
    picture = file_upload(actor=neighbour, space=group, upload=png(name="plan.png"))
    assert word.versions.get().extension == "docx" and word.title == "statuts"
    assert picture.versions.get().content_type == "image/jpeg"  # re-encoded: EXIF and GPS gone


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 an executable named like a PDF"),
        SimpleUploadedFile("page.html", b"<html><script>alert(1)</script></html>"),
        SimpleUploadedFile("faux.docx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_with_a_sentence(group, neighbour, upload):
    with pytest.raises(ValidationError) as refused:
        file_upload(actor=neighbour, space=group, upload=upload)
    assert "PDF" in " ".join(refused.value.messages)
    assert not GroupFile.objects.exists()


def test_an_office_file_with_macros_is_refused(group, neighbour):
    with pytest.raises(ValidationError) as refused:
        file_upload(actor=neighbour, space=group, upload=docx(macros=True))
    assert "macros" in " ".join(refused.value.messages)


def test_a_file_too_big_is_refused_with_its_size_and_the_limit(group, neighbour, settings):
    settings.PARVIS_GROUP_FILE_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        file_upload(actor=neighbour, space=group, upload=pdf(body=b"x" * 2000))
    assert "too large" in " ".join(refused.value.messages)
    assert not GroupFile.objects.exists() and not FileVersion.objects.exists()


def test_the_page_shows_the_refusal_next_to_the_field(client, group, neighbour):
    client.force_login(neighbour)
    answer = client.post(
        reverse("toolbox:files", args=[group.slug]),
        {"title": "Essai", "document": SimpleUploadedFile("x.exe", b"MZ binary")},
    )
    assert answer.status_code == 400
    assert "PDF" in answer.content.decode()
    assert not GroupFile.objects.exists()


def test_only_the_author_or_a_moderator_sends_a_new_version(group, inhabitant, neighbour, spaces):
    from tests.factories import add_member, make_user

    other = make_user("autre@example.org", display_name="Autre")
    add_member(group, other)
    shared = file_upload(actor=neighbour, space=group, upload=pdf())
    with pytest.raises(PermissionDenied):
        file_version_add(actor=other, group_file=shared, upload=pdf())
    file_version_add(actor=inhabitant, group_file=shared, upload=pdf())  # the owner moderates
    assert shared.versions.count() == 2


def test_an_outsider_gets_404_on_a_private_groups_files(client, group, neighbour, outsider):
    shared = file_upload(actor=neighbour, space=group, upload=pdf(body=b"secret"))
    version = shared.versions.get()
    client.force_login(outsider)
    for url in (reverse("toolbox:files", args=[group.slug]), shared.get_absolute_url(), version.get_absolute_url()):
        assert client.get(url).status_code == 404
    api = api_client(outsider)
    assert api.get(reverse("api:file_detail", args=[shared.pk])).status_code == 404
    assert api.get(reverse("api:file_list", args=[group.slug])).status_code == 404


def test_files_by_api_with_a_second_version_and_a_wrong_type(group, neighbour):
    api = api_client(neighbour)
    encoded = base64.b64encode(b"%PDF-1.4\nun\n%%EOF").decode()
    created = api.post(
        reverse("api:file_create", args=[group.slug]),
        {"data": encoded, "name": "ordre-du-jour.pdf", "title": "Ordre du jour"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    file_id = created.json()["id"]
    again = api.post(
        reverse("api:file_version_create", args=[file_id]),
        {"data": encoded, "name": "ordre-du-jour-v2.pdf"},
        content_type="application/json",
    )
    assert again.status_code == 201 and [v["number"] for v in again.json()["versions"]] == [2, 1]
    wrong = api.post(
        reverse("api:file_create", args=[group.slug]),
        {"data": base64.b64encode(b"#!/bin/sh\nrm -rf /").decode(), "name": "x.pdf"},
        content_type="application/json",
    )
    assert wrong.status_code == 400 and "PDF" in wrong.json()["detail"]


def test_a_file_hidden_by_moderation_is_served_to_nobody(client, group, inhabitant, neighbour):
    from parvis.toolbox.kinds import file_moderate

    shared = file_upload(actor=neighbour, space=group, upload=pdf(body=b"masque"))
    version = shared.versions.get()
    file_moderate(shared, "hide")
    client.force_login(inhabitant)
    assert client.get(version.get_absolute_url()).status_code == 404
    assert "masque" not in client.get(reverse("toolbox:files", args=[group.slug])).content.decode()


def test_the_persons_download_holds_their_files_saved_posts_and_answers(group, neighbour, posts):
    from parvis.rights.collect import personal_data, personal_files
    from parvis.toolbox.services import post_save_for_later

    shared = file_upload(actor=neighbour, space=group, upload=pdf(), title="Statuts")
    post_save_for_later(user=neighbour, post=posts[0])
    data = personal_data(neighbour)
    assert [row["file__title"] for row in data["group_files"]] == ["Statuts"]
    assert [row["post_id"] for row in data["saved_posts"]] == [posts[0].pk]
    assert any(folder == "group_files" for folder, _file in personal_files(neighbour))
    assert shared.versions.count() == 1
