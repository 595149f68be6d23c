"""The figures' own indicators: registered inhabitants (accounts sits below figures) and the audience."""

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from parvis.accounts.models import User
from parvis.core import kinds
from parvis.territories.services import instance_territories

from .models import PageCount


def registered(start, end) -> dict[int, int]:
    rows = (
        User.objects.filter(is_active=True, home_commune__isnull=False, date_joined__lt=end)
        .values_list("home_commune_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def _audience(field: str):
    def count(start, end) -> dict[int, int]:
        rows = PageCount.objects.filter(day=start.date()).values_list("territory_id").annotate(n=Sum(field)).order_by()
        counts = dict(rows)
        # Visitors without an account belong to no commune: they count for the territory the instance serves.
        anonymous = counts.pop(None, 0)
        roots = instance_territories() if anonymous else []
        if roots:
            counts[roots[0].pk] = counts.get(roots[0].pk, 0) + anonymous
        return counts

    return count


def register() -> None:
    kinds.register_indicator(
        kinds.Indicator(name="registered", label=_("registered inhabitants"), count=registered, stock=True, order=10)
    )
    kinds.register_indicator(
        kinds.Indicator(name="page_views", label=_("page views"), count=_audience("views"), order=90)
    )
    kinds.register_indicator(kinds.Indicator(name="visits", label=_("visits"), count=_audience("visits"), order=91))
