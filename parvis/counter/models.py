"""The town hall's counter: reports of problems in public space, routed by category to the service in charge.

A **service** owns a queue: it belongs to an institutional space (a commune's official space, or the département's
for "Voirie départementale"), whose officers and moderators are its agents (`counter.handle` in the permission
table). A **category** is offered in a territory (a commune, or a département for all its communes) and routed to
one service. A **report** lives in its service's space, so the visibility rule of spaces applies to it
(`visible_to`); what the public reads of it is narrower still: never the reporter, the place rounded to about 100 m,
the photos only once an agent acknowledged it, never the internal notes (see `public_*` below and the templates).
"""

import math
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parvis.core.audit import register_verbs
from parvis.core.media import private_storage
from parvis.spaces.models import Space, SpaceContentQuerySet, VisibleContent
from parvis.territories.models import Territory

DESCRIPTION_LIMIT = 2000
ADDRESS_LIMIT = 255
MESSAGE_LIMIT = 2000
NOTE_LIMIT = 2000
MAX_PHOTOS = 5
# The public reads a place rounded to 3 decimals: about 110 m north-south, 75 m east-west in the Oise.
PUBLIC_DECIMALS = Decimal("0.001")


class State(models.TextChoices):
    NEW = "new", _("new")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    IN_PROGRESS = "in_progress", _("in progress")
    RESOLVED = "resolved", _("resolved")
    REFUSED = "refused", _("refused")


OPEN_STATES = (State.NEW, State.ACKNOWLEDGED, State.IN_PROGRESS)
CLOSED_STATES = (State.RESOLVED, State.REFUSED)
# The moves an agent may make: forward, or back from acknowledged to in progress; a closed report reopens to
# "in progress" (the problem came back).
MOVES = {
    State.NEW: {State.ACKNOWLEDGED, State.IN_PROGRESS, State.RESOLVED, State.REFUSED},
    State.ACKNOWLEDGED: {State.IN_PROGRESS, State.RESOLVED, State.REFUSED},
    State.IN_PROGRESS: {State.RESOLVED, State.REFUSED},
    State.RESOLVED: {State.IN_PROGRESS},
    State.REFUSED: {State.IN_PROGRESS},
}


class Status(models.TextChoices):
    PUBLISHED = "published", _("published")
    HIDDEN = "hidden", _("hidden by a moderator")
    REMOVED = "removed", _("removed by a moderator")


class CounterVerb(models.TextChoices):
    STATE_CHANGED = "report_state_changed", _("report's state changed")
    ASSIGNED = "report_assigned", _("report assigned")
    NOTE_ADDED = "report_note_added", _("internal note on a report")
    CATEGORY_CREATED = "report_category_created", _("report category created")
    CATEGORY_SWITCHED = "report_category_switched", _("report category offered or withdrawn")
    QUESTION_ANSWERED = "question_answered", _("question to the town hall answered")


register_verbs(CounterVerb.choices)


def distance_m(lat1, lon1, lat2, lon2) -> float:
    """Metres between two points (haversine): good enough at the scale of a street."""
    lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in (lat1, lon1, lat2, lon2))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(min(1.0, h)))


