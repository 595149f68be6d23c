from ninja import Router, Schema

from parvis.core.api_auth import PUBLIC
from parvis.core.schemas import Text
from parvis.posts.api import PostOut
from parvis.spaces.api import SpaceOut

from . import queries

router = Router(tags=["search"], auth=PUBLIC)


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


class SearchOut(Schema):
    posts: list[PostOut]
    spaces: list[SpaceOut]
    organisations: list[SpaceOut]
    people: list[PersonOut]


@router.get("", response=SearchOut, summary="Search what the caller may see")
def search(request, q: Text()):
    user = request.auth
    return {
        "posts": list(queries.search_posts(user, q).for_feed(user)[:20]),
        "spaces": list(queries.search_spaces(user, q, organisations=False)[:20]),
        "organisations": list(queries.search_spaces(user, q, organisations=True)[:20]),
        "people": list(queries.search_people(user, q)[:20]),
    }
