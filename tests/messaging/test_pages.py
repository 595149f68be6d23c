import pytest
from django.core.exceptions import ValidationError

from parvis.messaging import services
from parvis.messaging.models import Participant, WhoMayWrite
from parvis.moderation.models import Report
from parvis.moderation.services import report_create
from tests.conftest import staff_client
from tests.factories import make_user, png


@pytest.mark.django_db
def test_the_poll_returns_only_the_messages_after_the_last_one_shown(client, conversation, inhabitant, neighbour):
    first = conversation.messages.get()
    second = services.message_send(sender=neighbour, conversation=conversation, body="Deuxième message")
    third = services.message_send(sender=neighbour, conversation=conversation, body="Troisième message")
    client.force_login(inhabitant)
    url = f"/messages/{conversation.pk}/nouveaux/"
    response = client.get(url, {"apres": second.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Troisième message" in page
    assert "Deuxième message" not in page and "secret 42" not in page
    assert f'id="message-{third.pk}"' in page and f'id="message-{first.pk}"' not in page
    assert 'hx-swap-oob="beforeend:#dm-thread"' in page
    assert f"apres={third.pk}" in page and 'hx-trigger="every 5s"' in page  # the next poll asks after the third
    assert client.get(url, {"apres": third.pk}).status_code == 204  # nothing new: nothing to swap
    assert client.get(url, {"apres": "abc"}).status_code == 200  # a bad value reads as "from the start"


@pytest.mark.django_db
def test_the_conversation_page_polls_and_works_without_javascript(client, conversation, neighbour):
    client.force_login(neighbour)
    page = client.get(f"/messages/{conversation.pk}/").content.decode()
    assert 'aria-live="polite"' in page
    assert 'hx-trigger="every 5s"' in page and "hx-get=" in page
    assert f'href="/messages/{conversation.pk}/#dm-form"' in page  # the refresh link
    assert "<title>" in page and "Camille" in page.split("<title>")[1].split("</title>")[0]


@pytest.mark.django_db
def test_the_header_badge_counts_unread_messages_and_reading_clears_it(
    client, conversation, inhabitant, neighbour, django_assert_max_num_queries
):
    services.message_send(sender=inhabitant, conversation=conversation, body="Tu es là ?")
    client.force_login(neighbour)
    page = client.get("/messages/").content.decode()
    badge = page.split('href="/messages/"', 1)[1].split("</a>")[0]
    assert '<span class="count" aria-hidden="true">2</span>' in badge and "2 non lus" in badge
    client.get(f"/messages/{conversation.pk}/")
    assert Participant.objects.get(conversation=conversation, user=neighbour).unread_count == 0
    page = client.get("/messages/").content.decode()
    assert 'class="count"' not in page.split('href="/messages/"', 1)[1].split("</a>")[0]
    assert client.get("/api/v1/conversations").json()["items"][0]["unread"] == 0


@pytest.mark.django_db
def test_a_message_arriving_after_the_page_was_drawn_stays_unread(conversation, inhabitant, neighbour):
    shown = conversation.messages.get().pk
    services.message_send(sender=inhabitant, conversation=conversation, body="Arrivé entre-temps")
    services.conversation_mark_read(user=neighbour, conversation=conversation, up_to_id=shown)
    assert Participant.objects.get(conversation=conversation, user=neighbour).unread_count == 1


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_the_conversation_list_costs_the_same_with_1_or_20_conversations(
    client, inhabitant, beauvais, count, django_assert_max_num_queries
):
    services.messaging_preference_set(user=inhabitant, who_may_write=WhoMayWrite.ANYONE)
    for number in range(count):
        person = make_user(f"v{number}@example.org", display_name=f"Voisin {number}", home_commune=beauvais)
        services.conversation_start(initiator=person, participants=[inhabitant], first_message=f"Bonjour {number}")
    client.force_login(inhabitant)
    with django_assert_max_num_queries(9):
        page = client.get("/messages/").content.decode()
    assert f"Voisin {count - 1}" in page


@pytest.mark.django_db
def test_a_new_conversation_from_a_profile_link(client, group, inhabitant, neighbour):
    client.force_login(inhabitant)
    form = client.get(f"/messages/nouvelle/?a={neighbour.pk}").content.decode()
    assert "Dominique" in form
    response = client.post("/messages/nouvelle/", {"a": neighbour.pk, "body": "Bonjour Dominique"})
    assert response.status_code == 302
    assert neighbour.conversation_seats.count() == 1
    bad = client.post("/messages/nouvelle/", {"recipients": "@personne-inconnue", "body": "Allô"})
    assert bad.status_code == 400 and "@personne-inconnue" in bad.content.decode()


@pytest.mark.django_db
def test_the_settings_page_saves_who_may_write_and_lists_blocks(client, inhabitant, neighbour):
    client.force_login(inhabitant)
    assert client.get("/messages/reglages/").status_code == 200
    assert client.post("/messages/reglages/", {"who_may_write": "anyone"}).status_code == 302
    assert services.preference_get(user=inhabitant).who_may_write == WhoMayWrite.ANYONE
    assert client.post("/messages/reglages/", {"who_may_write": "everyone!"}).status_code == 400
    client.post(f"/messages/bloquer/{neighbour.pk}/")
    assert f"/messages/debloquer/{neighbour.pk}/" in client.get("/messages/reglages/").content.decode()
    client.post(f"/messages/debloquer/{neighbour.pk}/")
    assert f"/messages/debloquer/{neighbour.pk}/" not in client.get("/messages/reglages/").content.decode()


@pytest.mark.django_db
def test_a_reported_message_reaches_the_operators_queue_and_only_that_message(
    client, conversation, inhabitant, neighbour, operator_moderator, group
):
    services.message_send(sender=neighbour, conversation=conversation, body="Une menace inacceptable")
    other = services.message_send(sender=neighbour, conversation=conversation, body="Un message non signalé")
    reported = conversation.messages.get(body="Une menace inacceptable")
    client.force_login(inhabitant)
    assert client.get(f"/moderation/signaler/message/{reported.pk}/").status_code == 200
    response = client.post(f"/moderation/signaler/message/{reported.pk}/", {"reason": "harassment", "good_faith": "on"})
    assert response.status_code == 302 and response["Location"] == "/moderation/signalement-envoye/"
    assert f"#message-{reported.pk}" in client.get(response["Location"]).content.decode()  # back to the message
    report = Report.objects.get()
    assert report.kind == "message" and report.target == reported and report.author == neighbour
    assert report.space is None
    staff_client(client, operator_moderator)
    queue = client.get("/moderation/").content.decode()
    assert "Une menace inacceptable" in queue
    assert "non signalé" not in queue and "secret 42" not in queue
    assert f"/messages/{conversation.pk}/" not in queue  # no way into the conversation
    assert client.get(f"/messages/{conversation.pk}/").status_code == 404
    # The decision hides the message from the conversation.
    client.post(f"/moderation/signalements/{report.pk}/decider/", {"action": "hide", "reason": "Menace"})
    reported.refresh_from_db()
    assert reported.status == "hidden"
    client.force_login(inhabitant)
    page = client.get(f"/messages/{conversation.pk}/").content.decode()
    assert "Une menace inacceptable" not in page and other.body in page


@pytest.mark.django_db
def test_only_a_participant_reports_a_message(client, conversation, outsider, inhabitant, neighbour):
    message = services.message_send(sender=neighbour, conversation=conversation, body="Entre nous")
    client.force_login(outsider)
    assert client.get(f"/moderation/signaler/message/{message.pk}/").status_code == 404
    assert client.post(f"/moderation/signaler/message/{message.pk}/", {"reason": "spam"}).status_code == 404
    response = client.post(
        "/api/v1/reports",
        {"kind": "message", "target_id": message.pk, "reason": "spam"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Report.objects.exists()
    with pytest.raises(ValidationError):  # the sender cannot report their own message
        report_create(reporter=neighbour, kind="message", target_id=message.pk, reason="spam")
    report_create(reporter=inhabitant, kind="message", target_id=message.pk, reason="spam")
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_the_moderators_handling_a_reported_message_see_its_image_and_no_other(
    client, conversation, inhabitant, neighbour, operator_moderator
):
    reported = services.message_send(sender=neighbour, conversation=conversation, body="Regarde", image=png())
    other = services.message_send(sender=neighbour, conversation=conversation, body="", image=png())
    staff_client(client, operator_moderator)
    assert client.get(f"/messages/piece-jointe/{reported.pk}/").status_code == 404
    report_create(reporter=inhabitant, kind="message", target_id=reported.pk, reason="harassment")
    assert f"/messages/piece-jointe/{reported.pk}/" in client.get("/moderation/").content.decode()
    assert client.get(f"/messages/piece-jointe/{reported.pk}/").status_code == 200
    assert client.get(f"/messages/piece-jointe/{other.pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 60])
def test_the_conversation_page_costs_the_same_with_1_or_60_messages(
    client, conversation, neighbour, inhabitant, count, django_assert_max_num_queries
):
    for number in range(count):
        services.message_send(sender=inhabitant, conversation=conversation, body=f"Message numéro {number}")
    client.force_login(neighbour)
    client.get("/messages/")  # warm the session
    with django_assert_max_num_queries(14):
        page = client.get(f"/messages/{conversation.pk}/").content.decode()
    assert f"Message numéro {count - 1}" in page
    assert ("Earlier messages" in page or "Messages précédents" in page) == (count + 1 > 50)
    with django_assert_max_num_queries(5):
        assert client.get(f"/messages/{conversation.pk}/nouveaux/", {"apres": 10**9}).status_code == 204
