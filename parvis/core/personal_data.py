"""The register of personal data: every field that holds something about a person, why, on what legal basis, for
how long and who sees it.

Each app declares its own models in its `AppConfig.ready()` (see `accounts/personal_data.py`): an `Entry` for the
fields that hold personal data, a `NotPersonal` for the others, with the reason. Every field of every model of the
instance must be in exactly one of them: `tests/core/test_personal_data.py` walks them all and fails on a field
nobody declared, so a new field cannot slip in without its line here. The privacy notice (`/confidentialite/`) is
written from the entries, and the retention command reads each entry's `Retention` (its rule and its setting).

This module imports no Parvis app (core is the bottom layer): apps hand in their model classes.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# The legal bases of the GDPR (art. 6-1). SERVICE and SECURITY read differently for a public body, which acts under
# its public-interest task where a company or an association relies on the terms of use or its legitimate interest
# (art. 6-1, last paragraph: no legitimate interest for an authority's tasks): `basis_label` says which.
SERVICE = "service"
CONSENT = "consent"
LEGAL_OBLIGATION = "legal_obligation"
SECURITY = "security"
BASES = (SERVICE, CONSENT, LEGAL_OBLIGATION, SECURITY)


def basis_label(basis: str, *, public_body: bool | None = None) -> str:
    if public_body is None:
        public_body = settings.PARVIS_OPERATOR_PUBLIC_BODY
    if basis == CONSENT:
        return _("your consent, which you withdraw at any time in your settings (GDPR art. 6-1-a)")
    if basis == LEGAL_OBLIGATION:
        return _("a legal obligation of the operator (GDPR art. 6-1-c)")
    if public_body:
        return _("the public-interest task of the operator (GDPR art. 6-1-e)")
    if basis == SECURITY:
        return _("the legitimate interest of keeping the service safe (GDPR art. 6-1-f)")
    return _("the terms of use you accept when you sign up (GDPR art. 6-1-b)")


@dataclass(frozen=True)
class Retention:
    """How long something is kept. Either for the life of something else (`life`: "as long as your account"), or
    for a duration that the operator may change through a setting (`setting`, read at call time, in `unit`s), with
    `default` when the setting is absent. `rule` names the retention command's rule that removes it, "" when the
    thing goes with what carries it (the account's deletion, the author's, moderation)."""

    life: Any = ""
    default: timedelta | None = None
    setting: str = ""
    unit: timedelta = timedelta(days=1)
    rule: str = ""

    def term(self) -> timedelta | None:
        """The duration in force, or None when kept for the life of something else."""
        if self.setting:
            value = getattr(settings, self.setting, None)
            if value is not None:
                return self.unit * value
        return self.default

    def __str__(self) -> str:
        term = self.term()
        if term is None:
            return str(self.life)
        days = max(1, term.days) if term >= timedelta(days=1) else 0
        if days:
            kept = ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
        else:
            hours = max(1, round(term.total_seconds() / 3600))
            kept = ngettext("%(hours)s hour", "%(hours)s hours", hours) % {"hours": hours}
        return f"{kept}, {self.life}" if self.life else kept


# The lives most data follows.
WHILE_ACCOUNT = Retention(life=_("as long as your account exists; removed when you delete it"))
WHILE_CONTENT = Retention(
    life=_("until you delete it, moderation removes it or you delete your account"),
)
WHILE_SPACE = Retention(life=_("as long as the space exists"))


@dataclass(frozen=True)
class Entry:
    """Fields of one model that hold personal data, and what the notice says of them."""

    model: Any
    fields: tuple[str, ...]
    data: Any  # what is kept, in words ("your e-mail address")
    purpose: Any
    basis: str
    retention: Retention
    seen_by: Any

    def __post_init__(self):
        if self.basis not in BASES:
            raise ValueError(f"unknown legal basis {self.basis!r}")


@dataclass(frozen=True)
class NotPersonal:
    """Fields of one model that hold nothing about a person (ids, counters, states, public facts of a place), and
    why: read in review, never shown."""

    model: Any
    fields: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Section:
    """One heading of the privacy notice ("Your account", "Events") and the declarations under it."""

    key: str
    heading: Any
    order: int
    entries: tuple[Entry, ...]
    not_personal: tuple[NotPersonal, ...]


_sections: dict[str, Section] = {}


def register(*, key: str, heading: Any, entries=(), not_personal=(), order: int = 50) -> None:
    """Called from an app's `ready()`. Registering a key again replaces it (a test reloading an app)."""
    _sections[key] = Section(
        key=key, heading=heading, order=order, entries=tuple(entries), not_personal=tuple(not_personal)
    )


def sections() -> list[Section]:
    """The notice's order: by `order`, then as the apps registered (INSTALLED_APPS)."""
    return sorted(_sections.values(), key=lambda section: section.order)


def entries() -> list[Entry]:
    return [entry for section in _sections.values() for entry in section.entries]


def declared_fields() -> dict[tuple[str, str], list[Entry | NotPersonal]]:
    """{(model label, field name): every declaration naming it}: the test wants exactly one per field."""
    found: dict[tuple[str, str], list] = {}
    for section in _sections.values():
        for declaration in (*section.entries, *section.not_personal):
            for name in declaration.fields:
                found.setdefault((declaration.model._meta.label, name), []).append(declaration)
    return found


def model_fields(model) -> list[str]:
    """The fields a declaration must cover: the model's columns and its many-to-many relations."""
    return [field.name for field in model._meta.concrete_fields] + [
        field.name for field in model._meta.local_many_to_many
    ]


def undeclared_fields(models) -> list[str]:
    """ "app.Model.field" for each field of `models` that no declaration names (an automatic primary key is a
    number the database gives, nothing about anyone, and needs none)."""
    declared = declared_fields()
    missing = []
    for model in models:
        automatic_key = model._meta.pk.name if _is_auto(model._meta.pk) else ""
        for name in model_fields(model):
            if name != automatic_key and (model._meta.label, name) not in declared:
                missing.append(f"{model._meta.label}.{name}")
    return missing


def _is_auto(field) -> bool:
    return field.get_internal_type() in {"AutoField", "BigAutoField", "SmallAutoField"}
