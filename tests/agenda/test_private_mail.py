"""A private event's news reaches only those who may read the event when the e-mail leaves: a secret planted in the
event, the organisers' message and the cancellation reason must never reach a former member, a removed member, a
person outside the group or a guest without an account."""

import pytest
from django.core import mail

from parvis.agenda.models import Rsvp, RsvpStatus
from parvis.agenda.services.events import event_cancel, event_create
from parvis.agenda.services.participants import event_message_participants
from parvis.agenda.services.rsvps import rsvp_guest_confirm, rsvp_guest_request, rsvp_set
from parvis.spaces.models import Membership, Visibility
from parvis.spaces.services.memberships import membership_remove, space_leave
from parvis.spaces.services.spaces import space_update
from tests.factories import add_member, make_user, soon

SECRET = "SECRET-7731"


def mails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def mentions_secret(messages) -> bool:
    return any(
        SECRET in message.subject
        or SECRET in message.body
        or any(SECRET in content for content, _type in getattr(message, "alternatives", []))
        for message in messages
    )


@pytest.fixture
def group(spaces):
    return spaces[Visibility.MEMBERS]


@pytest.fixture
def people(group, neighbour, beauvais):
    """Four members of the members-only group besides its owner (the inhabitant)."""
    leaver = neighbour
    removed = make_user("exclu@example.org", display_name="Exclu", home_commune=beauvais)
    waiting = make_user("patiente@example.org", display_name="Patiente", home_commune=beauvais)
    stayer = make_user("fidele@example.org", display_name="Fidèle", home_commune=beauvais)
    for person in (leaver, removed, waiting, stayer):
        add_member(group, person)
    return leaver, removed, waiting, stayer


@pytest.fixture
def workshop(inhabitant, group):
    return event_create(
        creator=inhabitant,
        space=group,
        title=f"Atelier {SECRET}",
        description=f"Code de la porte : {SECRET}",
        start=soon(),
        end=soon(hours=2),
        capacity=2,
    )


def test_leaving_a_private_group_withdraws_answers_and_gives_the_place_to_the_next(
    inhabitant, group, people, workshop, django_capture_on_commit_callbacks
):
    leaver, removed, waiting, stayer = people
    rsvp_set(user=leaver, event=workshop, status=RsvpStatus.GOING)
    rsvp_set(user=removed, event=workshop, status=RsvpStatus.GOING)
    rsvp_set(user=waiting, event=workshop, status=RsvpStatus.GOING)  # full: on the waiting list
    rsvp_set(user=stayer, event=workshop, status=RsvpStatus.INTERESTED)
    assert Rsvp.objects.get(user=waiting).status == RsvpStatus.WAITING
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        space_leave(space=group, user=leaver)
    assert not Rsvp.objects.filter(event=workshop, user=leaver).exists()
    assert Rsvp.objects.get(user=waiting).status == RsvpStatus.GOING  # the freed place went to the next one
    assert [message.to for message in mail.outbox] == [[waiting.email]]  # told of the place; the leaver, nothing

    with django_capture_on_commit_callbacks(execute=True):
        membership_remove(actor=inhabitant, space=group, membership=Membership.objects.get(space=group, user=removed))
    assert not Rsvp.objects.filter(event=workshop, user=removed).exists()
    workshop.refresh_from_db()
    assert workshop.going_count == 1  # only the promoted person holds a place now
    assert Rsvp.objects.get(user=stayer).status == RsvpStatus.INTERESTED  # members keep their answers


def test_a_former_member_gets_no_mail_about_the_groups_private_events(
    inhabitant, group, people, workshop, django_capture_on_commit_callbacks
):
    leaver, removed, waiting, stayer = people
    for person in (leaver, removed, stayer):
        rsvp_set(user=person, event=workshop, status=RsvpStatus.INTERESTED)
    with django_capture_on_commit_callbacks(execute=True):
        space_leave(space=group, user=leaver)
        membership_remove(actor=inhabitant, space=group, membership=Membership.objects.get(space=group, user=removed))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        event_message_participants(sender=inhabitant, event=workshop, subject="Rappel", body=f"Le code : {SECRET}")
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(editor=inhabitant, event=workshop, reason=f"Salle fermée ({SECRET})")

    for gone in (leaver, removed):
        assert mails_to(gone.email) == []
    assert len(mails_to(stayer.email)) == 2 and mentions_secret(mails_to(stayer.email))  # members still hear


