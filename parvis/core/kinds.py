"""The registry of content kinds: what moderation, notifications and search know of a kind of content.

Each app that holds content registers its kinds in its `AppConfig.ready()` (see `posts/kinds.py`): how to find one
for a viewer (`visible_to`), its space, its author, its URL, how to hide, remove and restore it through its own
services, and its search document. The cross-cutting apps (moderation, notifications, search) hold no list of kinds:
they ask this registry. Adding a kind touches its own app only.

This module imports no Parvis app (core is the bottom layer): a kind speaks of its model through callables.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.dispatch import Signal

# What moderation may do to a kind: content is hidden or removed (and restored when a decision is reversed); a
# space or a person is suspended.
HIDE = "hide"
REMOVE = "remove"


def status_moderation(model, *, hidden, removed, published) -> tuple[Callable, Callable]:
    """The `moderate` and `restore` of a kind moderated through its `status` field. Moderating sets the status
    (`hidden` or `removed`) under the row's lock and returns the one before; restoring puts it back (or `published`),
    only while the item is still in the state the decision put it in: an author's later deletion stands."""
    statuses = {HIDE: hidden, REMOVE: removed}

    def moderate(item, action: str) -> str:
        previous = model.objects.select_for_update().get(pk=item.pk).status
        model.objects.filter(pk=item.pk).update(status=statuses[action])
        return previous

    def restore(item_id: int, action: str, previous_state: str) -> None:
        model.objects.filter(pk=item_id, status=statuses[action]).update(status=previous_state or published)

    return moderate, restore


SUSPEND = "suspend"


@dataclass(frozen=True)
class SearchDocument:
    """How a kind is searched: the names of its title, body and date fields, and the path of its space (or "").

    `query(user, words)`, when given, replaces the generic search (a kind with its own full-text index); otherwise
    search reads `title` and `body` with PostgreSQL's French full text, or folded words on SQLite.
    `template` draws one result; it receives the object as `item` (and as the kind's name, `post`, `event`…)."""

    title: str = ""
    body: str = ""
    date: str = ""
    space: str = ""
    heading: Any = ""
    template: str = "search/_document.html"
    query: Callable | None = None
    prepare: Callable | None = None  # (queryset, user) -> queryset: what its template needs, in a fixed query count
    # The API's own list of this kind's results, next to the generic `documents`: the field's name ("posts") and
    # the dotted path of the kind's API schema, imported when the search API is built (a path, so that registering
    # the kind in `ready()` does not load the kind's API, and search never imports the kind's app).
    api_list: str = ""
    api_schema: str = ""


@dataclass(frozen=True)
class DashboardBlock:
    """A block of a kind on each person's dashboard (`/mon-espace/`, parvis/site/dashboard.py), which lists the
    kinds that give one: the page needs no edit for a new kind. `slot` says where it goes: "attention" (first, what
    waits for the person), "counter" (the slot of "my reports and requests" at the town hall's counter), or "mine"
    (with the person's events, groups, listings and messages). `items(user, limit)` returns at most `limit` objects
    the person may read (through the kind's `visible_to`), newest first, in a fixed number of queries; `template`
    draws one, receiving it as `item`."""

    heading: Any
    items: Callable
    template: str
    slot: str = "mine"
    empty: Any = ""  # the sentence when there is nothing, or "" to leave the block out then


@dataclass(frozen=True)
class ContentKind:
    """One kind of content. The callables take the object (or the viewer) and never raise for a missing relation."""

    name: str  # stored by moderation and notifications next to an id: never change it once rows exist
    label: Any  # "post", "event": lazily translated
    model: Any
    visible_to: Callable  # (user) -> QuerySet of what this viewer may find (published, in a space they may read)
    space: Callable = lambda obj: None  # the space whose moderators handle it; None: the operator's only
    author: Callable = lambda obj: None  # who receives a statement of reasons and may contest
    url: Callable = lambda obj: obj.get_absolute_url()
    text: Callable = lambda obj: ("", str(obj))  # (title, body) shown to moderators
    parent: Callable = lambda obj: None  # what it belongs to (a comment's post), or None
    attachment: Callable = lambda obj: ""  # the URL of an attached file moderators may open, or ""
    url_word: str = ""  # the French word in the report page's address ("publication"); defaults to the name
    actions: frozenset = frozenset({HIDE, REMOVE})
    # (obj, action) -> the previous state, kept by the decision; (obj_id, action, previous_state) -> None.
    moderate: Callable | None = None
    restore: Callable | None = None
    # Moderators of the space see a link to it in their queue unless the kind is private to some readers (a
    # private message, a listing scoped to a residence): then they see the reported text alone.
    linkable: bool = True
    related: tuple = ()  # select_related for moderators' pages
    search: SearchDocument | None = None
    # (id) -> (target, actor, [(recipients, verb), ...]) or None: who its app wants told when one is created (the
    # most specific reason first), called by notifications after commit (`core.hooks.activity`, with the kind's
    # name and the id). None when nothing is created any more (deleted, hidden, approved before the task ran).
    audience: Callable | None = None
    # The kind's own reasons to tell someone, beside notifications' general ones (a mention, a reply): {verb: the
    # sentence shown, with %(actor)s and %(space)s}, lazily translated. A verb is at most 32 characters and unique
    # across kinds; `audience` may name it, and notifications says the sentence without knowing the kind.
    verbs: dict = field(default_factory=dict)
    dashboard: DashboardBlock | None = None  # its block on the person's dashboard, if any
    extra: dict = field(default_factory=dict)

    @property
    def word(self) -> str:
        return self.url_word or self.name

    def objects(self):
        """Every object of the kind, whatever its state: what moderators handle (not what a reader sees)."""
        queryset = self.model._default_manager.all()
        return queryset.select_related(*self.related) if self.related else queryset


