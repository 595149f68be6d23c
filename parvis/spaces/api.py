from django.core.exceptions import PermissionDenied
from django.http.request import RawPostDataException
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ValidationError

from parvis.accounts.models import User
from parvis.core.api_auth import PUBLIC, SIGNED_IN
from parvis.core.pagination import LimitOffsetPagination
from parvis.core.permissions import can
from parvis.core.schemas import ErrorOut, Id, Text, column_text
from parvis.territories.models import Territory

from .models import (
    ANSWER_LIMIT,
    MAX_JOIN_QUESTIONS,
    JoinPolicy,
    Membership,
    MembershipStatus,
    Nature,
    Space,
    Visibility,
)
from .services import invitations, memberships
from .services import spaces as spaces_services

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
    # The count is for every reader who may know the space; the names are for its members (/members).
    member_count: int
    rules: str = Field(description="The group's rules, accepted by whoever joins (accept_rules)")
    join_questions: list[str] = Field(description="Questions answered by whoever asks to join, in this order")

    @staticmethod
    def resolve_join_questions(space: Space) -> list[str]:
        return space.join_question_list

    @staticmethod
    def resolve_member_count(space: Space) -> int:
        # Annotated by `for_list`; counted here for the lists that do not pass through it (search).
        if hasattr(space, "member_count"):
            return space.member_count
        return Membership.objects.active().filter(space=space).count()

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
def space_list(request, nature: Nature | None = None, territory_id: Id | None = None):
    spaces = Space.objects.listed_for(request.auth).for_list().order_by("-is_official", "name")
    if nature:
        spaces = spaces.filter(nature=nature)
    if territory_id:
        spaces = spaces.filter(territory_id=territory_id)
    return spaces


@router.get("/{slug}", response={200: SpaceOut, 404: ErrorOut}, auth=PUBLIC, summary="One space")
def space_detail(request, slug: str):
    return get_object_or_404(Space.objects.listed_for(request.auth).for_list(), slug=slug)


class JoinIn(Schema):
    answers: list[Text(ANSWER_LIMIT)] = Field(default=[], max_length=MAX_JOIN_QUESTIONS)
    accept_rules: bool = Field(default=False, description="True: the person read the group's rules and accepts them")


def _join_payload(request) -> JoinIn | None:
    """The optional JSON body of a join: read by hand, because a join without a body may come as a form whose stream
    a middleware already read (django-ninja would then fail reading the body); None when the body is not valid."""
    try:
        body = request.body
    except RawPostDataException:
        return JoinIn()
    if not body.strip():
        return JoinIn()
    try:
        return JoinIn.model_validate_json(body)
    except ValidationError:
        return None


