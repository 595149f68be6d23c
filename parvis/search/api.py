"""Search through the API: the generic `documents` of every searchable kind, and a kind's own list when it gives
an API schema (`SearchDocument.api_list`, `api_schema`: `posts` with the posts' own schema). Built from the
registry of content kinds: this module names no kind of content."""

from datetime import datetime

from django.utils.module_loading import import_string
from ninja import Field, Router, Schema
from pydantic import create_model

from parvis.core import kinds
from parvis.core.api_auth import PUBLIC
from parvis.core.schemas import Text
from parvis.spaces.api import SpaceOut

from . import queries

router = Router(tags=["search"], auth=PUBLIC)
BODY_EXCERPT = 500
PER_KIND = 20


class PersonFoundOut(Schema):
    id: int
    name: str
    url: str

    @staticmethod
    def resolve_name(person):
        return person.public_name

    @staticmethod
    def resolve_url(person):
        return person.get_absolute_url()


class DocumentOut(Schema):
    kind: str = Field(description="The kind of content: post, event, listing…")
    id: int
    title: str
    body: str
    date: datetime | None
    space_slug: str | None
    space_name: str | None
    url: str

    @staticmethod
    def resolve_body(document):
        return document.body[:BODY_EXCERPT]

    @staticmethod
    def resolve_space_slug(document):
        return document.space.slug if document.space else None

    @staticmethod
    def resolve_space_name(document):
        return document.space.name if document.space else None


def kind_lists() -> dict[str, kinds.ContentKind]:
    """The searchable kinds that give the API their own list, by the list's name."""
    return {kind.search.api_list: kind for kind in kinds.searchable() if kind.search.api_list}


# The registry is filled in the apps' `ready()`, before the URLs (and so this module) are loaded.
SearchOut = create_model(
    "SearchOut",
    __base__=Schema,
    documents=(
        list[DocumentOut],
        Field(
            description="Every kind of content that may be searched (posts, events, listings…), by kind, best first."
        ),
    ),
    **{
        name: (
            list[import_string(kind.search.api_schema)],
            Field(description=f"The {name} found, with all their fields"),
        )
        for name, kind in kind_lists().items()
    },
    spaces=(list[SpaceOut], ...),
    organisations=(list[SpaceOut], ...),
    people=(list[PersonFoundOut], ...),
)


@router.get("", response=SearchOut, summary="Search what the caller may see")
def search(request, q: Text()):
    user = request.auth
    sections = queries.search_content(user, q, per_kind=PER_KIND)
    documents = [
        item if isinstance(item, queries.Document) else queries.document_of(section.kind, item)
        for section in sections
        for item in section.items
    ]
    own_lists = {name: [] for name in kind_lists()}
    for section in sections:
        if section.kind.search.api_list:
            own_lists[section.kind.search.api_list] = section.items
    return {
        "documents": documents,
        **own_lists,
        "spaces": list(queries.search_spaces(user, q, organisations=False)[:PER_KIND]),
        "organisations": list(queries.search_spaces(user, q, organisations=True)[:PER_KIND]),
        "people": list(queries.search_people(user, q)[:PER_KIND]),
    }
