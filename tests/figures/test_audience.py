"""The audience measure: page views and visits per day, kind of page and commune, with no address, no identifier and
no cookie stored or set (CNIL's exemption for audience measurement)."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from parvis.figures import audience
from parvis.figures.models import DailyFigure, PageCount
from parvis.figures.services import figures_compute, figures_purge
from parvis.territories.models import Territory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14) Firefox/130.0"
ADDRESS = "203.0.113.7"


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    caches[settings.PARVIS_AUDIENCE_CACHE].clear()
    audience._salts.clear()


def visit(client, path="/", address=ADDRESS, agent=BROWSER, **headers):
    return client.get(path, REMOTE_ADDR=address, HTTP_USER_AGENT=agent, **headers)


def test_a_page_view_stores_no_address_no_identifier_and_sets_no_cookie(client, beauvais):
    response = visit(client)
    assert response.status_code == 200
    assert "Set-Cookie" not in str(response.cookies) and not response.cookies
    rows = list(PageCount.objects.values())
    assert rows == [
        {
            "id": rows[0]["id"],
            "day": timezone.localdate(),
            "territory_id": None,
            "app": "site",
            "page": "home",
            "views": 1,
            "visits": 1,
        }
    ]
    # Nothing in the figures' tables holds the address, the browser's name or the day's salted hash.
    salt = caches["pages"].get(f"figures:salt:{timezone.localdate().isoformat()}")
    assert salt
    with connection.cursor() as cursor:
        for table in (PageCount._meta.db_table, DailyFigure._meta.db_table):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - the tables' own names
            stored = repr(cursor.fetchall())
            for secret in (ADDRESS, "Firefox", salt):
                assert secret not in stored


def test_a_visit_is_counted_once_a_day_and_each_view_counts(client, beauvais):
    for _ in range(3):
        visit(client)
    visit(client, address="198.51.100.9")
    visit(client, "/agenda/")
    rows = {(row.app, row.page): (row.views, row.visits) for row in PageCount.objects.all()}
    assert rows[("site", "home")] == (4, 2)
    assert sum(visits for _views, visits in rows.values()) == 2


def test_the_salt_changes_every_day_so_visits_cannot_be_followed(beauvais):
    today = timezone.localdate()
    now = timezone.localtime()
    assert audience._salt(today, 60) == audience._salt(today, 60)
    assert audience._salt(today, 60) != audience._salt(today + timedelta(days=1), 60)
    assert audience._seconds_left(now) <= 86_400 + 60


def test_signed_in_views_count_for_the_home_commune(client, inhabitant, beauvais):
    client.force_login(inhabitant)
    visit(client)
    assert PageCount.objects.get().territory_id == beauvais.pk


def test_robots_swaps_writes_and_errors_are_not_page_views(client, beauvais):
    visit(client, agent="Googlebot/2.1")
    visit(client, agent="")
    visit(client, HTTP_HX_REQUEST="true")
    visit(client, "/cette-page-n-existe-pas/")
    client.post("/", REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=BROWSER)
    assert not PageCount.objects.exists()


def test_page_views_reach_the_daily_figures_of_the_instance(client, inhabitant, beauvais):
    visit(client)
    client.force_login(inhabitant)
    visit(client)
    today = timezone.localdate()
    figures_compute(first=today, last=today, names=["page_views", "visits"])
    oise = Territory.objects.get(level="departement", code="60")
    views = dict(DailyFigure.objects.filter(indicator="page_views").values_list("territory_id", "value"))
    assert views[beauvais.pk] == 1 and views[oise.pk] == 2  # the visitor without an account counts for the Oise


def test_counts_are_kept_25_months(beauvais):
    today = timezone.localdate()
    old = today - timedelta(days=761)
    PageCount.objects.create(day=old, app="site", page="home", views=3, visits=1)
    PageCount.objects.create(day=today - timedelta(days=700), app="site", page="home", views=3, visits=1)
    DailyFigure.objects.create(day=old, territory=beauvais, indicator="messages", value=9)
    assert figures_purge(timezone.now()) == 2
    assert PageCount.objects.count() == 1 and not DailyFigure.objects.exists()
