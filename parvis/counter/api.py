"""The counter through the API: categories of a commune, its reports (what the public map reads: never the reporter,
the place rounded), one report, reporting, "me too", and an agent's change of state. The same services and rules
as the pages; a report one may not read is a 404."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from parvis.core.api_auth import PUBLIC, SIGNED_IN
from parvis.core.permissions import can
from parvis.core.schemas import ErrorOut, Id, Text
from parvis.core.submission import submit_once
from parvis.territories.models import Territory

from . import services
from .geocoding import pin_or_address
from .models import (
    ADDRESS_LIMIT,
    ANSWER_LIMIT,
    DESCRIPTION_LIMIT,
    MESSAGE_LIMIT,
    QUESTION_LIMIT,
    Category,
    Question,
    Report,
    Service,
    State,
)

router = Router(tags=["counter"])
LIST_LIMIT = 100


class CategoryOut(Schema):
    id: int
    name: str
    icon: str
    service: str
    territory: str


class UpdateOut(Schema):
    state: str
    message: str
    created_at: datetime


class CounterReportOut(Schema):
    id: int
    category_id: int
    category: str
    service: str
    commune_code: str
    commune: str
    description: str
    address: str
    latitude: float = Field(description="Rounded to about 100 m, as on the public map")
    longitude: float
    at_commune_centre: bool
    state: str
    supporter_count: int
    created_at: datetime
    updated_at: datetime
    updates: list[UpdateOut]
    url: str
    mine: bool = Field(description="The caller reported it")


class CounterReportIn(Schema):
    category: Id
    description: Text(DESCRIPTION_LIMIT)
    commune: Text(10) = Field("", description="INSEE code of the commune, with an address and no pin")
    address: Text(ADDRESS_LIMIT) = ""
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=12)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=12)
    anonymous: bool = False


class StateIn(Schema):
    state: Text(20)
    message: Text(MESSAGE_LIMIT) = ""


def _commune(code: str) -> Territory:
    return get_object_or_404(Territory.objects.of_instance().communes(), code=code)


def _out(report: Report, user, updates=None) -> dict:
    updates = updates if updates is not None else list(report.updates.all())
    return {
        "id": report.pk,
        "category_id": report.category_id,
        "category": report.category.name,
        "service": report.service.name,
        "commune_code": report.commune.code,
        "commune": report.commune.name,
        "description": report.description,
        "address": report.address,
        "latitude": float(report.public_latitude),
        "longitude": float(report.public_longitude),
        "at_commune_centre": report.at_commune_centre,
        "state": report.state,
        "supporter_count": report.supporter_count,
        "created_at": report.created_at,
        "updated_at": report.updated_at,
        "updates": [{"state": u.state, "message": u.message, "created_at": u.created_at} for u in updates],
        "url": report.get_absolute_url(),
        "mine": bool(user is not None and user.is_authenticated and report.reporter_id == user.pk),
    }


def _visible(request, request_id: int) -> Report:
    return get_object_or_404(
        Report.objects.visible_to(request.auth).select_related("category", "service", "commune"), pk=request_id
    )


@router.get("/categories", response={200: list[CategoryOut], 404: ErrorOut}, auth=PUBLIC, summary="Categories")
def category_list(request, commune: str):
    """The categories offered for a report in a commune (by its INSEE code)."""
    categories = Category.objects.offered_in(_commune(commune)).select_related("territory")
    return [
        {"id": c.pk, "name": c.name, "icon": c.icon, "service": c.service.name, "territory": c.territory.name}
        for c in categories
    ]


@router.get(
    "/reports", response={200: list[CounterReportOut], 404: ErrorOut}, auth=PUBLIC, summary="Reports of a commune"
)
def report_list(request, commune: str, state: str = ""):
    reports = Report.objects.visible_to(request.auth).in_commune(_commune(commune))
    if state in State.values:
        reports = reports.filter(state=state)
    reports = list(
        reports.select_related("category", "service", "commune")
        .prefetch_related("updates")
        .order_by("-created_at", "-pk")[:LIST_LIMIT]
    )
    return [_out(report, request.auth, list(report.updates.all())) for report in reports]


@router.get("/reports/{request_id}", response={200: CounterReportOut, 404: ErrorOut}, auth=PUBLIC, summary="One report")
def report_detail(request, request_id: int):
    return _out(_visible(request, request_id), request.auth)


@router.post(
    "/reports",
    response={201: CounterReportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Report a problem (by a pin, or by an address in a commune)",
)
def report_create(request, payload: CounterReportIn):
    category = get_object_or_404(Category.objects.filter(active=True), pk=payload.category)
    commune = _commune(payload.commune) if payload.commune else None
    latitude, longitude = pin_or_address(
        commune=commune, address=payload.address, latitude=payload.latitude, longitude=payload.longitude
    )
    report, _created = submit_once(
        request,
        user=request.auth,
        kind="counter_report",
        create=lambda: services.report_create(
            reporter=request.auth,
            category=category,
            description=payload.description,
            commune=commune,
            address=payload.address,
            latitude=latitude,
            longitude=longitude,
            anonymous=payload.anonymous,
        ),
        find=lambda pk: Report.objects.filter(pk=pk, reporter=request.auth).first(),
    )
    return 201, _out(_visible(request, report.pk), request.auth)


@router.post(
    "/reports/{request_id}/support",
    response={200: CounterReportOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Me too: follow a report",
)
def report_support(request, request_id: int):
    services.report_support(user=request.auth, report=_visible(request, request_id))
    return _out(_visible(request, request_id), request.auth)


@router.post(
    "/reports/{request_id}/state",
    response={200: CounterReportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Change a report's state, with a message to its reporter (the service's agents)",
)
def report_state(request, request_id: int, payload: StateIn):
    report = _visible(request, request_id)
    if not can(request.auth, "counter.handle", report):
        raise PermissionDenied(_("Only the agents of the service in charge can handle this report."))
    services.report_state_set(agent=request.auth, report=report, state=payload.state, message=payload.message)
    return _out(_visible(request, request_id), request.auth)


# Questions to the town hall ----------------------------------------------------------------------------------


class TownHallQuestionOut(Schema):
    id: int
    service_id: int
    service: str
    space: str = Field(description="The institution that answers: the answer is signed by it and its service")
    commune_code: str
    commune: str
    public: bool
    text: str
    answer: str
    answered_at: datetime | None
    created_at: datetime
    url: str
    mine: bool = Field(description="The caller asked it")


class TownHallQuestionIn(Schema):
    service: Id
    commune: Text(10) = Field(description="INSEE code of the commune whose questions and answers it joins")
    text: Text(QUESTION_LIMIT)
    public: bool = True


class TownHallAnswerIn(Schema):
    answer: Text(ANSWER_LIMIT)


def _question_out(question: Question, user) -> dict:
    return {
        "id": question.pk,
        "service_id": question.service_id,
        "service": question.service.name,
        "space": question.space.name,
        "commune_code": question.commune.code,
        "commune": question.commune.name,
        "public": question.public,
        "text": question.text,
        "answer": question.answer,
        "answered_at": question.answered_at,
        "created_at": question.created_at,
        "url": question.get_absolute_url(),
        "mine": bool(user is not None and user.is_authenticated and question.asker_id == user.pk),
    }


def _visible_question(request, question_id: int) -> Question:
    return get_object_or_404(
        Question.objects.visible_to(request.auth).select_related("service", "space", "commune"), pk=question_id
    )


@router.get(
    "/questions",
    response={200: list[TownHallQuestionOut], 404: ErrorOut},
    auth=PUBLIC,
    summary="A commune's answered public questions",
)
def question_list(request, commune: str, q: Text(100) = ""):
    """The commune's questions and answers, newest answer first; `q` keeps those holding every word."""
    questions = Question.objects.public().in_commune(_commune(commune)).for_list()
    for word in q.split()[:8]:
        questions = questions.filter(Q(text__icontains=word) | Q(answer__icontains=word))
    return [_question_out(question, request.auth) for question in questions[:LIST_LIMIT]]


