"""The élus–agents network: verified roles (élu, agent, expert), its themes, documents and expert sessions.

Who is in the network is data: a `NetworkRole` verified by the operator (or imported from the Répertoire national
des élus) and accepted by its holder through a signed invitation. A role counts from its start date to its end date
included: an élu whose mandate ends on the 31st reads nothing of the network on the 1st (`NetworkRole.objects
.active_on`). Every read of the network's content goes through `visible_to(user)`: the spaces' rule (the network's
spaces are secret, of nature professionnel) and, on top of it, an active role on the day of the read.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core import permissions
from parvis.core.media import private_storage
from parvis.spaces.models import Space, SpaceContentQuerySet, VisibleContent

TITLE_LIMIT = 200
QUESTION_LIMIT = 1000
ANSWER_LIMIT = 10000


class RoleKind(models.TextChoices):
    ELU = "elu", _("elected official")
    AGENT = "agent", _("agent")
    EXPERT = "expert", _("expert")


class Function(models.TextChoices):
    MAIRE = "maire", _("mayor")
    ADJOINT = "adjoint", _("deputy mayor")
    CONSEILLER_MUNICIPAL = "conseiller_municipal", _("municipal councillor")
    CONSEILLER_DEPARTEMENTAL = "conseiller_departemental", _("departmental councillor")


class Source(models.TextChoices):
    OPERATOR = "operator", _("verified by the operator")
    RNE = "rne", _("imported from the national register of elected officials")


class Theme(models.Model):
    """A territorial theme (eau, routes, écoles…) and its space, of nature professionnel, secret."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    space = models.OneToOneField(Space, on_delete=models.PROTECT, related_name="network_theme")

    class Meta:
        verbose_name = _("theme")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:theme", kwargs={"theme": self.slug})


class NetworkRoleQuerySet(models.QuerySet):
    def active_on(self, day):
        """Roles held on `day`: verified, accepted by a person, begun, and not ended before that day."""
        return self.filter(user__isnull=False, user__is_active=True, starts_on__lte=day).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day)
        )

    def active(self):
        return self.active_on(timezone.localdate())

    def for_directory(self):
        return self.select_related("user", "commune", "theme").order_by("last_name", "first_name", "pk")


class NetworkRole(models.Model):
    """One verified role of one person: an élu's mandate, an agent's post, an expert's theme. Before its holder
    accepts the invitation, `user` is empty and the role gives nothing."""

    kind = models.CharField(_("role"), max_length=8, choices=RoleKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="network_roles"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    # Where the invitation is sent; cleared once accepted (the account's address is the one used then).
    email = models.EmailField(_("e-mail address"), blank=True)
    commune = models.ForeignKey(
        "territories.Territory", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    function = models.CharField(_("function"), max_length=30, choices=Function.choices, blank=True)
    service = models.CharField(_("service"), max_length=120, blank=True)
    direction = models.CharField(_("direction"), max_length=120, blank=True)
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="experts")
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.OPERATOR)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(default=timezone.now)
    invited_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = NetworkRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("network role")
        indexes = [models.Index(fields=["user", "starts_on", "ends_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "commune", "last_name", "first_name", "function", "starts_on"],
                name="network_role_unique_mandate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.kind})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def description(self) -> str:
        if self.kind == RoleKind.ELU:
            where = self.commune.name if self.commune_id else ""
            return f"{self.get_function_display()}, {where}" if where else str(self.get_function_display())
        if self.kind == RoleKind.AGENT:
            return ", ".join(part for part in (self.service, self.direction) if part)
        return str(self.theme) if self.theme_id else ""


class NetworkContentQuerySet(SpaceContentQuerySet):
    def visible_to(self, user):
        """The spaces' rule, and an active role in the network on the day of the read: a member whose mandate
        ended reads nothing, even before the nightly command removes them from the spaces."""
        if not permissions.can(user, "network.read", NETWORK):
            return self.none()
        return super().visible_to(user)


class Network:
    """The object of the network's capabilities in `can(user, "network.…", NETWORK)`."""

    def __repr__(self) -> str:
        return "NETWORK"


NETWORK = Network()


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    CLOSED = "closed", _("closed")


class SessionQuerySet(NetworkContentQuerySet):
    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")

    def past(self):
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "pk")

    def for_list(self):
        return self.select_related("theme", "expert", "space")


class Session(VisibleContent, models.Model):
    """An exchange with an expert on a theme. Questions are asked and voted until it ends (or is closed); the
    expert answers in writing, and may add a video of the web TV as its replay."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="sessions")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="network_sessions")
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="network_sessions")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    replay = models.ForeignKey(
        "tv.Video", null=True, blank=True, on_delete=models.SET_NULL, related_name="network_sessions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert session")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:session", kwargs={"session_id": self.pk})

    @property
    def questions_open(self) -> bool:
        return self.status == SessionStatus.SCHEDULED and self.ends_at > timezone.now()

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now() or self.status == SessionStatus.CLOSED


class QuestionQuerySet(NetworkContentQuerySet):
    def with_readable_status(self, user):
        return self.filter(hidden=False)

    def for_session(self):
        return self.select_related("author", "answer__author").order_by("-vote_count", "created_at", "pk")


class Question(VisibleContent, models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="questions")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_questions")
    text = models.TextField(_("question"), max_length=QUESTION_LIMIT)
    vote_count = models.PositiveIntegerField(default=0)
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question to an expert")

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("network:session", kwargs={"session_id": self.session_id}) + f"#question-{self.pk}"


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "voter"], name="network_vote_once")]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.question_id}"


class AnswerQuerySet(NetworkContentQuerySet):
    def with_readable_status(self, user):
        return self.filter(hidden=False)


class Answer(VisibleContent, models.Model):
    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="answer")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_answers")
    text = models.TextField(_("answer"), max_length=ANSWER_LIMIT)
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert's answer")

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return self.question.get_absolute_url()


class DocumentQuerySet(NetworkContentQuerySet):
    def with_readable_status(self, user):
        return self.filter(hidden=False)

    def for_list(self):
        return self.select_related("author", "current").order_by("-updated_at", "pk")


class Document(VisibleContent, models.Model):
    """A shared file of a theme's space; each upload is a new `DocumentVersion`, the last one is `current`."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="network_documents")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_documents")
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    current = models.ForeignKey("DocumentVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("shared document")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:document", kwargs={"document_id": self.pk})


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to="network/%Y/%m/", storage=private_storage)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="network_version_unique")]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"
