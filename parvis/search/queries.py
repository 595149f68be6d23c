"""Search across content, spaces, people and organisations, always inside what the person may see.

Content is every kind of the registry of content kinds (`parvis.core.kinds`) that declares a search document:
posts, events, listings… Each kind is searched from its own `visible_to(user)`, so a result is never something
the person may not read; this module names no kind of content.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q

from parvis.accounts.models import User
from parvis.core import kinds
from parvis.core.folding import Fold, all_words_in
from parvis.core.folding import words as search_words
from parvis.spaces.models import Space


def search_kind(kind: kinds.ContentKind, user, text: str):
    """The objects of one kind that match every word and that `user` may see, best first.

    A kind with its own full-text index (posts) gives its query; otherwise PostgreSQL ranks the title and body with
    the French full-text configuration (stems, no accents), and SQLite requires every word, folded, in the title or
    the body (which finds "marché" in "Marché du samedi" and "reunion" in "réunions")."""
    document = kind.search
    words = search_words(text)
    if document.query is not None:
        return document.query(user, words)
    found = kind.visible_to(user)
    if not words:
        return found.none()
    order = [f"-{document.date}"] if document.date else []
    fields = [name for name in (document.title, document.body) if name]
    if connection.vendor == "postgresql":
        vector = SearchVector(*fields, config="french_unaccent")
        query = SearchQuery(" ".join(words), config="french_unaccent", search_type="plain")
        return (
            found.annotate(search_document=vector, search_rank=SearchRank(vector, query))
            .filter(search_document=query)
            .order_by("-search_rank", *order, "-pk")
        )
    found = found.annotate(**{f"search_folded_{index}": Fold(F(name)) for index, name in enumerate(fields)})
    for word in words:
        condition = Q()
        for index in range(len(fields)):
            condition |= Q(**{f"search_folded_{index}__contains": word})
        found = found.filter(condition)
    return found.order_by(*order, "-pk")


DOCUMENT_TEMPLATE = kinds.SearchDocument.template


@dataclass
class Section:
    """The results of one kind: its heading, the template drawing one result, and the results."""

    kind: kinds.ContentKind
    items: list

    @property
    def heading(self):
        return self.kind.search.heading or self.kind.label

    @property
    def template(self) -> str:
        return self.kind.search.template


@dataclass
class Document:
    """One result of a kind without its own template: what the search document names."""

    kind: str
    id: int
    title: str
    body: str
    date: object
    space: object
    url: str


def document_of(kind: kinds.ContentKind, obj) -> Document:
    spec = kind.search
    space = getattr(obj, spec.space, None) if spec.space else None
    return Document(
        kind=kind.name,
        id=obj.pk,
        title=str(getattr(obj, spec.title, "") or "") if spec.title else "",
        body=str(getattr(obj, spec.body, "") or "") if spec.body else "",
        date=getattr(obj, spec.date, None) if spec.date else None,
        space=space,
        url=kind.url(obj),
    )


def search_content(user, text: str, *, per_kind: int = 20) -> list[Section]:
    """Every searchable kind's results, in the order the kinds were registered; kinds with no result are left out."""
    sections = []
    for kind in kinds.searchable():
        found = search_kind(kind, user, text)
        if kind.search.prepare is not None:
            found = kind.search.prepare(found, user)
        elif kind.search.space:
            found = found.select_related(kind.search.space)
        items = list(found[:per_kind])
        if kind.search.template == DOCUMENT_TEMPLATE:
            items = [document_of(kind, obj) for obj in items]
        if items:
            sections.append(Section(kind=kind, items=items))
    return sections


def search_spaces(user, text: str, *, organisations: bool | None = None):
    words = search_words(text)
    if not words:
        return Space.objects.none()
    spaces = Space.objects.listed_for(user).select_related("territory")
    if organisations is True:
        spaces = spaces.exclude(organisation_kind="")
    elif organisations is False:
        spaces = spaces.filter(organisation_kind="")
    return all_words_in(spaces, "name", words).order_by("-is_official", "name")


def search_people(user, text: str):
    words = search_words(text)
    if not words or not user.is_authenticated:
        return User.objects.none()  # people are found by signed-in members only
    people = User.objects.profile_visible_to(user).select_related("home_commune")
    return all_words_in(people, "display_name", words).order_by("display_name")
