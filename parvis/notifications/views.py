"""Thin views: the notifications page, marking read, e-mail preferences and the e-mails' unsubscribe link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from parvis.core.redirects import safe_next

from . import emails, services
from .forms import PreferenceForm
from .models import Notification

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
    form = PreferenceForm(request.POST or None, initial={"email_frequency": current.email_frequency})
    if request.method == "POST" and form.is_valid():
        services.notification_preference_set(user=request.user, email_frequency=form.cleaned_data["email_frequency"])
        messages.success(request, _("Your e-mail preference is saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


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
