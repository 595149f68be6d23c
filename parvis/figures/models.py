"""What the figures keep: page views per day and the daily aggregates of every indicator.

Neither table holds anything about a person. A page view row is a count for a day, a kind of page and a commune (the
signed-in visitor's home commune, or none); a visit was told apart from another by a salted hash that lived only in
the cache for the day (`audience.py`). The aggregates are counts per territory and day, computed by
`manage.py figures_compute`; both are kept 25 months at most (`PARVIS_FIGURES_DAYS`, the CNIL's limit for audience
measurement), then removed by the retention rule `figures`.
"""

from django.db import models
from django.db.models import Max, Sum


class PageCount(models.Model):
    day = models.DateField(db_index=True)
    # The signed-in visitor's home commune; empty for a visitor without an account (counted for the whole instance).
    territory = models.ForeignKey(
        "territories.Territory", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    app = models.CharField(max_length=40)  # the URL's namespace ("agenda"), or "site"
    page = models.CharField(max_length=80)  # the URL's name ("event_detail")
    views = models.PositiveIntegerField(default=0)
    visits = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day", "territory", "app", "page"], name="figures_pagecount_key")]

    def __str__(self) -> str:
        return f"{self.day} {self.app}:{self.page} {self.views}"


class DailyFigureQuerySet(models.QuerySet):
    def between(self, first, last):
        return self.filter(day__gte=first, day__lte=last)

    def flow_totals(self):
        """{indicator: sum over the days}, for a queryset narrowed to one territory."""
        return dict(self.values_list("indicator").annotate(total=Sum("value")).order_by())

    def last_day(self):
        return self.aggregate(last=Max("day"))["last"]


class DailyFigure(models.Model):
    """One indicator's value for one territory and one day: the sum of its communes and places below it."""

    day = models.DateField()
    territory = models.ForeignKey("territories.Territory", on_delete=models.CASCADE, related_name="+")
    indicator = models.CharField(max_length=40)
    value = models.BigIntegerField(default=0)

    objects = DailyFigureQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["territory", "indicator", "day"], name="figures_daily_unique"),
        ]
        indexes = [models.Index(fields=["indicator", "day"], name="figures_daily_indicator_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.territory_id} {self.indicator}={self.value}"
