import csv
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from parvis.core.html import json_ld_script
from parvis.core.links import absolute_url
from parvis.core.middleware import answers_nul_in_query
from parvis.core.network import client_ip
from parvis.core.pagecache import cache_for_visitors, write_changes_only_counts
from parvis.core.permissions import can
from parvis.core.submission import submit_once
from parvis.spaces.models import Space

from . import comments, pages, social
from .filters import AgendaFilters
from .forms import CancelForm, EventForm, GuestRsvpForm
from .media import event_create_with_image, event_update_with_image
from .models import Accessibility, Category, Event, Occurrence, Rsvp, RsvpStatus
from .services.events import event_cancel, spaces_for_events
from .services.replays import replays_for
from .services.rsvps import guest_may_read, rsvp_guest_change, rsvp_guest_confirm, rsvp_guest_request, rsvp_set


def _period(when: str):
    now = timezone.localtime()
    today = datetime.combine(now.date(), time.min, tzinfo=now.tzinfo)
    if when == "today":
        return today, today + timedelta(days=1)
    if when == "weekend":
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        if today.weekday() == 6:
            saturday = today - timedelta(days=1)
        return saturday, saturday + timedelta(days=2)
    return now, now + timedelta(days=365)


@cache_for_visitors
@answers_nul_in_query
def agenda(request):
    """The agenda of the instance's territory (or of a commune), filtered like a visitor expects."""
    filters = AgendaFilters.from_query(request.GET)
    for error in filters.errors:
        messages.error(request, error)
    occurrences = filters.apply(Occurrence.objects.visible_to(request.user).for_list().with_agendas())
    commune, category = filters.commune, filters.category
    when = request.GET.get("quand", "")
    # Chosen dates win over the "when" shortcuts, which stay for the common cases.
    start, end = filters.period() if filters.has_dates else _period(when)
    return render(
        request,
        "agenda/list.html",
        {
            **pages.dated_page(request, occurrences, start, end),
            "commune": commune,
            "categories": Category.choices,
            "accessibility_choices": Accessibility.choices,
            "category": category,
            "when": when,
            "filters": filters,
        },
    )


@cache_for_visitors
def event_detail(request, event_id: int):
    event = get_object_or_404(Event.objects.visible_to(request.user).for_list().with_agendas(), pk=event_id)
    discussion = comments.comment_threads(request, event)
    if request.headers.get("HX-Request") and request.GET.get("page"):
        # "More comments": the next page of threads alone, appended under the others.
        return render(request, "posts/partials/_comment_page.html", discussion)
    my_rsvp = Rsvp.objects.filter(event=event, user=request.user).first() if request.user.is_authenticated else None
    can_manage = can(request.user, "event.edit", event)
    return render(
        request,
        "agenda/event.html",
        {
            "event": event,
            "space": event.space,
            "my_rsvp": my_rsvp,
            "can_manage": can_manage,
            # Found through `visible_to` by an anonymous visitor: an event anybody reads, open to guests' answers.
            "guest_form": GuestRsvpForm() if not request.user.is_authenticated else None,
            "json_ld": json_ld_script(_json_ld(request, event)),
            **pages.event_page_extras(request, event, can_manage=can_manage),
            "replays": replays_for(request.user, event),
            **social.social_extras(request, event, can_manage=can_manage),
            **discussion,
        },
    )


def _json_ld(request, event: Event) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.start.isoformat(),
        "endDate": event.end.isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "url": absolute_url(event.get_absolute_url()),
        "description": event.description[:500],
        "isAccessibleForFree": event.is_free,
    }
    if event.venue_name or event.address:
        data["location"] = {"@type": "Place", "name": event.venue_name, "address": event.address}
    elif event.online_url:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": event.online_url}
    organiser = event.organiser_space or event.space
    data["organizer"] = {"@type": "Organization", "name": organiser.name}
    return data


def _add_errors(form, error: ValidationError) -> None:
    """A service's refusal next to the field it names (the form's summary lists it too), or above the form."""
    for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
        form.add_error(field if field in form.fields else None, errors)


def _form_page(request, form, *, space, event=None):
    return render(
        request,
        "agenda/event_form.html",
        {
            "form": form,
            "space": space,
            "event": event,
            "place_map": place_map_config(event=event, space=space),
        },
    )


def place_map_config(*, event, space) -> dict:
    """What the place picker's map opens on: the event's pin, else the centre of its commune (or of the space's)."""
    commune = (event.commune if event is not None else None) or (space.territory.commune if space else None)
    centre = commune.centre if commune is not None else None
    return {
        "tiles": settings.PARVIS_MAP_TILES_URL,
        "attribution": settings.PARVIS_MAP_ATTRIBUTION,
        "centre": [float(value) for value in centre] if centre else None,
    }


