"""The weekly digest of a commune or a quartier: a page that prints on A4, and the same as a PDF."""

import time

from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from parvis.core.links import absolute_url
from parvis.core.pagecache import cache_for_visitors, current_generation, may_keep_under
from parvis.territories.models import Level, Territory

from . import pdf
from .week import Week, sections

# A PDF is kept this long for a territory and a week, and forgotten at once after any write on the site (the
# visitors' pages' generation is in its key): a notice-board printout asked a hundred times costs one drawing.
PDF_SECONDS = 15 * 60


def _commune(code: str) -> Territory:
    return get_object_or_404(Territory, level=Level.COMMUNE, code=code)


def _quartier(slug: str) -> Territory:
    return get_object_or_404(Territory.objects.select_related("parent"), level=Level.QUARTIER, slug=slug)


def _titles(territory: Territory, week: Week) -> tuple[str, str]:
    title = _("The week in %(place)s") % {"place": territory.name}
    subtitle = _("From %(first)s to %(last)s") % {
        "first": formats.date_format(week.monday, "l j F"),
        "last": formats.date_format(week.sunday, "l j F Y"),
    }
    return title, subtitle


def _page(request, territory: Territory, pdf_url: str):
    week = Week.parse(request.GET.get("semaine"), timezone.localdate())
    title, subtitle = _titles(territory, week)
    return render(
        request,
        "digest/week.html",
        {
            "territory": territory,
            "week": week,
            "title": title,
            "subtitle": subtitle,
            "sections": sections(territory, week),
            "pdf_url": f"{pdf_url}?semaine={week.key}",
            "page_url": absolute_url(request.path),
        },
    )


def build_pdf(territory: Territory, week: Week) -> bytes:
    title, subtitle = _titles(territory, week)
    footer = _("Parvis — %(address)s — printed on %(date)s") % {
        "address": absolute_url("/"),
        "date": formats.date_format(timezone.localdate(), "j F Y"),
    }
    return pdf.render(title=title, subtitle=subtitle, sections=sections(territory, week), footer=footer)


def _pdf(request, territory: Territory):
    week = Week.parse(request.GET.get("semaine"), timezone.localdate())
    cache = caches["default"]
    # The visitors' pages' generation: any write on the site changes it, and so forgets every kept PDF.
    generation = current_generation()
    key = f"digest-pdf:{territory.pk}:{week.key}:{get_language()}:{generation}"
    content = cache.get(key)
    if content is None:
        began = time.perf_counter()
        content = build_pdf(territory, week)
        elapsed = time.perf_counter() - began
        if may_keep_under(generation):
            cache.set(key, content, PDF_SECONDS)
    else:
        elapsed = 0.0
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="semaine-{territory.slug}-{week.key}.pdf"'
    # How long the drawing took (0 when the kept copy was served): read in the logs and by the tests' measure.
    response["Server-Timing"] = f"pdf;dur={elapsed * 1000:.0f}"
    patch_cache_control(response, public=True, max_age=PDF_SECONDS)
    return response


@require_GET
@cache_for_visitors
def commune_week(request, code: str):
    commune = _commune(code)
    return _page(request, commune, reverse("digest:commune_pdf", kwargs={"code": commune.code}))


@require_GET
def commune_week_pdf(request, code: str):
    return _pdf(request, _commune(code))


@require_GET
@cache_for_visitors
def quartier_week(request, slug: str):
    quartier = _quartier(slug)
    return _page(request, quartier, reverse("digest:quartier_pdf", kwargs={"slug": quartier.slug}))


@require_GET
def quartier_week_pdf(request, slug: str):
    return _pdf(request, _quartier(slug))
