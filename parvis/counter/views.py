"""The counter's pages: a commune's reports (list and map), reporting a problem, a report's page and "me too";
the agents' back office (queue, one report, several at once, figures). Thin: a form, one service, a redirect."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parvis.core.middleware import answers_nul_in_query
from parvis.core.pagecache import cache_for_visitors
from parvis.core.permissions import can
from parvis.core.submission import submit_once
from parvis.spaces.models import Space
from parvis.territories.models import Territory

from . import services
from .figures import duration_words, figures_by_category
from .forms import (
    AnswerForm,
    BulkForm,
    FaqSearchForm,
    QuestionForm,
    QueueFilterForm,
    ReportForm,
)
from .geocoding import pin_or_address
from .handling import errors_to_form, item_forms
from .models import OPEN_STATES, Category, Question, Report, ReportPhoto, Service, State

PAGE_SIZE = 20
QUEUE_PAGE_SIZE = 50
LAST_PAGE = 500


# The bulk change and the queue's filter both have a "state" field on one page: their ids must differ.
BULK_IDS = "id_bulk_%s"


class Page:
    """A page of a long list without counting it: a commune may hold tens of thousands of reports, and a COUNT on
    each visit costs more than the page itself. It reads one row more than it shows to know whether a next exists."""

    def __init__(self, queryset, number, size: int):
        try:
            self.number = min(max(1, int(number or 1)), LAST_PAGE)
        except (TypeError, ValueError):
            self.number = 1
        rows = list(queryset[(self.number - 1) * size : self.number * size + 1])
        self.object_list = rows[:size]
        self.has_next = len(rows) > size and self.number < LAST_PAGE
        self.has_previous = self.number > 1
        self.previous_page_number = self.number - 1
        self.next_page_number = self.number + 1


def _errors_to_form(form, error: ValidationError) -> None:
    errors_to_form(form, error, {"place": "address"})


def _commune(slug: str) -> Territory:
    commune = Territory.objects.of_instance().communes().filter(slug=slug).first()
    if commune is None:
        raise Http404(_("There is no such commune on this site."))
    return commune


def _map_config(points, centre=None) -> dict:
    return {
        "tiles": settings.PARVIS_MAP_TILES_URL,
        "attribution": settings.PARVIS_MAP_ATTRIBUTION,
        "centre": [float(value) for value in centre] if centre else None,
        "points": points,
        # Leaflet guesses its markers' folder from its stylesheet's address, which the hashed static names break.
        "icons": static("vendor/leaflet/images/"),
    }


def _public_point(report: Report) -> dict:
    """What the public map reads of a report: never its reporter, the place rounded to about 100 m."""
    return {
        "lat": float(report.public_latitude),
        "lng": float(report.public_longitude),
        "title": report.category.name,
        "state": str(State(report.state).label),
        "url": report.get_absolute_url(),
    }


@answers_nul_in_query
@cache_for_visitors
def commune(request, slug: str):
    commune = _commune(slug)
    filters = QueueFilterForm(request.GET or None)
    reports = Report.objects.visible_to(request.user).in_commune(commune).for_list()
    state = request.GET.get("etat", "")
    if state == "ouverts":
        reports = reports.filter(state__in=OPEN_STATES)
    elif state in State.values:
        reports = reports.filter(state=state)
    page = Page(reports, request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "counter/commune.html",
        {
            "commune": commune,
            "filters": filters,
            "state": state,
            "state_label": _("open") if state == "ouverts" else dict(State.choices).get(state, ""),
            "states": State.choices,
            "page": page,
            "reports": page.object_list,
            "map": _map_config([_public_point(r) for r in page.object_list], commune.centre),
            "may_report": can(request.user, "counter.report"),
        },
    )


@login_required
def report_new(request, slug: str):
    commune = _commune(slug)
    categories = list(Category.objects.offered_in(commune))
    initial = {"commune": f"{commune.name} ({commune.code})"}
    form = ReportForm(request.POST or None, request.FILES or None, categories=categories, initial=initial)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        category = form.chosen_category()
        latitude, longitude = pin_or_address(
            commune=data["commune"], address=data["address"], latitude=data["latitude"], longitude=data["longitude"]
        )
        try:
            place = services.report_place(
                commune=data["commune"], address=data["address"], latitude=latitude, longitude=longitude
            )
            if category is not None and not data["not_a_duplicate"]:
                duplicates = services.report_duplicates(
                    category=category,
                    latitude=place["latitude"],
                    longitude=place["longitude"],
                    at_commune_centre=place["at_commune_centre"],
                )
            if not duplicates:
                report, _created = submit_once(
                    request,
                    kind="counter_report",
                    create=lambda: services.report_create(
                        reporter=request.user,
                        category=category,
                        description=data["description"],
                        commune=data["commune"],
                        address=data["address"],
                        latitude=latitude,
                        longitude=longitude,
                        photos=data["photos"],
                        anonymous=data["anonymous"],
                    ),
                    find=lambda pk: Report.objects.filter(pk=pk, reporter=request.user).first(),
                )
                messages.success(
                    request, _("Your report is sent to the service in charge. You will be told of each step.")
                )
                return redirect(report)
        except ValidationError as error:
            _errors_to_form(form, error)
        if duplicates:
            # The second sending says "mine is another one"; the photos must be chosen again (a browser never
            # keeps files across pages).
            form.data = form.data.copy()
            form.data["not_a_duplicate"] = "on"
    return render(
        request,
        "counter/report_form.html",
        {
            "commune": commune,
            "form": form,
            "categories": categories,
            "duplicates": duplicates,
            "place_map": _map_config([], commune.centre),
        },
    )


def _photos_for(report: Report, user) -> list:
    if not report.photos_public and not (
        user.is_authenticated and (report.reporter_id == user.pk or can(user, "counter.handle", report))
    ):
        return []
    return list(ReportPhoto.objects.filter(report=report))


def detail(request, request_id: int):
    report = get_object_or_404(Report.objects.visible_to(request.user).for_page(), pk=request_id)
    user = request.user
    is_reporter = user.is_authenticated and report.reporter_id == user.pk
    return render(
        request,
        "counter/detail.html",
        {
            "report": report,
            "space": report.space,
            "photos": _photos_for(report, user),
            "updates": list(report.updates.all()),
            "is_reporter": is_reporter,
            "supports": user.is_authenticated and report.supporters.filter(user=user).exists(),
            "may_support": can(user, "counter.report") and not is_reporter and report.is_open,
            "is_agent": can(user, "counter.handle", report),
            # The reporter's name only when they allowed it (lists and the map never show it).
            "reporter_name": report.reporter.public_name if report.reporter and not report.anonymous else "",
            "map": _map_config([_public_point(report)]),
        },
    )


@login_required
@require_POST
def support(request, request_id: int):
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=request_id)
    try:
        if services.report_support(user=request.user, report=report):
            messages.success(request, _("You follow this report: you will be told of each step."))
        else:
            messages.info(request, _("You already follow this report."))
    except PermissionDenied as error:
        messages.error(request, str(error))
    return redirect(report)


# The back office ---------------------------------------------------------------------------------------------


def _agent_spaces(user):
    spaces = Space.objects.where_can(user, "counter.handle")
    if not spaces.exists():
        raise PermissionDenied(_("The back office is for the agents of a service of the counter."))
    return spaces


@login_required
@answers_nul_in_query
def queue(request):
    spaces = _agent_spaces(request.user)
    offered = Service.objects.filter(space__in=spaces).select_related("space").order_by("name", "pk")
    filters = QueueFilterForm(request.GET or None, services=offered)
    reports = Report.objects.handled_by(request.user).select_related("category", "commune", "service", "assignee")
    state = ""
    if filters.is_valid():
        state = filters.cleaned_data["state"]
        if filters.cleaned_data["commune"] is not None:
            reports = reports.filter(commune=filters.cleaned_data["commune"])
        if filters.cleaned_data["service"]:
            reports = reports.filter(service_id=int(filters.cleaned_data["service"]))
    reports = reports.filter(state=state) if state else reports.filter(state__in=OPEN_STATES)
    page = Paginator(reports.order_by("created_at", "pk"), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    bulk = BulkForm(report_ids=[r.pk for r in page.object_list], auto_id=BULK_IDS)
    return render(
        request, "counter/queue.html", {"filters": filters, "page": page, "reports": page.object_list, "bulk": bulk}
    )


@login_required
@require_POST
def queue_bulk(request):
    _agent_spaces(request.user)
    ids = [int(v) for v in request.POST.getlist("reports") if v.isdigit() and len(v) < 19]
    form = BulkForm(request.POST, report_ids=ids, auto_id=BULK_IDS)
    if form.is_valid():
        try:
            count = services.reports_state_set(
                agent=request.user,
                reports=form.cleaned_data["reports"],
                state=form.cleaned_data["state"],
                message=form.cleaned_data["message"],
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("%(count)s reports changed.") % {"count": count})
    else:
        messages.error(request, _("Tick the reports to change and choose their new state."))
    return redirect("counter:queue")


@login_required
def handle(request, request_id: int):
    report = get_object_or_404(Report.objects.handled_by(request.user).for_page(), pk=request_id)
    agent = request.user

    def state(**data):
        services.report_state_set(agent=agent, report=report, **data)
        return _("The state is changed and the reporter is told.")

    def note(text):
        services.report_note_add(agent=agent, report=report, text=text)
        return _("Note added.")

    def assign(assignee):
        services.report_assign(agent=agent, report=report, assignee=assignee)
        return _("Assignment saved.")

    forms, done = item_forms(
        request,
        agents=services.service_agents(report.service),
        assignee_id=report.assignee_id,
        acts={"state": state, "note": note, "assign": assign},
    )
    if done:
        return redirect("counter:handle", request_id=report.pk)
    return render(
        request,
        "counter/handle.html",
        {
            "report": report,
            "space": report.space,
            "photos": list(report.photos.all()),
            "updates": list(report.updates.select_related("actor")),
            "notes": list(report.notes.select_related("author")),
            "supporters": report.supporter_count,
            **forms,
        },
    )


@login_required
def figures(request):
    _agent_spaces(request.user)
    rows = figures_by_category(Report.objects.handled_by(request.user))
    for row in rows:
        row.acknowledge_words = duration_words(row.to_acknowledge)
        row.resolve_words = duration_words(row.to_resolve)
    return render(request, "counter/figures.html", {"rows": rows})


# Questions to the town hall ----------------------------------------------------------------------------------


@answers_nul_in_query
def faq(request, slug: str):
    """A commune's questions and answers: the public questions its services answered, searchable by their words."""
    commune = _commune(slug)
    search = FaqSearchForm(request.GET or None)
    questions = Question.objects.public().in_commune(commune).for_list()
    words = ""
    if search.is_valid():
        words = search.cleaned_data["q"].strip()
        for word in words.split()[:8]:
            questions = questions.filter(Q(text__icontains=word) | Q(answer__icontains=word))
    page = Page(questions, request.GET.get("page"), PAGE_SIZE)
    mine = []
    if request.user.is_authenticated:
        mine = list(
            Question.objects.visible_to(request.user).filter(asker=request.user, commune=commune).for_list()[:20]
        )
    return render(
        request,
        "counter/faq.html",
        {
            "commune": commune,
            "search": search,
            "words": words,
            "page": page,
            "questions": page.object_list,
            "mine": mine,
            "may_ask": can(request.user, "counter.report"),
        },
    )


