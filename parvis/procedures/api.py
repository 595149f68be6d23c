"""The procedures through the API: a commune's catalogue, one procedure with its form's questions, sending an answer
(text, choice and date fields: a file is attached on the site), and the caller's own requests. The same services
and rules as the pages; a request one may not read is a 404."""

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from parvis.core.api_auth import PUBLIC, SIGNED_IN
from parvis.core.schemas import ErrorOut, Text
from parvis.core.submission import submit_once
from parvis.territories.models import Territory

from . import services
from .models import MAX_FIELDS, VALUE_LIMIT, Answer, Procedure

router = Router(tags=["procedures"])
LIST_LIMIT = 100


class ProcedureFieldOut(Schema):
    key: str = Field(description="The name of its answer in `values`")
    label: str
    help_text: str
    type: str = Field(description="text, choice, date or file")
    required: bool
    options: list[str]
    min_date: date | None
    max_date: date | None


class ProcedureOut(Schema):
    id: int
    title: str
    summary: str
    audience: str
    documents: list[str]
    space: str
    service: str
    territory: str
    link: str = Field(description="Where the procedure is done, when on another site")
    has_form: bool
    url: str


class ProcedureDetailOut(ProcedureOut):
    questions: list[ProcedureFieldOut]


class ProcedureRequestIn(Schema):
    commune: Text(10) = Field(description="INSEE code of the commune the request is made for")
    values: dict[Text(20), Text(VALUE_LIMIT)] = Field(
        default_factory=dict, max_length=MAX_FIELDS, description="Each question's answer by its `key`"
    )


class ValueOut(Schema):
    label: str
    type: str
    text: str
    date: date | None
    has_file: bool


class StepOut(Schema):
    state: str
    message: str
    created_at: datetime


class ProcedureRequestOut(Schema):
    id: int
    procedure_id: int
    procedure: str
    service: str
    commune: str
    state: str
    created_at: datetime
    values: list[ValueOut]
    steps: list[StepOut]
    url: str


def _commune(code: str) -> Territory:
    return get_object_or_404(Territory.objects.of_instance().communes(), code=code)


def _out(procedure: Procedure) -> dict:
    return {
        "id": procedure.pk,
        "title": procedure.title,
        "summary": procedure.summary,
        "audience": procedure.audience,
        "documents": procedure.document_list,
        "space": procedure.space.name,
        "service": procedure.service.name if procedure.service else "",
        "territory": procedure.territory.name,
        "link": procedure.link,
        "has_form": procedure.has_form,
        "url": procedure.get_absolute_url(),
    }


def _answer_out(answer: Answer) -> dict:
    return {
        "id": answer.pk,
        "procedure_id": answer.procedure_id,
        "procedure": answer.procedure.title,
        "service": answer.service.name,
        "commune": answer.commune.name,
        "state": answer.state,
        "created_at": answer.created_at,
        "values": [
            {"label": v.label, "type": v.type, "text": v.text, "date": v.date, "has_file": bool(v.file)}
            for v in answer.values.all()
        ],
        "steps": [{"state": u.state, "message": u.message, "created_at": u.created_at} for u in answer.updates.all()],
        "url": answer.get_absolute_url(),
    }


@router.get("", response={200: list[ProcedureOut], 404: ErrorOut}, auth=PUBLIC, summary="A commune's procedures")
def procedure_list(request, commune: str, q: Text(100) = ""):
    """The online procedures offered in a commune (by its INSEE code); `q` keeps those holding every word."""
    procedures = Procedure.objects.visible_to(request.auth).offered_in(_commune(commune)).for_list()
    procedures = procedures.select_related("service").matching(q)
    return [_out(procedure) for procedure in procedures[:LIST_LIMIT]]


@router.get("/{procedure_id}", response={200: ProcedureDetailOut, 404: ErrorOut}, auth=PUBLIC, summary="One procedure")
def procedure_detail(request, procedure_id: int):
    procedure = get_object_or_404(
        Procedure.objects.visible_to(request.auth).select_related("space", "service", "territory"), pk=procedure_id
    )
    questions = list(procedure.fields.all()) if procedure.has_form else []
    return {
        **_out(procedure),
        "questions": [
            {
                "key": q.key,
                "label": q.label,
                "help_text": q.help_text,
                "type": q.type,
                "required": q.required,
                "options": q.options,
                "min_date": q.min_date,
                "max_date": q.max_date,
            }
            for q in questions
        ],
    }


def _mine(request):
    return Answer.objects.visible_to(request.auth).select_related("procedure", "service", "commune")


@router.post(
    "/{procedure_id}/answers",
    response={201: ProcedureRequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Send an answer to a procedure's form (a form asking for a file is sent on the site)",
)
def answer_create(request, procedure_id: int, payload: ProcedureRequestIn):
    procedure = get_object_or_404(Procedure.objects.visible_to(request.auth), pk=procedure_id)
    commune = _commune(payload.commune)
    answer, _created = submit_once(
        request,
        user=request.auth,
        kind="procedure_answer",
        create=lambda: services.answer_submit(
            applicant=request.auth, procedure=procedure, commune=commune, values=dict(payload.values)
        ),
        find=lambda pk: Answer.objects.filter(pk=pk, applicant=request.auth).first(),
    )
    return 201, _answer_out(get_object_or_404(_mine(request), pk=answer.pk))


@router.get(
    "/answers/mine",
    response={200: list[ProcedureRequestOut]},
    auth=SIGNED_IN,
    summary="My requests of online procedures",
)
def answer_list(request):
    answers = _mine(request).filter(applicant=request.auth).prefetch_related("values", "updates")
    return [_answer_out(answer) for answer in answers.order_by("-created_at", "-pk")[:LIST_LIMIT]]


@router.get(
    "/answers/{answer_id}",
    response={200: ProcedureRequestOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="One request (its sender and the service's agents)",
)
def answer_detail(request, answer_id: int):
    return _answer_out(get_object_or_404(_mine(request), pk=answer_id))
