"""Reports on posts and comments over two years, as the queues of a living département hold them: most decided
(hidden or removed, a few contested), some dismissed, a sixth still open; with the audit entries the services write
for each report received, dismissal and decision, and the content's status and counters as the decisions left them.

The reporters are members of the content's space (people read what they report); the moderator of a decision is
an owner of the space, or the operator's team for spaces without one (official spaces).
"""

from collections import Counter
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from bench.scales import DOMAIN
from bench.targets import MODERATOR, target
from parvis.accounts.models import User
from parvis.core.audit import AuditEntry
from parvis.moderation.models import (
    Action,
    Decision,
    DecisionStatus,
    LogAction,
    Report,
    ReportReason,
    ReportStatus,
)
from parvis.posts.models import Comment, Post, Status
from parvis.spaces.models import Membership, MembershipStatus, Role

PRODUCES = ("reports",)
CHUNK = 5_000
# What became of a reported item: still open, decided, dismissed (weights); a decision is contested this often.
OUTCOME_WEIGHTS = {"open": 17, "decided": 65, "dismissed": 18}
CONTESTED_SHARE = 0.1
# Share of reports about comments (the rest about posts), and of items reported by more than one person.
COMMENT_SHARE = 0.6
SEVERAL_REPORTERS_SHARE = 0.15
REASON_WEIGHTS = {
    ReportReason.SPAM: 35,
    ReportReason.HARASSMENT: 20,
    ReportReason.HATE: 8,
    ReportReason.ILLEGAL: 4,
    ReportReason.PERSONAL_DATA: 8,
    ReportReason.OTHER: 25,
}
DETAILS = ("", "", "Propos répétés depuis plusieurs jours.", "Publicité pour un site sans rapport avec le groupe.")
DECISION_REASONS = (
    "Message publicitaire sans rapport avec l'espace.",
    "Propos insultants envers un membre, contraires à la charte.",
    "Numéro de téléphone d'une tierce personne publié sans son accord.",
)
OPERATOR_ROLE = "l'équipe de modération de l'opérateur"
TWO_YEARS = 2 * 365 * 86_400


def _sample_rows(ctx, model, count: int, fields: tuple[str, ...]) -> list[tuple]:
    """`count` distinct rows drawn at random by primary key: the generated ids are contiguous, so drawing ids in
    their range avoids loading a million rows to choose a few thousand."""
    bounds = model.objects.order_by("pk").values_list("pk", flat=True)
    first, last = bounds.first(), bounds.last()
    if first is None or count <= 0:
        return []
    wanted = ctx.rng.sample(range(first, last + 1), min(count, last - first + 1))
    rows = []
    for start in range(0, len(wanted), CHUNK):
        rows += model.objects.filter(pk__in=wanted[start : start + CHUNK]).order_by("pk").values_list(*fields)
    return rows


