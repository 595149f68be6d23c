"""The network's kinds in the registry (`parvis.core.kinds`): sessions, questions, answers and documents are
moderated, searched and notified like any content, each through its `visible_to` (the spaces' rule and an active
role in the network), so that search, notifications and moderation never show them to anyone else."""

from django.utils.translation import gettext_lazy as _

from parvis.accounts.models import User
from parvis.core import kinds
from parvis.spaces.models import Membership

from .models import Answer, Document, NetworkRole, Question, Session

NEW_SESSION = "network_new_session"
NEW_QUESTION = "network_new_question"
NEW_ANSWER = "network_new_answer"
NEW_DOCUMENT = "network_new_document"


def _members(space):
    return (
        User.objects.filter(
            is_active=True,
            pk__in=Membership.objects.active().filter(space=space).values("user_id"),
        )
        .filter(pk__in=NetworkRole.objects.active().values("user_id"))
        .order_by("pk")
    )


def _hide(model):
    def moderate(obj, action):
        previous = model.objects.select_for_update().get(pk=obj.pk).hidden
        model.objects.filter(pk=obj.pk).update(hidden=True)
        return "hidden" if previous else ""

    def restore(obj_id, action, previous_state):
        model.objects.filter(pk=obj_id).update(hidden=previous_state == "hidden")

    return moderate, restore


def session_audience(session_id):
    session = Session.objects.select_related("space", "created_by").filter(pk=session_id).first()
    if session is None:
        return None
    return session, session.created_by, [(_members(session.space), NEW_SESSION)]


def question_audience(question_id):
    question = Question.objects.select_related("session", "author").filter(pk=question_id, hidden=False).first()
    if question is None:
        return None
    expert = User.objects.filter(pk=question.session.expert_id, is_active=True)
    return question, question.author, [(expert, NEW_QUESTION)]


def answer_audience(answer_id):
    answer = Answer.objects.select_related("question", "author").filter(pk=answer_id, hidden=False).first()
    if answer is None:
        return None
    asker = User.objects.filter(pk=answer.question.author_id, is_active=True)
    return answer, answer.author, [(asker, NEW_ANSWER)]


def document_audience(document_id):
    document = Document.objects.select_related("space", "author").filter(pk=document_id, hidden=False).first()
    if document is None:
        return None
    return document, document.author, [(_members(document.space), NEW_DOCUMENT)]


def coming_sessions(user, limit: int) -> list:
    """The network's coming sessions on a member's dashboard: the door into the network (nobody else has any)."""
    return list(Session.objects.visible_to(user).upcoming().select_related("theme")[:limit])


def register() -> None:
    moderate, restore = _hide(Question)
    kinds.register(
        kinds.ContentKind(
            name="network_question",
            label=_("question to an expert"),
            model=Question,
            url_word="question-expert",
            visible_to=lambda user: Question.objects.visible_to(user).select_related("space", "author"),
            space=lambda obj: obj.space,
            author=lambda obj: obj.author,
            text=lambda obj: ("", obj.text),
            moderate=moderate,
            restore=restore,
            related=("space", "author"),
            audience=question_audience,
            verbs={NEW_QUESTION: _("%(actor)s asks you a question in %(space)s")},
            search=kinds.SearchDocument(
                body="text", date="created_at", space="space", heading=_("Questions to experts")
            ),
        )
    )
    moderate, restore = _hide(Answer)
    kinds.register(
        kinds.ContentKind(
            name="network_answer",
            label=_("expert's answer"),
            model=Answer,
            url_word="reponse-expert",
            visible_to=lambda user: Answer.objects.visible_to(user).select_related("space", "author", "question"),
            space=lambda obj: obj.space,
            author=lambda obj: obj.author,
            text=lambda obj: ("", obj.text),
            moderate=moderate,
            restore=restore,
            related=("space", "author", "question"),
            audience=answer_audience,
            verbs={NEW_ANSWER: _("%(actor)s answered your question in %(space)s")},
            search=kinds.SearchDocument(body="text", date="created_at", space="space", heading=_("Experts' answers")),
        )
    )
    moderate, restore = _hide(Document)
    kinds.register(
        kinds.ContentKind(
            name="network_document",
            label=_("shared document"),
            model=Document,
            url_word="document-reseau",
            visible_to=lambda user: Document.objects.visible_to(user).select_related("space", "author"),
            space=lambda obj: obj.space,
            author=lambda obj: obj.author,
            text=lambda obj: (obj.title, ""),
            moderate=moderate,
            restore=restore,
            related=("space", "author"),
            audience=document_audience,
            verbs={NEW_DOCUMENT: _("%(actor)s shares a document in %(space)s")},
            search=kinds.SearchDocument(title="title", date="created_at", space="space", heading=_("Shared documents")),
        )
    )
    kinds.register(
        kinds.ContentKind(
            name="network_session",
            label=_("expert session"),
            model=Session,
            url_word="session-expert",
            visible_to=lambda user: Session.objects.visible_to(user).select_related("space", "expert"),
            space=lambda obj: obj.space,
            author=lambda obj: obj.created_by,
            text=lambda obj: (obj.title, obj.description),
            actions=frozenset(),
            related=("space", "created_by"),
            audience=session_audience,
            verbs={NEW_SESSION: _("%(actor)s announces an expert session in %(space)s")},
            dashboard=kinds.DashboardBlock(
                heading=_("Coming expert sessions"),
                items=coming_sessions,
                template="network/_dashboard_item.html",
            ),
            search=kinds.SearchDocument(
                title="title", body="description", date="starts_at", space="space", heading=_("Expert sessions")
            ),
        )
    )
