import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import escape
from django.utils.translation import gettext as _

from parvis.messaging import services
from parvis.messaging.models import MAX_PEOPLE, Conversation, Message, Participant, WhoMayWrite
from parvis.spaces.models import Space
from tests.factories import add_member, make_user


@pytest.mark.django_db
def test_people_who_share_a_group_start_a_conversation(conversation, inhabitant, neighbour):
    assert set(conversation.participants.values_list("user_id", flat=True)) == {inhabitant.pk, neighbour.pk}
    message = conversation.messages.get()
    assert message.sender == inhabitant and message.body == "Bonjour voisin, secret 42"
    assert Participant.objects.get(conversation=conversation, user=neighbour).unread_count == 1
    assert Participant.objects.get(conversation=conversation, user=inhabitant).unread_count == 0


@pytest.mark.django_db
def test_a_stranger_cannot_start_a_conversation_with_a_clear_403(client, group, inhabitant, outsider):
    client.force_login(outsider)
    inhabitant.handle = "camille"
    inhabitant.profile_visibility = "everyone"  # a profile the stranger may see: the refusal may name her
    inhabitant.save()
    response = client.post("/messages/nouvelle/", {"recipients": "@camille", "body": "Bonjour, je ne vous connais pas"})
    assert response.status_code == 403
    expected = _(
        "%(name)s only receives messages from people who share a group with them. Join one of their groups, or "
        "answer one of their posts."
    ) % {"name": "Camille"}
    assert escape(expected) in response.content.decode()
    assert not Conversation.objects.exists() and not Message.objects.exists()


@pytest.mark.django_db
def test_the_official_space_of_the_commune_is_not_a_shared_group(inhabitant, beauvais):
    other = make_user("voisin2@example.org", display_name="Voisin", home_commune=beauvais)
    official = Space.objects.official().get(territory=beauvais)
    add_member(official, inhabitant)
    add_member(official, other)
    with pytest.raises(PermissionDenied):
        services.conversation_start(initiator=other, participants=[inhabitant], first_message="Bonjour")


@pytest.mark.django_db
def test_a_stranger_may_write_when_the_recipient_allows_anyone(inhabitant, outsider):
    services.messaging_preference_set(user=inhabitant, who_may_write=WhoMayWrite.ANYONE)
    conversation = services.conversation_start(initiator=outsider, participants=[inhabitant], first_message="Bonjour")
    assert conversation.messages.count() == 1


@pytest.mark.django_db
def test_nobody_new_refuses_even_group_members_but_not_people_already_talking(
    conversation, group, inhabitant, neighbour, beauvais
):
    member = make_user("membre@example.org", display_name="Membre", home_commune=beauvais)
    add_member(group, member)
    services.messaging_preference_set(user=inhabitant, who_may_write=WhoMayWrite.NOBODY_NEW)
    with pytest.raises(PermissionDenied) as refused:
        services.conversation_start(initiator=member, participants=[inhabitant], first_message="Bonjour")
    assert "Camille" in str(refused.value)
    # The neighbour already talks with the inhabitant: the same one-to-one conversation goes on.
    again = services.conversation_start(initiator=neighbour, participants=[inhabitant], first_message="Re")
    assert again.pk == conversation.pk and conversation.messages.count() == 2


@pytest.mark.django_db
def test_answering_a_listing_replaces_sharing_a_group_and_is_one_to_one(inhabitant, neighbour, outsider):
    conversation = services.conversation_start(
        initiator=outsider, participants=[inhabitant], first_message="Le vélo est-il libre ?", context_listing_id=7
    )
    assert conversation.context_listing_id == 7
    with pytest.raises(ValidationError):
        services.conversation_start(
            initiator=outsider, participants=[inhabitant, neighbour], first_message="Bonjour", context_listing_id=7
        )


@pytest.mark.django_db
def test_a_conversation_has_at_most_twelve_people(inhabitant, beauvais):
    services.messaging_preference_set(user=inhabitant, who_may_write=WhoMayWrite.ANYONE)
    people = []
    for number in range(MAX_PEOPLE):
        person = make_user(f"p{number}@example.org", display_name=f"P{number}", home_commune=beauvais)
        services.messaging_preference_set(user=person, who_may_write=WhoMayWrite.ANYONE)
        people.append(person)
    with pytest.raises(ValidationError) as refused:
        services.conversation_start(initiator=inhabitant, participants=people, first_message="Réunion")
    assert str(MAX_PEOPLE) in " ".join(refused.value.messages)
    conversation = services.conversation_start(
        initiator=inhabitant, participants=people[: MAX_PEOPLE - 1], first_message="Réunion"
    )
    assert conversation.participants.count() == MAX_PEOPLE


@pytest.mark.django_db
def test_writing_to_nobody_or_only_oneself_is_refused(inhabitant):
    with pytest.raises(ValidationError):
        services.conversation_start(initiator=inhabitant, participants=[inhabitant], first_message="Moi")


