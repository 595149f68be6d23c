"""Reports, moderation decisions and the audit log.

A report or a decision names its target by (kind, id): the kind is a name in the registry of content kinds
(`parvis.core.kinds`), which says how to find one for a viewer, its space and author, and how to hide, remove or
restore it. Moderation holds no list of content types, so a new kind is moderated without editing this app. The
queues filter on `space` and `author`, copied from the target when the report is made; "one report per person and
target" is a unique constraint on (reporter, kind, target_id). A target deleted since shows as gone.

A private message is reported only by a participant of its conversation, and handled by the operator's moderators
alone (it has no space): they see that one message, never the rest of the conversation.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core import kinds
from parvis.core.audit import register_verbs
from parvis.core.permissions import can
from parvis.spaces.models import Space


class ReportReason(models.TextChoices):
    """What is wrong: breaches of the charter, and the categories of illegal content of the Digital Services Act
    (those of the Commission's transparency database), so that notices and decisions are counted by them in the
    transparency report. The values are stored: never change one once rows exist."""

    SPAM = "spam", _("Spam or advertising")
    HARASSMENT = "harassment", _("Harassment or insults")
    HATE = "hate", _("Hate speech or discrimination")
    VIOLENCE = "violence", _("Violence, threats or terrorism")
    MINORS = "minors", _("Danger to children")
    SEXUAL = "sexual", _("Sexual content without consent")
    SCAM = "scam", _("Scam or fraud")
    PRODUCTS = "products", _("Illegal or dangerous products")
    IP_RIGHTS = "ip_rights", _("Copyright or trademark infringement")
    PERSONAL_DATA = "personal_data", _("Personal data of someone else")
    ELECTIONS = "elections", _("Manipulation of elections or public debate")
    SELF_HARM = "self_harm", _("Self-harm or suicide")
    ILLEGAL = "illegal", _("Other illegal content")
    OTHER = "other", _("Something else")


# The internal complaint-handling system (DSA art. 20): a decision, or a notice's dismissal, may be contested once,
# for six months after it was made.
APPEAL_DAYS = 183


def within_appeal_time(moment) -> bool:
    return moment is not None and moment >= timezone.now() - timedelta(days=APPEAL_DAYS)


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("dismissal upheld after review")
    REVERSED = "reversed", _("dismissal reversed after review: the content is acted upon")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("open")
    DECIDED = "decided", _("decided")
    CONTESTED = "contested", _("contested")
    CLOSED = "closed", _("closed")


class Action(models.TextChoices):
    HIDE = kinds.HIDE, _("hide")
    REMOVE = kinds.REMOVE, _("remove")
    SUSPEND = kinds.SUSPEND, _("suspend")


class DecisionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("in force")
    CONTESTED = "contested", _("contested, under review")
    UPHELD = "upheld", _("upheld after review")
    REVERSED = "reversed", _("reversed after review")


def is_operator_moderator(user) -> bool:
    """The operator and the operator's moderation team decide on anything reported (`moderation.anything`)."""
    return can(user, "moderation.anything")


def moderated_space_ids(user):
    """The spaces in which the user moderates (`space.moderate`: owner, administrator or moderator)."""
    return Space.objects.where_can(user, "space.moderate").values("pk")


class Target(models.Model):
    """What a report or a decision is about: a registered kind of content and its id."""

    kind = models.CharField(_("kind"), max_length=32)
    target_id = models.PositiveBigIntegerField()
    # The space whose moderators handle it (the post's or comment's space). Empty for a space or a person: only
    # the operator decides on those, since a space's own officers cannot judge their space.
    space = models.ForeignKey("spaces.Space", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Who the matter is about: the author of the content, the person reported, or an owner of the space. This
    # person receives the statement of reasons and may contest.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def content_kind(self):
        return kinds.get(self.kind)

    @property
    def kind_label(self) -> str:
        kind = self.content_kind
        return str(kind.label) if kind else self.kind

    @property
    def target(self):
        """The object reported (whatever its state now), or None when it is gone or its kind no longer registered.
        Lists set it for all their rows at once with `kinds.attach(rows)`."""
        if not hasattr(self, "target_object"):
            kind = self.content_kind
            self.target_object = kind.objects().filter(pk=self.target_id).first() if kind else None
        return self.target_object

    @target.setter
    def target(self, obj) -> None:
        self.target_object = obj

    @property
    def target_text(self) -> tuple[str, str]:
        """(title, body) as moderators read it."""
        kind, obj = self.content_kind, self.target
        return kind.text(obj) if kind and obj is not None else ("", "")

    @property
    def target_attachment(self) -> str:
        kind, obj = self.content_kind, self.target
        return kind.attachment(obj) if kind and obj is not None else ""

    @property
    def target_url(self) -> str:
        kind, obj = self.content_kind, self.target
        return kind.url(obj) if kind and obj is not None else ""

    @property
    def by_author(self) -> bool:
        """Whether to say "by <author>": not when the matter is the person themselves."""
        return bool(self.author_id) and not (self.target is not None and self.target == self.author)

    @property
    def target_label(self) -> str:
        return f"{self.kind} {self.target_id}"


class ReportQuerySet(models.QuerySet):
    def handled_by(self, user):
        """Reports this person handles: all of them for the operator's team; for a space's moderators, those about
        content of their spaces. Nobody handles a report about their own content."""
        if not (user and user.is_authenticated):
            return self.none()
        queryset = self if is_operator_moderator(user) else self.filter(space__in=moderated_space_ids(user))
        return queryset.exclude(author=user)

    def open(self):
        return self.filter(status=ReportStatus.OPEN)

    def appealed(self):
        """Dismissals contested by their notifier, waiting for review."""
        return self.filter(status=ReportStatus.CONTESTED, appealed_at__isnull=False, appeal_reviewed_at__isnull=True)

    def unfounded(self):
        """Dismissed: the moderators found nothing wrong."""
        return self.filter(status=ReportStatus.CLOSED, decision__isnull=True, handled_at__isnull=False)

    def from_notifier(self, *, reporter=None, email: str = ""):
        """The notices of one notifier: their account, or the address they gave without one."""
        if reporter is not None:
            return self.filter(reporter=reporter)
        return self.filter(reporter__isnull=True, reporter_email__iexact=email)

    def about(self, target: Target):
        return self.filter(kind=target.kind, target_id=target.target_id)

    def for_queue(self):
        """Call `kinds.attach(rows)` on the page's rows to fetch their targets, one query per kind."""
        return self.select_related("space", "author").order_by("-trusted", "created_at", "id")


class Report(Target):
    """A notice (DSA art. 16): from a person signed in, or from anyone with a name and an e-mail address."""

    # Empty for a notice sent without an account: then its name and address are the notifier's.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="reports_made"
    )
    reporter_name = models.CharField(_("name"), max_length=120, blank=True)
    reporter_email = models.EmailField(_("e-mail address"), blank=True)
    reason = models.CharField(_("reason"), max_length=16, choices=ReportReason.choices)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    decision = models.ForeignKey("Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    # Sent by a trusted flagger (DSA art. 22) at the time: handled first, counted apart in the transparency report.
    trusted = models.BooleanField(_("from a trusted flagger"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # When moderators decided on it or dismissed it: the delays of the transparency report.
    handled_at = models.DateTimeField(null=True, blank=True)
    # Who dismissed it: another moderator, if there is one, reviews the notifier's appeal.
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The notifier's appeal against a dismissal (DSA art. 20), once, and its review.
    appeal_text = models.TextField(_("why you contest"), max_length=2000, blank=True)
    appealed_at = models.DateTimeField(null=True, blank=True)
    appeal_outcome = models.CharField(max_length=8, choices=AppealOutcome.choices, blank=True)
    appeal_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appeal_reason = models.TextField(max_length=2000, blank=True)
    appeal_reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        permissions = [
            ("moderate_anything", _("Can handle any report, in any space")),
            ("trusted_flagger", _("Is a trusted flagger: their reports are handled first")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["reporter", "kind", "target_id"], name="report_once_per_target"),
        ]
        indexes = [
            models.Index(fields=["space", "status"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["kind", "target_id"], name="report_target"),
        ]

    def __str__(self) -> str:
        return f"report {self.pk} on {self.target_label} ({self.status})"

    @property
    def dismissed(self) -> bool:
        return self.handled_at is not None and self.decision_id is None and self.status == ReportStatus.CLOSED

    @property
    def can_be_appealed(self) -> bool:
        """A dismissed notice, not yet appealed, dismissed less than APPEAL_DAYS ago."""
        return self.dismissed and self.appealed_at is None and within_appeal_time(self.handled_at)


class DecisionQuerySet(models.QuerySet):
    def handled_by(self, user):
        if not (user and user.is_authenticated):
            return self.none()
        queryset = self if is_operator_moderator(user) else self.filter(space__in=moderated_space_ids(user))
        return queryset.exclude(author=user)

    def readable_by(self, user):
        """Statements of reasons a person may open: their own, and those of the moderators handling them."""
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(pk__in=self.handled_by(user).values("pk")) | self.filter(author=user)

    def contested(self):
        return self.filter(status=DecisionStatus.CONTESTED)

    def in_force(self):
        return self.filter(status__in=[DecisionStatus.IN_FORCE, DecisionStatus.CONTESTED, DecisionStatus.UPHELD])

    def suspending_spaces(self):
        """Decisions that keep a space suspended; the spaces app reads `target_id` from these."""
        return self.in_force().filter(kind="space", action=Action.SUSPEND)


class Decision(Target):
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    category = models.CharField(_("reason"), max_length=16, choices=ReportReason.choices, blank=True)
    reason = models.TextField(_("explanation"), max_length=2000)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="moderation_decisions"
    )
    # Shown to the author instead of the moderator's name: "a moderator of the space X", "the operator's team".
    moderator_role = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.IN_FORCE)
    # The content's status before the decision, restored if the decision is reversed.
    previous_state = models.CharField(max_length=16, blank=True)
    contest_text = models.TextField(_("why you contest"), max_length=2000, blank=True)
    contested_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="moderation_reviews"
    )
    reviewer_role = models.CharField(max_length=200, blank=True)
    review_reason = models.TextField(max_length=2000, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Set by the e-mail task before sending, so that running it twice sends one e-mail.
    statement_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    # Its statement of reasons is e-mailed (`spaces.mail.send_about`) even to a suspended person: it is about them.
    MAILED_TO_INACTIVE = True

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        indexes = [
            models.Index(fields=["space", "status"]),
            models.Index(fields=["kind", "target_id"], name="decision_target"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target_label} ({self.status})"

    @property
    def can_be_contested(self) -> bool:
        return (
            self.status == DecisionStatus.IN_FORCE and self.contested_at is None and within_appeal_time(self.created_at)
        )


class LogAction(models.TextChoices):
    REPORT_RECEIVED = "report_received", _("report received")
    REPORT_DISMISSED = "report_dismissed", _("report dismissed")
    DECISION_TAKEN = "decision_taken", _("decision taken")
    DECISION_CONTESTED = "decision_contested", _("decision contested")
    DECISION_UPHELD = "decision_upheld", _("decision upheld after review")
    DECISION_REVERSED = "decision_reversed", _("decision reversed after review")
    NOTICE_APPEALED = "notice_appealed", _("dismissal of a report contested")
    APPEAL_UPHELD = "appeal_upheld", _("dismissal of a report upheld after review")
    APPEAL_REVERSED = "appeal_reversed", _("dismissal of a report reversed after review")


# The verbs of the audit log (`parvis.core.audit`) for moderation. A report is the reporter's word, not an act of
# authority, and the queues never name the reporter: a space's journal does not show it either.
register_verbs(LogAction.choices, private=[LogAction.REPORT_RECEIVED, LogAction.NOTICE_APPEALED])