def generate(ctx) -> None:
    rng = ctx.rng
    now = timezone.now()
    total = ctx.sizes["reports"]
    members: dict[int, list[int]] = {}
    for space_id, user_id in (
        Membership.objects.filter(status=MembershipStatus.ACTIVE).order_by("pk").values_list("space_id", "user_id")
    ):
        members.setdefault(space_id, []).append(user_id)
    owners = dict(
        Membership.objects.filter(status=MembershipStatus.ACTIVE, role=Role.OWNER)
        .order_by("-pk")
        .values_list("space_id", "user_id")
    )
    everyone = list(User.objects.filter(email__endswith=f"@{DOMAIN}").order_by("pk").values_list("pk", flat=True))
    # Items to report: a few more than needed, since an item some of whose reporters are its author is dropped.
    items = int(total / (1 + SEVERAL_REPORTERS_SHARE)) + 1
    comment_rows = _sample_rows(ctx, Comment, int(items * COMMENT_SHARE), ("pk", "author_id", "post__space_id"))
    post_rows = _sample_rows(ctx, Post, items - len(comment_rows), ("pk", "author_id", "space_id"))
    targets = [("comment", *row) for row in comment_rows] + [("post", *row) for row in post_rows]
    rng.shuffle(targets)
    outcomes, outcome_weights = list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values())
    reasons, reason_weights = list(REASON_WEIGHTS), list(REASON_WEIGHTS.values())

    made = 0
    hidden: dict[str, list[int]] = {"post": [], "comment": []}
    removed: dict[str, list[int]] = {"post": [], "comment": []}
    with ctx.own_dates(Report, Decision):
        for start in range(0, len(targets), CHUNK):
            reports, decisions, audit = [], [], []
            decided_reports: list[tuple[Report, Decision]] = []
            for kind, target_id, author_id, space_id in targets[start : start + CHUNK]:
                if made >= total:
                    break
                audience = [pk for pk in members.get(space_id) or everyone if pk != author_id]
                if not audience:
                    continue
                several = rng.random() < SEVERAL_REPORTERS_SHARE
                reporters = rng.sample(audience, min(len(audience), rng.randint(2, 3) if several else 1))
                reporters = reporters[: total - made]
                reported = now - timedelta(seconds=rng.randrange(TWO_YEARS))
                outcome = rng.choices(outcomes, outcome_weights)[0]
                reason = rng.choices(reasons, reason_weights)[0]
                decision = None
                if outcome == "decided":
                    moderator = owners.get(space_id)
                    action = rng.choice([Action.HIDE, Action.HIDE, Action.REMOVE])
                    contested = rng.random() < CONTESTED_SHARE
                    decided = reported + timedelta(hours=rng.randint(1, 72))
                    decision = Decision(
                        kind=kind,
                        target_id=target_id,
                        space_id=space_id,
                        author_id=author_id,
                        action=action,
                        category=reason,
                        reason=rng.choice(DECISION_REASONS),
                        moderator_id=moderator,
                        moderator_role="un modérateur de l'espace" if moderator else OPERATOR_ROLE,
                        status=DecisionStatus.CONTESTED if contested else DecisionStatus.IN_FORCE,
                        previous_state=Status.PUBLISHED,
                        contest_text="Ce message ne contenait rien de contraire à la charte." if contested else "",
                        contested_at=decided + timedelta(days=1) if contested else None,
                        statement_sent_at=decided,
                        created_at=decided,
                    )
                    decisions.append(decision)
                    (hidden if action == Action.HIDE else removed)[kind].append(target_id)
                for rank, reporter in enumerate(reporters):
                    report = Report(
                        kind=kind,
                        target_id=target_id,
                        space_id=space_id,
                        author_id=author_id,
                        reporter_id=reporter,
                        reason=reason,
                        details=rng.choice(DETAILS) if reason != ReportReason.OTHER else DETAILS[2],
                        status={
                            "open": ReportStatus.OPEN,
                            "dismissed": ReportStatus.CLOSED,
                            "decided": ReportStatus.CONTESTED
                            if decision is not None and decision.status == DecisionStatus.CONTESTED
                            else ReportStatus.DECIDED,
                        }[outcome],
                        created_at=reported + timedelta(minutes=rank * 17),
                    )
                    reports.append(report)
                    if decision is not None:
                        decided_reports.append((report, decision))
                    audit.append((LogAction.REPORT_RECEIVED, reporter, report, report.created_at, reason))
                    if outcome == "dismissed":
                        dismissed = report.created_at + timedelta(hours=rng.randint(1, 48))
                        audit.append(
                            (LogAction.REPORT_DISMISSED, owners.get(space_id), report, dismissed, "Rien d'anormal.")
                        )
                if decision is not None:
                    taken = (LogAction.DECISION_TAKEN, decision.moderator_id, decision, decision.created_at)
                    audit.append((*taken, decision.reason))
                made += len(reporters)
            decisions = ctx.bulk(Decision, decisions)
            for report, decision in decided_reports:
                report.decision_id = decision.pk
            reports = ctx.bulk(Report, reports)
            ctx.bulk(AuditEntry, [_entry(*item) for item in audit])
            ctx.produced("reports", len(reports))
    _apply_decisions(hidden, removed)


def _entry(verb: str, actor_id: int | None, about, when, reason: str) -> AuditEntry:
    """The entry `moderation.services._log` writes: the content's model and id, the report or decision in details."""
    model = Comment if about.kind == "comment" else Post
    details = {"report": about.pk} if isinstance(about, Report) else {"decision": about.pk}
    return AuditEntry(
        actor_id=actor_id,
        verb=verb,
        kind=model._meta.label_lower,
        object_id=about.target_id,
        target_label=f"{about.kind} {about.target_id}",
        space_id=about.space_id,
        reason=reason,
        details=details,
        created_at=when,
    )


def _apply_decisions(hidden: dict[str, list[int]], removed: dict[str, list[int]]) -> None:
    """The content as the decisions left it: hidden or removed, and each post's count of published comments down by
    its comments taken away (as `posts.kinds.comment_moderate` does one at a time)."""
    for status, chosen in ((Status.HIDDEN, hidden), (Status.REMOVED, removed)):
        for start in range(0, len(chosen["post"]), CHUNK):
            Post.objects.filter(pk__in=chosen["post"][start : start + CHUNK]).update(status=status)
        for start in range(0, len(chosen["comment"]), CHUNK):
            Comment.objects.filter(pk__in=chosen["comment"][start : start + CHUNK]).update(status=status)
    taken = hidden["comment"] + removed["comment"]
    per_post: Counter = Counter()
    for start in range(0, len(taken), CHUNK):
        per_post.update(Comment.objects.filter(pk__in=taken[start : start + CHUNK]).values_list("post_id", flat=True))
    by_count: dict[int, list[int]] = {}
    for post_id, count in per_post.items():
        by_count.setdefault(count, []).append(post_id)
    for count, post_ids in by_count.items():
        Post.objects.filter(pk__in=post_ids).update(comment_count=F("comment_count") - count)


def targets(inhabitant) -> list[dict]:
    """The queue of the space moderator (owner or administrator) with the most open reports to handle."""
    open_per_space = Counter(Report.objects.open().exclude(space=None).values_list("space_id", flat=True))
    load: Counter = Counter()
    for user_id, space_id in Membership.objects.filter(
        status=MembershipStatus.ACTIVE, role__in=[Role.OWNER, Role.ADMIN], space_id__in=list(open_per_space)
    ).values_list("user_id", "space_id"):
        load[user_id] += open_per_space[space_id]
    if not load:
        return []
    busiest = min(load, key=lambda user_id: (-load[user_id], user_id))
    return [target("moderation queue", "/moderation/", MODERATOR, as_user=User.objects.get(pk=busiest))]
