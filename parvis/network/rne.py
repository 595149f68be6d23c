"""Reading the Répertoire national des élus (the State's CSV files on data.gouv.fr: semicolon separated, one élu
a line, dates as dd/mm/yyyy). Only names, commune, function and dates are kept; the birth date, the sex and the
profession columns are read past, never stored."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parvis.core.permissions import can
from parvis.territories.models import Level, Territory

from .models import NETWORK, Function, RoleKind, Source
from .services import role_verify

# A département's extract of the register is well under a megabyte; the whole country's communal file is about 60.
MAX_BYTES = 10 * 1000**2
REQUIRED = ("Nom de l'élu", "Prénom de l'élu", "Date de début du mandat")


@dataclass
class ImportReport:
    imported: int = 0
    errors: list[str] = field(default_factory=list)


def _date(value: str) -> date | None:
    value = (value or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a calendar date, no time)
        except ValueError:
            continue
    return None


def function_of(label: str, *, departemental: bool) -> str:
    """ "Maire", "1er adjoint au maire", "" (a councillor without function): the register's words, as ours."""
    label = (label or "").strip().lower()
    if departemental:
        return Function.CONSEILLER_DEPARTEMENTAL
    if label.startswith("maire") and "délégué" not in label:
        return Function.MAIRE
    if "adjoint" in label:
        return Function.ADJOINT
    return Function.CONSEILLER_MUNICIPAL


def _commune(row: dict, communes: dict) -> Territory | None:
    code = (row.get("Code de la commune") or "").strip()
    departement = (row.get("Code du département") or "").strip()
    if code and len(code) < 5 and departement:
        code = departement.zfill(2) + code.zfill(3)
    return communes.get(code)


def rne_import(data: bytes | str, *, ends_on: date | None = None, operator=None) -> ImportReport:
    """Import every line of a register file; a bad line is reported by its number and the rest still imported
    (each line is its own transaction, so nothing is saved half-way for a line). `operator` None: the command run on
    the server; otherwise the person who uploads it on the roles' page, who must be allowed to verify roles."""
    if operator is not None and not can(operator, "network.verify", NETWORK):
        raise PermissionDenied(_("Only the operator verifies the network's roles."))
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(data), delimiter=";")
    report = ImportReport()
    columns = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        report.errors.append(
            _("This is not a file of the national register of élus: columns missing (%(columns)s).")
            % {"columns": ", ".join(missing)}
        )
        return report
    departemental = "Code de la commune" not in columns
    codes = set()
    rows = []
    for row in reader:
        row = {(key or "").strip(): (value or "").strip() for key, value in row.items()}
        rows.append(row)
        code = row.get("Code de la commune", "")
        if code and len(code) < 5:
            code = row.get("Code du département", "").zfill(2) + code.zfill(3)
        codes.add(code)
    communes = {t.code: t for t in Territory.objects.filter(level=Level.COMMUNE, code__in=codes)}
    for number, row in enumerate(rows, start=2):
        commune = None if departemental else _commune(row, communes)
        if not departemental and commune is None:
            report.errors.append(
                _("Line %(line)s: the commune %(code)s is not one of this site's.")
                % {"line": number, "code": row.get("Code de la commune", "")}
            )
            continue
        starts_on = _date(row.get("Date de début de la fonction", "")) or _date(row.get("Date de début du mandat", ""))
        if starts_on is None:
            report.errors.append(_("Line %(line)s: the start date is not a date.") % {"line": number})
            continue
        try:
            with transaction.atomic():
                role_verify(
                    operator=operator,
                    kind=RoleKind.ELU,
                    first_name=row.get("Prénom de l'élu", ""),
                    last_name=row.get("Nom de l'élu", ""),
                    commune=commune,
                    function=function_of(row.get("Libellé de la fonction", ""), departemental=departemental),
                    starts_on=starts_on,
                    ends_on=ends_on,
                    source=Source.RNE,
                )
        except ValidationError as error:
            report.errors.append(_("Line %(line)s: %(error)s") % {"line": number, "error": error.messages[0]})
            continue
        report.imported += 1
    return report