@router.get(
    "/questions/{question_id}", response={200: TownHallQuestionOut, 404: ErrorOut}, auth=PUBLIC, summary="One question"
)
def question_detail(request, question_id: int):
    return _question_out(_visible_question(request, question_id), request.auth)


@router.post(
    "/questions",
    response={201: TownHallQuestionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Ask a service a question (public once answered, or private)",
)
def question_create(request, payload: TownHallQuestionIn):
    service = get_object_or_404(Service.objects.all(), pk=payload.service)
    commune = _commune(payload.commune)
    question, _created = submit_once(
        request,
        user=request.auth,
        kind="counter_question",
        create=lambda: services.question_ask(
            asker=request.auth, service=service, commune=commune, text=payload.text, public=payload.public
        ),
        find=lambda pk: Question.objects.filter(pk=pk, asker=request.auth).first(),
    )
    return 201, _question_out(_visible_question(request, question.pk), request.auth)


@router.post(
    "/questions/{question_id}/answer",
    response={200: TownHallQuestionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Answer a question as the institution (the service's agents)",
)
def question_answer(request, question_id: int, payload: TownHallAnswerIn):
    question = _visible_question(request, question_id)
    services.question_answer(agent=request.auth, question=question, answer=payload.answer)
    return _question_out(_visible_question(request, question_id), request.auth)
