"""The alerts banner, included on top of the home feed and of an area's pages without touching their views."""

from django import template
from django.utils import timezone

from parvis.alerts.models import Alert
from parvis.core.viewer import kept_for

register = template.Library()
BANNER_LIMIT = 5


@register.inclusion_tag("alerts/_banner.html", takes_context=True)
def alerts_banner(context, area=None):
    """On an area's page (`area` given: a commune, a quartier's or a residence's group): that area's current alerts
    the viewer may read, in one query. On the home feed (no area): every current alert of the viewer's area, kept for
    the person until the next write (parvis/core/viewer.py) and filtered by the clock here, since an alert ends by
    time, which is no write. Nothing, and no query, for a visitor: alerts are for the people of the area."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"alerts": []}
    if area is not None:
        if area.level not in ("residence", "quartier", "commune"):
            return {"alerts": [], "request": request}
        alerts = list(
            Alert.objects.visible_to(user).current().filter(area=area).not_dismissed_by(user).for_list()[:BANNER_LIMIT]
        )
    else:
        alerts = kept_for(
            user,
            "alerts_banner",
            lambda: list(Alert.objects.visible_to(user).current().not_dismissed_by(user).for_list()[:BANNER_LIMIT]),
        )
        now = timezone.now()
        alerts = [alert for alert in alerts if alert.expires_at > now]
    return {"alerts": alerts, "request": request}
