from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core.permissions import can

from .forms import ExportForm
from .models import HostingRecord
from .services import hosting_log_export


@login_required
def hosting_log(request):
    """The export page: a period and/or an account, and the request it answers; the answer is a CSV file."""
    if not can(request.user, "hosting_log.read"):
        raise PermissionDenied(_("Only the people designated to answer judicial requests read the hosting log."))
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        start, end = form.period()
        content = hosting_log_export(
            reader=request.user,
            start=start,
            end=end,
            account_id=form.cleaned_data["account"],
            reason=form.cleaned_data["reason"],
        )
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        name = f"registre-hebergement-{timezone.now():%Y%m%d-%H%M%S}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    oldest = HostingRecord.objects.order_by("at").values_list("at", flat=True).first()
    return render(
        request,
        "hosting/log.html",
        {"form": form, "oldest": oldest, "count": HostingRecord.objects.count()},
        status=400 if request.method == "POST" else 200,
    )