def rounded(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(PUBLIC_DECIMALS, rounding=ROUND_HALF_UP)


class ServiceQuerySet(models.QuerySet):
    def offered_in(self, commune: Territory):
        """The services a person of this commune may ask: its town hall's and those of the territories above it (the
        département's)."""
        keys = [commune.pk, *(t.pk for t in commune.ancestors())]
        return (
            self.filter(space__territory_id__in=keys).select_related("space").order_by("space__territory__path", "name")
        )


class Service(models.Model):
    """A queue of reports, owned by an institutional space whose officers handle it. (Procedures and questions to
    the town hall will land in the same queue.)"""

    space = models.ForeignKey(Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("name"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [models.UniqueConstraint(fields=["space", "name"], name="counter_service_unique_name")]

    def __str__(self) -> str:
        return self.name


class CategoryQuerySet(models.QuerySet):
    def offered_in(self, commune: Territory):
        """The categories a report in this commune may take: the commune's own and those of the territories above
        it (a département's category is offered in each of its communes)."""
        keys = [commune.pk, *(t.pk for t in commune.ancestors())]
        return (
            self.filter(active=True, territory_id__in=keys)
            .select_related("service__space")
            .order_by("position", "name")
        )


class Category(models.Model):
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.CASCADE, related_name="report_categories"
    )
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=120)
    # A word naming a pictogram ("lampadaire", "route", "dechet"): the page draws it, people never type it.
    icon = models.SlugField(_("icon"), max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["territory", "name"], name="counter_category_unique_name")]

    def __str__(self) -> str:
        return self.name

    def applies_to(self, commune: Territory) -> bool:
        return commune.path.startswith(self.territory.path)


class ReportQuerySet(SpaceContentQuerySet):
    def with_readable_status(self, user):
        """A hidden or removed report is read by nobody (its agents handle it from moderation's decision)."""
        return self.filter(status=Status.PUBLISHED)

    def in_commune(self, commune: Territory):
        return self.filter(commune=commune)

    def handled_by(self, user):
        """The reports of every service whose space the person is an agent of (`counter.handle`), in any status:
        the back office's queue."""
        return self.filter(space__in=Space.objects.where_can(user, "counter.handle"))

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def for_list(self):
        return self.select_related("category", "commune").order_by("-created_at", "-pk")

    def for_page(self):
        return self.select_related("category", "service", "commune", "space__territory", "reporter", "assignee")

    def near(self, latitude, longitude, metres: float):
        """A box around the point, to be checked with `distance_m` (cheap, and indexable)."""
        dlat = Decimal(metres / 111_000)
        dlon = Decimal(metres / (111_000 * max(0.2, math.cos(math.radians(float(latitude))))))
        return self.filter(
            latitude__range=(latitude - dlat, latitude + dlat), longitude__range=(longitude - dlon, longitude + dlon)
        )


