"""A space's administrators connect the organisation's existing calendar (a URL or a .ics file) and read what the
last import did. The rules are in parvis/agenda/ical_import/."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parvis.core.permissions import can
from parvis.spaces.models import Space

from .ical_import import sources as ical_sources
from .ical_import.parse import MAX_BYTES
from .models import CalendarSource
from .tasks import calendar_source_sync as calendar_source_sync_task


class CalendarSourceForm(forms.Form):
    url = forms.URLField(
        label=gettext_lazy("Address of the calendar (iCal)"),
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text=gettext_lazy("Imported now, then several times a day. It usually ends in .ics."),
    )
    upload = forms.FileField(
        label=gettext_lazy("Or a .ics file"),
        required=False,
        help_text=gettext_lazy("Imported once, now. 5 MB at most."),
    )


def _administered(user, slug: str) -> Space:
    space = get_object_or_404(Space.objects.listed_for(user), slug=slug)
    if not can(user, "space.administer", space):
        raise PermissionDenied(_("Only the space's administrators import calendars."))
    return space


@login_required
def calendar_sources(request, slug: str):
    space = _administered(request.user, slug)
    form = CalendarSourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        if upload is not None and upload.size > MAX_BYTES:
            form.add_error("upload", _("The file is larger than 5 MB."))
        else:
            try:
                source = ical_sources.calendar_source_add(
                    user=request.user,
                    space=space,
                    url=form.cleaned_data["url"],
                    upload=upload.read() if upload is not None else None,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                report = source.last_report
                if source.url:
                    messages.success(request, _("Calendar added: its events are being imported."))
                elif report.get("skipped") and not any(report.get(key) for key in ("created", "updated", "unchanged")):
                    messages.warning(request, _("No event of this file could be imported: see why below."))
                else:
                    messages.success(request, _("File imported: see the report below."))
                return redirect("agenda:calendar_sources", slug=space.slug)
    sources = CalendarSource.objects.filter(space=space).select_related("created_by").order_by("-pk")
    return render(request, "agenda/calendar_sources.html", {"space": space, "form": form, "sources": sources})


@login_required
@require_POST
def calendar_source_sync(request, slug: str, source_id: int):
    space = _administered(request.user, slug)
    source = get_object_or_404(CalendarSource.objects.exclude(url=""), space=space, pk=source_id)
    calendar_source_sync_task.enqueue(source_id=source.pk)
    messages.success(request, _("The import has started; reload this page in a moment to see the report."))
    return redirect("agenda:calendar_sources", slug=space.slug)


@login_required
@require_POST
def calendar_source_remove(request, slug: str, source_id: int):
    space = _administered(request.user, slug)
    source = get_object_or_404(CalendarSource, space=space, pk=source_id)
    ical_sources.calendar_source_remove(
        user=request.user, source=source, delete_events=request.POST.get("delete_events") == "1"
    )
    messages.success(request, _("The calendar is no longer imported."))
    return redirect("agenda:calendar_sources", slug=space.slug)
