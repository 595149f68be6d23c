"""The alerts' section of the weekly digest (`parvis/digest`): the sheet pinned in a hall is read by anyone, and an
alert is for the signed-in people of its area alone (`AlertQuerySet.visible_to`), so the sheet says only how many
were sent here in the week and where to read them, never their title ("Minou is lost, call flat 12")."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from parvis.core import kinds
from parvis.core.links import absolute_url

from .models import MODERATED, Alert

# Below this many the sheet says "a few": in a small quartier an exact 1 or 2 points at the neighbour who sent it
# (the figures' threshold, as the neighbours' listings of the digest).
FEW = 5


def alerts_of_the_week(territory, start, end, limit: int) -> list[kinds.DigestEntry]:
    count = (
        Alert.objects.filter(area__path__startswith=territory.path, created_at__gte=start, created_at__lt=end)
        .exclude(status__in=MODERATED)
        .count()
    )
    if not count:
        return []
    if count < FEW:
        title = str(_("A few alerts were sent here this week."))
    else:
        title = ngettext(
            "%(count)d alert was sent here this week.", "%(count)d alerts were sent here this week.", count
        ) % {"count": count}
    return [
        kinds.DigestEntry(
            title=title,
            url=absolute_url(reverse("alerts:list")),
            summary=str(_("Sign in as an inhabitant of the area to read them: your feed shows the current ones.")),
        )
    ]


def register() -> None:
    kinds.register_digest_section(
        kinds.DigestSection(name="alerts", heading=_("Alerts"), entries=alerts_of_the_week, order=30, limit=1)
    )
