"""The alerts' section of the weekly digest (`parvis/digest`): the sheet pinned in a hall is read by anyone, and an
alert is for the signed-in people of its area alone (`AlertQuerySet.visible_to`), so the sheet says only how many
were sent here in the week and where to read them, never their title ("Minou is lost, call flat 12")."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from parvis.core import kinds
from parvis.core.links import absolute_url

from .models import MODERATED, Alert


def alerts_of_the_week(territory, start, end, limit: int) -> list[kinds.DigestEntry]:
    count = (
        Alert.objects.filter(area__path__startswith=territory.path, created_at__gte=start, created_at__lt=end)
        .exclude(status__in=MODERATED)
        .count()
    )
    return kinds.digest_count(
        count,
        few=_("A few alerts were sent here this week."),
        many=lambda count: (
            ngettext("%(count)d alert was sent here this week.", "%(count)d alerts were sent here this week.", count)
            % {"count": count}
        ),
        url=absolute_url(reverse("alerts:list")),
        summary=_("Sign in as an inhabitant of the area to read them: your feed shows the current ones."),
    )


def register() -> None:
    kinds.register_digest_section(
        kinds.DigestSection(name="alerts", heading=_("Alerts"), entries=alerts_of_the_week, order=30, limit=1)
    )
