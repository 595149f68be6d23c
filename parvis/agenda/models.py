"""Events in spaces, the territory's common agenda, and participation (RSVP) with capacity and waiting list."""

import secrets
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.audit import register_verbs
from parvis.core.bounds import MAX_YEAR, MIN_YEAR
from parvis.core.fragments import version
from parvis.core.media import private_storage
from parvis.core.paths import object_path
from parvis.spaces.models import Space, SpaceContentQuerySet, VisibleContent

from .recurrence import describe


class Category(models.TextChoices):
    CULTURE = "culture", _("culture")
    SPORT = "sport", _("sport")
    CITIZENSHIP = "citizenship", _("citizenship")
    SOLIDARITY = "solidarity", _("solidarity")
    CHILDREN = "children", _("children and families")
    MARKET = "market", _("markets and fairs")
    NATURE = "nature", _("nature and environment")
    PARTY = "party", _("festivities")
    TRAINING = "training", _("workshops and training")
    OTHER = "other", _("other")


class Accessibility(models.TextChoices):
    WHEELCHAIR = "wheelchair", _("Wheelchair accessible")
    SIGN_LANGUAGE = "sign_language", _("French sign language (LSF)")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    EASY_READ = "easy_read", _("Easy-to-read information")
    AUDIO_DESCRIPTION = "audio_description", _("Audio description")


EARLIEST = datetime(MIN_YEAR, 1, 1, tzinfo=UTC)
LATEST = datetime(MAX_YEAR + 1, 1, 1, tzinfo=UTC)


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CANCELLED = "cancelled", _("cancelled")
    HIDDEN = "hidden", _("hidden by a moderator")
    REMOVED = "removed", _("removed by a moderator")


# Statuses only moderation sets and lifts (`kinds.py`): nobody reads such an event, its organisers included, and no
# edit, cancellation or calendar import changes it.
MODERATED_STATUSES = (EventStatus.HIDDEN, EventStatus.REMOVED)


class EventStatusRule:
    """The status half of the visibility rule of events, shared by the events and their occurrences (which copy
    `status` and `created_by`), so that the agenda's pages and the event page answer alike."""

    def with_readable_status(self, user):
        """Published and cancelled events (a cancellation is news); a draft only for the person who wrote it. An
        event hidden or removed by a moderator is read by nobody, its author included (as a post). The statuses
        read are listed, not the others excluded: a status added later stays unread until it is listed here."""
        condition = Q(status__in=(EventStatus.PUBLISHED, EventStatus.CANCELLED))
        if user is not None and user.is_authenticated:
            condition |= Q(status=EventStatus.DRAFT, created_by=user)
        return self.filter(condition)


class EventQuerySet(EventStatusRule, SpaceContentQuerySet):
    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.filter(
            Q(end__gte=now) | Q(rrule__gt="", repeat_until__gte=now) | Q(rrule__gt="", repeat_until=None)
        )

    def between(self, start, end):
        """Events that may occur in [start, end): single events overlapping it, recurring ones started before."""
        single = Q(rrule="", start__lt=end, end__gte=start)
        recurring = Q(~Q(rrule=""), start__lt=end) & (Q(repeat_until=None) | Q(repeat_until__gte=start))
        return self.filter(single | recurring)

    def for_list(self):
        """What a page, a feed or the API shows of events. An event dated outside 1900-2100 (stored before the
        bounds of parvis/core/bounds.py, or written straight into the table) is left out: no page can write a
        year-9999 date in a time zone, and one such row must not break a whole agenda."""
        return self.filter(start__gte=EARLIEST, end__lt=LATEST).select_related(
            "space__territory", "commune", "organiser_space"
        )

    def with_agendas(self):
        """Each event's accepted agenda submissions as `accepted_submissions`, in one query for the whole page."""
        accepted = AgendaSubmission.objects.filter(status=SubmissionStatus.ACCEPTED).select_related("territory")
        return self.prefetch_related(models.Prefetch("submissions", queryset=accepted, to_attr="accepted_submissions"))

    def coming(self, now, span):
        """Occurrences not over yet that start within [now - SHORT_SPAN, now + span), earliest first: one indexed
        range per space or commune filtered on (a long one started before that is still on, but no longer coming)."""
        return self.filter(start__gte=now - SHORT_SPAN, start__lt=now + span, end__gt=now).order_by("start", "id")

    def in_communes(self, communes):
        return self.filter(commune__in=communes)

    def in_agenda_of(self, territory):
        """Public events accepted in the territory's common agenda; a commune's agenda also holds the public events
        placed in it, which need no review to be listed where they happen."""
        accepted = Q(submissions__territory=territory, submissions__status=SubmissionStatus.ACCEPTED)
        if territory.level == "commune":
            accepted |= Q(commune=territory)
        return self.public().filter(accepted).distinct()


