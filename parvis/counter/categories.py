"""The administrators' page of the counter: the services of their institutions and the categories each offers
(a new service, a new category routed to it, a category withdrawn from the form or offered again). Thin: one
form per act, posted alone (`action`), one service, a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from parvis.spaces.models import Nature, Space

from . import services
from .forms import CategoryForm, ServiceForm
from .handling import errors_to_form
from .models import Category, Service


def _administered(user) -> list[Space]:
    spaces = list(
        Space.objects.where_can(user, "space.administer")
        .filter(nature=Nature.INSTITUTIONNEL)
        .select_related("territory")
        .order_by("name", "pk")
    )
    if not spaces:
        raise PermissionDenied(_("This page is for the administrators of an institution's space."))
    return spaces


def _switch(request, offered: list[Service]) -> str:
    raw = request.POST.get("category", "")
    category = None
    if raw.isascii() and raw.isdigit() and len(raw) < 12:
        category = Category.objects.filter(service__in=offered, pk=int(raw)).first()
    if category is None:
        raise ValidationError(_("This category is no longer in your list: reload the page."))
    active = request.POST.get("active") == "1"
    services.category_set_active(actor=request.user, category=category, active=active)
    if active:
        return _("“%(name)s” is offered again in the report form.") % {"name": category.name}
    return _("“%(name)s” is withdrawn from the report form. Its reports stay in the queue.") % {"name": category.name}


@login_required
def categories(request):
    spaces = _administered(request.user)
    offered = list(Service.objects.filter(space__in=spaces).select_related("space__territory").order_by("name", "pk"))
    action = request.POST.get("action", "") if request.method == "POST" else ""
    # Both forms have a "name": their ids must differ.
    service_form = ServiceForm(request.POST if action == "service" else None, spaces=spaces, auto_id="id_service_%s")
    category_form = CategoryForm(
        request.POST if action == "category" else None, services=offered, auto_id="id_category_%s"
    )
    try:
        if action == "service" and service_form.is_valid():
            service = services.service_create(
                actor=request.user, space=service_form.chosen_space(), name=service_form.cleaned_data["name"]
            )
            messages.success(request, _("The service “%(name)s” is open.") % {"name": service.name})
            return redirect("counter:categories")
        if action == "category" and category_form.is_valid():
            service = category_form.chosen_service()
            if service is None:
                raise ValidationError({"service": _("Choose the service in charge.")})
            category = services.category_create(
                actor=request.user,
                territory=category_form.cleaned_data["commune"] or service.space.territory,
                service=service,
                name=category_form.cleaned_data["name"],
            )
            messages.success(request, _("“%(name)s” is offered in the report form.") % {"name": category.name})
            return redirect("counter:categories")
        if action == "switch":
            messages.success(request, _switch(request, offered))
            return redirect("counter:categories")
    except ValidationError as error:
        if action == "switch":
            messages.error(request, " ".join(error.messages))
            return redirect("counter:categories")
        form = service_form if action == "service" else category_form
        errors_to_form(form, error, {"territory": "commune"})
    rows = list(
        Category.objects.filter(service__in=offered)
        .select_related("territory", "service__space")
        .order_by("service__name", "position", "name")
    )
    return render(
        request,
        "counter/categories.html",
        {"services": offered, "categories": rows, "service_form": service_form, "category_form": category_form},
    )
