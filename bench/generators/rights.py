"""Downloads of one's data (parvis.rights) asked over the last year: most downloaded (their file gone with the
download), some expired unopened or failed, the last days' ready or being prepared. Rows only: the pages read the
row, and the file of a ready export is only linked. The signed-in inhabitant has one ready: their "my data" page
shows its link."""

from datetime import timedelta

from django.utils import timezone

from bench.scales import DOMAIN, INHABITANT_EMAIL
from bench.targets import SESSION, target
from parvis.accounts.models import User
from parvis.rights.models import DataExport, ExportStatus

PRODUCES = ("data_exports",)
YEAR = 365 * 86_400
EXPORT_DAYS = 7


def generate(ctx) -> None:
    rng = ctx.rng
    people = list(User.objects.filter(email__endswith=f"@{DOMAIN}").order_by("pk").values_list("pk", flat=True))
    inhabitant = User.objects.filter(email=INHABITANT_EMAIL).values_list("pk", flat=True).first()
    if not people:
        return
    now = timezone.now()
    exports = []
    for index in range(ctx.sizes["data_exports"]):
        created = now - timedelta(seconds=rng.randrange(YEAR))
        ready = created + timedelta(minutes=rng.randint(1, 30))
        expires = ready + timedelta(days=EXPORT_DAYS)
        recent = expires > now
        draw = rng.random()
        if index == 0 and inhabitant:
            status, created = ExportStatus.READY, now - timedelta(hours=2)
            ready, expires = created + timedelta(minutes=4), created + timedelta(days=EXPORT_DAYS)
        elif draw < 0.8:
            status = ExportStatus.DOWNLOADED
        elif draw < 0.97:
            status = ExportStatus.READY
        else:
            status = ExportStatus.FAILED
        exports.append(
            DataExport(
                user_id=inhabitant if index == 0 and inhabitant else rng.choice(people),
                status=status,
                # Only a ready export within its days keeps a file; downloads and expiry removed the others.
                file=f"exports/donnees-{index}.zip" if status == ExportStatus.READY and (recent or index == 0) else "",
                nonce=f"{rng.getrandbits(128):032x}",
                created_at=created,
                ready_at=None if status == ExportStatus.FAILED else ready,
                expires_at=None if status == ExportStatus.FAILED else expires,
                downloaded_at=ready + timedelta(hours=rng.randint(1, 48))
                if status == ExportStatus.DOWNLOADED
                else None,
            )
        )
    ctx.bulk(DataExport, exports)
    ctx.produced("data_exports", len(exports))


def targets(inhabitant) -> list[dict]:
    """The inhabitant's "my data" page, with their ready download's link."""
    return [target("my data", "/profil/mes-donnees/", SESSION)]
