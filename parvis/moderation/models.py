"""Reports, moderation decisions and the audit log.

A report or a decision names its target with explicit nullable foreign keys (post, comment, target_space, person,
message) rather than a generic foreign key: the queues join on them (the content's space, its author), the database
keeps them consistent (a check constraint says exactly one is set; deleting a post deletes its reports), and "one
report per person and target" is a plain partial unique constraint. Five kinds of target do not justify a generic key.

A private message is reported only by a participant of its conversation, and handled by the operator's moderators
alone (it has no space): they see that one message, never the rest of the conversation.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parvis.core.audit import register_verbs
from parvis.spaces.models import Membership, Role


class TargetKind(models.TextChoices):
    POST = "post", _("post")
    COMMENT = "comment", _("comment")
    SPACE = "space", _("space")
    PERSON = "person", _("person")
    MESSAGE = "message", _("private message")
    LISTING = "listing", _("listing between neighbours")


# The French words in the report page's address, for each kind of target.
URL_KINDS = {
    "publication": TargetKind.POST,
    "commentaire": TargetKind.COMMENT,
    "espace": TargetKind.SPACE,
    "personne": TargetKind.PERSON,
    "message": TargetKind.MESSAGE,
    "annonce": TargetKind.LISTING,
}
KIND_URL = {kind: word for word, kind in URL_KINDS.items()}

MODERATING_ROLES = [Role.OWNER, Role.ADMIN, Role.MODERATOR]


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    HARASSMENT = "harassment", _("Harassment or insults")
    HATE = "hate", _("Hate speech or discrimination")
    ILLEGAL = "illegal", _("Illegal content")
    PERSONAL_DATA = "personal_data", _("Personal data of someone else")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("open")
    DECIDED = "decided", _("decided")
    CONTESTED = "contested", _("contested")
    CLOSED = "closed", _("closed")


class Action(models.TextChoices):
    HIDE = "hide", _("hide")
    REMOVE = "remove", _("remove")
    SUSPEND = "suspend", _("suspend")


class DecisionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("in force")
    CONTESTED = "contested", _("contested, under review")
    UPHELD = "upheld", _("upheld after review")
    REVERSED = "reversed", _("reversed after review")


def is_operator_moderator(user) -> bool:
    """The operator's moderation team: staff, or people given the `moderation.moderate_anything` permission."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_staff or user.has_perm("moderation.moderate_anything"))
    )


def moderated_space_ids(user):
    """The spaces in which the user moderates (owner, administrator or moderator, active member)."""
    return Membership.objects.active().filter(user=user, role__in=MODERATING_ROLES).values("space_id")


class Target(models.Model):
    """What a report or a decision is about. Exactly one of post, comment, target_space, person, message is set."""

    kind = models.CharField(_("kind"), max_length=8, choices=TargetKind.choices)
    post = models.ForeignKey("posts.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey("posts.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_space = models.ForeignKey("spaces.Space", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    message = models.ForeignKey("messaging.Message", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # A listing has no space (its scope is a territory): like a message, only the operator's moderators handle it.
    listing = models.ForeignKey("neighbours.Listing", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
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
    def target(self):
        return {
            TargetKind.POST: self.post,
            TargetKind.COMMENT: self.comment,
            TargetKind.SPACE: self.target_space,
            TargetKind.PERSON: self.person,
            TargetKind.MESSAGE: self.message,
            TargetKind.LISTING: self.listing,
        }[self.kind]

    @property
    def target_id(self) -> int | None:
        return getattr(self, f"{self.target_field}_id")

    @property
    def target_field(self) -> str:
        return "target_space" if self.kind == TargetKind.SPACE else str(self.kind)

    @property
    def target_label(self) -> str:
        return f"{self.kind} {self.target_id}"


def _one_target_constraint(name: str) -> models.CheckConstraint:
    one = [
        Q(kind=kind, **{field + "__isnull": False}) & Q(**{other + "__isnull": True for other in others})
        for kind, field, others in [
            ("post", "post", ["comment", "target_space", "person", "message"]),
            ("comment", "comment", ["post", "target_space", "person", "message"]),
            ("space", "target_space", ["post", "comment", "person", "message"]),
            ("person", "person", ["post", "comment", "target_space", "message"]),
            ("message", "message", ["post", "comment", "target_space", "person"]),
            ("listing", "listing", ["post", "comment", "target_space", "person", "message"]),
        ]
    ]
    # A listing names no other target, and no other kind names a listing.
    one = [q & Q(listing__isnull=True) for q in one[:-1]] + one[-1:]
    return models.CheckConstraint(condition=one[0] | one[1] | one[2] | one[3] | one[4] | one[5], name=name)


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

    def about(self, target: Target):
        return self.filter(kind=target.kind, **{target.target_field + "_id": target.target_id})

    def for_queue(self):
        return self.select_related(
            "post__space", "comment__post__space", "target_space", "person", "message", "listing", "space", "author"
        ).order_by("created_at", "id")


class Report(Target):
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made")
    reason = models.CharField(_("reason"), max_length=16, choices=ReportReason.choices)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    decision = models.ForeignKey("Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        permissions = [("moderate_anything", _("Can handle any report, in any space"))]
        constraints = [
            _one_target_constraint("report_exactly_one_target"),
            *[
                models.UniqueConstraint(
                    fields=["reporter", field], condition=Q(**{field + "__isnull": False}), name=f"report_once_{field}"
                )
                for field in ("post", "comment", "target_space", "person", "message", "listing")
            ],
        ]
        indexes = [models.Index(fields=["space", "status"]), models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"report {self.pk} on {self.target_label} ({self.status})"


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
        """Decisions that keep a space suspended; the spaces app reads `target_space_id` from these."""
        return self.in_force().filter(kind=TargetKind.SPACE, action=Action.SUSPEND)


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
        constraints = [_one_target_constraint("decision_exactly_one_target")]
        indexes = [models.Index(fields=["space", "status"])]

    def __str__(self) -> str:
        return f"{self.action} {self.target_label} ({self.status})"

    @property
    def can_be_contested(self) -> bool:
        return self.status == DecisionStatus.IN_FORCE and self.contested_at is None


class LogAction(models.TextChoices):
    REPORT_RECEIVED = "report_received", _("report received")
    REPORT_DISMISSED = "report_dismissed", _("report dismissed")
    DECISION_TAKEN = "decision_taken", _("decision taken")
    DECISION_CONTESTED = "decision_contested", _("decision contested")
    DECISION_UPHELD = "decision_upheld", _("decision upheld after review")
    DECISION_REVERSED = "decision_reversed", _("decision reversed after review")


# The verbs of the audit log (`parvis.core.audit`) for moderation. A report is the reporter's word, not an act of
# authority, and the queues never name the reporter: a space's journal does not show it either.
register_verbs(LogAction.choices, private=[LogAction.REPORT_RECEIVED])
