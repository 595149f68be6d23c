"""Alerts in the registry of content kinds (`parvis.core.kinds`), registered in `AlertsConfig.ready`: moderation
reports, hides, removes and restores them, notifications tells the area, search finds them by their words. None of
those apps names alerts."""

from django.utils.translation import gettext_lazy as _

from parvis.core import kinds
from parvis.spaces.models import Space

from .models import Alert, AlertStatus
from .services import NEIGHBOURS_ALERT, OFFICIAL_ALERT, alert_audience

MODERATED_STATUS = {kinds.HIDE: AlertStatus.HIDDEN, kinds.REMOVE: AlertStatus.REMOVED}


def moderating_space(alert: Alert) -> Space | None:
    """Who moderates an alert: the town hall's space for its own, the residence's space for a residence's, and for
    a neighbour's alert to a quartier or a commune the commune's official space (its moderators know the place)."""
    if alert.official_space_id:
        return alert.official_space
    area = alert.area
    if area.level == "residence":
        residence = getattr(area, "residence_info", None)
        return residence.space if residence is not None else None
    commune = area if area.level == "commune" else area.parent
    return Space.objects.official().filter(territory=commune).first() if commune is not None else None


def alert_moderate(alert: Alert, action: str) -> str:
    previous = Alert.objects.select_for_update().get(pk=alert.pk).status
    Alert.objects.filter(pk=alert.pk).update(status=MODERATED_STATUS[action])
    return previous


def alert_restore(alert_id: int, action: str, previous_state: str) -> None:
    Alert.objects.filter(pk=alert_id, status=MODERATED_STATUS[action]).update(
        status=previous_state or AlertStatus.PUBLISHED
    )


def register() -> None:
    kinds.register(
        kinds.ContentKind(
            name="alert",
            label=_("alert"),
            model=Alert,
            url_word="alerte",
            visible_to=lambda user: Alert.objects.visible_to(user).select_related("sender", "area", "official_space"),
            space=moderating_space,
            author=lambda alert: alert.sender,
            text=lambda alert: (alert.title, alert.text),
            moderate=alert_moderate,
            restore=alert_restore,
            # Read by the people of an area, not by a space's readers: moderators see the reported words only.
            linkable=False,
            related=("sender", "area", "official_space"),
            search=kinds.SearchDocument(title="title", body="text", date="created_at", heading=_("Alerts")),
            audience=alert_audience,
            verbs={
                OFFICIAL_ALERT: _("%(space)s sends an urgent alert"),
                NEIGHBOURS_ALERT: _("%(actor)s sends an alert to the neighbourhood"),
            },
        )
    )
