"""The élus' network through the API: its directory (members only), its sessions, their questions and votes. The
same services and the same rule as the pages: outside the network every list is a 404, as every page."""

from datetime import date, datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from parvis.core.api_auth import SIGNED_IN
from parvis.core.permissions import can
from parvis.core.schemas import ErrorOut, Text

from . import services
from .models import NETWORK, QUESTION_LIMIT, NetworkRole, Question, QuestionVote, RoleKind, Session

router = Router(tags=["network"])


class NetworkMemberOut(Schema):
    name: str
    role: str
    function: str
    commune: str
    commune_code: str
    service: str
    direction: str
    theme: str
    ends_on: date | None


class SessionOut(Schema):
    id: int
    title: str
    description: str
    theme: str
    expert_name: str
    starts_at: datetime
    ends_at: datetime
    questions_open: bool
    space_nature: str
    url: str


class ExpertAnswerOut(Schema):
    author_name: str
    text: str
    created_at: datetime


class ExpertQuestionOut(Schema):
    id: int
    text: str
    author_name: str
    votes: int
    voted: bool
    answer: ExpertAnswerOut | None
    created_at: datetime


class ExpertQuestionIn(Schema):
    text: Text(QUESTION_LIMIT * 2)


def _member(request) -> None:
    if not can(request.auth, "network.read", NETWORK):
        raise Http404


@router.get(
    "/directory", response={200: list[NetworkMemberOut], 404: ErrorOut}, auth=SIGNED_IN, summary="The directory"
)
def network_directory(request, role: str = "", commune: str = ""):
    _member(request)
    roles = NetworkRole.objects.active().for_directory()
    if role in RoleKind.values:
        roles = roles.filter(kind=role)
    if commune:
        roles = roles.filter(commune__code=commune[:10])
    return [
        {
            "name": each.full_name,
            "role": each.kind,
            "function": each.function,
            "commune": each.commune.name if each.commune_id else "",
            "commune_code": each.commune.code if each.commune_id else "",
            "service": each.service,
            "direction": each.direction,
            "theme": each.theme.name if each.theme_id else "",
            "ends_on": each.ends_on,
        }
        for each in roles[:500]
    ]


def _session_out(session: Session) -> dict:
    return {
        "id": session.pk,
        "title": session.title,
        "description": session.description,
        "theme": session.theme.name,
        "expert_name": session.expert.public_name,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "questions_open": session.questions_open,
        "space_nature": session.space.nature,
        "url": session.get_absolute_url(),
    }


@router.get("/sessions", response={200: list[SessionOut], 404: ErrorOut}, auth=SIGNED_IN, summary="Expert sessions")
def network_sessions(request):
    _member(request)
    sessions = Session.objects.visible_to(request.auth).for_list().order_by("-starts_at", "pk")[:100]
    return [_session_out(session) for session in sessions]


def _session(request, session_id: int) -> Session:
    _member(request)
    return get_object_or_404(Session.objects.visible_to(request.auth).for_list(), pk=session_id)


@router.get("/sessions/{session_id}", response={200: SessionOut, 404: ErrorOut}, auth=SIGNED_IN, summary="A session")
def network_session(request, session_id: int):
    return _session_out(_session(request, session_id))


def _questions(request, session: Session) -> list[dict]:
    questions = Question.objects.visible_to(request.auth).filter(session=session).for_session()
    voted = set(
        QuestionVote.objects.filter(voter=request.auth, question__session=session).values_list("question_id", flat=True)
    )
    rows = []
    for question in questions:
        answer = getattr(question, "answer", None)
        rows.append(
            {
                "id": question.pk,
                "text": question.text,
                "author_name": question.author.public_name,
                "votes": question.vote_count,
                "voted": question.pk in voted,
                "answer": None
                if answer is None or answer.hidden
                else {"author_name": answer.author.public_name, "text": answer.text, "created_at": answer.created_at},
                "created_at": question.created_at,
            }
        )
    return rows


@router.get(
    "/sessions/{session_id}/questions",
    response={200: list[ExpertQuestionOut], 404: ErrorOut},
    auth=SIGNED_IN,
    summary="A session's questions, most voted first, with their answers",
)
def network_questions(request, session_id: int):
    return _questions(request, _session(request, session_id))


@router.post(
    "/sessions/{session_id}/questions",
    response={201: ExpertQuestionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Ask the expert a question",
)
def network_question_ask(request, session_id: int, payload: ExpertQuestionIn):
    question = services.question_ask(author=request.auth, session=_session(request, session_id), text=payload.text)
    return 201, next(row for row in _questions(request, question.session) if row["id"] == question.pk)


@router.post(
    "/questions/{network_question_id}/vote",
    response={200: ExpertQuestionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Vote for a question (once)",
)
def network_question_vote(request, network_question_id: int):
    _member(request)
    question = get_object_or_404(Question.objects.visible_to(request.auth), pk=network_question_id)
    question = services.question_vote(voter=request.auth, question=question)
    return next(row for row in _questions(request, question.session) if row["id"] == question.pk)
