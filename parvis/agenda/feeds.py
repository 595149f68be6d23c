"""The agenda outside the site: iCal and Atom feeds, the personal calendar address, the embeddable widget and the
open-data files. What each one may contain is decided in parvis/agenda/publication.py; these views only choose the
agenda from the URL and serialise it."""

import json
import re
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from parvis.core.csp import csp_update
from parvis.core.links import BaseUrlFeed, absolute_url
from parvis.spaces.models import Space
from parvis.territories.models import Level, Territory

from . import ical, opendata, publication
from .models import Category, Event
from .services.occurrences import occurrences

# Feeds are fetched by calendar clients every few minutes to hours, by anyone: a short public cache absorbs that.
PUBLIC_MAX_AGE = 15 * 60
WIDGET_DEFAULT, WIDGET_MAX = 8, 30
ATOM_ITEMS = 50


def _category(request) -> str | None:
    try:
        return publication.valid_category(request.GET.get("categorie"))
    except ValueError as error:
        raise Http404(_("Unknown category.")) from error


def _territory(level: str, slug: str) -> Territory:
    if level not in Level.values:
        raise Http404(_("Unknown level of territory."))
    return get_object_or_404(Territory, level=level, slug=slug)


def _public_space(slug: str) -> Space:
    return get_object_or_404(Space.objects.readable_by(None), slug=slug)


def _category_suffix(category: str | None) -> str:
    return f" — {Category(category).label}" if category else ""