_kinds: dict[str, ContentKind] = {}


def register(kind: ContentKind) -> ContentKind:
    """Called from an app's `ready()`. Registering the same name again replaces it (tests reload apps)."""
    if len(kind.name) > 32:
        raise ValueError(f"a kind's name has at most 32 characters: {kind.name!r}")
    for other in _kinds.values():
        if other.name != kind.name and other.word == kind.word:
            raise ValueError(f"the address word {kind.word!r} is already {other.name!r}'s")
        shared = set(other.verbs) & set(kind.verbs) if other.name != kind.name else set()
        if shared:
            raise ValueError(f"the reasons to notify {sorted(shared)} are already {other.name!r}'s")
    if any(len(verb) > 32 for verb in kind.verbs):
        raise ValueError(f"a reason to notify has at most 32 characters: {sorted(kind.verbs)}")
    _kinds[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    _kinds.pop(name, None)


def get(name: str) -> ContentKind | None:
    return _kinds.get(name)


def by_word(word: str) -> ContentKind | None:
    return next((kind for kind in _kinds.values() if kind.word == word), None)


def all_kinds() -> list[ContentKind]:
    return list(_kinds.values())


def of(obj) -> ContentKind | None:
    """The kind of an object (by its model)."""
    return next((kind for kind in _kinds.values() if isinstance(obj, kind.model)), None)


def of_model(model) -> ContentKind | None:
    return next((kind for kind in _kinds.values() if issubclass(model, kind.model)), None)


# `QuerySet.update()` sends no `post_save`: a service that changes content of a kind with one (a moderator hiding a
# post, an account's messages emptied) calls `changed_in_bulk`, so that what watches every write of content (the
# hosting log, `hosting/record.py`) sees it. Sent with `sender` the model, `ids` and `gone` (the content is
# removed for its readers, a deletion for the law).
rows_changed = Signal()


def changed_in_bulk(model, ids, *, gone: bool = False) -> None:
    """Say that rows of `model` were changed without their `save()`; call it inside the write's transaction."""
    ids = list(ids)
    if ids:
        rows_changed.send(sender=model, ids=ids, gone=gone)


def dashboard_blocks(slot: str) -> list[DashboardBlock]:
    """The dashboard's blocks of a slot, in the order the kinds were registered."""
    return [kind.dashboard for kind in _kinds.values() if kind.dashboard is not None and kind.dashboard.slot == slot]


def searchable() -> list[ContentKind]:
    return [kind for kind in _kinds.values() if kind.search is not None]


def attach(rows, *, kind_attr: str = "kind", id_attr: str = "target_id", to: str = "target_object") -> None:
    """Set `to` on each row to its target (None when gone), with one query per kind present."""
    wanted: dict[str, set] = {}
    for row in rows:
        wanted.setdefault(getattr(row, kind_attr), set()).add(getattr(row, id_attr))
    found = {}
    for name, ids in wanted.items():
        kind = get(name)
        if kind is not None:
            found.update({(name, obj.pk): obj for obj in kind.objects().filter(pk__in=ids)})
    for row in rows:
        setattr(row, to, found.get((getattr(row, kind_attr), getattr(row, id_attr))))


# --- Indicators: what each app contributes to the operator's figures (parvis/figures) ------------------------------


@dataclass(frozen=True)
class Indicator:
    """One figure of the operator's dashboard, contributed by the app that holds its data (in its `ready()`).

    `count(start, end)` returns {territory id: number} for the aware datetimes [start, end): what happened in that
    time (a flow: messages sent, reports resolved), or, when `stock` is set, what exists at `end` (registered
    inhabitants, partner shops). The territory is the most precise one known (a commune, a quartier, a residence, or
    the département for content placed there): figures rolls it up the tree. It runs in a fixed number of queries,
    whatever the territories, once a day per indicator (`manage.py figures_compute`), never on a page.
    """

    name: str  # stored in the daily aggregates: never change it once rows exist
    label: Any  # lazily translated, said in the dashboard's tables and plots
    count: Callable
    stock: bool = False  # a level at the end of each day, not summed over days
    # It counts people or what people did (messages, answers): shown as "<5" below the privacy threshold, since in a
    # small place a count of 1 to 4 could name someone.
    people: bool = True
    order: int = 100  # where it stands in the dashboard (lower first)
    hidden: bool = False  # an ingredient of a ratio (hours to resolve): exported, not shown as a line of its own


_indicators: dict[str, Indicator] = {}


def register_indicator(indicator: Indicator) -> Indicator:
    """Called from an app's `ready()`. Registering the same name again replaces it (tests reload apps)."""
    if len(indicator.name) > 40:
        raise ValueError(f"an indicator's name has at most 40 characters: {indicator.name!r}")
    _indicators[indicator.name] = indicator
    return indicator


def indicators() -> list[Indicator]:
    """Every registered indicator, in the dashboard's order."""
    return sorted(_indicators.values(), key=lambda indicator: (indicator.order, indicator.name))


def indicator(name: str) -> Indicator | None:
    return _indicators.get(name)


# --- Datasets: what each app publishes as open data (parvis/opendata) ----------------------------------------------


@dataclass(frozen=True)
class DatasetField:
    """One column of a dataset. `type` is a Table Schema type (string, integer, number, boolean, date, datetime,
    array), so that `schema.json` is read by the validators of data.gouv.fr and frictionless."""

    name: str
    type: str
    description: Any  # lazily translated


@dataclass(frozen=True)
class Dataset:
    """One open dataset, contributed by the app that holds its data (in its `ready()`), like an `Indicator`.

    `rows()` yields one dict per row, keyed by the fields' names, with only what an anonymous visitor may read (the
    visibility rule with no viewer, the privacy threshold of the figures, places rounded): it is called on every
    download, so it reads with a chunked iterator and never holds the whole table. `updated()` is the date of its
    latest row (None when empty): the catalogue shows it and the files' `Last-Modified` is built from it.
    `formats` are further renderings of the same rows in another published schema: {name: (label, schema URL,
    callable(rows) -> iterator of JSON text)}.
    """

    slug: str  # in the files' stable addresses (/donnees/<slug>.csv): never change it once published
    title: Any
    description: Any
    fields: tuple
    rows: Callable
    updated: Callable
    order: int = 100
    keywords: tuple = ()
    formats: dict = field(default_factory=dict)
    # () -> a short text that changes whenever a row is added, changed or removed (a count and the latest change):
    # the files' ETag. A row that turns private must not stay in a cache that asks "has it changed?". By default,
    # the update date.
    fingerprint: Callable | None = None


_datasets: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> Dataset:
    """Called from an app's `ready()`. Registering the same slug again replaces it (tests reload apps)."""
    if not dataset.slug.replace("-", "").isalnum() or dataset.slug != dataset.slug.lower():
        raise ValueError(f"a dataset's address is lowercase letters, digits and hyphens: {dataset.slug!r}")
    _datasets[dataset.slug] = dataset
    return dataset


def datasets() -> list[Dataset]:
    return sorted(_datasets.values(), key=lambda dataset: (dataset.order, dataset.slug))


def dataset(slug: str) -> Dataset | None:
    return _datasets.get(slug)


# --- The weekly digest's sections (parvis/digest) --------------------------------------------------------------------


@dataclass(frozen=True)
class DigestEntry:
    """One line of the printed weekly digest: what a passer-by reads on the notice board, and the page its QR code
    opens. Only what an anonymous visitor may read: the sheet hangs in a hall."""

    title: str
    url: str  # absolute
    when: Any = None  # an aware datetime, or None
    where: str = ""
    summary: str = ""


@dataclass(frozen=True)
class DigestSection:
    """A section of the weekly digest of a commune or a quartier, contributed by the app that holds its content.

    `entries(territory, start, end)` returns at most `limit` `DigestEntry` for the aware datetimes [start, end) of
    the week, in a fixed number of queries; `territory` is a commune or a quartier. An app built later (the alerts)
    registers its own section here and the digest shows it without being edited."""

    name: str
    heading: Any
    entries: Callable
    order: int = 100
    empty: Any = ""  # the sentence when there is nothing, or "" to leave the section out then
    limit: int = 12


# Below this many, a digest's count says "a few": in a small quartier an exact 1 or 2 would point at the neighbours
# behind it (the figures' threshold).
DIGEST_FEW = 5


def digest_count(count: int, *, few: str, many: Callable[[int], str], url: str, summary: str) -> list[DigestEntry]:
    """A digest's line that counts what the public sheet may not show (neighbours' listings, alerts): nothing when
    there is none, "a few" below `DIGEST_FEW`, else `many(count)`."""
    if not count:
        return []
    return [DigestEntry(title=str(few) if count < DIGEST_FEW else many(count), url=url, summary=str(summary))]


_digest_sections: dict[str, DigestSection] = {}


def register_digest_section(section: DigestSection) -> DigestSection:
    _digest_sections[section.name] = section
    return section


def digest_sections() -> list[DigestSection]:
    return sorted(_digest_sections.values(), key=lambda section: (section.order, section.name))
