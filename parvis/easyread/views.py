"""Easy-to-read pages (FALC, "facile à lire et à comprendre"): what an inhabitant needs most, in short sentences,
one idea per line, larger type, and a pictogram with its words beside each idea.

The commune is the person's home commune, or the one chosen on the page (`?commune=<INSEE code>`): the pages read
only public content, like a visitor's, and never show what only a member may read."""

from datetime import datetime, time, timedelta

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from parvis.core import kinds
from parvis.core.pagecache import cache_for_visitors
from parvis.spaces.models import Space
from parvis.territories.models import Level, Territory

EVENTS_SHOWN = 8


def _commune(request) -> Territory | None:
    """The commune asked for by its INSEE code or its name, else the person's own; None when neither is known."""
    asked = (request.GET.get("commune") or "").strip()[:100]
    if asked:
        found = Territory.objects.filter(level=Level.COMMUNE, code=asked).first()
        return found or Territory.objects.communes().search(asked).first()
    user = request.user
    return user.home_commune if user.is_authenticated and user.home_commune_id else None


def _one_address(request, commune: Territory):
    """One address per page: the person's own commune is written in it, as a commune asked for would be."""
    return redirect(f"{request.path}?{urlencode({'commune': commune.code})}")


def _week_events(commune: Territory) -> list:
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, time.min))
    end = start + timedelta(days=7)
    section = next((each for each in kinds.digest_sections() if each.name == "events"), None)
    return section.entries(commune, start, end, EVENTS_SHOWN) if section else []


@require_GET
@cache_for_visitors
def index(request):
    return render(request, "easyread/index.html")


@require_GET
def agenda(request):
    commune = _commune(request)
    if commune is not None and not request.GET.get("commune"):
        return _one_address(request, commune)
    asked = bool(request.GET.get("commune"))
    return render(
        request,
        "easyread/agenda.html",
        {
            "commune": commune,
            "not_found": asked and commune is None,
            "events": _week_events(commune) if commune else [],
        },
    )


@require_GET
def town_hall(request):
    commune = _commune(request)
    if commune is not None and not request.GET.get("commune"):
        return _one_address(request, commune)
    official = Space.objects.official().filter(territory=commune).first() if commune else None
    return render(
        request,
        "easyread/town_hall.html",
        {"commune": commune, "official": official, "not_found": bool(request.GET.get("commune")) and commune is None},
    )


@require_GET
def messages(request):
    return render(request, "easyread/messages.html")
