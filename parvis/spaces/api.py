from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from parvis.core.api_auth import PUBLIC, SIGNED_IN
from parvis.core.schemas import ErrorOut

from . import services
from .models import Nature, Space

router = Router(tags=["spaces"])


class SpaceOut(Schema):
    id: int
    name: str
    slug: str
    nature: str
    visibility: str
    join_policy: str
    description: str
    is_official: bool
    is_verified: bool
    territory_id: int
    territory_name: str
    url: str

    @staticmethod
    def resolve_territory_name(space: Space) -> str:
        return space.territory.name

    @staticmethod
    def resolve_url(space: Space) -> str:
        return space.get_absolute_url()


class MembershipOut(Schema):
    space_id: int
    role: str
    status: str


@router.get("/", response=list[SpaceOut], auth=PUBLIC, summary="Spaces visible to the caller")
@paginate(LimitOffsetPagination)
def space_list(request, nature: Nature | None = None, territory_id: int | None = None):
    spaces = Space.objects.listed_for(request.auth).for_list().order_by("-is_official", "name")
    if nature:
        spaces = spaces.filter(nature=nature)
    if territory_id:
        spaces = spaces.filter(territory_id=territory_id)
    return spaces


@router.get("/{slug}", response={200: SpaceOut, 404: ErrorOut}, auth=PUBLIC, summary="One space")
def space_detail(request, slug: str):
    return get_object_or_404(Space.objects.listed_for(request.auth).for_list(), slug=slug)


@router.post(
    "/{slug}/join",
    response={200: MembershipOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Join a space (or ask to)",
)
def space_join(request, slug: str):
    space = get_object_or_404(Space.objects.listed_for(request.auth), slug=slug)
    return services.space_join(space=space, user=request.auth)


@router.post(
    "/{slug}/leave",
    response={204: None, 400: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Leave a space (or withdraw a request)",
)
def space_leave(request, slug: str):
    space = get_object_or_404(Space.objects.listed_for(request.auth), slug=slug)
    services.space_leave(space=space, user=request.auth)
    return 204, None
