"""The agenda's other ways of looking (month, map, a territory's common agenda), the editors' review queue, and
what organisers do from an event page (propose it to an agenda, write to participants, share it)."""

import calendar
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parvis.core.cursors import decode_cursor, encode_position
from parvis.core.links import absolute_url
from parvis.core.middleware import answers_nul_in_query
from parvis.core.pagecache import cache_for_visitors
from parvis.core.permissions import can
from parvis.posts.services import writable_spaces
from parvis.territories.models import Level, Territory

from .filters import AgendaFilters
from .forms import MessageParticipantsForm, ReviewForm, ShareForm
from .ical import all_day_dates
from .models import Accessibility, AgendaSubmission, Category, Event, Occurrence
from .services.events import event_share_as_post
from .services.participants import event_message_participants
from .services.submissions import agenda_review, agenda_submit, agenda_targets

# Cards on a page of the agenda list or of a territory's agenda.
PAGE_SIZE = 30

# A month or a map shows every matching event on one page; past this many the page says some are left out, so
# that a crowded territory costs a bounded query and a bounded page.
MAX_EVENTS_PER_PAGE = 500


def _error_messages(error) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))


def _filter_context(filters: AgendaFilters) -> dict:
    return {
        "filters": filters,
        "categories": Category.choices,
        "accessibility_choices": Accessibility.choices,
    }


def dated_page(request, occurrences, start: datetime, end: datetime) -> dict:
    """One keyset page ("apres" names the last occurrence shown) of the occurrences taking place in [start, end) as
    event cards, each card showing the date of its occurrence: a weekly market has a card for each Saturday."""
    cursor = decode_cursor(request.GET.get("apres"))
    found = occurrences.page_in(start, end, cursor=cursor, size=PAGE_SIZE + 1)
    events = []
    for occurrence in found[:PAGE_SIZE]:
        # Each row brings its own Event instance: giving it the occurrence's dates changes this card only.
        event = occurrence.event
        event.start, event.end = occurrence.start, occurrence.end
        events.append(event)
    last = found[PAGE_SIZE - 1] if len(found) > PAGE_SIZE else None
    return {
        "events": events,
        "cursor": request.GET.get("apres") if cursor else None,
        "next_cursor": encode_position(last.start, last.pk) if last else None,
        # A later page is named by its first date: each page of the list has its own title.
        "page_from": events[0].start if cursor and events else None,
    }


# Month -----------------------------------------------------------------------------------------------------


def month_current(request):
    today = timezone.localdate()
    url = reverse("agenda:month", kwargs={"year": today.year, "month": today.month})
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


def first_day(event: Event) -> date:
    return timezone.localtime(event.start).date()


def last_day(event: Event) -> date:
    """The last day an event takes, as shown: an all-day event's stored end is the midnight after its last day
    (or a moment inside it), and an event ending at midnight does not take the following day."""
    if event.all_day:
        first, after = all_day_dates(event)
        return first_day(event) + (after - first) - timedelta(days=1)
    end = event.end - timedelta(microseconds=1) if event.end > event.start else event.end
    return timezone.localtime(end).date()


def _month_grid(occurrences, first: date, end: datetime) -> list[list[dict]]:
    """Weeks (Monday first) of days, each with the occurrences that take place on it, earliest first."""
    by_day: dict[date, list] = {}
    last = (end - timedelta(days=1)).date()
    spans: dict[int, timedelta] = {}
    for occurrence in occurrences:
        event = occurrence.event
        if event.pk not in spans:
            spans[event.pk] = last_day(event) - first_day(event)
        local = timezone.localtime(occurrence.start)
        day = max(local.date(), first)
        # A several-day event appears on each of its days inside the month, and not on the day it ends at
        # midnight (an all-day event's end is the midnight after its last day).
        until = min(local.date() + spans[event.pk], last)
        while day <= until:
            by_day.setdefault(day, []).append({"event": event, "start": local, "first_day": day == local.date()})
            day += timedelta(days=1)
    today = timezone.localdate()
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append(
            [
                {
                    "date": day,
                    "in_month": day.month == first.month,
                    "is_today": day == today,
                    "items": sorted(by_day.get(day, []), key=lambda item: (item["start"], item["event"].pk)),
                }
                for day in week
            ]
        )
    return weeks


