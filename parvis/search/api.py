from datetime import datetime

from ninja import Field, Router, Schema

from parvis.core.api_auth import PUBLIC
from parvis.core.schemas import Text
from parvis.posts.api import PostOut
from parvis.spaces.api import SpaceOut

from . import queries

router = Router(tags=["search"], auth=PUBLIC)
BODY_EXCERPT = 500


class PersonOut(Schema):
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


class SearchOut(Schema):
    documents: list[DocumentOut] = Field(
        description="Every kind of content that may be searched (posts, events, listings…), by kind, best first."
    )
    posts: list[PostOut]
    spaces: list[SpaceOut]
    organisations: list[SpaceOut]
    people: list[PersonOut]


@router.get("", response=SearchOut, summary="Search what the caller may see")
def search(request, q: Text()):
    user = request.auth
    documents = [
        item if isinstance(item, queries.Document) else queries.document_of(section.kind, item)
        for section in queries.search_content(user, q)
        for item in section.items
    ]
    return {
        "documents": documents,
        "posts": list(queries.search_posts(user, q).for_feed(user)[:20]),
        "spaces": list(queries.search_spaces(user, q, organisations=False)[:20]),
        "organisations": list(queries.search_spaces(user, q, organisations=True)[:20]),
        "people": list(queries.search_people(user, q)[:20]),
    }
