from ninja import Router, Schema

from parvis.core.api_auth import SIGNED_IN

router = Router(tags=["me"], auth=SIGNED_IN)


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    bio: str
    home_commune_id: int | None
    home_commune_name: str | None
    profile_visibility: str
    spaces: list[int]

    @staticmethod
    def resolve_home_commune_name(user) -> str | None:
        return user.home_commune.name if user.home_commune_id else None

    @staticmethod
    def resolve_spaces(user) -> list[int]:
        return list(user.memberships.active().values_list("space_id", flat=True))


@router.get("", response=MeOut, summary="The signed-in person")
def me(request):
    return request.auth
