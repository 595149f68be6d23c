"""The counter in the registry of content kinds (`parvis.core.kinds`): moderation hides and restores a report,
search finds it by its description, notifications tells the service's agents of a new one and the reporter and
the people who said "me too" of each step (a step is its own kind, `counter_update`, so that each one is told once).
None of those apps names the counter."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parvis.accounts.models import User
from parvis.core import kinds

from .models import Question, Report, ReportUpdate, State, Status
from .queue import handlers, moderator

NEW_REPORT_FOR_MY_SERVICE = "new_report_for_my_service"
REPORT_VERBS = {
    State.ACKNOWLEDGED: "report_acknowledged",
    State.IN_PROGRESS: "report_in_progress",
    State.RESOLVED: "report_resolved",
    State.REFUSED: "report_refused",
}


report_moderate, report_restore = moderator(Report)
question_moderate, question_restore = moderator(Question)


def report_audience(report_id: int):
    """The agents of the service in charge are told of a new report (its reporter is the actor: never told)."""
    report = Report.objects.select_related("space", "reporter").filter(pk=report_id, status=Status.PUBLISHED).first()
    if report is None:
        return None
    return report, report.reporter, [(handlers(report.space_id), NEW_REPORT_FOR_MY_SERVICE)]


def update_audience(update_id: int):
    """The reporter and the people who said "me too" are told of each step, with its own reason."""
    update = ReportUpdate.objects.select_related("report__space", "actor").filter(pk=update_id).first()
    if update is None or update.state not in REPORT_VERBS or update.report.status != Status.PUBLISHED:
        return None
    report = update.report
    people = (
        User.objects.filter(is_active=True)
        .filter(pk__in=[report.reporter_id or 0, *report.supporters.values_list("user_id", flat=True)])
        .order_by("pk")
    )
    return update, update.actor, [(people, REPORT_VERBS[update.state])]


def my_reports(user, limit: int) -> list[Report]:
    """The person's dashboard: the reports they made or said "me too" to, newest first, whatever their state."""
    followed = Report.objects.filter(supporters__user=user).values("pk")
    mine = Report.objects.visible_to(user).filter(Q(reporter=user) | Q(pk__in=followed))
    return list(mine.for_list()[:limit])


NEW_QUESTION_FOR_MY_SERVICE = "new_question_for_my_service"
QUESTION_ANSWERED = "question_answered"


def my_questions(user, limit: int) -> list[Question]:
    """The person's dashboard: the questions they asked, newest first, answered or not."""
    mine = Question.objects.visible_to(user).filter(asker=user).select_related("service", "commune")
    return list(mine.order_by("-created_at", "-pk")[:limit])


def question_audience(question_id: int):
    """The agents of the service asked are told of a new question (the asker is the actor: never told)."""
    question = Question.objects.select_related("space", "asker").filter(pk=question_id, status=Status.PUBLISHED).first()
    if question is None:
        return None
    return question, question.asker, [(handlers(question.space_id), NEW_QUESTION_FOR_MY_SERVICE)]


def answer_audience(question_id: int):
    """The asker is told of the answer; the actor named is none, since the institution answers (not an agent)."""
    question = Question.objects.select_related("space").filter(pk=question_id, status=Status.PUBLISHED).first()
    if question is None or question.answered_at is None or question.asker_id is None:
        return None
    askers = User.objects.filter(is_active=True, pk=question.asker_id)
    return question, None, [(askers, QUESTION_ANSWERED)]


