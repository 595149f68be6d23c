"""The register's lines for events, answers to them and the common agenda (see `core/personal_data.py`)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import SERVICE, WHILE_CONTENT, Entry, NotPersonal, Retention

from .discussion import EventComment
from .models import (
    AgendaEditor,
    AgendaSubmission,
    CalendarSource,
    CalendarToken,
    Event,
    Occurrence,
    Replay,
    Rsvp,
    TrustedPublisher,
)
from .participation import AgendaPreference, EventPhoto, Invitation, Reminder


def register() -> None:
    personal_data.register(
        key="agenda",
        heading=_("Events"),
        entries=[
            Entry(
                Event,
                (
                    "created_by",
                    "organiser_space",
                    "space",
                    "title",
                    "description",
                    "description_html",
                    "venue_name",
                    "address",
                    "commune",
                    "latitude",
                    "longitude",
                    "image",
                    "image_alt",
                    "online_url",
                    "price_text",
                    "accessibility_note",
                    "cancel_reason",
                    "question",
                ),
                data=_("the events you publish: what, where (an address may be a home), picture"),
                purpose=_("announcing an event to the people of the space, and to everyone when it is public"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_(
                    "the people who may read the space; a public event also leaves as a calendar, open data and "
                    "on the commune's websites"
                ),
            ),
            Entry(
                Occurrence,
                ("created_by",),
                data=_("who published an event, copied to each of its dates"),
                purpose=_("showing an unpublished event's dates to its author alone"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("nobody: it only decides what the agenda shows you"),
            ),
            Entry(
                Rsvp,
                ("event", "user", "status", "waiting_since", "created_at", "updated_at", "share_email"),
                data=_(
                    "your answers to events, your place on a waiting list, and whether you agreed to show your e-mail "
                    "address to the organisers"
                ),
                purpose=_("counting places and telling you of changes"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("you and the event's organisers; the readers see the counts"),
            ),
            Entry(
                Rsvp,
                ("answer",),
                data=_("your answer to the question the organisers ask when you ask for a place"),
                purpose=_("letting the organisers decide on your request to take part"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("you and the event's organisers"),
            ),
            Entry(
                Invitation,
                ("event", "invitee", "invited_by", "status", "created_at", "answered_at"),
                data=_("the invitations to events you sent and received, and your answers"),
                purpose=_("inviting the people you share a group with, and telling them"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the invited person; the organisers see the answers"),
            ),
            Entry(
                EventPhoto,
                ("event", "author", "image", "image_small", "alt_text", "created_at"),
                data=_("the photos you add to the album of an event, and their description"),
                purpose=_("sharing the pictures of the event with those who may read it"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the people who may read the event"),
            ),
            Entry(
                EventComment,
                (
                    "event",
                    "author",
                    "parent",
                    "body",
                    "body_html",
                    "mentioned_users",
                    "status",
                    "created_at",
                    "edited_at",
                ),
                data=_("your comments under events, and the people they mention"),
                purpose=_("talking about an event with the people who may read it"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the people who may read the event"),
            ),
            Entry(
                Reminder,
                ("event", "user", "slot", "occurrence_start", "created_at"),
                data=_("the reminders of events sent to you"),
                purpose=_("reminding you of an event you go to, once for each time you chose"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("you only"),
            ),
            Entry(
                AgendaPreference,
                ("user", "remind_day_before", "remind_hour_before", "new_events_in_my_groups"),
                data=_("your choices about reminders and news of events"),
                purpose=_("reminding you and telling you of events as you asked"),
                basis=SERVICE,
                retention=Retention(life=_("as long as your account")),
                seen_by=_("you only"),
            ),
            Entry(
                Rsvp,
                ("email", "name", "confirmed", "token"),
                data=_("the name and e-mail address of a guest who answers without an account"),
                purpose=_("keeping the guest's place and writing to them about the event"),
                basis=SERVICE,
                retention=Retention(
                    life=_("when not confirmed; a confirmed answer as long as the event"),
                    default=timedelta(days=30),
                    setting="PARVIS_RETENTION_GUEST_ANSWERS_DAYS",
                    rule="guest_answers",
                ),
                seen_by=_("the guest and the event's organisers"),
            ),
            Entry(
                AgendaSubmission,
                ("event", "territory", "status", "reason", "submitted_by", "reviewed_by", "created_at", "decided_at"),
                data=_("who proposed an event to a common agenda, who reviewed it and why"),
                purpose=_("reviewing the territory's agenda"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the organisers of the event and the agenda's editors"),
            ),
            Entry(
                Replay,
                ("event", "video", "created_by", "created_at"),
                data=_("the videos of the web TV you link to an event as its replay"),
                purpose=_("letting the event's readers watch the session again"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the readers of the event who may also watch the video"),
            ),
            Entry(
                AgendaEditor,
                ("territory", "user"),
                data=_("the agents who review a territory's agenda"),
                purpose=_("giving them the power to review"),
                basis=SERVICE,
                retention=Retention(life=_("as long as they hold the role")),
                seen_by=_("the operator"),
            ),
            Entry(
                CalendarSource,
                ("created_by",),
                data=_("who subscribed a space to an outside calendar"),
                purpose=_("importing an organisation's calendar"),
                basis=SERVICE,
                retention=Retention(life=_("as long as the subscription")),
                seen_by=_("the space's officers"),
            ),
            Entry(
                CalendarToken,
                ("user", "token", "created_at", "revoked_at"),
                data=_("the secret address of your personal calendar"),
                purpose=_("letting your calendar application read your events"),
                basis=SERVICE,
                retention=Retention(
                    life=_("after you revoke it"),
                    default=timedelta(days=90),
                    setting="PARVIS_RETENTION_TOKENS_DAYS",
                    rule="codes_and_tokens",
                ),
                seen_by=_("you only"),
            ),
        ],
        not_personal=[
            NotPersonal(
                Occurrence,
                (
                    "event",
                    "start",
                    "end",
                    "lasts_long",
                    "space",
                    "status",
                    "commune",
                    "category",
                    "is_free",
                    "accessibility",
                ),
                "the dates of an event, copied from it so that the agenda reads them by date",
            ),
            NotPersonal(
                Event,
                (
                    "start",
                    "end",
                    "time_zone",
                    "all_day",
                    "rrule",
                    "exdates",
                    "repeat_until",
                    "category",
                    "is_free",
                    "accessibility",
                    "status",
                    "capacity",
                    "going_count",
                    "approval_required",
                    "uid",
                    "source",
                    "sequence",
                    "created_at",
                    "updated_at",
                ),
                "an event's dates, repetition, category, capacity and counters",
            ),
            NotPersonal(EventPhoto, ("width", "height", "status"), "a photo's size and moderation state"),
            NotPersonal(TrustedPublisher, ("territory", "space"), "spaces trusted by an agenda, not people"),
            NotPersonal(
                CalendarSource, ("space", "url", "last_run_at", "last_report"), "an organisation's public calendar"
            ),
        ],
    )
