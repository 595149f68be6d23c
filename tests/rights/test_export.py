"""Download all my data: a zip prepared in the background, announced by e-mail, opened once by its owner."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from parvis.messaging.services import conversation_start, message_send
from parvis.posts.services import comment_create, post_create, reaction_set
from parvis.rights.models import DataExport, ExportStatus
from tests.factories import add_member, api_client, png


def _ask(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/profil/mes-donnees/").status_code == 302
    return client.get("/profil/mes-donnees/")  # the task ran after the request's commit


def _link_in_mail(person) -> str:
    [email] = [email for email in mail.outbox if person.email in email.to]
    return re.search(r"http://\S+/profil/mes-donnees/telecharger/\S+/", email.body).group(0).split("testserver")[-1]


def _zip(response) -> zipfile.ZipFile:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return zipfile.ZipFile(io.BytesIO(content))


@pytest.fixture
def written(spaces, inhabitant, neighbour, django_capture_on_commit_callbacks):
    """The inhabitant writes a post with a photo, a comment, a reaction; talks with the neighbour."""
    group = spaces["members"]
    add_member(group, neighbour)
    with django_capture_on_commit_callbacks(execute=True):
        post = post_create(author=inhabitant, space=group, body="Mon potager partagé", photos=[(png(), "Les tomates")])
        comment_create(author=neighbour, post=post, body="Bravo pour les tomates")
        comment_create(author=inhabitant, post=post, body="Merci, venez goûter")
        reaction_set(user=inhabitant, post=post, kind="like")
        chat = conversation_start(initiator=inhabitant, participants=[neighbour], first_message="On se voit samedi ?")
        message_send(sender=neighbour, conversation=chat, body="Oui, à 10 h au jardin")
    return post


@pytest.mark.django_db
def test_person_downloads_everything_they_wrote_once(
    signed_in, inhabitant, neighbour, written, settings, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    page = _ask(signed_in, django_capture_on_commit_callbacks).content.decode()
    assert "Télécharger mes données (zip)" in page  # the task ran: the page offers the file
    link = _link_in_mail(inhabitant)

    response = signed_in.get(link)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mes-donnees.zip"'
    archive = _zip(response)
    data = json.loads(archive.read("donnees.json"))
    assert data["account"]["email"] == inhabitant.email
    assert [post["body"] for post in data["posts"]] == ["Mon potager partagé"]
    assert [comment["body"] for comment in data["comments"]] == ["Merci, venez goûter"]
    assert [reaction["kind"] for reaction in data["reactions"]] == ["like"]
    # The messages of their conversations, both ways, the other person by the name the page shows.
    assert {(message["from"], message["body"]) for message in data["messages"]} == {
        ("me", "On se voit samedi ?"),
        ("Dominique", "Oui, à 10 h au jardin"),
    }
    assert any(name.startswith("fichiers/posts/") for name in archive.namelist())
    # Never another person's address, nor the comment the neighbour wrote under the post.
    text = archive.read("donnees.json").decode()
    assert neighbour.email not in text and "Bravo pour les tomates" not in text

    # Once: the link is spent, the file is gone.
    export = DataExport.objects.get(user=inhabitant)
    assert export.status == ExportStatus.DOWNLOADED
    assert not export.file.storage.exists(export.file.name)
    again = signed_in.get(link)
    assert again.status_code == 410
    assert "plus valable" in again.content.decode()


@pytest.mark.django_db
def test_the_link_opens_for_its_owner_only_and_not_after_its_date(
    signed_in, inhabitant, neighbour, django_capture_on_commit_callbacks
):
    _ask(signed_in, django_capture_on_commit_callbacks)
    link = _link_in_mail(inhabitant)
    other = Client()
    other.force_login(neighbour)
    assert other.get(link).status_code == 410
    assert Client().get(link).status_code == 302  # to the sign-in page
    assert signed_in.get(link[:-6] + "AAAAA/").status_code == 410  # a forged link is refused, not a 500
    DataExport.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert signed_in.get(link).status_code == 410
    assert DataExport.objects.get().status == ExportStatus.READY  # nobody took it


@pytest.mark.django_db
def test_a_second_request_while_one_is_prepared_is_refused_with_a_sentence(signed_in, inhabitant, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    signed_in.post("/profil/mes-donnees/")
    page = signed_in.post("/profil/mes-donnees/", follow=True).content.decode()
    assert "déjà en préparation" in page
    assert DataExport.objects.filter(user=inhabitant).count() == 1


@pytest.mark.django_db
def test_api_asks_for_a_download_and_tells_where_it_stands(inhabitant, django_capture_on_commit_callbacks):
    client = api_client(inhabitant)
    assert client.get("/api/v1/me/export").json()["status"] == "none"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/me/export")
    assert response.status_code == 202
    status = client.get("/api/v1/me/export").json()
    assert status["status"] == "ready"
    assert "/profil/mes-donnees/telecharger/" in status["download_url"]