@login_required
def event_create(request, slug: str | None = None):
    """The creation form, reached from a space (the space chosen already) or from the agenda (the person picks one
    of the spaces where they may publish)."""
    space = None
    if slug is not None:
        space = get_object_or_404(Space.objects.listed_for(request.user).select_related("territory"), slug=slug)
        if not can(request.user, "space.post", space):
            raise PermissionDenied(_("You cannot publish an event in this space."))
    spaces = spaces_for_events(request.user)
    if space is not None and space not in spaces:
        spaces = [space, *spaces]
    if not spaces:
        return render(request, "agenda/event_form.html", {"form": None, "space": None})
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and space is not None and not data.get("space"):
        data["space"] = space.slug  # the form of a space's page, posted without choosing again
    initial = {"space": space.slug} if space is not None else {}
    form = EventForm(data, request.FILES or None, spaces=spaces, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = next(candidate for candidate in spaces if candidate.slug == form.cleaned_data["space"])
        fields = form.event_fields()
        fields.setdefault("commune", chosen.territory.commune)
        try:
            event, _created = submit_once(
                request,
                kind="event",
                create=lambda: event_create_with_image(
                    creator=request.user,
                    space=chosen,
                    upload=form.cleaned_data.get("image"),
                    alt_text=form.cleaned_data.get("image_alt", ""),
                    **fields,
                ),
                find=lambda pk: Event.objects.filter(pk=pk, created_by=request.user).first(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        except PermissionDenied as error:
            form.add_error("space", str(error))
        else:
            messages.success(request, _("The event is published."))
            return redirect(event)
        space = chosen
    return _form_page(request, form, space=space)


@login_required
def event_edit(request, event_id: int):
    event = get_object_or_404(Event.objects.visible_to(request.user).select_related("space__territory"), pk=event_id)
    if not can(request.user, "event.edit", event):
        raise PermissionDenied(_("Only the event's organisers edit it."))
    if event.is_cancelled:
        messages.info(request, _("A cancelled event cannot be edited."))
        return redirect(event)
    form = EventForm(request.POST or None, request.FILES or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            event = event_update_with_image(
                editor=request.user,
                event=event,
                upload=form.cleaned_data.get("image"),
                alt_text=form.cleaned_data.get("image_alt", ""),
                remove=form.cleaned_data.get("remove_image", False),
                **form.event_fields(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(event)
    return _form_page(request, form, space=event.space, event=event)


@login_required
@require_POST
def rsvp(request, event_id: int):
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=event_id)
    try:
        answer = rsvp_set(
            user=request.user,
            event=event,
            status=request.POST.get("status", ""),
            # A checkbox: present when ticked, whatever its value.
            share_email="share_email" in request.POST,
            answer=request.POST.get("answer"),
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        write_changes_only_counts(request, request.user)
        if answer.status == RsvpStatus.PENDING:
            messages.success(request, _("Your request is sent: the organisers will tell you their answer."))
        elif answer.status == RsvpStatus.WAITING:
            messages.info(
                request, _("The event is full: you are on the waiting list and will be told if a place frees up.")
            )
        else:
            messages.success(request, _("Your answer is saved."))
    return redirect(event)


# No CSRF token: a guest's answer is asked without any session nor account, so a forged request could do nothing the
# forger cannot do by posting it themselves (the answer counts only once confirmed from the e-mail's link, and asks are
# limited per address and per IP). The event's page then carries no token and is kept for every visitor
# (parvis/core/pagecache.py).
@csrf_exempt
@require_POST
def guest_rsvp_request(request, event_id: int):
    event = get_object_or_404(Event.objects.visible_to(None), pk=event_id)
    form = GuestRsvpForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(event)
    try:
        rsvp_guest_request(
            event=event,
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            ip=client_ip(request),
            share_email=form.cleaned_data["share_email"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Almost done: open the link we just sent to your e-mail address to confirm."))
    return redirect(event)


def guest_rsvp(request, token: str):
    """The page behind the link of the confirmation e-mail: confirm (with a button, not on GET), change, cancel."""
    rsvp = get_object_or_404(Rsvp.objects.select_related("event"), token=token, user=None)
    # The event's group is no longer public: the link says nothing of it (only giving a place back is left).
    readable = guest_may_read(rsvp.event)
    if request.method == "POST":
        # The "Confirm" button sends no status; pressed again (a second tab, the e-mail's link opened twice), it
        # must say the answer is already confirmed, not that the answer is unknown.
        confirming = "status" not in request.POST
        already_confirmed = rsvp.confirmed
        try:
            if confirming:
                rsvp = rsvp_guest_confirm(token=token)
            else:
                rsvp = rsvp_guest_change(token=token, status=request.POST["status"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if confirming and already_confirmed:
                messages.info(request, _("Your answer is already confirmed."))
            else:
                messages.success(request, _("Your answer is saved."))
        return redirect("agenda:guest_rsvp", token=token)
    if not readable:
        return render(request, "agenda/guest_rsvp.html", {"rsvp": rsvp, "event": None}, status=404)
    return render(request, "agenda/guest_rsvp.html", {"rsvp": rsvp, "event": rsvp.event})


@login_required
def cancel(request, event_id: int):
    """A confirmation page (reached from the edit page) with the reason participants will read; the POST cancels."""
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=event_id)
    if not can(request.user, "event.edit", event):
        raise PermissionDenied(_("You cannot cancel this event."))
    if event.is_cancelled:
        return redirect(event)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event_cancel(editor=request.user, event=event, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The event is cancelled and its participants are told."))
            return redirect(event)
    return render(request, "agenda/cancel.html", {"event": event, "space": event.space, "form": form})


@login_required
def participants_csv(request, event_id: int):
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=event_id)
    if not can(request.user, "event.edit", event):
        raise PermissionDenied(_("Only the organisers see the participants."))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="participants-{event.pk}.csv"'
    response.write("\ufeff")  # so that spreadsheet software opens the accents correctly
    writer = csv.writer(response)
    # The address only of those who agreed to share it when answering; the others' cell stays empty.
    writer.writerow([_("Name"), _("E-mail (when shared)"), _("Answer"), _("Since")])
    for answer in (
        event.rsvps.filter(confirmed=True)
        .exclude(status__in=[RsvpStatus.NOT_GOING, RsvpStatus.REJECTED])
        .select_related("user")
        .order_by("status", "created_at")
    ):
        name = answer.user.public_name if answer.user_id else answer.name
        email = (answer.user.email if answer.user_id else answer.email) if answer.share_email else ""
        writer.writerow(
            [_safe_cell(name), _safe_cell(email), answer.get_status_display(), answer.created_at.isoformat()]
        )
    return response


def _safe_cell(value: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet: quote it.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
