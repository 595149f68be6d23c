"""Urgent alerts and lost-and-found: a short notice sent to a residence, a quartier or a commune, shown on top of
the feeds of that area until it expires.

Who reads an alert is the area's rule, not a space's: `Alert.objects.visible_to(user)` holds it, and every read
(banner, pages, API, search, notifications, the photo) goes through it. An alert drops off the feeds by query
(`current()`), never by a job: nothing has to run for a water cut announced until 18:00 to be gone at 18:00.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.audit import register_verbs
from parvis.core.media import private_storage
from parvis.neighbours.models import ResidentVerification
from parvis.spaces.models import VisibleContent


class AlertKind(models.TextChoices):
    LOST_ANIMAL = "lost_animal", _("lost animal")
    FOUND_ANIMAL = "found_animal", _("found animal")
    LOST_OBJECT = "lost_object", _("lost object")
    FOUND_OBJECT = "found_object", _("found object")
    SAFETY = "safety", _("safety")
    WATER_CUT = "water_cut", _("water cut")
    POWER_CUT = "power_cut", _("power cut")
    ROAD_CLOSED = "road_closed", _("road closed")
    OTHER = "other", _("other")


LOST_AND_FOUND = (AlertKind.LOST_ANIMAL, AlertKind.FOUND_ANIMAL, AlertKind.LOST_OBJECT, AlertKind.FOUND_OBJECT)
# "Found!" closes these early: the others end at their time, or when their sender says it is over.
LOST = (AlertKind.LOST_ANIMAL, AlertKind.LOST_OBJECT)
# A symbol beside the kind's word (never the colour alone, never the symbol alone: screen readers say the word).
ICONS = {
    AlertKind.LOST_ANIMAL: "🐾",
    AlertKind.FOUND_ANIMAL: "🐾",
    AlertKind.LOST_OBJECT: "🔎",
    AlertKind.FOUND_OBJECT: "🔎",
    AlertKind.SAFETY: "⚠",
    AlertKind.WATER_CUT: "🚱",
    AlertKind.POWER_CUT: "⚡",
    AlertKind.ROAD_CLOSED: "⛔",
    AlertKind.OTHER: "📣",
}


def lifetime_bounds(kind: str) -> tuple[timedelta, timedelta]:
    """(default, longest) life of an alert of this kind. A lost cat is looked for over days; a cut or a closed road
    is news for hours, and an alert left on top of the feeds after the fact teaches people to ignore alerts."""
    if kind in LOST_AND_FOUND:
        return timedelta(days=3), timedelta(days=7)
    return timedelta(hours=24), timedelta(hours=72)


class AlertStatus(models.TextChoices):
    PUBLISHED = "published", _("published")
    RESOLVED = "resolved", _("resolved")
    HIDDEN = "hidden", _("hidden by a moderator")
    REMOVED = "removed", _("removed by a moderator")


MODERATED = (AlertStatus.HIDDEN, AlertStatus.REMOVED)
AREA_LEVELS = ("residence", "quartier", "commune")


class AlertVerb(models.TextChoices):
    """The verbs of the audit log (`parvis.core.audit`) for alerts."""

    SENT = "alert_sent", _("alert sent")
    OFFICIAL_SENT = "alert_official_sent", _("official alert sent")
    RESOLVED = "alert_resolved", _("alert resolved")


register_verbs(AlertVerb.choices)


def readers_condition(user, *, area: str = "area") -> Q:
    """The people of an area: the verified residents of a residence read its alerts and those of its quartier and
    its commune; a person whose home commune it is reads the commune's. A declared quartier or residence proves
    nothing (one click in a profile), so, as for neighbours' listings, only a verified residence opens them."""
    verified = ResidentVerification.objects.filter(user=user)
    condition = (
        Q(**{f"{area}__in": verified.values("residence__territory_id")})
        | Q(**{f"{area}__in": verified.values("residence__territory__parent_id")})
        | Q(**{f"{area}__in": verified.values("residence__territory__parent__parent_id")})
    )
    if user.home_commune_id:
        condition |= Q(**{f"{area}_id": user.home_commune_id})
    return condition


class AlertQuerySet(models.QuerySet):
    def visible_to(self, user):
        """THE RULE for alerts: signed-in people of the area (`readers_condition`) and the sender; nobody once a
        moderator hid or removed it. Anonymous visitors read none: "Minou is lost, call flat 12" is for
        neighbours, not for search engines."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(Q(sender=user) | readers_condition(user)).exclude(status__in=MODERATED)

    def current(self, now=None):
        """Published and not expired: what the feeds show."""
        return self.filter(status=AlertStatus.PUBLISHED, expires_at__gt=now or timezone.now())

    def not_dismissed_by(self, user):
        return self.exclude(pk__in=AlertDismissal.objects.filter(user=user).values("alert_id"))

    def for_list(self):
        return self.select_related("sender", "official_space", "area").order_by("-created_at", "-pk")


class Alert(VisibleContent, models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=AlertKind.choices)
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"), max_length=2000, blank=True)
    # The residence, quartier or commune it is for, fixed when sent.
    area = models.ForeignKey("territories.Territory", on_delete=models.PROTECT, related_name="alerts")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts")
    # Sent as the town hall: signed by the space, the agent's name second.
    official_space = models.ForeignKey(
        "spaces.Space", null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    photo = models.ImageField(upload_to="alerts/%Y/%m/", storage=private_storage, blank=True)
    photo_small = models.ImageField(upload_to="alerts/%Y/%m/", storage=private_storage, blank=True)
    photo_alt = models.CharField(_("description of the photo"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.PUBLISHED)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("ends at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["area", "status", "expires_at"]), models.Index(fields=["sender", "created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("alerts:detail", kwargs={"alert_id": self.pk})

    @property
    def icon(self) -> str:
        return ICONS.get(self.kind, "📣")

    @property
    def is_official(self) -> bool:
        return self.official_space_id is not None

    @property
    def may_be_found(self) -> bool:
        return self.kind in LOST

    @property
    def is_current(self) -> bool:
        return self.status == AlertStatus.PUBLISHED and self.expires_at > timezone.now()


class AlertDismissal(models.Model):
    """A person closed an alert's banner: it stays on the alerts page, not on top of their feeds."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="dismissals")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "alert"], name="alert_dismissal_once")]

    def __str__(self) -> str:
        return f"{self.user_id} dismissed {self.alert_id}"


class AlertPreference(models.Model):
    """Which alerts reach a person as notifications (all of their area's show on top of their feeds anyway). No
    row means the defaults: the town hall's alerts yes (a water cut cannot wait), neighbours' no (a lost cat three
    streets away is seen in the feed; a notification for each would make people switch them all off)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preference")
    official = models.BooleanField(_("alerts from the town hall"), default=True)
    neighbours = models.BooleanField(_("alerts from neighbours (lost and found, safety)"), default=False)

    class Meta:
        verbose_name = _("alert preference")

    def __str__(self) -> str:
        return f"{self.user_id}: official={self.official} neighbours={self.neighbours}"
