"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2/), so that existing tools read and submit reports:
`services.json` (the categories), `requests.json` (GET: the reports, filtered; POST: a new one, with a personal API
token as `api_key` or the signed-in session and its CSRF token), `requests/<id>.json`. JSON only: the other format
of the standard, XML, answers 400 with a sentence.

What the public reads here is what the public map reads: never the reporter, the place rounded to about 100 m,
photos only once acknowledged. A request names its place by `lat`/`long`; with `address_string` alone it is placed
at the centre of its category's commune (there is no geocoder offline)."""

from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from parvis.core import hooks
from parvis.core.links import absolute_url
from parvis.core.media import media_url
from parvis.territories.models import Level, Territory

from . import services
from .models import CLOSED_STATES, OPEN_STATES, Category, Report, ReportPhoto, ReportUpdate

LIST_LIMIT = 200
DEFAULT_DAYS = 90


def _error(status: int, description: str) -> JsonResponse:
    return JsonResponse([{"code": status, "description": description}], status=status, safe=False)


def _format_ok(format: str) -> bool:
    return format == "json"


def _categories():
    return Category.objects.filter(active=True, territory__in=Territory.objects.of_instance()).select_related(
        "service", "territory"
    )


def services_list(request, format: str):
    if not _format_ok(format):
        return _error(400, _("Only the json format is served."))
    rows = [
        {
            "service_code": str(category.pk),
            "service_name": category.name,
            "description": f"{category.name} — {category.territory.name}",
            "metadata": False,
            "type": "realtime",
            "keywords": category.icon,
            "group": category.service.name,
        }
        for category in _categories().order_by("territory__name", "position", "name")
    ]
    return JsonResponse(rows, safe=False)


def _request_row(report: Report, notes: dict, photos: dict) -> dict:
    return {
        "service_request_id": str(report.pk),
        "status": "open" if report.state in OPEN_STATES else "closed",
        "status_notes": notes.get(report.pk, ""),
        "service_name": report.category.name,
        "service_code": str(report.category_id),
        "description": report.description,
        "agency_responsible": report.service.name,
        "service_notice": "",
        "requested_datetime": report.created_at.isoformat(),
        "updated_datetime": report.updated_at.isoformat(),
        "expected_datetime": None,
        "address": report.address,
        "address_id": None,
        "zipcode": None,
        "lat": float(report.public_latitude),
        "long": float(report.public_longitude),
        "media_url": photos.get(report.pk, ""),
    }


def _rows(reports: list[Report]) -> list[dict]:
    ids = [report.pk for report in reports]
    notes = {}
    for update in ReportUpdate.objects.filter(report_id__in=ids).exclude(message="").order_by("created_at", "pk"):
        notes[update.report_id] = update.message  # the latest message wins
    photos = {}
    public = ReportPhoto.objects.filter(report_id__in=ids, report__acknowledged_at__isnull=False).order_by("-position")
    for photo in public:
        photos[photo.report_id] = absolute_url(media_url(photo, "image"))
    return [_request_row(report, notes, photos) for report in reports]


def _date(value: str, field: str) -> datetime:
    parsed = parse_datetime(value) if value and len(value) <= 40 and "\x00" not in value else None
    if parsed is None or not 1900 <= parsed.year <= 2100:
        raise ValidationError(_("%(field)s is not a date (W3C format, 2026-11-30T09:00:00Z).") % {"field": field})
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _public_reports():
    # Open311 readers are anonymous: what leaves the site is what anyone may read.
    return Report.objects.public().select_related("category", "service")


def _list(request):
    reports = _public_reports()
    ids = request.GET.get("service_request_id", "")
    if ids:
        wanted = [int(each) for each in ids.split(",")[:LIST_LIMIT] if each.strip().isdigit() and len(each) < 19]
        return _rows(list(reports.filter(pk__in=wanted).order_by("-created_at", "-pk")))
    codes = [c for c in request.GET.get("service_code", "").split(",") if c.strip().isdigit() and len(c) < 19]
    if codes:
        reports = reports.filter(category_id__in=[int(c) for c in codes])
    try:
        start = _date(request.GET["start_date"], "start_date") if request.GET.get("start_date") else None
        end = _date(request.GET["end_date"], "end_date") if request.GET.get("end_date") else None
    except ValidationError as error:
        return _error(400, error.messages[0])
    if start is None:
        start = (end or timezone.now()) - timedelta(days=DEFAULT_DAYS)
    reports = reports.filter(created_at__gte=start)
    if end is not None:
        reports = reports.filter(created_at__lte=end)
    status = request.GET.get("status", "")
    if status == "open":
        reports = reports.filter(state__in=OPEN_STATES)
    elif status == "closed":
        reports = reports.filter(state__in=CLOSED_STATES)
    elif status:
        return _error(400, _("status is open or closed."))
    return _rows(list(reports.order_by("-created_at", "-pk")[:LIST_LIMIT]))


def _poster(request):
    """The person posting: a personal API token in `api_key`, or the session (whose CSRF token is then checked)."""
    key = request.POST.get("api_key", "")
    if key:
        return hooks.api_token_user(token=key, method="POST") or AnonymousUser()
    if request.user.is_authenticated:
        refused = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
        if refused is not None:
            raise PermissionDenied(_("Send the form's security token with the session, or an api_key."))
        return request.user
    return AnonymousUser()


def _create(request):
    try:
        user = _poster(request)
    except PermissionDenied as error:
        return _error(getattr(error, "status", 403), str(error))
    if not user.is_authenticated:
        return _error(403, _("Give an api_key (a personal API token of this site) to submit a request."))
    code = request.POST.get("service_code", "")
    category = _categories().filter(pk=int(code)).first() if code.isdigit() and len(code) < 19 else None
    if category is None:
        return _error(400, _("service_code is not one of services.json's."))
    latitude, longitude = request.POST.get("lat", ""), request.POST.get("long", "")
    commune = category.territory if category.territory.level == Level.COMMUNE else None
    try:
        report = services.report_create(
            reporter=user,
            category=category,
            description=request.POST.get("description", ""),
            commune=commune if not latitude else None,
            address=request.POST.get("address_string", ""),
            latitude=latitude or None,
            longitude=longitude or None,
        )
    except PermissionDenied as error:
        return _error(403, str(error))
    except ValidationError as error:
        messages = (
            [m for each in error.message_dict.values() for m in each]
            if hasattr(error, "error_dict")
            else error.messages
        )
        return _error(400, " ".join(messages))
    return JsonResponse(
        [{"service_request_id": str(report.pk), "service_notice": report.service.name, "account_id": None}],
        status=201,
        safe=False,
    )


@csrf_exempt  # the session's CSRF token is checked in `_poster`; a token in `api_key` needs none
def requests_list(request, format: str):
    if not _format_ok(format):
        return _error(400, _("Only the json format is served."))
    if request.method == "POST":
        return _create(request)
    if request.method not in ("GET", "HEAD"):
        return _error(405, _("Use GET to read requests, POST to submit one."))
    answer = _list(request)
    return answer if isinstance(answer, JsonResponse) else JsonResponse(answer, safe=False)


def request_detail(request, request_id: int, format: str):
    if not _format_ok(format):
        return _error(400, _("Only the json format is served."))
    report = _public_reports().filter(pk=request_id).first()
    if report is None:
        return _error(404, _("There is no such request."))
    return JsonResponse(_rows([report]), safe=False)
