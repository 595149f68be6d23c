"""The pages of alerts: the current alerts of my area, sending one, an alert's own page, closing it ("Found!"),
closing its banner, and which alerts notify me. Thin: a form, one service, a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parvis.core.redirects import safe_next
from parvis.spaces.forms import add_service_errors

from . import services
from .forms import AlertForm, AlertPreferenceForm
from .models import Alert


def _targets(user) -> list[tuple[str, str]]:
    """The form's "to whom": "t<territory id>" as a neighbour, "s<space id>" as the town hall (to its commune)."""
    choices = [
        (f"s{space.pk}", _("%(place)s, as %(space)s") % {"place": space.territory.name, "space": space.name})
        for space in services.official_spaces(user)
    ]
    choices += [(f"t{area.pk}", f"{area.name} ({area.get_level_display()})") for area in services.sendable_areas(user)]
    return choices


def _target(user, value: str):
    """(area, official space or None) of a choice of `_targets`; the service checks the person may."""
    for space in services.official_spaces(user):
        if value == f"s{space.pk}":
            return space.territory, space
    for area in services.sendable_areas(user):
        if value == f"t{area.pk}":
            return area, None
    raise ValidationError({"target": _("Choose where the alert goes among the places offered.")})


@login_required
def alert_list(request):
    alerts = list(Alert.objects.visible_to(request.user).current().for_list()[:50])
    return render(
        request,
        "alerts/list.html",
        {"alerts": alerts, "may_send": bool(_targets(request.user))},
    )


@login_required
def alert_new(request):
    targets = _targets(request.user)
    if not targets:
        return render(request, "alerts/new.html", {"form": None}, status=403)
    form = AlertForm(request.POST or None, request.FILES or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            area, space = _target(request.user, data["target"])
            alert = services.alert_send(
                sender=request.user,
                area=area,
                official_space=space,
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                hours=data["hours"],
                photo=data["photo"] or None,
                photo_alt=data["photo_alt"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your alert is shown to the people of %(place)s.") % {"place": area.name})
            return redirect(alert)
    return render(request, "alerts/new.html", {"form": form}, status=400 if form.errors else 200)


def _visible(request, alert_id: int) -> Alert:
    return get_object_or_404(Alert.objects.visible_to(request.user).for_list(), pk=alert_id)


@login_required
def alert_detail(request, alert_id: int):
    alert = _visible(request, alert_id)
    may_close = alert.status == "published" and (
        alert.sender_id == request.user.pk
        or any(space.pk == alert.official_space_id for space in services.official_spaces(request.user))
    )
    return render(request, "alerts/detail.html", {"alert": alert, "may_close": may_close})


@login_required
@require_POST
def alert_resolve(request, alert_id: int):
    alert = _visible(request, alert_id)
    try:
        services.alert_resolve(user=request.user, alert=alert)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
    else:
        if alert.may_be_found:
            messages.success(request, _("Good news! The alert is closed and no longer shown on top of the feeds."))
        else:
            messages.success(request, _("The alert is closed and no longer shown on top of the feeds."))
    return redirect(alert)


@login_required
@require_POST
def alert_dismiss(request, alert_id: int):
    alert = _visible(request, alert_id)
    services.alert_dismiss(user=request.user, alert=alert)
    messages.success(request, _("The alert is no longer shown on top of your feeds. It stays on the alerts page."))
    return safe_next(request, fallback="alerts:list")


@login_required
def preferences(request):
    preference = services.alert_preference_of(request.user)
    form = AlertPreferenceForm(
        request.POST or None, initial={"official": preference.official, "neighbours": preference.neighbours}
    )
    if request.method == "POST" and form.is_valid():
        services.alert_preference_set(
            user=request.user, official=form.cleaned_data["official"], neighbours=form.cleaned_data["neighbours"]
        )
        messages.success(request, _("Your choice of alerts is saved."))
        return redirect("alerts:preferences")
    return render(request, "alerts/preferences.html", {"form": form})
