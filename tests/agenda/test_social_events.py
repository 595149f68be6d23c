"""Events as social objects: invitations (in the app and by e-mail, accept or decline), participation requests with
the organisers' question, reminders the day before and an hour before (each person choosing, never twice), and
news of a new event in one's group for those who asked."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from parvis.agenda.models import AgendaPreference, Invitation, Reminder, Rsvp, RsvpStatus
from parvis.agenda.participation import InvitationStatus
from parvis.agenda.services.invitations import event_invite, invitation_answer
from parvis.agenda.services.reminders import agenda_preference_set, reminders_send
from parvis.agenda.services.rsvps import participation_decide, rsvp_set
from parvis.notifications.models import Notification
from tests.factories import add_member, make_event, make_user, soon


@pytest.fixture
def run_after_commit(django_capture_on_commit_callbacks):
    """Run a service with its after-commit side effects (notifications, e-mails), as in production."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


@pytest.fixture
def members(spaces, neighbour, beauvais):
    """The members-only group: the inhabitant owns it, the neighbour and Yasmine are members."""
    yasmine = make_user("yasmine@example.org", display_name="Yasmine", home_commune=beauvais)
    add_member(spaces["members"], neighbour)
    add_member(spaces["members"], yasmine)
    return spaces["members"], [neighbour, yasmine]


@pytest.fixture
def private_event(inhabitant, members, run_after_commit):
    group, _people = members
    return run_after_commit(make_event, creator=inhabitant, space=group, title="Repas partagé du local")


def test_an_officer_invites_a_group_each_member_is_told_in_the_app_and_by_email(
    inhabitant, members, private_event, run_after_commit
):
    group, people = members
    mail.outbox.clear()
    count = run_after_commit(event_invite, inviter=inhabitant, event=private_event, group=group)
    assert count == 2
    for person in people:
        notification = Notification.objects.get(recipient=person, target_kind="event_invitation")
        assert "vous invite" in notification.text or "invites you" in notification.text
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in people)
    assert all("Repas partagé du local" in message.subject for message in mail.outbox)


def test_inviting_again_tells_nobody_twice(inhabitant, members, private_event, run_after_commit):
    group, _people = members
    run_after_commit(event_invite, inviter=inhabitant, event=private_event, group=group)
    mail.outbox.clear()
    assert run_after_commit(event_invite, inviter=inhabitant, event=private_event, group=group) == 0
    assert mail.outbox == []
    assert Invitation.objects.filter(event=private_event).count() == 2


def test_accepting_an_invitation_registers_and_declining_does_not(inhabitant, members, private_event):
    group, (neighbour, yasmine) = members
    event_invite(inviter=inhabitant, event=private_event, group=group)
    invitation, rsvp = invitation_answer(
        user=neighbour, invitation_id=Invitation.objects.get(invitee=neighbour).pk, accept=True
    )
    assert invitation.status == InvitationStatus.ACCEPTED and rsvp.status == RsvpStatus.GOING
    invitation, rsvp = invitation_answer(
        user=yasmine, invitation_id=Invitation.objects.get(invitee=yasmine).pk, accept=False
    )
    assert invitation.status == InvitationStatus.DECLINED and rsvp is None
    private_event.refresh_from_db()
    assert private_event.going_count == 1


def test_nobody_answers_someone_elses_invitation(inhabitant, members, private_event, outsider):
    group, (neighbour, _yasmine) = members
    event_invite(inviter=inhabitant, event=private_event, group=group)
    with pytest.raises(Invitation.DoesNotExist):
        invitation_answer(user=outsider, invitation_id=Invitation.objects.get(invitee=neighbour).pk, accept=True)


def test_only_people_sharing_a_group_are_invited(inhabitant, members, private_event, outsider, spaces):
    with pytest.raises(PermissionDenied):
        event_invite(inviter=inhabitant, event=private_event, people=[outsider])
    with pytest.raises(PermissionDenied):
        event_invite(inviter=outsider, event=private_event, people=[inhabitant])
    # A group one does not belong to cannot be invited whole.
    other = spaces["public"]
    stranger = make_user("etranger@example.org", display_name="Étranger")
    with pytest.raises(PermissionDenied):
        event_invite(inviter=stranger, event=make_event(inhabitant, other, "Fête"), group=other)


def test_a_member_of_another_group_who_may_not_read_the_private_event_is_never_invited(
    inhabitant, members, private_event, spaces, beauvais, run_after_commit
):
    """Inviting a public group to a members-only group's event tells only those who may read it."""
    public = spaces["public"]
    reader_elsewhere = make_user("autre@example.org", display_name="Autre", home_commune=beauvais)
    add_member(public, reader_elsewhere)
    mail.outbox.clear()
    assert run_after_commit(event_invite, inviter=inhabitant, event=private_event, group=public) == 0
    assert not Notification.objects.filter(recipient=reader_elsewhere).exists()
    assert mail.outbox == []


