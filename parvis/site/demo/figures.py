"""A month of figures for the operator: the people of the story signed up over the last 30 days, the town's count of
shops is entered, and every day had its page views (more in Beauvais than in the villages around, fewer on Sundays),
so that `/chiffres/` opens on a month of history for Beauvais and its neighbours. Page views are written as the
audience measure writes them (counts per day, page and commune: nothing about anyone); the rest is computed by the
same `figures_compute` as the nightly task."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from parvis.accounts.models import User
from parvis.directory.models import CommuneFigures
from parvis.figures.models import PageCount
from parvis.figures.services import figures_compute

DAYS = 30
# Views a day by the visitors of each commune (None: visitors without an account), at the start of the month.
VIEWS = {"60057": 110, "60009": 14, "60639": 9, "60277": 8, "60029": 6, None: 240}
PAGES = (("site", "home", 45), ("agenda", "list", 25), ("neighbours", "index", 20), ("counter", "commune", 10))
# Shops of Beauvais, as counted by the chamber of commerce and entered by the operator.
BEAUVAIS_SHOPS = 40


def figures_create(*, people: dict, communes: dict) -> None:
    today = timezone.localdate()
    first = today - timedelta(days=DAYS)
    zone = timezone.get_current_timezone()
    # The people of the story signed up along the month (the operator first, Camille among the early ones).
    ordered = sorted(people.values(), key=lambda user: (not user.is_staff, user.pk))
    for index, user in enumerate(ordered):
        joined = datetime.combine(first + timedelta(days=index * DAYS // len(ordered)), time(9 + index % 10), zone)
        User.objects.filter(pk=user.pk).update(date_joined=joined)
    CommuneFigures.objects.update_or_create(territory=communes["60057"], defaults={"shops_total": BEAUVAIS_SHOPS})
    rows = []
    for offset in range(DAYS + 1):
        day = first + timedelta(days=offset)
        growth = 1 + offset / DAYS  # the network grows: twice the views at the end of the month
        weekday = 0.6 if day.weekday() == 6 else 0.8 if day.weekday() == 5 else 1
        for code, base in VIEWS.items():
            territory = communes[code] if code else None
            for app, page, share in PAGES:
                views = round(base * growth * weekday * share / 100)
                if views:
                    rows.append(
                        PageCount(
                            day=day, territory=territory, app=app, page=page, views=views, visits=max(1, views // 3)
                        )
                    )
    PageCount.objects.bulk_create(rows)
    figures_compute(first=first, last=today)
