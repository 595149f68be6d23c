"""The procedures' pages: a commune's catalogue (searchable), one procedure with its form, the sender's page of a
request; the agents' back office (the queue of requests, one request, the catalogue and its forms). Thin: a form,
one service, a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from parvis.core.middleware import answers_nul_in_query
from parvis.core.pagecache import cache_for_visitors
from parvis.core.permissions import can
from parvis.core.submission import submit_once
from parvis.counter.handling import errors_to_form, item_forms
from parvis.counter.models import OPEN_STATES, Service, State
from parvis.counter.services import service_agents
from parvis.spaces.models import Space
from parvis.territories.models import Territory

from . import services
from .forms import (
    AnswerForm,
    CatalogueSearchForm,
    FieldForm,
    ProcedureForm,
    QueueFilterForm,
    StateForm,
)
from .models import Answer, AnswerValue, Procedure

QUEUE_PAGE_SIZE = 50
CATALOGUE_LIMIT = 100


_errors_to_form = errors_to_form


def _commune(slug: str) -> Territory:
    commune = Territory.objects.of_instance().communes().filter(slug=slug).first()
    if commune is None:
        raise Http404(_("There is no such commune on this site."))
    return commune


@answers_nul_in_query
@cache_for_visitors
def catalogue(request, slug: str):
    """A commune's online procedures: its town hall's and the département's, searchable by their words."""
    commune = _commune(slug)
    search = CatalogueSearchForm(request.GET or None)
    procedures = Procedure.objects.visible_to(request.user).offered_in(commune).for_list()
    words = ""
    if search.is_valid():
        words = search.cleaned_data["q"].strip()
        procedures = procedures.matching(words)
    mine = []
    if request.user.is_authenticated:
        mine = list(Answer.objects.visible_to(request.user).filter(applicant=request.user).for_list()[:10])
    return render(
        request,
        "procedures/catalogue.html",
        {
            "commune": commune,
            "search": search,
            "words": words,
            "procedures": list(procedures[:CATALOGUE_LIMIT]),
            "mine": mine,
        },
    )


def _procedure(request, procedure_id: int) -> Procedure:
    return get_object_or_404(
        Procedure.objects.visible_to(request.user).select_related("space", "territory", "service"), pk=procedure_id
    )


def _home_commune(request, procedure: Procedure) -> Territory | None:
    """The commune the request is made for: the person's own (the service checks it is served), else the
    procedure's when it is a commune's."""
    commune = None
    if request.user.is_authenticated and request.user.home_commune_id:
        commune = request.user.home_commune
    if commune is None and procedure.territory.level == "commune":
        commune = procedure.territory
    return commune


@cache_for_visitors
def detail(request, procedure_id: int):
    procedure = _procedure(request, procedure_id)
    fields = list(procedure.fields.all()) if procedure.has_form else []
    commune = _home_commune(request, procedure)
    form = AnswerForm(request.POST or None, request.FILES or None, fields=fields)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={procedure.get_absolute_url()}")
        if form.is_valid():
            texts, files = form.values()
            try:
                answer, _created = submit_once(
                    request,
                    kind="procedure_answer",
                    create=lambda: services.answer_submit(
                        applicant=request.user, procedure=procedure, commune=commune, values=texts, files=files
                    ),
                    find=lambda pk: Answer.objects.filter(pk=pk, applicant=request.user).first(),
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Your request is sent to the service in charge. You will be told of each step.")
                )
                return redirect(answer)
    return render(
        request,
        "procedures/detail.html",
        {
            "procedure": procedure,
            "space": procedure.space,
            "form": form,
            "fields": fields,
            "commune": commune,
            "may_answer": can(request.user, "counter.report"),
            "is_agent": can(request.user, "counter.handle", procedure),
        },
    )


def _values(answer: Answer) -> list[AnswerValue]:
    return list(answer.values.all())


@login_required
def answer(request, answer_id: int):
    answer = get_object_or_404(
        Answer.objects.visible_to(request.user).select_related("procedure", "service", "space", "commune"),
        pk=answer_id,
    )
    return render(
        request,
        "procedures/answer.html",
        {
            "answer": answer,
            "space": answer.space,
            "values": _values(answer),
            "updates": list(answer.updates.all()),
            "is_agent": can(request.user, "counter.handle", answer),
        },
    )