def register() -> None:
    register_indicators()
    kinds.register(
        kinds.ContentKind(
            name="counter_report",
            label=_("report to the town hall"),
            model=Report,
            url_word="signalement",
            visible_to=lambda user: Report.objects.visible_to(user).select_related("space", "category", "commune"),
            space=lambda report: report.space,
            # No author for moderation: its pages name a content's author to whoever reports it, and a report's
            # reporter is never public. (So a reporter gets no statement of reasons when moderation hides theirs.)
            author=lambda report: None,
            text=lambda report: (report.category.name, report.description),
            moderate=report_moderate,
            restore=report_restore,
            related=("space", "category", "commune"),
            audience=report_audience,
            verbs={NEW_REPORT_FOR_MY_SERVICE: _("New report to %(space)s")},
            search=kinds.SearchDocument(
                title="description", date="created_at", space="space", heading=_("Reports to the town hall")
            ),
            dashboard=kinds.DashboardBlock(
                heading=_("My reports to the town hall"),
                items=my_reports,
                template="counter/_dashboard_item.html",
                slot="counter",
                empty=_("No report yet. A broken street light, a pothole? Tell your town hall at its counter."),
            ),
        )
    )
    kinds.register(
        kinds.ContentKind(
            name="counter_update",
            label=_("follow-up of a report"),
            model=ReportUpdate,
            url_word="suivi-signalement",
            visible_to=lambda user: ReportUpdate.objects.visible_to(user).select_related("report__space"),
            space=lambda update: update.report.space,
            text=lambda update: ("", update.message),
            parent=lambda update: update.report,
            actions=frozenset(),
            related=("report__space",),
            audience=update_audience,
            verbs={
                REPORT_VERBS[State.ACKNOWLEDGED]: _("%(space)s acknowledged your report"),
                REPORT_VERBS[State.IN_PROGRESS]: _("%(space)s is working on your report"),
                REPORT_VERBS[State.RESOLVED]: _("%(space)s resolved your report"),
                REPORT_VERBS[State.REFUSED]: _("%(space)s refused your report"),
            },
        )
    )

    kinds.register(
        kinds.ContentKind(
            name="counter_question",
            label=_("question to the town hall"),
            model=Question,
            url_word="question-mairie",
            visible_to=lambda user: Question.objects.visible_to(user).select_related("space", "service", "commune"),
            space=lambda question: question.space,
            # As for reports: the asker is never named to the public, nor to whoever reports the question.
            author=lambda question: None,
            text=lambda question: (question.text, question.answer),
            moderate=question_moderate,
            restore=question_restore,
            # A private question is read by its asker and the service's agents: moderators see the words alone.
            linkable=False,
            related=("space", "service", "commune"),
            audience=question_audience,
            verbs={NEW_QUESTION_FOR_MY_SERVICE: _("New question to %(space)s")},
            search=kinds.SearchDocument(
                title="text", body="answer", date="answered_at", space="space", heading=_("Questions to the town hall")
            ),
            dashboard=kinds.DashboardBlock(
                heading=_("My questions to the town hall"),
                items=my_questions,
                template="counter/_question_dashboard_item.html",
                slot="counter",
            ),
        )
    )
    # The answer is its own kind (on the same rows) so that the asker is told once, apart from the agents' news of
    # the question: registered after `counter_question`, which stays the kind of a question in hand.
    kinds.register(
        kinds.ContentKind(
            name="counter_answer",
            label=_("answer of the town hall"),
            model=Question,
            url_word="reponse-mairie",
            visible_to=lambda user: Question.objects.visible_to(user).select_related("space"),
            space=lambda question: question.space,
            text=lambda question: ("", question.answer),
            actions=frozenset(),
            related=("space",),
            audience=answer_audience,
            verbs={QUESTION_ANSWERED: _("%(space)s answered your question")},
        )
    )


# --- Its figures for the operator (parvis/figures) ------------------------------------------------------------------


def reports_filed(start, end) -> dict[int, int]:
    from django.db.models import Count

    rows = Report.objects.filter(created_at__gte=start, created_at__lt=end).values_list("commune_id")
    return dict(rows.annotate(n=Count("pk")).order_by())


def _resolved(start, end):
    return Report.objects.filter(state=State.RESOLVED, closed_at__gte=start, closed_at__lt=end)


def reports_resolved(start, end) -> dict[int, int]:
    from django.db.models import Count

    return dict(_resolved(start, end).values_list("commune_id").annotate(n=Count("pk")).order_by())


def resolution_hours(start, end) -> dict[int, int]:
    """The hours from filing to resolution of the reports resolved that day, summed: with their number, the mean
    delay of any territory and period (a median would not add up the tree)."""
    totals: dict[int, int] = {}
    for commune_id, created, closed in _resolved(start, end).values_list("commune_id", "created_at", "closed_at"):
        totals[commune_id] = totals.get(commune_id, 0) + round((closed - created).total_seconds() / 3600)
    return totals


def register_indicators() -> None:
    kinds.register_indicator(
        kinds.Indicator(
            name="reports", label=_("reports to the town hall"), count=reports_filed, people=False, order=70
        )
    )
    kinds.register_indicator(
        kinds.Indicator(
            name="reports_resolved", label=_("reports resolved"), count=reports_resolved, people=False, order=71
        )
    )
    kinds.register_indicator(
        kinds.Indicator(
            name="resolution_hours",
            label=_("hours to resolve, summed"),
            count=resolution_hours,
            people=False,
            hidden=True,
            order=72,
        )
    )
