"""The catalogue of online procedures of the town hall's counter, and the answers to their forms.

A **procedure** belongs to an institutional space (the commune's official space, the département's) and is offered
in a territory (a commune, or a département for all its communes): its title, who it is for, the documents to have
ready, and either a link to the service that handles it elsewhere (service-public.fr, a school portal) or a form
built by the service's agents. A form's **fields** are of four types: text, choice, date, file.

An **answer** to a form lands in the queue of the procedure's counter service, as a report does (`counter.Service`),
and follows the same states (`counter.models.State` and `MOVES`): new, acknowledged, in progress, resolved or
refused, with a message to its sender at each step, an assignee and internal notes, every act audited. Unlike a
report, an answer is private: read by its sender and the service's agents only (`with_readable_status`), on every
path (pages, API, search, notifications, files).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parvis.core.audit import register_verbs
from parvis.core.media import private_storage
from parvis.counter.models import OPEN_STATES, Service, State, Status
from parvis.spaces.models import Space, SpaceContentQuerySet, VisibleContent
from parvis.territories.models import Territory

TITLE_LIMIT = 160
SUMMARY_LIMIT = 2000
AUDIENCE_LIMIT = 160
DOCUMENTS_LIMIT = 2000
LABEL_LIMIT = 160
HELP_LIMIT = 300
CHOICES_LIMIT = 2000
VALUE_LIMIT = 2000
MESSAGE_LIMIT = 2000
NOTE_LIMIT = 2000
MAX_FIELDS = 30
MAX_CHOICES = 30


class FieldType(models.TextChoices):
    TEXT = "text", _("text")
    CHOICE = "choice", _("choice in a list")
    DATE = "date", _("date")
    FILE = "file", _("file (PDF or photo)")


class ProcedureVerb(models.TextChoices):
    CREATED = "procedure_created", _("online procedure created")
    FIELD_ADDED = "procedure_field_added", _("field added to a procedure's form")
    STATE_CHANGED = "procedure_answer_state_changed", _("state of a procedure's request changed")
    ASSIGNED = "procedure_answer_assigned", _("procedure's request assigned")
    NOTE_ADDED = "procedure_answer_note_added", _("internal note on a procedure's request")


register_verbs(ProcedureVerb.choices)


class ProcedureQuerySet(SpaceContentQuerySet):
    def with_readable_status(self, user):
        return self.filter(active=True)

    def offered_in(self, commune: Territory):
        """The procedures a person of this commune may find: the commune's own and those of the territories above
        it (the département's)."""
        keys = [commune.pk, *(t.pk for t in commune.ancestors())]
        return self.filter(territory_id__in=keys)

    def matching(self, words: str):
        for word in words.split()[:8]:
            self = self.filter(Q(title__icontains=word) | Q(summary__icontains=word) | Q(audience__icontains=word))
        return self

    def for_list(self):
        return self.select_related("space", "territory").order_by("position", "title", "pk")

    def handled_by(self, user):
        return self.filter(space__in=Space.objects.where_can(user, "counter.handle"))


class Procedure(VisibleContent, models.Model):
    space = models.ForeignKey(Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="procedures")
    # The service whose queue receives the answers to the form (none for a procedure that is a link elsewhere).
    service = models.ForeignKey(
        Service, verbose_name=_("service"), null=True, blank=True, on_delete=models.PROTECT, related_name="procedures"
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.CASCADE, related_name="procedures"
    )
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    summary = models.TextField(_("what it is for"), max_length=SUMMARY_LIMIT, blank=True)
    audience = models.CharField(_("who it is for"), max_length=AUDIENCE_LIMIT, blank=True)
    documents = models.TextField(_("documents to have ready"), max_length=DOCUMENTS_LIMIT, blank=True)
    link = models.URLField(_("link to the online service"), max_length=500, blank=True)
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("online procedure")
        verbose_name_plural = _("online procedures")
        indexes = [models.Index(fields=["territory", "active", "position"], name="procedures_catalogue")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("procedures:detail", kwargs={"procedure_id": self.pk})

    @property
    def has_form(self) -> bool:
        return self.service_id is not None and not self.link

    @property
    def document_list(self) -> list[str]:
        return [line.strip("-• ").strip() for line in self.documents.splitlines() if line.strip("-• ").strip()]


class FormField(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="fields")
    label = models.CharField(_("question"), max_length=LABEL_LIMIT)
    help_text = models.CharField(_("hint"), max_length=HELP_LIMIT, blank=True)
    type = models.CharField(_("type"), max_length=8, choices=FieldType.choices, default=FieldType.TEXT)
    required = models.BooleanField(_("required"), default=True)
    # For a choice: the options, one a line.
    choices = models.TextField(_("options, one a line"), max_length=CHOICES_LIMIT, blank=True)
    # For a date: the earliest and latest dates accepted (a school year, the next twelve months).
    min_date = models.DateField(_("earliest date"), null=True, blank=True)
    max_date = models.DateField(_("latest date"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def options(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def key(self) -> str:
        """Its name in a form and in an error: `field_<pk>`."""
        return f"field_{self.pk}"


class AnswerQuerySet(SpaceContentQuerySet):
    def with_readable_status(self, user):
        """Read by its sender and the agents of the service in charge, nobody else; hidden by moderation, by nobody."""
        if user is None or not user.is_authenticated:
            return self.none()
        rule = Q(applicant=user) | Q(space__in=Space.objects.where_can(user, "counter.handle"))
        return self.filter(status=Status.PUBLISHED).filter(rule)

    def handled_by(self, user):
        return self.filter(space__in=Space.objects.where_can(user, "counter.handle"))

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def for_list(self):
        return self.select_related("procedure", "commune").order_by("-created_at", "-pk")


class Answer(VisibleContent, models.Model):
    """One person's filled form: a request to the service in charge, followed like a report."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="procedure_answers")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="procedure_answers")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="answers")
    commune = models.ForeignKey(Territory, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+")
    # Null once the sender deleted their account (their answers are deleted then: see rights/erase.py).
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="procedure_answers"
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.NEW)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_answers"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("request of an online procedure")
        verbose_name_plural = _("requests of online procedures")
        indexes = [models.Index(fields=["space", "state", "-created_at"], name="procedures_answer_queue")]

    def __str__(self) -> str:
        return f"{self.procedure_id} · {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("procedures:answer", kwargs={"answer_id": self.pk})

    @property
    def title(self) -> str:
        return self.procedure.title

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class AnswerValueQuerySet(models.QuerySet):
    def readable_by(self, user):
        return self.filter(answer__in=Answer.objects.visible_to(user))


class AnswerValue(models.Model):
    """One field's answer. The question's words are kept beside it, so that an answer still reads right after the
    agents change their form."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="values")
    field = models.ForeignKey(FormField, null=True, on_delete=models.SET_NULL, related_name="+")
    label = models.CharField(max_length=LABEL_LIMIT)
    type = models.CharField(max_length=8, choices=FieldType.choices)
    text = models.TextField(max_length=VALUE_LIMIT, blank=True)
    date = models.DateField(null=True, blank=True)
    # A PDF kept as sent once checked by its content, or a photo re-encoded without its metadata.
    file = models.FileField(upload_to="procedures/%Y/%m/", storage=private_storage, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = AnswerValueQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class AnswerUpdateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(answer__in=Answer.objects.visible_to(user))


class AnswerUpdate(models.Model):
    """One step of a request: its new state and the service's message to the sender, signed by the service."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="updates")
    state = models.CharField(max_length=12, choices=State.choices)
    message = models.TextField(_("message"), max_length=MESSAGE_LIMIT, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AnswerUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.answer_id} → {self.state}"

    def get_absolute_url(self) -> str:
        return self.answer.get_absolute_url()


class AnswerNote(models.Model):
    """An agent's internal note: read by the service's agents only, never by the sender."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"), max_length=NOTE_LIMIT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]
