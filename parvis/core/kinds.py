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

# What moderation may do to a kind: content is hidden or removed (and restored when a decision is reversed); a
# space or a person is suspended.
HIDE = "hide"
REMOVE = "remove"
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