class Event(VisibleContent, models.Model):
    space = models.ForeignKey(Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="events")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # The organiser shown to the public: an organisation's page, or the person who created the event.
    organiser_space = models.ForeignKey(
        Space, null=True, blank=True, on_delete=models.SET_NULL, related_name="organised_events"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=20_000)
    description_html = models.TextField(editable=False, blank=True)
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"), db_index=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    all_day = models.BooleanField(_("all day"), default=False)
    # RFC 5545 recurrence rule without the "RRULE:" prefix, e.g. "FREQ=WEEKLY;BYDAY=SA;COUNT=10".
    rrule = models.CharField(_("recurrence"), max_length=500, blank=True)
    # Dates (ISO 8601, local to the event's time zone) removed from the recurrence.
    exdates = models.JSONField(default=list, blank=True)
    # Last possible occurrence of a recurring event (None: forever), derived from the rule for fast filtering.
    repeat_until = models.DateTimeField(null=True, blank=True, editable=False)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    commune = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        limit_choices_to={"level": "commune"},
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, default=Category.OTHER)
    is_free = models.BooleanField(_("free"), default=True)
    price_text = models.CharField(_("price"), max_length=200, blank=True)
    accessibility = models.JSONField(_("accessibility"), default=list, blank=True)
    accessibility_note = models.CharField(_("accessibility details"), max_length=500, blank=True)
    # Private storage, served after the event's visibility rule (a space may turn private; see parvis/core/media.py).
    image = models.ImageField(upload_to="events/%Y/%m/", storage=private_storage, blank=True)
    image_alt = models.CharField(_("description of the image"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=EventStatus.choices, default=EventStatus.PUBLISHED)
    cancel_reason = models.CharField(max_length=500, blank=True)
    # Participation: None means no limit. `going_count` is kept by a conditional UPDATE so capacity holds exactly.
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    going_count = models.PositiveIntegerField(default=0)
    # Participation requests (as Mobilizon's): each "I'm going" waits for an organiser's approval, with the answer
    # to the one question the organisers may ask at sign-up.
    approval_required = models.BooleanField(_("the organisers approve each participant"), default=False)
    question = models.CharField(_("question asked at sign-up"), max_length=300, blank=True)
    # Identity across calendars: ours for events created here, the source's for imported ones.
    uid = models.CharField(max_length=255, unique=True)
    source = models.ForeignKey(
        "agenda.CalendarSource", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start"]
        indexes = [
            models.Index(fields=["status", "start"]),
            models.Index(fields=["commune", "start"]),
            models.Index(fields=["space", "start"]),
        ]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="event_ends_after_start")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("agenda:event", self.pk)

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_moderated(self) -> bool:
        return self.status in MODERATED_STATUSES

    @property
    def card_version(self) -> str:
        """The version of the event's card (components/event_card.html): a digest of every value it shows, from what
        `for_list` and `with_agendas` loaded (no query)."""
        space, commune = self.space, self.commune
        agendas = [
            (s.pk, s.territory.level, s.territory.slug, s.territory.name)
            for s in self.__dict__.get("accepted_submissions", ())
        ]
        return version(
            self.pk,
            self.updated_at,
            self.status,
            self.title,
            self.start,
            self.all_day,
            self.rrule,
            self.time_zone,
            self.category,
            self.is_free,
            self.image.name,
            self.image_alt,
            (space.pk, space.name, space.slug, space.nature),
            commune and commune.name,
            agendas,
        )

    @property
    def accessibility_labels(self) -> list[str]:
        """The features in words ("Boucle magnétique"), in the order of the list; unknown codes are left out."""
        chosen = set(self.accessibility or [])
        return [str(label) for value, label in Accessibility.choices if value in chosen]

    @property
    def repetition_text(self) -> str:
        """The repetition as a sentence ("Chaque semaine le mardi"), "" for a single event."""
        return describe(self.rrule, tz=self.time_zone)

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.going_count, 0)


# Most occurrences last less than this: a period's occurrences are then those starting at most this long before it,
# a bounded range of the start index. The few longer ones (an exhibition, a summer camp) are marked `lasts_long`
# and found through their own small index.
SHORT_SPAN = timedelta(days=2)


