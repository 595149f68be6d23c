"""What waits for the people who run things: reports to moderate, events proposed to the common agenda, requests to
join a space. The menu shows each queue with its count to those who hold it, and to nobody else.

Cost, since the menu is on every page: one query tells which roles a person holds (nothing more for most people),
then one count per queue they hold. Nothing is cached: a moderator who just handled a report sees the count drop
on the next page.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.db.models import Count, Exists, F, Func, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parvis.accounts.models import User
from parvis.agenda.models import AgendaEditor, AgendaSubmission
from parvis.moderation.models import Decision, Report
from parvis.spaces.models import Membership, MembershipStatus, Space, roles_granting


@dataclass(frozen=True)
class Queue:
    key: str
    label: str
    spoken: str  # the label with its count, for screen readers (the badge itself is hidden from them)
    url: str
    count: int


@dataclass(frozen=True)
class Roles:
    """Which queues a person holds, and what waits in the queues of their spaces. The one place that decides who
    holds a queue, to hand over to the permission module."""

    operator_moderator: bool = False
    space_moderator: bool = False
    agenda_editor: bool = False
    space_reports: int = 0  # open reports and contested decisions about the spaces they moderate
    join_requests: int = 0  # requests to join the spaces they administer

    @property
    def any(self) -> bool:
        return self.operator_moderator or self.space_moderator or self.agenda_editor


def _count(queryset):
    """A COUNT as a subquery of the one query below (COUNT written as a plain function: no GROUP BY is added)."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


def roles_of(user) -> Roles:
    if user is None or not user.is_authenticated or not user.is_active:
        return Roles()
    return roles_from(user, person_row(user))


def person_row(user, **more) -> dict | None:
    """The one query of the menu on the person's row: their roles, plus the annotations `more` (the header's)."""

    # One query for everything most people need. The moderation permission is asked here too (user.has_perm would
    # cost two more queries on every page of every person); staff and superusers need no query for it. The counts
    # of a space's officers are Report/Decision.handled_by's rule for them, read inline for the same reason.
    # The operator's moderation team, or the operator (staff holding accounts.operate): the permission table's
    # rows for "moderation.anything", asked inside this one query (see parvis/accounts/permissions.py).
    def granted(app_label, codename):
        return Permission.objects.filter(codename=codename, content_type__app_label=app_label).filter(
            Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk"))
        )

    moderating_roles = roles_granting("space.moderate")
    moderated = Membership.objects.active().filter(user=user, role__in=moderating_roles).values("space_id")
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            permission=Exists(granted("moderation", "moderate_anything")),
            operates=Exists(granted("accounts", "operate")),
            moderates=Exists(Membership.objects.active().filter(user=OuterRef("pk"), role__in=moderating_roles)),
            edits=Exists(AgendaEditor.objects.filter(user=OuterRef("pk"))),
            reports=_count(Report.objects.open().filter(space__in=moderated).exclude(author=user)),
            contested=_count(
                Decision.objects.contested().filter(space__in=moderated).exclude(author=user).exclude(moderator=user)
            ),
            requests=_count(
                Membership.objects.filter(
                    status=MembershipStatus.REQUESTED, space__in=Space.objects.where_can(user, "space.administer")
                )
            ),
        )
        .annotate(**more)
        .values("permission", "operates", "moderates", "edits", "reports", "contested", "requests", *more)
        .first()
    )
    return row


def roles_from(user, row: dict | None) -> Roles:
    if row is None:
        return Roles()
    return Roles(
        operator_moderator=user.is_superuser or row["permission"] or (user.is_staff and row["operates"]),
        space_moderator=row["moderates"],
        agenda_editor=row["edits"],
        space_reports=(row["reports"] or 0) + (row["contested"] or 0),
        join_requests=row["requests"] or 0,
    )


def _moderation(user, roles: Roles) -> Queue | None:
    if roles.operator_moderator:
        # The queue page shows open reports and contested decisions: both wait. UNION ALL: a report and a decision
        # may share a number.
        reports = Report.objects.handled_by(user).open().values_list("pk")
        contested = Decision.objects.handled_by(user).contested().exclude(moderator=user).values_list("pk")
        count = reports.union(contested, all=True).count()
    elif roles.space_reports:
        # A group's officers moderate now and then: their entry appears when something waits, while the operator's
        # team works from it and always has it.
        count = roles.space_reports
    else:
        return None
    return Queue(
        key="moderation",
        label=_("Moderation"),
        spoken=ngettext("Moderation: %(count)s waiting", "Moderation: %(count)s waiting", count) % {"count": count},
        url=reverse("moderation:queue"),
        count=count,
    )


def _agenda_review(user, roles: Roles) -> Queue | None:
    if not roles.agenda_editor:
        return None
    count = AgendaSubmission.objects.reviewable_by(user).pending().count()
    return Queue(
        key="agenda_review",
        label=_("Agenda review"),
        spoken=ngettext("Agenda review: %(count)s event waiting", "Agenda review: %(count)s events waiting", count)
        % {"count": count},
        url=reverse("agenda:review_queue"),
        count=count,
    )


def join_requests(user) -> list[dict]:
    """The spaces the person administers that have requests to join, with their number, oldest request first."""
    rows = (
        Membership.objects.filter(
            status=MembershipStatus.REQUESTED, space__in=Space.objects.where_can(user, "space.administer")
        )
        .values("space__slug", "space__name")
        .order_by()
    )
    return list(rows.annotate(count=Count("pk"), oldest=Min("pk")).order_by("oldest"))


def _join_requests(user, roles: Roles) -> Queue | None:
    count = roles.join_requests
    if not count:
        return None
    spaces = join_requests(user)
    if len(spaces) == 1:
        url = reverse("spaces:members", kwargs={"slug": spaces[0]["space__slug"]})
    else:
        url = reverse("queues") + "#join-requests"
    return Queue(
        key="join_requests",
        label=_("Requests to join"),
        spoken=ngettext("Requests to join: %(count)s waiting", "Requests to join: %(count)s waiting", count)
        % {"count": count},
        url=url,
        count=count,
    )


def queues_for(user, roles: Roles | None = None) -> list[Queue]:
    roles = roles_of(user) if roles is None else roles
    if not roles.any:
        return []
    found = (_moderation(user, roles), _agenda_review(user, roles), _join_requests(user, roles))
    return [queue for queue in found if queue is not None]
