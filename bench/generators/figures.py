"""The operator's figures (parvis.figures): page views of the last month for every commune (by population), the
daily aggregates of that month computed from the generated data by `figures_compute` (what the nightly task does),
and the months before it copied from the oldest computed day, so that the dashboard reads a table as deep as a
running instance's. The operator (staff, `accounts.operate`) opens the département's dashboard and a commune's."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone

from bench.scales import DOMAIN
from bench.targets import OPERATOR, target
from parvis.accounts.models import User
from parvis.figures.models import DailyFigure, PageCount
from parvis.figures.services import figures_compute
from parvis.territories.models import Level, Territory

PRODUCES = ("figures_days",)
OPERATOR_EMAIL = f"operateur@{DOMAIN}"
COMPUTED_DAYS = 31
PAGES = (("site", "home", 45), ("agenda", "list", 25), ("neighbours", "index", 20), ("counter", "commune", 10))


def generate(ctx) -> None:
    days = ctx.sizes["figures_days"]
    operator = User.objects.create(
        email=OPERATOR_EMAIL, password=ctx.password_hash, display_name="Opérateur du banc", is_staff=True
    )
    operator.user_permissions.add(Permission.objects.get(codename="operate", content_type__app_label="accounts"))
    today = timezone.localdate()
    computed = min(days, COMPUTED_DAYS)
    first = today - timedelta(days=computed - 1)
    communes = list(Territory.objects.filter(level=Level.COMMUNE).values_list("pk", "population"))
    views = []
    for offset in range(computed):
        day = first + timedelta(days=offset)
        for commune_id, population in communes:
            for app, page, share in PAGES:
                count = population * share // 10_000 + ctx.rng.randint(0, 3)
                if count:
                    views.append(
                        PageCount(day=day, territory_id=commune_id, app=app, page=page, views=count, visits=count // 3)
                    )
    ctx.bulk(PageCount, views)
    figures_compute(first=first, last=today)
    ctx.rows[DailyFigure._meta.label] = DailyFigure.objects.count()
    oldest = list(DailyFigure.objects.filter(day=first).values_list("territory_id", "indicator", "value"))
    history = []
    for back in range(1, days - computed + 1):
        day = first - timedelta(days=back)
        history.extend(
            DailyFigure(day=day, territory_id=territory_id, indicator=indicator, value=value)
            for territory_id, indicator, value in oldest
        )
        if len(history) >= 50_000:
            ctx.bulk(DailyFigure, history)
            history = []
    ctx.bulk(DailyFigure, history)
    ctx.produced("figures_days", days)


def targets(inhabitant) -> list[dict]:
    """The dashboard of the inhabitant's département (its communes compared, on the map) and of the commune."""
    operator = User.objects.filter(email=OPERATOR_EMAIL).first()
    commune = inhabitant.home_commune
    if operator is None or commune is None or commune.parent_id is None:
        return []
    return [
        target("figures (département)", f"/chiffres/?territoire={commune.parent_id}", OPERATOR, as_user=operator),
        target("figures (commune)", f"/chiffres/?territoire={commune.pk}", OPERATOR, as_user=operator),
    ]