@pytest.mark.django_db
def test_a_blocked_person_can_no_longer_write_with_a_clear_403(client, conversation, inhabitant, neighbour):
    services.block_create(blocker=inhabitant, blocked=neighbour)
    client.force_login(neighbour)
    response = client.post(f"/messages/{conversation.pk}/envoyer/", {"body": "Tu m'entends ?"})
    assert response.status_code == 403
    expected = _("%(name)s does not accept messages from you.") % {"name": "Camille"}
    assert escape(expected) in response.content.decode()
    assert conversation.messages.count() == 1
    with pytest.raises(PermissionDenied):
        services.conversation_start(initiator=neighbour, participants=[inhabitant], first_message="Et ici ?")
    # The blocker is told to unblock first, rather than writing to someone who cannot answer.
    with pytest.raises(PermissionDenied):
        services.message_send(sender=inhabitant, conversation=conversation, body="Au revoir")
    services.block_delete(blocker=inhabitant, blocked=neighbour)
    services.message_send(sender=neighbour, conversation=conversation, body="Merci")


@pytest.mark.django_db
def test_in_a_group_the_blocked_persons_new_messages_are_hidden_from_the_blocker_only(
    group, inhabitant, neighbour, beauvais
):
    third = make_user("tiers@example.org", display_name="Tiers", home_commune=beauvais)
    add_member(group, third)
    conversation = services.conversation_start(
        initiator=inhabitant, participants=[neighbour, third], first_message="Fête des voisins ?"
    )
    before = services.message_send(sender=neighbour, conversation=conversation, body="Avant le blocage")
    services.block_create(blocker=inhabitant, blocked=neighbour)
    after = services.message_send(sender=neighbour, conversation=conversation, body="Après le blocage")
    seen_by_blocker = set(Message.objects.visible_to(inhabitant).values_list("pk", flat=True))
    assert before.pk in seen_by_blocker and after.pk not in seen_by_blocker
    assert after.pk in set(Message.objects.visible_to(third).values_list("pk", flat=True))
    # The hidden message does not count as unread for the blocker either.
    assert Participant.objects.get(conversation=conversation, user=inhabitant).unread_count == 1


@pytest.mark.django_db
def test_a_5_mb_text_message_is_refused_with_a_clear_message_and_nothing_saved(client, conversation, neighbour):
    client.force_login(neighbour)
    huge = "a" * (5 * 1024 * 1024)
    response = client.post(f"/messages/{conversation.pk}/envoyer/", {"body": huge})
    assert response.status_code == 400
    page = response.content.decode()
    assert "5000" in page and str(len(huge)) in page
    assert huge[:20_000] not in page  # the text is not echoed back
    assert conversation.messages.count() == 1
    with pytest.raises(ValidationError):
        services.message_send(sender=neighbour, conversation=conversation, body="b" * 5001)
    services.message_send(sender=neighbour, conversation=conversation, body="b" * 5000)


@pytest.mark.django_db
def test_an_empty_message_is_refused_with_a_message(client, conversation, neighbour):
    client.force_login(neighbour)
    response = client.post(f"/messages/{conversation.pk}/envoyer/", {"body": "   "})
    assert response.status_code == 400
    assert escape(_("Write a message before sending.")) in response.content.decode()


@pytest.mark.django_db
def test_the_31st_message_in_a_minute_is_refused(settings, conversation, neighbour, rate_limits_on):
    from parvis.core.ratelimit import RateLimited

    for number in range(30):
        services.message_send(sender=neighbour, conversation=conversation, body=f"Message {number}")
    with pytest.raises(RateLimited):
        services.message_send(sender=neighbour, conversation=conversation, body="Un de trop")


@pytest.mark.django_db
def test_a_person_leaves_a_group_conversation_but_not_a_one_to_one(
    client, conversation, group, inhabitant, neighbour, beauvais
):
    third = make_user("tiers@example.org", display_name="Tiers", home_commune=beauvais)
    add_member(group, third)
    trio = services.conversation_start(initiator=inhabitant, participants=[neighbour, third], first_message="À trois")
    client.force_login(third)
    assert "/quitter/" in client.get(f"/messages/{trio.pk}/").content.decode()
    assert client.post(f"/api/v1/conversations/{trio.pk}/leave").status_code == 204
    assert client.get(f"/messages/{trio.pk}/").status_code == 404
    services.message_send(sender=inhabitant, conversation=trio, body="Encore là ?")
    assert not Message.objects.visible_to(third).filter(conversation=trio).exists()
    client.force_login(neighbour)
    assert client.post(f"/messages/{conversation.pk}/quitter/").status_code == 302
    assert client.post(f"/api/v1/conversations/{conversation.pk}/leave").status_code == 400
    assert conversation.participants.count() == 2