def test_mail_about_an_event_stops_for_people_outside_once_its_group_turns_private(
    client, inhabitant, neighbour, outsider, spaces, django_capture_on_commit_callbacks
):
    """Answers given while the group was public (a person outside it, a guest without an account) stay, but once
    the group is members-only nothing about its events is e-mailed to them any more."""
    group = spaces[Visibility.PUBLIC]
    add_member(group, neighbour)
    party = event_create(
        creator=inhabitant, space=group, title=f"Fête {SECRET}", start=soon(), end=soon(hours=3), capacity=1
    )
    fan = make_user("fan@example.org", display_name="Fan", home_commune=inhabitant.home_commune)
    add_member(group, fan)
    rsvp_set(user=fan, event=party, status=RsvpStatus.INTERESTED)
    rsvp_set(user=neighbour, event=party, status=RsvpStatus.GOING)
    rsvp_set(user=outsider, event=party, status=RsvpStatus.GOING)  # full: waiting
    guest = rsvp_guest_request(event=party, email="invite@example.org", name="Invité", status=RsvpStatus.INTERESTED)
    rsvp_guest_confirm(token=guest.token)
    space_update(
        actor=inhabitant,
        space=group,
        name=group.name,
        description=group.description,
        visibility=Visibility.MEMBERS,
        join_policy=group.join_policy,
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        rsvp_set(user=neighbour, event=party, status=RsvpStatus.NOT_GOING)  # frees the place: the outsider's turn
    with django_capture_on_commit_callbacks(execute=True):
        event_message_participants(sender=inhabitant, event=party, subject="Infos", body=f"Mot de passe {SECRET}")
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(editor=inhabitant, event=party, reason=f"Annulée ({SECRET})")

    assert mails_to(outsider.email) == [] and mails_to("invite@example.org") == []
    assert not Rsvp.objects.filter(event=party, user=outsider).exists()  # not promoted: withdrawn
    assert len(mails_to(fan.email)) == 2  # the members still hear
    assert {address for message in mail.outbox for address in message.to} == {fan.email}
    client.force_login(outsider)
    assert SECRET not in client.get(party.get_absolute_url()).content.decode()


def test_promotion_skips_and_withdraws_people_who_may_no_longer_read_the_event(
    inhabitant, neighbour, outsider, spaces, django_capture_on_commit_callbacks
):
    """People outside the group who queued while it was public (a person, a guest without an account) are passed
    over once it is members-only: the place goes to the first member waiting behind them."""
    group = spaces[Visibility.PUBLIC]
    add_member(group, neighbour)
    patient = make_user("patiente@example.org", display_name="Patiente", home_commune=inhabitant.home_commune)
    add_member(group, patient)
    party = event_create(
        creator=inhabitant, space=group, title=f"Fête {SECRET}", start=soon(), end=soon(hours=3), capacity=1
    )
    rsvp_set(user=neighbour, event=party, status=RsvpStatus.GOING)
    rsvp_set(user=outsider, event=party, status=RsvpStatus.GOING)  # full: first on the waiting list
    guest = rsvp_guest_request(event=party, email="invite@example.org", name="Invité", status=RsvpStatus.GOING)
    rsvp_guest_confirm(token=guest.token)  # second on the waiting list
    rsvp_set(user=patient, event=party, status=RsvpStatus.GOING)  # third, a member
    assert Rsvp.objects.filter(event=party, status=RsvpStatus.WAITING).count() == 3
    space_update(
        actor=inhabitant,
        space=group,
        name=group.name,
        description=group.description,
        visibility=Visibility.MEMBERS,
        join_policy=group.join_policy,
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        rsvp_set(user=neighbour, event=party, status=RsvpStatus.NOT_GOING)

    assert Rsvp.objects.get(event=party, user=patient).status == RsvpStatus.GOING
    assert not Rsvp.objects.filter(event=party, user=outsider).exists()
    assert not Rsvp.objects.filter(event=party, email="invite@example.org").exists()
    party.refresh_from_db()
    assert party.going_count == 1
    assert [message.to for message in mail.outbox] == [[patient.email]]


def test_promotion_with_nobody_left_who_may_read_keeps_the_place_free(
    inhabitant, neighbour, outsider, spaces, django_capture_on_commit_callbacks
):
    group = spaces[Visibility.PUBLIC]
    add_member(group, neighbour)
    party = event_create(creator=inhabitant, space=group, title="Fête", start=soon(), end=soon(hours=3), capacity=1)
    rsvp_set(user=neighbour, event=party, status=RsvpStatus.GOING)
    rsvp_set(user=outsider, event=party, status=RsvpStatus.GOING)
    space_update(
        actor=inhabitant,
        space=group,
        name=group.name,
        description=group.description,
        visibility=Visibility.SECRET,
        join_policy=group.join_policy,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rsvp_set(user=neighbour, event=party, status=RsvpStatus.NOT_GOING)
    party.refresh_from_db()
    assert party.going_count == 0
    assert not Rsvp.objects.filter(event=party, user=outsider).exists()
    assert mail.outbox == []
