"""Every write of alerts: sending (as a verified resident or as the town hall), resolving, dismissing a banner,
choosing which alerts notify. Views, the API and the demo call these; the permission module decides who may."""

import math
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parvis.accounts.models import User
from parvis.core import hooks
from parvis.core.audit import audit
from parvis.core.files import atomic_with_files
from parvis.core.media import attach_image, clean_alt_text
from parvis.core.permissions import can, is_person
from parvis.core.ratelimit import RateLimited, check_rate
from parvis.core.text import clean_name
from parvis.core.viewer import viewer_changed
from parvis.neighbours.models import ResidentVerification
from parvis.spaces.models import Space
from parvis.territories.models import Territory

from .models import (
    AREA_LEVELS,
    Alert,
    AlertDismissal,
    AlertKind,
    AlertPreference,
    AlertStatus,
    AlertVerb,
    lifetime_bounds,
)

# Alerts stay rare so that people read them: a neighbour sends at most this many a day, a town hall this many.
PER_PERSON_PER_DAY = 3
PER_OFFICIAL_SPACE_PER_DAY = 20
DAY = 24 * 60 * 60
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_SIZES = {"photo": 1200, "photo_small": 320}
OFFICIAL_ALERT = "official_alert"
NEIGHBOURS_ALERT = "neighbours_alert"


class AlertRateLimited(RateLimited):
    """The rate limit's refusal, said in the words of alerts (the API still answers 429 with `retry_after`)."""

    def __init__(self, *, retry_after: int):
        self.retry_after = retry_after
        hours = max(1, math.ceil(retry_after / 3600))
        ValidationError.__init__(
            self,
            ngettext(
                "You have sent the most alerts allowed for one day, so that alerts stay rare and read. "
                "Try again in %(hours)s hour, or post in your residence's group.",
                "You have sent the most alerts allowed for one day, so that alerts stay rare and read. "
                "Try again in %(hours)s hours, or post in your residence's group.",
                hours,
            )
            % {"hours": hours},
            code="rate_limited",
        )


def sendable_areas(user) -> list[Territory]:
    """Where this person may send an alert as a neighbour: the residences they are a verified resident of, and the
    quartier and commune around them (the role `resident` of the permission module)."""
    if not is_person(user):
        return []
    verified = user.resident_verifications.select_related("residence__territory__parent__parent")
    found: dict[int, Territory] = {}
    for verification in verified:
        territory = verification.residence.territory
        while territory is not None and territory.level in AREA_LEVELS:
            found.setdefault(territory.pk, territory)
            territory = territory.parent
    return sorted(found.values(), key=lambda territory: AREA_LEVELS.index(territory.level))


def official_spaces(user) -> list[Space]:
    """The official spaces this person may send alerts for (their officers)."""
    if not is_person(user):
        return []
    return list(Space.objects.where_can(user, "alert.send_official").official().select_related("territory"))