def _ics(body: bytes, filename: str, *, public: bool, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


# iCal ------------------------------------------------------------------------------------------------------


@require_GET
def territory_ics(request, level: str, slug: str):
    territory, category = _territory(level, slug), _category(request)
    events = publication.territory_events(territory, category=category)[: publication.FEED_MAX]
    name = _("Agenda of %(name)s") % {"name": territory.name} + _category_suffix(category)
    url = absolute_url(reverse("agenda:territory", kwargs={"level": level, "slug": slug}))
    return _ics(ical.calendar_bytes(events, name=name, url=url), f"agenda-{slug}.ics", public=True)


@require_GET
def space_ics(request, slug: str):
    space, category = _public_space(slug), _category(request)
    events = publication.space_events(space, category=category)[: publication.FEED_MAX]
    name = _("Agenda of %(name)s") % {"name": space.name} + _category_suffix(category)
    body = ical.calendar_bytes(events, name=name, url=absolute_url(space.get_absolute_url()))
    return _ics(body, f"agenda-{slug}.ics", public=True)


@require_GET
def instance_ics(request):
    category = _category(request)
    events = publication.instance_events(category=category)[: publication.FEED_MAX]
    name = _("Public agenda") + _category_suffix(category)
    body = ical.calendar_bytes(events, name=name, url=absolute_url(reverse("agenda:list")))
    return _ics(body, "agenda.ics", public=True)


@require_GET
def event_ics(request, event_id: int):
    """ "Add to my calendar": anyone who may open the event page may take its file."""
    event = get_object_or_404(Event.objects.visible_to(request.user).for_list(), pk=event_id)
    body = ical.calendar_bytes([event], name=event.title)
    # Found through `visible_to` by an anonymous visitor: what anybody may read, so caches may keep it.
    public = request.user.is_anonymous
    return _ics(body, f"evenement-{event.pk}.ics", public=public, attachment=True)


@require_GET
def personal_ics(request, token: str):
    user = publication.token_user(token)
    if user is None:
        raise Http404(_("This calendar address does not exist or was revoked."))
    events = publication.personal_events(user)[: publication.FEED_MAX]
    body = ical.calendar_bytes(events, name=_("My agenda"))
    response = _ics(body, "mon-agenda.ics", public=False)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def my_calendar(request):
    """The personal calendar's secret address: create it, see it, replace or revoke it."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            publication.calendar_token_revoke(user=request.user)
            messages.success(request, _("The address of your calendar no longer works."))
        else:
            publication.calendar_token_create(user=request.user)
            messages.success(request, _("Your calendar has a new address; the previous one no longer works."))
        return redirect("agenda:my_calendar")
    token = publication.active_token(request.user)
    feed_url = absolute_url(reverse("agenda:personal_ics", kwargs={"token": token.token})) if token else ""
    return render(
        request,
        "agenda/my_calendar.html",
        {"token": token, "feed_url": feed_url, "webcal_url": re.sub(r"^https?://", "webcal://", feed_url)},
    )


# Atom ------------------------------------------------------------------------------------------------------


class _EventFeed(BaseUrlFeed):
    feed_type = Atom1Feed

    # One Feed instance serves every request: what a request asked for travels in the object, never on self.
    def get_object(self, request, *args, **kwargs):
        return {"agenda": self.agenda(*args, **kwargs), "category": _category(request)}

    def items(self, obj):
        events = self.events(obj["agenda"], category=obj["category"], since=timezone.now())[:ATOM_ITEMS]
        return [event for event, _title in publication.written(events, self._dated_title, output="atom")]

    def _dated_title(self, item: Event) -> str:
        timezone.localtime(item.end)
        return self.item_title(item)

    def item_title(self, item: Event):
        when = timezone.localtime(item.start).strftime("%d/%m/%Y" if item.all_day else "%d/%m/%Y %H:%M")
        prefix = _("Cancelled: ") if item.is_cancelled else ""
        return f"{prefix}{item.title} ({when})"

    def item_description(self, item: Event):
        return item.description_html

    def item_author_name(self, item: Event):
        return (item.organiser_space or item.space).name

    def item_pubdate(self, item: Event):
        return item.created_at

    def item_updateddate(self, item: Event):
        return item.updated_at

    def item_categories(self, item: Event):
        return [item.get_category_display()]


class TerritoryEventsFeed(_EventFeed):
    def agenda(self, level, slug):
        return _territory(level, slug)

    def events(self, obj, **kwargs):
        return publication.territory_events(obj, **kwargs)

    def title(self, obj):
        return _("Agenda of %(name)s") % {"name": obj["agenda"].name} + _category_suffix(obj["category"])

    def link(self, obj):
        return reverse("agenda:territory", kwargs={"level": obj["agenda"].level, "slug": obj["agenda"].slug})


class SpaceEventsFeed(_EventFeed):
    def agenda(self, slug):
        return _public_space(slug)

    def events(self, obj, **kwargs):
        return publication.space_events(obj, **kwargs)

    def title(self, obj):
        return _("Agenda of %(name)s") % {"name": obj["agenda"].name} + _category_suffix(obj["category"])

    def link(self, obj):
        return obj["agenda"].get_absolute_url()


class InstanceEventsFeed(_EventFeed):
    def agenda(self):
        return None

    def events(self, obj, **kwargs):
        return publication.instance_events(**kwargs)

    def title(self, obj):
        return _("Public agenda") + _category_suffix(obj["category"])

    def link(self, obj):
        return reverse("agenda:list")


# The widget a commune pastes in its own website ------------------------------------------------------------


@xframe_options_exempt
@csp_update(frame_ancestors="*")
@require_GET
def widget(request, level: str, slug: str):
    """A page without the site's chrome, made to be framed by any website (the one view exempt from
    X-Frame-Options and from the CSP's `frame-ancestors 'none'`): it shows only public events and has no form, so
    framing it gives an attacker nothing."""
    territory, category = _territory(level, slug), _category(request)
    try:
        count = min(max(int(request.GET.get("nombre", WIDGET_DEFAULT)), 1), WIDGET_MAX)
    except ValueError:
        count = WIDGET_DEFAULT
    now = timezone.now()
    upcoming = []
    # Recurring events show their next occurrence; a bounded slice keeps the page cheap on a busy territory.
    events = publication.territory_events(territory, category=category, since=now)[: WIDGET_MAX * 4]

    def starts_of(event):
        return occurrences(event, now, now + timedelta(days=366)) if event.rrule else [event.start]

    for event, starts in publication.written(events, starts_of, output="widget"):
        if starts:
            upcoming.append((starts[0], event))
    upcoming.sort(key=lambda pair: (pair[0], pair[1].pk))
    response = render(
        request,
        "agenda/widget.html",
        {
            "territory": territory,
            "items": [{"start": start, "event": event} for start, event in upcoming[:count]],
            "base_url": absolute_url(""),
            "agenda_url": absolute_url(reverse("agenda:territory", kwargs={"level": level, "slug": slug})),
            "ics_url": absolute_url(reverse("agenda:territory_ics", kwargs={"level": level, "slug": slug})),
        },
    )
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


WIDGET_JS = """(function () {
  "use strict";
  var base = %(base)s;
  var scripts = document.querySelectorAll("script[data-territoire]:not([data-parvis-done])");
  Array.prototype.forEach.call(scripts, function (script) {
    script.setAttribute("data-parvis-done", "1");
    var where = script.getAttribute("data-territoire") || "";
    if (!/^[a-z]+\\/[a-z0-9-]+$/.test(where)) { return; }
    var query = [];
    var category = script.getAttribute("data-categorie");
    if (category && /^[a-z_]+$/.test(category)) { query.push("categorie=" + category); }
    var count = script.getAttribute("data-nombre");
    if (count && /^[0-9]{1,2}$/.test(count)) { query.push("nombre=" + count); }
    var frame = document.createElement("iframe");
    frame.src = base + "/agenda/widget/" + where + "/" + (query.length ? "?" + query.join("&") : "");
    frame.title = script.getAttribute("data-titre") || %(title)s;
    frame.loading = "lazy";
    frame.style.width = "100%%";
    frame.style.border = "0";
    frame.style.height = (/^[0-9]{2,4}$/.test(script.getAttribute("data-hauteur") || "") ?
      script.getAttribute("data-hauteur") : "420") + "px";
    script.parentNode.insertBefore(frame, script.nextSibling);
  });
})();
"""


@require_GET
def widget_js(request):
    body = WIDGET_JS % {
        "base": json.dumps(absolute_url("")),
        "title": json.dumps(_("Agenda: the next events")),
    }
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    patch_cache_control(response, public=True, max_age=3600)
    response["Access-Control-Allow-Origin"] = "*"
    return response


# Open data -------------------------------------------------------------------------------------------------


def _opendata_events():
    return publication.instance_events(since=timezone.now()).iterator(chunk_size=opendata.CHUNK)


def opendata_page(request):
    return render(
        request,
        "agenda/opendata.html",
        {"fields": opendata.FIELDS, "licence_name": opendata.LICENCE_NAME, "licence_url": opendata.LICENCE_URL},
    )


@require_GET
def opendata_json(request):
    documentation = absolute_url(reverse("agenda:opendata"))
    response = StreamingHttpResponse(
        opendata.json_chunks(_opendata_events(), documentation_url=documentation),
        content_type="application/json; charset=utf-8",
    )
    response["Link"] = f'<{opendata.LICENCE_URL}>; rel="license", <{documentation}>; rel="describedby"'
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


@require_GET
def opendata_csv(request):
    response = StreamingHttpResponse(opendata.csv_chunks(_opendata_events()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="agenda.csv"'
    response["Link"] = f'<{opendata.LICENCE_URL}>; rel="license"'
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response
