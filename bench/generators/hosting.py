"""The hosting log (parvis.hosting): one row per creation, change and deletion of content and per sign-in, from an
address and a source port, over the last thirteen months, since the law keeps a year and the nightly purge
(`hosting_log_purge`) has the month beyond it to delete. A few million rows at the département's scale: the page of
the people who answer judicial requests counts them and finds the oldest, the exports filter them by period and
account."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.db import connection
from django.utils import timezone

from bench.scales import DOMAIN, INHABITANT_EMAIL
from bench.targets import target
from parvis.accounts.models import User
from parvis.hosting.models import Act, HostingRecord

PRODUCES = ("hosting_records",)
CHUNK = 50_000
THIRTEEN_MONTHS = 395 * 86_400
# Who opens the hosting log's page in the load test (a session of their own, see bench.prepare).
READER = "reader"
READER_EMAIL = f"requisitions@{DOMAIN}"
ACTS = (Act.CREATE, Act.UPDATE, Act.DELETE, Act.SIGN_IN)
ACT_WEIGHTS = (50, 15, 5, 30)
KINDS = ("post", "comment", "event", "listing", "message", "report", "poll", "person")
KIND_WEIGHTS = (20, 45, 5, 5, 15, 4, 2, 4)


def generate(ctx) -> None:
    rng = ctx.rng
    # Lives in the largest commune like the inhabitant: every account of the bench has a home commune.
    home = User.objects.filter(email=INHABITANT_EMAIL).values_list("home_commune_id", flat=True).first()
    reader = User.objects.create(
        email=READER_EMAIL, password=ctx.password_hash, display_name="Réquisitions judiciaires", home_commune_id=home
    )
    reader.user_permissions.add(Permission.objects.get(codename="read_hosting_log", content_type__app_label="hosting"))
    accounts = list(User.objects.filter(email__endswith=f"@{DOMAIN}").order_by("pk").values_list("pk", "email"))
    if not accounts:
        return
    total = ctx.sizes["hosting_records"]
    now = timezone.now()
    for start in range(0, total, CHUNK):
        count = min(CHUNK, total - start)
        acts = rng.choices(ACTS, ACT_WEIGHTS, k=count)
        kinds = rng.choices(KINDS, KIND_WEIGHTS, k=count)
        rows = []
        for act, kind in zip(acts, kinds, strict=True):
            account_id, email = rng.choice(accounts)
            # Three in four from an IPv4 address (boxes, behind their operator's NAT), the rest IPv6.
            if rng.random() < 0.75:
                first = rng.choice((78, 80, 82, 86, 90, 92, 109))
                ip = f"{first}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
            else:
                ip = f"2a01:cb00:{rng.randrange(65536):x}:{rng.randrange(65536):x}::{rng.randrange(1, 65536):x}"
            sign_in = act == Act.SIGN_IN
            rows.append(
                (
                    now - timedelta(seconds=rng.randrange(THIRTEEN_MONTHS)),
                    account_id,
                    email,
                    ip,
                    rng.randint(1024, 65535),
                    act,
                    "person" if sign_in else kind,
                    account_id if sign_in else rng.randint(1, 1_000_000),
                )
            )
        _write(ctx, rows)
    ctx.produced("hosting_records", total)


COLUMNS = ("at", "account_id", "account_email", "ip", "port", "act", "kind", "object_id")


def _write(ctx, rows: list[tuple]) -> None:
    """Millions of rows at full scale: PostgreSQL's COPY writes them ten times faster than `bulk_create` (whose cost
    is building a model instance per row), so the log's generation stays within the minutes of the others."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(HostingRecord._meta.db_table)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"  # noqa: S608 - the model's own table and columns
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)
        label = HostingRecord._meta.label
        ctx.rows[label] = ctx.rows.get(label, 0) + len(rows)
    else:
        ctx.bulk(HostingRecord, [HostingRecord(**dict(zip(COLUMNS, row, strict=True))) for row in rows])


def targets(inhabitant) -> list[dict]:
    """The judicial requests' page, for the person designated to answer them: it counts the rows and finds the
    oldest one."""
    reader = User.objects.filter(email=READER_EMAIL).first()
    if reader is None:
        return []
    return [target("hosting log", "/registre-hebergement/", READER, as_user=reader)]
