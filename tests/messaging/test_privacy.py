import pytest
from django.core import mail
from django.core.files.storage import default_storage

from parvis.core.storage_settings import storages_from
from parvis.messaging import services
from parvis.messaging.models import Message
from parvis.notifications.models import EmailFrequency
from parvis.notifications.services import notification_preference_set
from tests.conftest import staff_client
from tests.factories import png


@pytest.mark.django_db
def test_a_conversation_page_is_a_404_for_anyone_but_its_participants(client, conversation, outsider, neighbour):
    client.force_login(outsider)
    for url in (
        f"/messages/{conversation.pk}/",
        f"/messages/{conversation.pk}/nouveaux/?apres=0",
    ):
        assert client.get(url).status_code == 404
    assert client.post(f"/messages/{conversation.pk}/envoyer/", {"body": "intrus"}).status_code == 404
    assert "secret 42" not in client.get("/messages/").content.decode()
    client.force_login(neighbour)
    assert "secret 42" in client.get(f"/messages/{conversation.pk}/").content.decode()


@pytest.mark.django_db
def test_staff_get_no_exception(client, conversation, superuser):
    staff_client(client, superuser)
    assert client.get(f"/messages/{conversation.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_api_is_a_404_for_anyone_but_the_participants(client, conversation, outsider, neighbour):
    client.force_login(outsider)
    assert client.get(f"/api/v1/conversations/{conversation.pk}/messages").status_code == 404
    assert (
        client.post(
            f"/api/v1/conversations/{conversation.pk}/messages", {"body": "intrus"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert client.post(f"/api/v1/conversations/{conversation.pk}/read").status_code == 404
    assert client.get("/api/v1/conversations").json()["items"] == []
    client.force_login(neighbour)
    assert [c["id"] for c in client.get("/api/v1/conversations").json()["items"]] == [conversation.pk]


@pytest.mark.django_db
def test_an_attachment_is_served_only_to_participants_never_from_media(
    client, settings, conversation, neighbour, outsider
):
    settings.STORAGES = storages_from({})  # streamed by Django; the S3 case is in tests/core/test_media.py
    message = services.message_send(
        sender=neighbour, conversation=conversation, body="", image=png(), image_alt="Une photo du vélo"
    )
    assert message.image.name.startswith("messages/") and "photo" not in message.image.name
    assert not default_storage.exists(message.image.name)  # not in the public media
    client.force_login(neighbour)
    response = client.get(f"/messages/piece-jointe/{message.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # re-encoded as JPEG
    api = client.get(f"/api/v1/conversations/{conversation.pk}/messages/{message.pk}/image")
    assert api.status_code == 200
    client.force_login(outsider)
    assert client.get(f"/messages/piece-jointe/{message.pk}/").status_code == 404
    assert client.get(f"/api/v1/conversations/{conversation.pk}/messages/{message.pk}/image").status_code == 404
    client.logout()
    assert client.get(f"/messages/piece-jointe/{message.pk}/").status_code == 302


@pytest.mark.django_db
def test_a_file_that_is_not_an_image_is_refused_with_a_message(client, conversation, neighbour):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(neighbour)
    fake = SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(f"/messages/{conversation.pk}/envoyer/", {"body": "Voici", "image": fake})
    assert response.status_code == 400
    assert "JPEG" in response.content.decode()
    assert conversation.messages.count() == 1


@pytest.mark.django_db
def test_the_admin_shows_conversations_metadata_and_no_message_text(client, conversation, neighbour, superuser):
    services.message_send(sender=neighbour, conversation=conversation, body="Mon code d'entrée est 1234")
    conversation.subject = "Sujet confidentiel"
    conversation.save()
    staff_client(client, superuser)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "/admin/messaging/message/" not in index.content.decode()
    pages = [
        client.get("/admin/messaging/conversation/"),
        client.get(f"/admin/messaging/conversation/{conversation.pk}/change/"),
    ]
    for page in pages:
        assert page.status_code == 200
        text = page.content.decode()
        assert "1234" not in text and "secret 42" not in text and "Sujet confidentiel" not in text
        assert "Camille" not in text and "Dominique" not in text
    assert client.get("/admin/messaging/message/").status_code == 404


@pytest.mark.django_db
def test_messages_never_appear_in_search(client, conversation, neighbour, inhabitant, group):
    from parvis.posts.services import post_create

    services.message_send(sender=neighbour, conversation=conversation, body="Le mot zorglub en privé")
    post_create(author=inhabitant, space=group, body="Le mot zorglub en public")
    client.force_login(inhabitant)
    page = client.get("/recherche/", {"q": "zorglub"}).content.decode()
    assert "en public" in page  # the search works, and finds the post
    assert "en privé" not in page


@pytest.mark.django_db
def test_the_email_says_who_wrote_with_a_link_never_the_text(
    conversation, inhabitant, neighbour, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_send(sender=neighbour, conversation=conversation, body="Mon digicode est 4821B")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["camille@example.org"]
    assert "Dominique" in email.subject
    assert "4821B" not in email.body and "4821B" not in email.subject
    assert f"/messages/{conversation.pk}/" in email.body
    # One e-mail per conversation until it is read: the second message sends none.
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(sender=neighbour, conversation=conversation, body="Tu as vu ?")
    assert len(mail.outbox) == 1
    assert services.message_email_send(message_id=message.pk, recipient_id=inhabitant.pk) == "read or already sent"


@pytest.mark.django_db
def test_no_email_for_people_who_want_none(conversation, inhabitant, neighbour, django_capture_on_commit_callbacks):
    notification_preference_set(user=inhabitant, email_frequency=EmailFrequency.NEVER)
    mail.outbox.clear()
    services.conversation_mark_read(user=inhabitant, conversation=conversation)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(sender=neighbour, conversation=conversation, body="Coucou")
    assert mail.outbox == []
    assert Message.objects.count() == 2


@pytest.mark.django_db
def test_an_image_in_a_format_other_than_the_four_web_ones_is_refused(client, conversation, neighbour):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    client.force_login(neighbour)
    bmp = BytesIO()
    Image.new("RGB", (40, 30)).save(bmp, format="BMP")
    upload = SimpleUploadedFile("x.bmp", bmp.getvalue(), content_type="image/bmp")
    response = client.post(f"/messages/{conversation.pk}/envoyer/", {"body": "Voici", "image": upload})
    assert response.status_code == 400
    assert "GIF" in response.content.decode()
    assert conversation.messages.count() == 1


@pytest.mark.django_db
def test_no_email_once_the_recipient_has_left_the_conversation(
    group, inhabitant, neighbour, outsider, django_capture_on_commit_callbacks
):
    from tests.factories import add_member

    add_member(group, outsider)
    chat = services.conversation_start(
        initiator=inhabitant, participants=[neighbour, outsider], first_message="Bienvenue à tous"
    )
    for person in (neighbour, outsider):
        services.conversation_mark_read(user=person, conversation=chat)
    message = services.message_send(sender=inhabitant, conversation=chat, body="Le code du local est 7731")
    # The task runs later; in between, the outsider leaves the conversation.
    services.conversation_leave(user=outsider, conversation=chat)
    mail.outbox.clear()
    assert services.message_email_send(message_id=message.pk, recipient_id=outsider.pk) == "not visible"
    assert services.message_email_send(message_id=message.pk, recipient_id=neighbour.pk) == "sent"
    assert [email.to for email in mail.outbox] == [[neighbour.email]]


@pytest.mark.django_db
def test_the_message_email_itself_checks_that_its_recipient_may_read_the_message(conversation, outsider):
    from parvis.messaging import emails

    message = Message.objects.filter(conversation=conversation).get()
    mail.outbox.clear()
    assert emails.send_new_message(outsider, message) == 0  # not a participant: nothing leaves
    assert mail.outbox == []