@login_required
def question_new(request, slug: str):
    commune = _commune(slug)
    offered = list(Service.objects.offered_in(commune))
    form = QuestionForm(request.POST or None, services=offered)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question, _created = submit_once(
                request,
                kind="counter_question",
                create=lambda: services.question_ask(
                    asker=request.user,
                    service=form.chosen_service(),
                    commune=commune,
                    text=data["text"],
                    public=data["public"],
                ),
                find=lambda pk: Question.objects.filter(pk=pk, asker=request.user).first(),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Your question is sent to the service. You will be told of its answer."))
            return redirect(question)
    return render(request, "counter/question_form.html", {"commune": commune, "form": form})


def question(request, question_id: int):
    question = get_object_or_404(
        Question.objects.visible_to(request.user).select_related("service", "space", "commune"), pk=question_id
    )
    return render(
        request,
        "counter/question.html",
        {
            "question": question,
            "space": question.space,
            "is_asker": request.user.is_authenticated and question.asker_id == request.user.pk,
            "is_agent": can(request.user, "counter.handle", question),
        },
    )


@login_required
def question_queue(request):
    _agent_spaces(request.user)
    waiting = request.GET.get("etat", "") != "repondues"
    questions = Question.objects.handled_by(request.user).select_related("service", "commune")
    questions = questions.filter(answered_at__isnull=waiting)
    page = Paginator(questions.order_by("created_at", "pk"), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "counter/question_queue.html", {"page": page, "questions": page.object_list, "waiting": waiting}
    )


@login_required
def question_handle(request, question_id: int):
    question = get_object_or_404(
        Question.objects.handled_by(request.user).select_related("service", "space", "commune", "asker", "answerer"),
        pk=question_id,
    )
    form = AnswerForm(request.POST or None, initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        try:
            services.question_answer(agent=request.user, question=question, answer=form.cleaned_data["answer"])
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The answer is saved and the asker is told."))
            return redirect("counter:question_handle", question_id=question.pk)
    return render(
        request, "counter/question_handle.html", {"question": question, "space": question.space, "form": form}
    )