@answers_nul_in_query
@cache_for_visitors
def month(request, year: int, month: int):
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        raise Http404(_("There is no such month."))
    filters = AgendaFilters.from_query(request.GET)
    for error in filters.errors:
        messages.error(request, error)
    tz = timezone.get_current_timezone()
    first = date(year, month, 1)
    following = (first + timedelta(days=32)).replace(day=1)
    start = datetime.combine(first, time.min, tzinfo=tz)
    end = datetime.combine(following, time.min, tzinfo=tz)
    found = filters.apply(Occurrence.objects.visible_to(request.user).for_list()).page_in(
        start, end, size=MAX_EVENTS_PER_PAGE + 1
    )
    previous = (first - timedelta(days=1)).replace(day=1)
    query = filters.query(dates=False)
    return render(
        request,
        "agenda/month.html",
        {
            **_filter_context(filters),
            "first": first,
            "weeks": _month_grid(found[:MAX_EVENTS_PER_PAGE], first, end),
            "truncated": len(found) > MAX_EVENTS_PER_PAGE,
            "weekdays": [date(2024, 1, day) for day in range(1, 8)],  # 1 January 2024 was a Monday
            "previous": previous,
            "following": following,
            "query": query,
        },
    )


# Map -------------------------------------------------------------------------------------------------------


@answers_nul_in_query
def agenda_map(request):
    """Upcoming events with a position. The page lists them first; the map is drawn over that list's data by
    JavaScript when it runs, so the list is the page without JavaScript and the accessible alternative."""
    filters = AgendaFilters.from_query(request.GET)
    for error in filters.errors:
        messages.error(request, error)
    events = filters.apply(Event.objects.visible_to(request.user).for_list()).filter(
        latitude__isnull=False, longitude__isnull=False
    )
    events = events.between(*filters.period()) if filters.has_dates else events.upcoming()
    events = list(events.order_by("start", "pk")[: MAX_EVENTS_PER_PAGE + 1])
    shown = events[:MAX_EVENTS_PER_PAGE]
    points = [
        {
            "title": event.title,
            "url": event.get_absolute_url(),
            "lat": float(event.latitude),
            "lng": float(event.longitude),
            "when": timezone.localtime(event.start).strftime("%d/%m/%Y %H:%M"),
            "place": event.venue_name,
        }
        for event in shown
    ]
    return render(
        request,
        "agenda/map.html",
        {
            **_filter_context(filters),
            "events": shown,
            "truncated": len(events) > MAX_EVENTS_PER_PAGE,
            "map_config": {
                "tiles": settings.PARVIS_MAP_TILES_URL,
                "attribution": settings.PARVIS_MAP_ATTRIBUTION,
                "points": points,
            },
            "query": filters.query(),
        },
    )


# A territory's common agenda -----------------------------------------------------------------------------


def territory_agenda(request, level: str, slug: str):
    if level not in Level.values:
        raise Http404(_("Unknown level of territory."))
    territory = get_object_or_404(Territory, level=level, slug=slug)
    now = timezone.now()
    occurrences = Occurrence.objects.in_agenda_of(territory).for_list().with_agendas()
    page = dated_page(request, occurrences, now, now + timedelta(days=366))
    return render(request, "agenda/territory.html", {"territory": territory, **page})


# The editors' review queue ----------------------------------------------------------------------------------


def _reviewable(user):
    if not user.agenda_editor_of.exists():
        raise PermissionDenied(_("Only the agenda's editors review it."))
    return AgendaSubmission.objects.reviewable_by(user)


@login_required
def review_queue(request):
    pending = (
        _reviewable(request.user)
        .pending()
        .select_related("event__space", "event__commune", "territory", "submitted_by")
        .order_by("created_at", "pk")
    )
    page = Paginator(pending, 30).get_page(request.GET.get("page"))
    return render(request, "agenda/review.html", {"page": page, "form": ReviewForm()})


