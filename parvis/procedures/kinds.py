"""The procedures in the registry of content kinds (`parvis.core.kinds`): an answer to a procedure's form is private
content of its service's space. Moderation may hide it (its moderators see its words alone, never a link), the
service's agents are told of a new one, its sender of each step (`procedure_update`), and the sender follows their
requests on their dashboard, in the counter's slot beside their reports and questions. Search never lists an
answer: it has no search document. The catalogue's procedures are searched as a kind too (public by nature)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.accounts.models import User
from parvis.core import kinds
from parvis.counter.models import State, Status
from parvis.counter.queue import handlers, moderator

from .models import Answer, AnswerUpdate, Procedure

NEW_ANSWER_FOR_MY_SERVICE = "new_procedure_for_my_service"
ANSWER_VERBS = {
    State.ACKNOWLEDGED: "procedure_acknowledged",
    State.IN_PROGRESS: "procedure_in_progress",
    State.RESOLVED: "procedure_resolved",
    State.REFUSED: "procedure_refused",
}


answer_moderate, answer_restore = moderator(Answer)


def answer_audience(answer_id: int):
    """The agents of the service in charge are told of a new request (its sender is the actor: never told)."""
    answer = Answer.objects.select_related("space", "applicant").filter(pk=answer_id, status=Status.PUBLISHED).first()
    if answer is None:
        return None
    return answer, answer.applicant, [(handlers(answer.space_id), NEW_ANSWER_FOR_MY_SERVICE)]


def update_audience(update_id: int):
    """The sender is told of each step, with its own reason."""
    update = AnswerUpdate.objects.select_related("answer__space", "actor").filter(pk=update_id).first()
    if update is None or update.state not in ANSWER_VERBS or update.answer.status != Status.PUBLISHED:
        return None
    people = User.objects.filter(is_active=True, pk=update.answer.applicant_id or 0)
    return update, update.actor, [(people, ANSWER_VERBS[update.state])]


def my_answers(user, limit: int) -> list[Answer]:
    """The person's dashboard: the requests they sent, newest first, whatever their state."""
    return list(Answer.objects.visible_to(user).filter(applicant=user).for_list()[:limit])


# Steps older than this no longer wait for the sender's attention on their dashboard.
RECENT_STEP_DAYS = 14


def recent_steps(user, limit: int) -> list[AnswerUpdate]:
    """What waits for the sender first: the service's latest steps on their requests (acknowledged, completed,
    refused) in the last two weeks."""
    since = timezone.now() - timedelta(days=RECENT_STEP_DAYS)
    steps = (
        AnswerUpdate.objects.visible_to(user)
        .filter(answer__applicant=user, created_at__gte=since)
        .exclude(state=State.NEW)
        .select_related("answer__procedure", "answer__space")
    )
    return list(steps.order_by("-created_at", "-pk")[:limit])


def waiting_for_my_service(user, limit: int) -> list[Answer]:
    """What waits for an agent first: the new requests in their services' queue, oldest first (the order in which
    they are handled). The catalogue's kind gives this block, since a procedure is what the agent manages."""
    waiting = Answer.objects.handled_by(user).filter(status=Status.PUBLISHED, state=State.NEW)
    return list(waiting.select_related("procedure", "commune").order_by("created_at", "pk")[:limit])


def register() -> None:
    kinds.register(
        kinds.ContentKind(
            name="procedure",
            label=_("online procedure"),
            model=Procedure,
            url_word="demarche",
            visible_to=lambda user: Procedure.objects.visible_to(user).select_related("space", "territory"),
            space=lambda procedure: procedure.space,
            text=lambda procedure: (procedure.title, procedure.summary),
            # The institution's own catalogue: its agents correct it, moderation has nothing to hide there.
            actions=frozenset(),
            related=("space", "territory"),
            search=kinds.SearchDocument(
                title="title", body="summary", date="created_at", space="space", heading=_("Online procedures")
            ),
            dashboard=kinds.DashboardBlock(
                heading=_("New online requests to handle"),
                items=waiting_for_my_service,
                template="procedures/_waiting_item.html",
                slot="attention",
            ),
        )
    )
    kinds.register(
        kinds.ContentKind(
            name="procedure_answer",
            label=_("request of an online procedure"),
            model=Answer,
            url_word="demande-demarche",
            visible_to=lambda user: Answer.objects.visible_to(user).select_related("space", "procedure", "commune"),
            space=lambda answer: answer.space,
            # Never named to whoever reports it, as a report's reporter is not.
            author=lambda answer: None,
            text=lambda answer: (answer.procedure.title, ""),
            moderate=answer_moderate,
            restore=answer_restore,
            linkable=False,
            related=("space", "procedure", "commune"),
            audience=answer_audience,
            verbs={NEW_ANSWER_FOR_MY_SERVICE: _("New request to %(space)s")},
            dashboard=kinds.DashboardBlock(
                heading=_("My online requests"),
                items=my_answers,
                template="procedures/_dashboard_item.html",
                slot="counter",
                empty=_("No online request yet. Find your town hall's procedures in its catalogue."),
            ),
        )
    )
    kinds.register(
        kinds.ContentKind(
            name="procedure_update",
            label=_("follow-up of an online request"),
            model=AnswerUpdate,
            url_word="suivi-demarche",
            visible_to=lambda user: AnswerUpdate.objects.visible_to(user).select_related("answer__space"),
            space=lambda update: update.answer.space,
            text=lambda update: ("", update.message),
            parent=lambda update: update.answer,
            actions=frozenset(),
            linkable=False,
            related=("answer__space",),
            audience=update_audience,
            dashboard=kinds.DashboardBlock(
                heading=_("News of my online requests"),
                items=recent_steps,
                template="procedures/_step_item.html",
                slot="attention",
            ),
            verbs={
                ANSWER_VERBS[State.ACKNOWLEDGED]: _("%(space)s acknowledged your request"),
                ANSWER_VERBS[State.IN_PROGRESS]: _("%(space)s is working on your request"),
                ANSWER_VERBS[State.RESOLVED]: _("%(space)s completed your request"),
                ANSWER_VERBS[State.REFUSED]: _("%(space)s refused your request"),
            },
        )
    )