@router.post(
    "/{slug}/join",
    response={200: MembershipOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Join a space (or ask to), accepting its rules and answering its questions when it has some",
)
def space_join(request, slug: str):
    space = get_object_or_404(Space.objects.listed_for(request.auth), slug=slug)
    payload = _join_payload(request)
    if payload is None:
        return Status(400, {"detail": _("The answers to join must be a JSON object with answers and accept_rules.")})
    return memberships.space_join(
        space=space, user=request.auth, answers=payload.answers, accept_rules=payload.accept_rules
    )


@router.post(
    "/{slug}/leave",
    response={204: None, 400: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Leave a space (or withdraw a request)",
)
def space_leave(request, slug: str):
    space = get_object_or_404(Space.objects.listed_for(request.auth), slug=slug)
    memberships.space_leave(space=space, user=request.auth)
    return Status(204, None)


class SpaceCreateIn(Schema):
    name: column_text(Space, "name")
    nature: Nature = Nature.VOISINAGE
    # The caller's home commune when left out; otherwise the commune or one of its quartiers or residences.
    territory_id: Id | None = None
    visibility: Visibility = Visibility.PUBLIC
    join_policy: JoinPolicy = JoinPolicy.OPEN
    description: column_text(Space, "description") = ""


class MemberOut(Schema):
    id: int
    user_id: int
    handle: str | None
    name: str
    role: str
    status: str

    @staticmethod
    def resolve_handle(membership: Membership) -> str | None:
        return membership.user.handle

    @staticmethod
    def resolve_name(membership: Membership) -> str:
        return str(membership.user.public_name)


class InviteIn(Schema):
    handle: column_text(User, "handle")


class FollowOut(Schema):
    space_id: int
    following: bool


@router.post(
    "/",
    response={201: SpaceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Create a group (neighbourhood or association); the caller becomes its owner",
    description="400: bad name, territory or settings, or more than the daily limit of new spaces; "
    "403: e-mail address not verified, or a nature only the operator creates; 404: unknown territory.",
)
def space_create(request, payload: SpaceCreateIn):
    user = request.auth
    territory = (
        get_object_or_404(Territory, pk=payload.territory_id) if payload.territory_id is not None else user.home_commune
    )
    space = spaces_services.space_create(
        creator=user,
        name=payload.name,
        nature=payload.nature,
        territory=territory,
        visibility=payload.visibility,
        join_policy=payload.join_policy,
        description=payload.description,
    )
    return Status(201, Space.objects.for_list().get(pk=space.pk))


def _readable(request, slug: str) -> Space:
    return get_object_or_404(Space.objects.readable_by(request.auth), slug=slug)


def _administered(request, slug: str) -> Space:
    """404 when the caller may not know the space; services answer 403 when they are not an administrator."""
    return get_object_or_404(Space.objects.listed_for(request.auth), slug=slug)


@router.get(
    "/{slug}/members",
    response={200: list[MemberOut], 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Members of a space the caller belongs to",
    description="status=active (default) for the space's own members; requested or invited for its administrators "
    "only. 403 for anyone else who may read the space (they see `member_count` on the space), 404 when the caller "
    "may not read it.",
)
@paginate(LimitOffsetPagination)
def space_members(request, slug: str, status: MembershipStatus = MembershipStatus.ACTIVE):
    space = _readable(request, slug)
    if status != MembershipStatus.ACTIVE and not can(request.auth, "space.administer", space):
        raise PermissionDenied(_("Only the space's administrators see requests and invitations."))
    if not space.members_are_visible_to(request.auth):
        raise PermissionDenied(_("Only the space's members see who its members are."))
    return Membership.objects.filter(space=space, status=status).for_members_page()


def _require_administrator(request, space: Space) -> None:
    # Checked before looking the membership up, so that outsiders cannot probe membership ids (403, never 404).
    if not can(request.auth, "space.administer", space):
        raise PermissionDenied(_("Only the space's administrators manage its members."))


def _membership(space: Space, membership_id: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user"), space=space, pk=membership_id)


@router.post(
    "/{slug}/members/{membership_id}/approve",
    response={200: MemberOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Approve a request to join (administrators)",
)
def membership_approve(request, slug: str, membership_id: int):
    space = _administered(request, slug)
    _require_administrator(request, space)
    return memberships.membership_approve(actor=request.auth, space=space, membership=_membership(space, membership_id))


@router.post(
    "/{slug}/members/{membership_id}/refuse",
    response={204: None, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Refuse a request to join (administrators)",
)
def membership_refuse(request, slug: str, membership_id: int):
    space = _administered(request, slug)
    _require_administrator(request, space)
    memberships.membership_refuse(actor=request.auth, space=space, membership=_membership(space, membership_id))
    return Status(204, None)


@router.post(
    "/{slug}/invitations",
    response={201: MemberOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Invite a person by their @handle (administrators)",
    description="400: nobody has this handle, or the person is already a member. The invited person accepts "
    "with POST /{slug}/join.",
)
def membership_invite(request, slug: str, payload: InviteIn):
    space = _administered(request, slug)
    membership = invitations.membership_invite(actor=request.auth, space=space, handle=payload.handle)
    return Status(201, membership)


@router.post(
    "/{slug}/follow",
    response={200: FollowOut, 400: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Follow a public space: its posts reach the home feed",
)
def space_follow(request, slug: str):
    space = _administered(request, slug)
    spaces_services.space_follow(user=request.auth, space=space)
    return FollowOut(space_id=space.pk, following=True)


@router.post(
    "/{slug}/unfollow",
    response={200: FollowOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Stop following a space",
)
def space_unfollow(request, slug: str):
    space = _administered(request, slug)
    spaces_services.space_unfollow(user=request.auth, space=space)
    return FollowOut(space_id=space.pk, following=False)