@login_required
@require_POST
def review(request, submission_id: int):
    submission = get_object_or_404(_reviewable(request.user), pk=submission_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():  # the rules (a reason to refuse) are the service's; the form only checks the text
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("agenda:review_queue")
    decision = request.POST.get("decision")
    if decision not in ("accept", "refuse"):
        messages.error(request, _("Choose to accept or to refuse the event."))
        return redirect("agenda:review_queue")
    try:
        agenda_review(
            editor=request.user,
            submission=submission,
            accept=decision == "accept",
            reason=form.cleaned_data.get("reason", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_messages(error))
    else:
        if decision == "accept":
            message = _("“%(title)s” is in the agenda of %(territory)s.")
        else:
            message = _("“%(title)s” is refused; its organisers will read your reason.")
        messages.success(request, message % {"title": submission.event.title, "territory": submission.territory.name})
    return redirect("agenda:review_queue")


# From the event page -----------------------------------------------------------------------------------------


def event_page_extras(request, event: Event, *, can_manage: bool) -> dict:
    """What the event page adds for agendas, organisers and sharing."""
    extras = {
        "absolute_url": absolute_url(event.get_absolute_url()),
        "share_spaces": [],
        "last_day": last_day(event),
        "several_days": last_day(event) != first_day(event),
    }
    # Whether an anonymous visitor reads the event: what may be shared elsewhere or enter a common agenda.
    public = event.is_visible_to(None) if request.user.is_authenticated else True
    if request.user.is_authenticated:
        spaces = writable_spaces(request.user)
        if not public:
            spaces = [space for space in spaces if space.pk == event.space_id]
        extras["share_spaces"] = spaces
        extras["share_form"] = ShareForm(spaces=spaces) if spaces else None
    if can_manage:
        # Only published public events may enter a common agenda (agenda_submit's rule): no button for the others.
        shareable = public and event.status == "published"
        submitted = {item.territory_id: item for item in event.submissions.select_related("territory")}
        extras["agenda_targets"] = [
            {"territory": territory, "submission": submitted.get(territory.pk)}
            for territory in (agenda_targets(event) if shareable else [])
        ]
        extras["message_form"] = MessageParticipantsForm()
    return extras


def _managed_event(request, event_id: int) -> Event:
    event = get_object_or_404(Event.objects.visible_to(request.user).select_related("commune__parent"), pk=event_id)
    if not can(request.user, "event.edit", event):
        raise PermissionDenied(_("Only the event's organisers can do this."))
    return event


@login_required
@require_POST
def submit(request, event_id: int):
    event = _managed_event(request, event_id)
    targets = {str(territory.pk): territory for territory in agenda_targets(event)}
    territory = targets.get(request.POST.get("territory", ""))
    if territory is None:
        messages.error(request, _("This event can only be proposed to the agenda of its commune or département."))
        return redirect(event)
    try:
        submission = agenda_submit(user=request.user, event=event, territory=territory)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_messages(error))
    else:
        if submission.status == "accepted":
            messages.success(request, _("The event is in the agenda of %(name)s.") % {"name": territory.name})
        else:
            messages.success(
                request,
                _("The event is proposed to the agenda of %(name)s: its editors will review it.")
                % {"name": territory.name},
            )
    return redirect(event)


@login_required
@require_POST
def message_participants(request, event_id: int):
    event = _managed_event(request, event_id)
    form = MessageParticipantsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a subject and a message (150 and 5,000 characters at most)."))
        return redirect(event)
    try:
        event_message_participants(
            sender=request.user, event=event, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"]
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_messages(error))
    else:
        messages.success(request, _("Your message is being sent to the participants."))
    return redirect(event)


@login_required
@require_POST
def share(request, event_id: int):
    event = get_object_or_404(Event.objects.visible_to(request.user).select_related("space"), pk=event_id)
    spaces = writable_spaces(request.user)
    form = ShareForm(request.POST, spaces=spaces)
    if not form.is_valid():
        messages.error(request, _("Choose a space where you can publish."))
        return redirect(event)
    space = next(space for space in spaces if str(space.pk) == form.cleaned_data["space"])
    try:
        post = event_share_as_post(user=request.user, event=event, space=space, comment=form.cleaned_data["comment"])
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_messages(error))
        return redirect(event)
    messages.success(request, _("The event is shared in %(space)s.") % {"space": space.name})
    return redirect(post) if hasattr(post, "get_absolute_url") else redirect(event)