class OccurrenceQuerySet(EventStatusRule, SpaceContentQuerySet):
    """Reads of the agenda by date. `visible_to` is the rule of events: the space's readable condition on the
    occurrence's space, the status rule on its copied status and author."""

    def page_in(self, start, end, *, cursor: tuple | None = None, size: int) -> list:
        """Up to `size` occurrences taking place in [start, end) after the cursor (start, id), earliest first.
        Two indexed reads merged: an ordered range of the start index from `SHORT_SPAN` before the period, and
        the few long occurrences started before that and not over yet. One condition joining both with OR would
        make the database read the start index from its first row."""
        near = self.filter(start__gte=start - SHORT_SPAN, start__lt=end).filter(Q(start__gte=start) | Q(end__gt=start))
        long = self.filter(lasts_long=True, start__lt=start - SHORT_SPAN, end__gt=start)
        found = [*long.page_after(cursor, size), *near.page_after(cursor, size)]
        return sorted(found, key=lambda occurrence: (occurrence.start, occurrence.pk))[:size]

    def coming(self, now, span):
        """Occurrences not over yet that start within [now - SHORT_SPAN, now + span), earliest first: one indexed
        range per space or commune filtered on (a long one started before that is still on, but no longer coming)."""
        return self.filter(start__gte=now - SHORT_SPAN, start__lt=now + span, end__gt=now).order_by("start", "id")

    def in_communes(self, communes):
        return self.filter(commune__in=communes)

    def in_agenda_of(self, territory):
        """Public occurrences of the events accepted in the territory's common agenda (and, for a commune, of the
        public events placed in it), as `EventQuerySet.in_agenda_of` says."""
        accepted = AgendaSubmission.objects.filter(territory=territory, status=SubmissionStatus.ACCEPTED)
        condition = Q(event_id__in=accepted.values("event_id"))
        if territory.level == "commune":
            condition |= Q(commune=territory)
        return self.public().filter(condition)

    def for_list(self):
        """With what a card shows of the event, in the same query; dates outside 1900-2100 left out (see
        `EventQuerySet.for_list`)."""
        return self.filter(start__gte=EARLIEST, end__lt=LATEST).select_related(
            "event__space__territory", "event__commune", "event__organiser_space"
        )

    def with_agendas(self):
        """Each event's accepted agenda submissions as `event.accepted_submissions`, in one query for the page."""
        accepted = AgendaSubmission.objects.filter(status=SubmissionStatus.ACCEPTED).select_related("territory")
        return self.prefetch_related(
            models.Prefetch("event__submissions", queryset=accepted, to_attr="accepted_submissions")
        )

    def page_after(self, cursor: tuple | None, size: int):
        """Keyset pagination on (start, id), earliest first: a page costs the same however far it is."""
        queryset = self.order_by("start", "id")
        if cursor:
            start, pk = cursor
            queryset = queryset.filter(Q(start__gt=start) | Q(start=start, id__gt=pk))
        return queryset[:size]


class Occurrence(models.Model):
    """One time an event takes place, kept by the agenda's services (`services.occurrences`) whenever the event is
    created, edited, cancelled or imported, over a horizon that `manage.py agenda_occurrences` moves every day; a
    deleted event takes its occurrences with it. The agenda's pages and API read dates here with an indexed range
    instead of expanding every repetition on each request. The fields after `end` are copies of the event's that
    the pages filter on, so that a page is one range of one table (the space's visibility is read from the space
    itself: a space turning private hides its occurrences at once)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField()
    end = models.DateTimeField()
    lasts_long = models.BooleanField(default=False)
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=10, choices=EventStatus.choices)
    commune = models.ForeignKey(
        "territories.Territory", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.CharField(max_length=16, choices=Category.choices)
    is_free = models.BooleanField()
    accessibility = models.JSONField(default=list, blank=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["start", "id"], name="occurrence_start"),
            models.Index(fields=["commune", "start"], name="occurrence_commune_start"),
            # A person's next events in their spaces (the signed-in home): a range per space, not the whole agenda's.
            models.Index(fields=["space", "start"], name="occurrence_space_start"),
            models.Index(fields=["end"], condition=Q(lasts_long=True), name="occurrence_long_end"),
        ]
        constraints = [models.UniqueConstraint(fields=["event", "start"], name="occurrence_once_per_start")]

    def __str__(self) -> str:
        return f"{self.event_id} at {self.start.isoformat()}"


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")


class AgendaVerb(models.TextChoices):
    """The verbs of the audit log (`parvis.core.audit`): the common agenda's reviews, and the edits and
    cancellations of events (what an agenda's editors accepted may change after their review)."""

    ACCEPTED = "agenda_accepted", _("event accepted in the common agenda")
    REFUSED = "agenda_refused", _("event refused in the common agenda")
    EVENT_UPDATED = "event_updated", _("event edited")
    EVENT_CANCELLED = "event_cancelled", _("event cancelled")


register_verbs(AgendaVerb.choices)


class AgendaSubmissionQuerySet(models.QuerySet):
    def reviewable_by(self, user):
        """Submissions to the agendas the user edits and to those below them (the agent role of
        `agenda.permissions`)."""
        if not user.is_authenticated:
            return self.none()
        paths = list(AgendaEditor.objects.filter(user=user).values_list("territory__path", flat=True))
        if not paths:
            return self.none()
        below = Q()
        for path in paths:
            below |= Q(territory__path__startswith=path)
        return self.filter(below)

    def pending(self):
        return self.filter(status=SubmissionStatus.PENDING)


class AgendaSubmission(models.Model):
    """A public event proposed to the common agenda of a territory (a commune, then its département)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="submissions")
    territory = models.ForeignKey("territories.Territory", on_delete=models.CASCADE, related_name="agenda_submissions")
    status = models.CharField(max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = AgendaSubmissionQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "territory"], name="submission_once_per_agenda")]

    def __str__(self) -> str:
        return f"{self.event} → {self.territory} ({self.status})"


class AgendaEditor(models.Model):
    """Agents who review the common agenda of a territory (and of everything below it)."""

    territory = models.ForeignKey("territories.Territory", on_delete=models.CASCADE, related_name="agenda_editors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_editor_of")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["territory", "user"], name="agenda_editor_unique")]

    def __str__(self) -> str:
        return f"{self.user} edits {self.territory}"


class TrustedPublisher(models.Model):
    """Organisations whose events enter a territory's agenda without review."""

    territory = models.ForeignKey("territories.Territory", on_delete=models.CASCADE, related_name="trusted_publishers")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="trusted_in")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["territory", "space"], name="trusted_publisher_unique")]

    def __str__(self) -> str:
        return f"{self.space} trusted in {self.territory}"


