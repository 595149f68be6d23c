"""Notifications as `notifications.notify` would have left them over two years: the author of a post told of each
comment by someone else, and members of a space told of some of its new posts; most read and sent in a digest, the
last few unread. The signed-in inhabitant of the load test has a full inbox about the spaces they belong to.

Each row keeps the rule of `notify`: one per person and event (`event_key`), never for one's own act, only to
people who may read the target (the members of its space; comments on one's own post are readable by its author).
"""

from datetime import timedelta

from django.utils import timezone

from bench.scales import INHABITANT_EMAIL, INHABITANT_NOTIFICATIONS
from bench.targets import SESSION, TOKEN, target
from parvis.accounts.models import User
from parvis.notifications.models import Kind, Notification
from parvis.posts.models import Comment, Post, Status
from parvis.spaces.models import Membership, MembershipStatus

PRODUCES = ("notifications",)
CHUNK = 20_000
# Share of notifications still unread, and of those read ones that also went out in a digest.
UNREAD_SHARE = 0.15
EMAILED_SHARE = 0.6
# Members of a space told of one of its posts: a sample, as most people follow few spaces closely.
FOLLOWERS_PER_POST = 6


def _state(rng, created):
    """(read_at, emailed_at) of a notification created at `created`."""
    read_at = None if rng.random() < UNREAD_SHARE else created + timedelta(hours=rng.randint(1, 96))
    emailed_at = created + timedelta(hours=rng.randint(1, 24)) if rng.random() < EMAILED_SHARE else None
    return read_at, emailed_at


def _notification(rng, recipient_id, kind, actor_id, space_id, target_kind, target_id, created) -> Notification:
    """One row as `notify` leaves it: keyed by its event, so a person never gets the same news twice."""
    read_at, emailed_at = _state(rng, created)
    return Notification(
        recipient_id=recipient_id,
        kind=kind,
        actor_id=actor_id,
        space_id=space_id,
        target_kind=target_kind,
        target_id=target_id,
        event_key=f"{target_kind}:{target_id}",
        created_at=created,
        read_at=read_at,
        emailed_at=emailed_at,
    )


def generate(ctx) -> None:
    rng = ctx.rng
    total = ctx.sizes["notifications"]
    inhabitant = User.objects.get(email=INHABITANT_EMAIL)
    now = timezone.now()
    made = 0

    def flush(rows: list[Notification]) -> None:
        nonlocal made
        ctx.bulk(Notification, rows)
        made += len(rows)
        ctx.produced("notifications", len(rows))
        rows.clear()

    pending: list[Notification] = []
    with ctx.own_dates(Notification):
        # The inhabitant's inbox first: the latest posts of their spaces by other people.
        their_spaces = Membership.objects.filter(user=inhabitant, status=MembershipStatus.ACTIVE).values("space_id")
        for post_id, author_id, space_id, created in (
            Post.objects.filter(space__in=their_spaces, status=Status.PUBLISHED)
            .exclude(author=inhabitant)
            .order_by("-created_at", "-pk")
            .values_list("pk", "author_id", "space_id", "created_at")[: min(INHABITANT_NOTIFICATIONS, total)]
        ):
            pending.append(
                _notification(
                    rng, inhabitant.pk, Kind.NEW_POST_IN_FOLLOWED_SPACE, author_id, space_id, "post", post_id, created
                )
            )
        flush(pending)

        # Comments on one's post: one notification per comment by someone other than the post's author.
        comments = Comment.objects.filter(status=Status.PUBLISHED).order_by("pk")
        for comment_id, actor_id, post_author_id, space_id, created in comments.values_list(
            "pk", "author_id", "post__author_id", "post__space_id", "created_at"
        ).iterator(chunk_size=CHUNK):
            if made + len(pending) >= total:
                break
            if actor_id == post_author_id or post_author_id == inhabitant.pk:
                continue
            pending.append(
                _notification(
                    rng, post_author_id, Kind.COMMENT_ON_MY_POST, actor_id, space_id, "comment", comment_id, created
                )
            )
            if len(pending) >= CHUNK:
                flush(pending)
        flush(pending)

        # New posts in followed spaces: a few members of the space per post, until the figure is reached.
        members: dict[int, list[int]] = {}
        for space_id, user_id in (
            Membership.objects.filter(status=MembershipStatus.ACTIVE)
            .exclude(user=inhabitant)
            .order_by("pk")
            .values_list("space_id", "user_id")
        ):
            members.setdefault(space_id, []).append(user_id)
        # The inhabitant is left out of `members`: their inbox is the one above, whatever the scale.
        posts = Post.objects.filter(status=Status.PUBLISHED)
        for post_id, author_id, space_id, created in (
            posts.order_by("pk").values_list("pk", "author_id", "space_id", "created_at").iterator(chunk_size=CHUNK)
        ):
            if made + len(pending) >= total:
                break
            audience = [pk for pk in members.get(space_id, ()) if pk != author_id]
            for recipient in rng.sample(audience, min(len(audience), FOLLOWERS_PER_POST, total - made - len(pending))):
                created_for = min(created + timedelta(minutes=rng.randint(1, 60)), now)
                pending.append(
                    _notification(
                        rng,
                        recipient,
                        Kind.NEW_POST_IN_FOLLOWED_SPACE,
                        author_id,
                        space_id,
                        "post",
                        post_id,
                        created_for,
                    )
                )
            if len(pending) >= CHUNK:
                flush(pending)
        flush(pending)


def targets(inhabitant) -> list[dict]:
    """The inhabitant's notifications (a full first page, through each target's visibility rule), and the API's."""
    return [
        target("notifications", "/notifications/", SESSION),
        target("api notifications", "/api/v1/notifications", TOKEN, kind="api"),
    ]