def _clean(*, kind, title, text, hours) -> dict:
    errors = {}
    title = clean_name(title)
    text = (text or "").replace("\x00", "").strip()
    if kind not in AlertKind.values:
        errors["kind"] = _("Choose what the alert is about: a lost animal, a water cut, a closed road…")
    if not title:
        errors["title"] = _("Give the alert a short title, for example “Grey cat lost near building B”.")
    elif len(title) > 120:
        errors["title"] = _("The title is at most 120 characters long.")
    if len(text) > 2000:
        errors["text"] = _("The text is at most 2,000 characters long.")
    lifetime = None
    if kind in AlertKind.values:
        default, longest = lifetime_bounds(kind)
        if hours in (None, ""):
            lifetime = default
        else:
            try:
                lifetime = timedelta(hours=int(hours))
            except (TypeError, ValueError):
                lifetime = None
            if lifetime is None or lifetime <= timedelta(0) or lifetime > longest:
                errors["hours"] = _("An alert of this kind lasts from 1 to %(hours)s hours.") % {
                    "hours": int(longest.total_seconds() // 3600)
                }
    if errors:
        raise ValidationError(errors)
    return {"title": title, "text": text, "lifetime": lifetime}


def _check_sender(*, sender, area: Territory, official_space: Space | None) -> None:
    if not is_person(sender):
        raise PermissionDenied(_("Sign in to send an alert."))
    if area.level not in AREA_LEVELS:
        raise ValidationError({"area": _("An alert goes to a residence, a neighbourhood or a commune.")})
    if official_space is not None:
        if not (official_space.is_official and can(sender, "alert.send_official", official_space)):
            raise PermissionDenied(_("Only the officers of the town hall's space send alerts in its name."))
        if not area.path.startswith(official_space.territory.path):
            raise ValidationError({"area": _("The town hall sends alerts to its own commune only.")})
        return
    if not can(sender, "alert.send", area):
        raise PermissionDenied(
            _(
                "Only verified residents send alerts to their residence, neighbourhood or commune: enter the code "
                "your residence's manager gave you first."
            )
        )


def _check_duplicate(*, sender, area, kind, title) -> None:
    same = Alert.objects.current().filter(area=area, kind=kind, title__iexact=title)
    if same.filter(sender=sender).exists():
        raise ValidationError({"title": _("You have already sent this alert: it is still shown to your neighbours.")})


@atomic_with_files()
def alert_send(
    *,
    sender,
    area: Territory,
    kind: str,
    title: str,
    text: str = "",
    hours=None,
    photo=None,
    photo_alt: str = "",
    official_space: Space | None = None,
) -> Alert:
    """Send an alert to an area. Checked in this order: who, what, how often (a refused alert does not count)."""
    _check_sender(sender=sender, area=area, official_space=official_space)
    fields = _clean(kind=kind, title=title, text=text, hours=hours)
    _check_duplicate(sender=sender, area=area, kind=kind, title=fields["title"])
    if photo is not None:
        photo_alt = clean_alt_text(photo_alt, limit=500, required=True, field="photo")
    try:
        if official_space is not None:
            check_rate(f"alert-official:{official_space.pk}", PER_OFFICIAL_SPACE_PER_DAY, DAY)
        else:
            check_rate(f"alert:{sender.pk}", PER_PERSON_PER_DAY, DAY)
    except RateLimited as error:
        raise AlertRateLimited(retry_after=error.retry_after) from error
    now = timezone.now()
    alert = Alert(
        sender=sender,
        area=area,
        kind=kind,
        title=fields["title"],
        text=fields["text"],
        official_space=official_space,
        created_at=now,
        expires_at=now + fields["lifetime"],
    )
    if photo is not None:
        attach_image(alert, photo, sizes=PHOTO_SIZES, max_bytes=PHOTO_MAX_BYTES, field="photo")
        alert.photo_alt = photo_alt
    alert.save()
    audit(
        actor=sender,
        verb=AlertVerb.OFFICIAL_SENT if official_space else AlertVerb.SENT,
        target=alert,
        space=official_space,
        details={"area": area.pk, "kind": kind},
    )
    viewer_changed()
    if official_space is not None:
        transaction.on_commit(lambda: alert_notify(alert_id=alert.pk))
    else:
        hooks.activity.send(kind="alert", target_id=alert.pk)
    return alert


def recipients_of(alert: Alert):
    """The people of the area who accept this alert as a notification (all see it on top of their feeds): the
    sender aside. One query, whatever the area's size."""
    people = User.objects.filter(is_active=True).exclude(pk=alert.sender_id)
    people = people.filter(readers_condition_for_people(alert.area))
    if alert.is_official:
        refused = AlertPreference.objects.filter(official=False).values("user_id")
        return people.exclude(pk__in=refused).order_by("pk")
    accepted = AlertPreference.objects.filter(neighbours=True).values("user_id")
    return people.filter(pk__in=accepted).order_by("pk")


def readers_condition_for_people(area: Territory):
    """`readers_condition` read the other way round: the people who may read an alert of this area."""
    verified = ResidentVerification.objects.filter(residence__territory__path__startswith=area.path)
    condition = Q(pk__in=verified.values("user_id"))
    if area.level == "commune":
        condition |= Q(home_commune=area)
    return condition


def alert_audience(alert_id: int):
    """The kind's audience (`core.kinds`) for a neighbour's alert: the people of the area who asked for them."""
    alert = Alert.objects.current().select_related("area", "sender").filter(pk=alert_id).first()
    if alert is None or alert.is_official:
        return None
    return alert, alert.sender, [(recipients_of(alert), NEIGHBOURS_ALERT)]


def alert_notify(*, alert_id: int) -> int:
    """An official alert reaches at once, e-mail included, everyone of the area who accepts them. Idempotent: the
    notifications are unique per person and each e-mail is claimed before it leaves. Returns the e-mails sent."""
    alert = Alert.objects.current().select_related("area", "sender", "official_space").filter(pk=alert_id).first()
    if alert is None or not alert.is_official:
        return 0
    return hooks.notify_at_once(
        kind="alert",
        target=alert,
        actor=None,  # signed by the town hall: the agent who typed it is not the one speaking
        recipients=recipients_of(alert),
        verb=OFFICIAL_ALERT,
        email_kind="official_alert",
    )


@transaction.atomic
def alert_resolve(*, user, alert: Alert) -> Alert:
    """ "Found!" or "it is over": the sender (or an officer of the space it was sent for) closes it early."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    may = is_person(user) and (
        alert.sender_id == user.pk
        or (alert.official_space is not None and can(user, "alert.send_official", alert.official_space))
    )
    if not may:
        raise PermissionDenied(_("Only the person who sent the alert closes it."))
    if alert.status != AlertStatus.PUBLISHED:
        raise ValidationError(_("This alert is already closed."))
    alert.status = AlertStatus.RESOLVED
    alert.resolved_at = timezone.now()
    alert.save(update_fields=["status", "resolved_at"])
    audit(actor=user, verb=AlertVerb.RESOLVED, target=alert, space=alert.official_space)
    viewer_changed()
    return alert


def alert_dismiss(*, user, alert: Alert) -> None:
    """Close the banner for this person only (they may read the alert, or it would be a 404 before here)."""
    if not is_person(user):
        raise PermissionDenied(_("Sign in to close an alert."))
    AlertDismissal.objects.get_or_create(user=user, alert=alert)
    viewer_changed()


def alert_preference_set(*, user, official: bool, neighbours: bool) -> AlertPreference:
    if not is_person(user):
        raise PermissionDenied(_("Sign in to choose your alerts."))
    preference, _created = AlertPreference.objects.update_or_create(
        user=user, defaults={"official": bool(official), "neighbours": bool(neighbours)}
    )
    return preference


def alert_preference_of(user) -> AlertPreference:
    return AlertPreference.objects.filter(user=user).first() or AlertPreference(user=user)