class Report(VisibleContent, models.Model):
    space = models.ForeignKey(Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="counter_reports")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="reports")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="reports")
    commune = models.ForeignKey(Territory, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+")
    # Null once the reporter deleted their account: the report stays, for the public service, without them.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="counter_reports"
    )
    # Anonymous towards the public: the public never reads the reporter in lists and on the map; this also keeps
    # their name off the report's page. The agents always know who reported.
    anonymous = models.BooleanField(_("do not show my name"), default=False)
    description = models.TextField(_("description"), max_length=DESCRIPTION_LIMIT)
    address = models.CharField(_("address"), max_length=ADDRESS_LIMIT, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    # True when no pin was given: the report is placed at the commune's centre, and says so.
    at_commune_centre = models.BooleanField(default=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.NEW)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_reports"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    supporter_count = models.PositiveIntegerField(default=0)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report to the town hall")
        verbose_name_plural = _("reports to the town hall")
        indexes = [
            models.Index(fields=["commune", "status", "-created_at", "-id"], name="counter_report_commune_list"),
            models.Index(fields=["space", "state", "-created_at"]),
            models.Index(fields=["category", "latitude", "longitude"]),
        ]

    def __str__(self) -> str:
        return f"{self.category_id} · {self.description[:50]}"

    def get_absolute_url(self) -> str:
        return reverse("counter:detail", kwargs={"request_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def photos_public(self) -> bool:
        """Photos show to everyone once an agent looked at them (acknowledged or later): before, a photo of a face
        or a number plate would be published by nobody's decision."""
        return self.acknowledged_at is not None

    @property
    def public_latitude(self):
        return rounded(self.latitude)

    @property
    def public_longitude(self):
        return rounded(self.longitude)

    @property
    def title(self) -> str:
        return f"{self.category.name} — {self.commune.name}"


class ReportPhotoQuerySet(models.QuerySet):
    def readable_by(self, user):
        """Photos of reports the person reads, once acknowledged; before, the reporter's and the agents' only."""
        reports = Report.objects.visible_to(user)
        rule = Q(report__acknowledged_at__isnull=False)
        if user is not None and user.is_authenticated:
            rule |= Q(report__reporter=user) | Q(report__space__in=Space.objects.where_can(user, "counter.handle"))
        return self.filter(report__in=reports).filter(rule)


class ReportPhoto(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=0)
    alt_text = models.CharField(_("description of the image"), max_length=500, blank=True)
    image = models.ImageField(upload_to="counter/%Y/%m/", storage=private_storage)
    image_small = models.ImageField(upload_to="counter/%Y/%m/", storage=private_storage)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    objects = ReportPhotoQuerySet.as_manager()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.alt_text or f"photo {self.position}"


class ReportUpdateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(report__in=Report.objects.visible_to(user))


class ReportUpdate(models.Model):
    """One step of a report's history: its new state and the service's message to the reporter, public on the
    report's page and signed by the service (never by the agent's name)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="updates")
    state = models.CharField(max_length=12, choices=State.choices)
    message = models.TextField(_("message"), max_length=MESSAGE_LIMIT, blank=True)
    # The agent who acted: in the audit log and the back office, never on the public page.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReportUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} → {self.state}"

    def get_absolute_url(self) -> str:
        return self.report.get_absolute_url()


class ReportNote(models.Model):
    """An agent's internal note: read by the service's agents only, never by the public nor the reporter."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"), max_length=NOTE_LIMIT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class Supporter(models.Model):
    """Someone who met the same problem ("me too") and follows the report instead of filing a new one."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="supporters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supported_reports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "user"], name="counter_support_once")]

    def __str__(self) -> str:
        return f"{self.user_id} + {self.report_id}"


QUESTION_LIMIT = 1000
ANSWER_LIMIT = 4000


class QuestionQuerySet(SpaceContentQuerySet):
    def with_readable_status(self, user):
        """A published question is read by its asker and the service's agents; by everyone once it is public and
        answered (a public question waits for the service before it is shown, as a photo waits for its look)."""
        rule = Q(public=True, answered_at__isnull=False)
        if user is not None and user.is_authenticated:
            rule |= Q(asker=user) | Q(space__in=Space.objects.where_can(user, "counter.handle"))
        return self.filter(status=Status.PUBLISHED).filter(rule)

    def in_commune(self, commune: Territory):
        return self.filter(commune=commune)

    def handled_by(self, user):
        """The questions of every service whose space the person is an agent of: the back office's queue."""
        return self.filter(space__in=Space.objects.where_can(user, "counter.handle"))

    def answered(self):
        return self.filter(answered_at__isnull=False)

    def for_list(self):
        return self.select_related("service", "space", "commune").order_by("-answered_at", "-pk")


class Question(VisibleContent, models.Model):
    """A question to the town hall or the département, asked of a service. Answered by one of its agents as the
    institution: the page signs the answer with the service and its space, the agent is in the audit log only."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="counter_questions")
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="questions")
    # The commune whose questions and answers (FAQ) it joins.
    commune = models.ForeignKey(Territory, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+")
    # Null once the asker deleted their account: an answered public question stays in the FAQ without them.
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="counter_questions"
    )
    public = models.BooleanField(_("public question"), default=True)
    text = models.TextField(_("question"), max_length=QUESTION_LIMIT)
    answer = models.TextField(_("answer"), max_length=ANSWER_LIMIT, blank=True)
    # The agent who answered: in the audit log and the back office, never on the public page.
    answerer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question to the town hall")
        verbose_name_plural = _("questions to the town hall")
        indexes = [models.Index(fields=["commune", "status", "public", "-answered_at"], name="counter_question_faq")]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("counter:question", kwargs={"question_id": self.pk})

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
