from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from parvis.core.api_auth import PUBLIC
from parvis.core.pagination import LimitOffsetPagination
from parvis.core.schemas import ErrorOut, Text

from .models import Level, Territory

router = Router(tags=["territories"], auth=PUBLIC)


class TerritoryOut(Schema):
    id: int
    level: str
    code: str
    name: str
    slug: str
    population: int
    parent_id: int | None
    postal_codes: list[str]
    url: str

    @staticmethod
    def resolve_postal_codes(territory: Territory) -> list[str]:
        return territory.postal_code_list

    @staticmethod
    def resolve_url(territory: Territory) -> str:
        return territory.get_absolute_url()


@router.get("/", response=list[TerritoryOut], summary="Search territories by name or postal code")
@paginate(LimitOffsetPagination)
def territory_search(request, q: Text() = "", level: Level | None = None):
    """`q` is a name (accents and hyphens ignored) or the start of a postal code; without `q`, the communes of
    the instance."""
    territories = Territory.objects.all()
    territories = territories.search(q[:80]) if q.strip() else territories.of_instance().order_by("-population", "name")
    if level:
        territories = territories.filter(level=level)
    return territories.prefetch_related("postal_codes")


@router.get("/{level}/{code}", response={200: TerritoryOut, 404: ErrorOut}, summary="One territory")
def territory_detail(request, level: Level, code: str):
    return get_object_or_404(Territory.objects.prefetch_related("postal_codes"), level=level, code=code)