def test_participation_request_waits_for_the_organisers_and_asks_the_question(inhabitant, members, run_after_commit):
    group, (neighbour, yasmine) = members
    event = make_event(
        inhabitant,
        group,
        "Atelier vélo",
        capacity=5,
        approval_required=True,
        question="Quel vélo apportez-vous ?",
    )
    with pytest.raises(ValidationError) as error:
        rsvp_set(user=neighbour, event=event, status=RsvpStatus.GOING)
    assert "answer" in error.value.message_dict
    rsvp = rsvp_set(user=neighbour, event=event, status=RsvpStatus.GOING, answer="Un vélo de ville")
    assert rsvp.status == RsvpStatus.PENDING and rsvp.answer == "Un vélo de ville"
    event.refresh_from_db()
    assert event.going_count == 0
    with pytest.raises(PermissionDenied):
        participation_decide(organiser=yasmine, rsvp_id=rsvp.pk, approve=True)
    mail.outbox.clear()
    rsvp = run_after_commit(participation_decide, organiser=inhabitant, rsvp_id=rsvp.pk, approve=True)
    assert rsvp.status == RsvpStatus.GOING
    event.refresh_from_db()
    assert event.going_count == 1
    assert [message.to[0] for message in mail.outbox] == [neighbour.email]
    # A declined request stays declined: the person cannot ask again by answering "going".
    other = rsvp_set(user=yasmine, event=event, status=RsvpStatus.GOING, answer="Un tandem")
    participation_decide(organiser=inhabitant, rsvp_id=other.pk, approve=False)
    with pytest.raises(ValidationError):
        rsvp_set(user=yasmine, event=event, status=RsvpStatus.GOING, answer="Encore")
    with pytest.raises(ValidationError):
        participation_decide(organiser=inhabitant, rsvp_id=other.pk, approve=True)


def test_a_person_cannot_give_themselves_a_status_the_organisers_give(inhabitant, members):
    group, (neighbour, _yasmine) = members
    event = make_event(inhabitant, group, "Atelier", approval_required=True)
    for status in (RsvpStatus.PENDING, RsvpStatus.REJECTED, RsvpStatus.WAITING, "anything"):
        with pytest.raises(ValidationError):
            rsvp_set(user=neighbour, event=event, status=status)


def test_reminders_go_the_day_before_and_an_hour_before_once_each(inhabitant, members, run_after_commit):
    group, (neighbour, yasmine) = members
    start = soon(days=3)
    event = make_event(inhabitant, group, "Assemblée générale", start=start)
    rsvp_set(user=neighbour, event=event, status=RsvpStatus.GOING)
    rsvp_set(user=yasmine, event=event, status=RsvpStatus.GOING)
    agenda_preference_set(user=yasmine, remind_day_before=False)
    assert run_after_commit(reminders_send, now=start - timedelta(hours=30)) == 0
    assert run_after_commit(reminders_send, now=start - timedelta(hours=20)) == 1
    assert run_after_commit(reminders_send, now=start - timedelta(hours=19)) == 0  # never twice
    day = Notification.objects.get(recipient=neighbour, target_kind="event_reminder")
    assert "demain" in day.text or "tomorrow" in day.text
    assert not Notification.objects.filter(recipient=yasmine).filter(target_kind="event_reminder").exists()
    assert run_after_commit(reminders_send, now=start - timedelta(minutes=50)) == 2
    assert run_after_commit(reminders_send, now=start - timedelta(minutes=40)) == 0
    assert Reminder.objects.filter(user=neighbour).count() == 2
    assert Notification.objects.filter(recipient=yasmine, target_kind="event_reminder").count() == 1


def test_the_reminder_command_takes_a_simulated_time_and_refuses_a_bad_one(inhabitant, members, capsys):
    group, (neighbour, _yasmine) = members
    start = soon(days=2)
    event = make_event(inhabitant, group, "Conseil de quartier", start=start)
    rsvp_set(user=neighbour, event=event, status=RsvpStatus.GOING)
    call_command("agenda_reminders", now=(start - timedelta(minutes=30)).isoformat())
    call_command("agenda_reminders", now=(start - timedelta(minutes=20)).isoformat())
    assert Reminder.objects.filter(user=neighbour).count() == 1
    from django.core.management.base import CommandError

    for bad in ("demain", "2026-12-01T18:00:00"):
        with pytest.raises(CommandError):
            call_command("agenda_reminders", now=bad)


def test_a_former_member_gets_no_reminder_of_the_private_event(inhabitant, members, run_after_commit):
    from parvis.spaces.services.memberships import space_leave

    group, (neighbour, _yasmine) = members
    start = soon(days=2)
    event = make_event(inhabitant, group, "Réunion", start=start)
    rsvp_set(user=neighbour, event=event, status=RsvpStatus.GOING)
    space_leave(space=group, user=neighbour)
    run_after_commit(reminders_send, now=start - timedelta(minutes=30))
    assert not Notification.objects.filter(recipient=neighbour).exists()
    assert not Rsvp.objects.filter(user=neighbour).exists()


def test_members_who_asked_hear_of_a_new_event_in_their_group(inhabitant, members, run_after_commit):
    group, (neighbour, yasmine) = members
    agenda_preference_set(user=neighbour, new_events_in_my_groups=True)
    event = run_after_commit(make_event, creator=inhabitant, space=group, title="Vide-grenier")
    told = Notification.objects.filter(target_kind="event", target_id=event.pk)
    assert [n.recipient_id for n in told] == [neighbour.pk]
    assert AgendaPreference.objects.get(user=neighbour).new_events_in_my_groups
    assert not told.filter(recipient=yasmine).exists()