class RsvpStatus(models.TextChoices):
    GOING = "going", _("going")
    WAITING = "waiting", _("on the waiting list")
    INTERESTED = "interested", _("interested")
    NOT_GOING = "not_going", _("not going")
    # Participation requests, when the event asks the organisers' approval: nobody takes a place before it.
    PENDING = "pending", _("waiting for the organisers' approval")
    REJECTED = "rejected", _("not accepted by the organisers")


# The answers a person chooses; the others are given by the event (waiting list) or by its organisers.
CHOSEN_STATUSES = (RsvpStatus.GOING, RsvpStatus.INTERESTED, RsvpStatus.NOT_GOING)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Rsvp(models.Model):
    """One person's answer to an event: a member, or someone without an account who confirmed an e-mail address."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="rsvps"
    )
    email = models.EmailField(blank=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    status = models.CharField(max_length=12, choices=RsvpStatus.choices)
    # Whether the person agreed, when answering, that the organisers see their e-mail address (their list and CSV);
    # off unless they tick it, and each new answer asks again.
    share_email = models.BooleanField(_("share my e-mail address with the organisers"), default=False)
    # The person's answer to the organisers' question (`Event.question`), read by the organisers only.
    answer = models.TextField(_("your answer to the organisers' question"), max_length=1000, blank=True)
    # Guests without an account: their answer counts only once they confirm their address with this token's link.
    confirmed = models.BooleanField(default=True)
    # Order of the waiting list: when the person joined it (not when they first answered).
    waiting_since = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], condition=Q(user__isnull=False), name="rsvp_one_per_user"
            ),
            models.UniqueConstraint(fields=["event", "email"], condition=~Q(email=""), name="rsvp_one_per_email"),
        ]
        indexes = [models.Index(fields=["event", "status", "waiting_since"])]

    def __str__(self) -> str:
        return f"{self.user or self.email}: {self.status} ({self.event_id})"


class CalendarSource(models.Model):
    """An organisation's existing calendar (URL or uploaded .ics), imported into one of its spaces."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="calendar_sources")
    url = models.URLField(max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    last_run_at = models.DateTimeField(null=True, blank=True)
    # What the last import did and what it skipped, and why: shown to the organisation.
    last_report = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return self.url or f"upload {self.pk}"


class CalendarToken(models.Model):
    """The secret address of a person's own agenda feed; revoking it makes the old address stop working."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"calendar of {self.user}"


class Replay(models.Model):
    """A video of the web TV that shows this event (the council session's replay). The link lives here because the
    agenda sits above the TV in the layers: the agenda knows videos, the TV never imports the agenda (its player
    page asks `parvis.tv.links` for the events, which the agenda fills in `ready()`)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="replays")
    video = models.ForeignKey("tv.Video", on_delete=models.CASCADE, related_name="replay_of")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "video"], name="agenda_replay_once")]

    def __str__(self) -> str:
        return f"{self.event_id} <- {self.video_id}"


# Invitations, reminders and each person's choices (parvis/agenda/participation.py), found by Django here.
# The discussion under each event (parvis/agenda/discussion.py), found by Django here.
from .discussion import EventComment  # noqa: E402, F401
from .participation import AgendaPreference, EventPhoto, Invitation, Reminder  # noqa: E402, F401