# The back office ---------------------------------------------------------------------------------------------


def _agent_spaces(user):
    spaces = Space.objects.where_can(user, "counter.handle")
    if not spaces.exists():
        raise PermissionDenied(_("The back office is for the agents of a service of the counter."))
    return spaces


@login_required
@answers_nul_in_query
def queue(request):
    _agent_spaces(request.user)
    filters = QueueFilterForm(request.GET or None)
    answers = Answer.objects.handled_by(request.user).select_related("procedure", "commune", "service", "assignee")
    state = filters.cleaned_data["state"] if filters.is_valid() else ""
    answers = answers.filter(state=state) if state else answers.filter(state__in=OPEN_STATES)
    page = Paginator(answers.order_by("created_at", "pk"), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "procedures/queue.html",
        {
            "filters": filters,
            "state_label": dict(State.choices).get(state, ""),
            "page": page,
            "answers": page.object_list,
        },
    )


@login_required
def handle(request, answer_id: int):
    answer = get_object_or_404(
        Answer.objects.handled_by(request.user).select_related(
            "procedure", "service", "space", "commune", "applicant", "assignee"
        ),
        pk=answer_id,
    )
    agent = request.user

    def state(**data):
        services.answer_state_set(agent=agent, answer=answer, **data)
        return _("The state is changed and the sender is told.")

    def note(text):
        services.answer_note_add(agent=agent, answer=answer, text=text)
        return _("Note added.")

    def assign(assignee):
        services.answer_assign(agent=agent, answer=answer, assignee=assignee)
        return _("Assignment saved.")

    forms, done = item_forms(
        request,
        agents=service_agents(answer.service),
        assignee_id=answer.assignee_id,
        acts={"state": state, "note": note, "assign": assign},
        state_form=StateForm,
    )
    if done:
        return redirect("procedures:handle", answer_id=answer.pk)
    return render(
        request,
        "procedures/handle.html",
        {
            "answer": answer,
            "space": answer.space,
            "values": _values(answer),
            "updates": list(answer.updates.select_related("actor")),
            "notes": list(answer.notes.select_related("author")),
            **forms,
        },
    )


def _territories_of(spaces) -> list[Territory]:
    """The territories an agent may offer a procedure in: their spaces' territories (a commune; a département)."""
    return list(Territory.objects.filter(pk__in=spaces.values("territory_id")).order_by("path"))


@login_required
def manage(request):
    """The catalogue of the agent's institutions, and a new procedure."""
    spaces = _agent_spaces(request.user)
    territories = _territories_of(spaces)
    offered = list(Service.objects.filter(space__in=spaces).select_related("space").order_by("space__name", "name"))
    form = ProcedureForm(request.POST or None, territories=territories, services=offered)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        territory = form.territories.get(data["territory"])
        service = form.services.get(data["service"])
        space = service.space if service else Space.objects.filter(pk__in=spaces, territory=territory).first()
        try:
            if space is None:
                raise ValidationError({"territory": _("Choose a territory served by this institution.")})
            procedure = services.procedure_create(
                actor=request.user,
                space=space,
                territory=territory,
                title=data["title"],
                summary=data["summary"],
                audience=data["audience"],
                documents=data["documents"],
                link=data["link"],
                service=service,
            )
        except (ValidationError, PermissionDenied) as error:
            _errors_to_form(form, error if isinstance(error, ValidationError) else ValidationError(str(error)))
        else:
            messages.success(request, _("The procedure is in the catalogue."))
            if procedure.has_form:
                return redirect("procedures:fields", procedure_id=procedure.pk)
            return redirect("procedures:manage")
    procedures = list(Procedure.objects.handled_by(request.user).for_list())
    return render(request, "procedures/manage.html", {"form": form, "procedures": procedures})


@login_required
def fields(request, procedure_id: int):
    """A procedure's form: its questions, and a new one at the end."""
    procedure = get_object_or_404(Procedure.objects.handled_by(request.user).select_related("space"), pk=procedure_id)
    form = FieldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.field_add(actor=request.user, procedure=procedure, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The question is added to the form."))
            return redirect("procedures:fields", procedure_id=procedure.pk)
    return render(
        request,
        "procedures/fields.html",
        {"procedure": procedure, "space": procedure.space, "questions": list(procedure.fields.all()), "form": form},
    )
