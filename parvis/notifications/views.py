"""Thin views: the notifications page, marking read, e-mail preferences and the e-mails' unsubscribe link."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from parvis.core.redirects import safe_next

from . import channels, emails, push, push_tasks, services
from .forms import ChannelsForm, PreferenceForm
from .models import Notification, PushSubscription

PAGE_SIZE = 20


@login_required
def notification_list(request):
    notifications = Notification.objects.inbox(request.user).for_list()
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


def _back(request):
    """Back to where the form was (the list page, or the target when opened from an item), never off-site."""
    return safe_next(request, fallback="notifications:list")


@login_required
@require_POST
def mark_read(request, notification_id: int):
    try:
        services.notification_mark_read(user=request.user, notification_id=notification_id)
    except Notification.DoesNotExist as error:
        raise Http404 from error
    return _back(request)


@login_required
@require_POST
def mark_all_read(request):
    services.notification_mark_all_read(user=request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return _back(request)


@login_required
def preferences(request):
    current = services.notification_preference_get(user=request.user)
    data = request.POST if request.method == "POST" else None
    form = PreferenceForm(data, initial={"email_frequency": current.email_frequency})
    table = ChannelsForm(data, table=channels.table_for(request.user))
    if request.method == "POST" and form.is_valid() and table.is_valid():
        services.notification_preference_set(user=request.user, email_frequency=form.cleaned_data["email_frequency"])
        services.notification_channels_set(user=request.user, choices=table.choices())
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    context = {
        "form": form,
        "table": table,
        "channel_labels": [channels.CHANNEL_LABELS[channel] for channel in channels.CHANNELS],
        "devices": PushSubscription.objects.filter(user=request.user).order_by("-created_at"),
        "push_public_key": push.push_key().public_key,
    }
    return render(request, "notifications/preferences.html", context)


def _json_body(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


@login_required
@require_POST
def push_subscribe(request):
    """What the page's script sends after the person clicked "Activer les notifications sur cet appareil": the
    browser's subscription as JSON (`PushSubscription.toJSON()`). CSRF-protected like every form (its header)."""
    data = _json_body(request)
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    fields = (data.get("endpoint"), keys.get("p256dh"), keys.get("auth"))
    if not all(isinstance(value, str) for value in fields):
        return JsonResponse({"error": _("This browser did not give what notifications need.")}, status=400)
    try:
        subscription = push.push_subscription_register(
            user=request.user,
            endpoint=fields[0],
            p256dh=fields[1],
            auth=fields[2],
            user_agent=request.headers.get("User-Agent", ""),
        )
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse({"id": subscription.pk, "label": subscription.label}, status=201)


@login_required
@require_POST
def push_unsubscribe(request):
    """A device removed from the list (a form), or by the page's script when the browser unsubscribed (JSON)."""
    if request.content_type == "application/json":
        removed = push.push_subscription_remove(
            user=request.user, endpoint=str(_json_body(request).get("endpoint", ""))
        )
        return JsonResponse({"removed": removed})
    device = request.POST.get("device", "")
    if device.isdigit():
        push.push_subscription_remove(user=request.user, subscription_id=int(device))
    messages.success(request, _("This device no longer receives notifications."))
    return redirect("notifications:preferences")


@login_required
@require_POST
def push_test(request):
    if push_tasks.push_test(user=request.user):
        messages.success(request, _("A test notification is on its way to your devices."))
    else:
        messages.error(request, _("No device receives your notifications yet: activate them on this device first."))
    return redirect("notifications:preferences")


# Without CSRF protection on purpose: the signed token is the authority, the only act is "stop e-mailing me", and
# mail programs send the one-click unsubscribe (RFC 8058) as a plain POST without any cookie.
@csrf_exempt
def unsubscribe(request, token: str):
    user_id = emails.unsubscribe_user_id(token)
    if user_id is None:
        raise Http404
    done = False
    if request.method == "POST":
        done = services.notification_preference_unsubscribe(user_id=user_id) is not None
        if not done:
            raise Http404
    # A GET only shows the button: link checkers of mail providers open every link of an e-mail.
    return render(request, "notifications/unsubscribe.html", {"done": done})
