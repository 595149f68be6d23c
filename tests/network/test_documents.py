"""Documents of a theme: PDF and office files checked by their content, a size limit, versions kept, files served
to the network's members only."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parvis.network.models import Document, DocumentVersion

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The tests read the messages in English (the msgids); the French ones are checked by the translation tools.
pytestmark = pytest.mark.usefixtures("english")


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def share(client, theme, name, content, title="Schéma directeur de l'eau"):
    return client.post(
        f"/reseau/themes/{theme.slug}/documents/",
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.django_db
def test_a_member_shares_a_pdf_then_a_new_version_and_both_are_kept(net, client):
    client.force_login(net["elu"])
    assert share(client, net["theme"], "schema.pdf", PDF).status_code == 302
    document = Document.objects.get()
    revised = client.post(document.get_absolute_url(), {"file": SimpleUploadedFile("schema-v2.odt", odt())})
    assert revised.status_code == 302
    versions = list(DocumentVersion.objects.filter(document=document))
    assert [v.number for v in versions] == [2, 1]
    assert versions[0].content_type == "application/vnd.oasis.opendocument.text"
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Version 1: schema.pdf" in page and "Version 2: schema-v2.odt" in page
    client.force_login(net["other"])
    served = client.get(f"/fichiers/network-document/{versions[1].pk}/file/")
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_an_outsider_gets_no_file_nor_page(net, client, inhabitant):
    client.force_login(net["elu"])
    share(client, net["theme"], "schema.pdf", PDF)
    version = DocumentVersion.objects.get()
    client.force_login(inhabitant)
    assert client.get(f"/fichiers/network-document/{version.pk}/file/").status_code == 404
    assert client.get(version.document.get_absolute_url()).status_code == 404
    assert client.get(net["theme"].get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_file_of_the_wrong_type_is_refused_by_its_content(net, client):
    client.force_login(net["elu"])
    answer = share(client, net["theme"], "faux.pdf", b"MZ\x90\x00 not a pdf at all")
    assert answer.status_code == 400
    assert "This file is not a document we accept" in answer.content.decode()
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_with_its_size(net, client, settings):
    settings.PARVIS_NETWORK_DOCUMENT_MAX_BYTES = 1_000_000
    client.force_login(net["elu"])
    answer = share(client, net["theme"], "gros.pdf", PDF + b"0" * 1_500_000)
    assert answer.status_code == 400
    assert "This file is too big (1.5 MB): the limit is 1 MB." in answer.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_no_file_or_no_title_says_what_is_missing(net, client):
    client.force_login(net["elu"])
    answer = client.post(f"/reseau/themes/{net['theme'].slug}/documents/", {"title": "Sans fichier"})
    assert "Choose the file to share." in answer.content.decode()
    answer = share(client, net["theme"], "schema.pdf", PDF, title="")
    assert "Give the document a title." in answer.content.decode()
