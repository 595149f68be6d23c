"""The groups' toolbox (parvis.toolbox): files shared in the groups with their versions (rows only: no page the bench
loads reads a version's bytes), posts people saved for later, the posts pinned on top of a third of the groups, and
the rules and join questions of the groups that wrote some (their members accepted the rules when joining).

Files go to groups in proportion to their members, as sharing does; saved posts are posts of one's own groups. The
signed-in inhabitant has a full page of saved posts they may read."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from bench.scales import INHABITANT_EMAIL
from bench.targets import SESSION, target
from parvis.accounts.models import User
from parvis.posts.models import Post
from parvis.spaces.models import JoinPolicy, Membership, MembershipStatus, Nature, Space, Visibility
from parvis.toolbox.models import MAX_PINS, FileVersion, GroupFile, Pin, SavedPost

PRODUCES = ("group_files", "saved_posts")
CHUNK = 10_000
TWO_YEARS = 2 * 365 * 86_400
# How many posts the signed-in inhabitant saved: more than a page of their list.
INHABITANT_SAVED = 120
FILES = (
    ("Compte rendu de l'assemblée générale", "pdf", "application/pdf"),
    ("Planning des permanences", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("Affiche de la fête des voisins", "png", "image/png"),
    ("Règlement du jardin partagé", "pdf", "application/pdf"),
    ("Liste du matériel à prêter", "odt", "application/vnd.oasis.opendocument.text"),
    ("Plan d'accès", "jpg", "image/jpeg"),
)
RULES = "Bienveillance entre voisins.\nPas de publicité.\nLes annonces de vente vont dans les petites annonces."
JOIN_QUESTIONS = "Dans quelle rue habitez-vous ?\nComment avez-vous connu le groupe ?"


def generate(ctx) -> None:
    groups = list(Space.objects.filter(is_official=False, organisation_kind="", nature=Nature.VOISINAGE).order_by("pk"))
    if not groups:
        return
    members: dict[int, list[int]] = {}
    for space_id, user_id in (
        Membership.objects.filter(space__in=groups, status=MembershipStatus.ACTIVE)
        .order_by("pk")
        .values_list("space_id", "user_id")
    ):
        members.setdefault(space_id, []).append(user_id)
    groups = [group for group in groups if group.pk in members]
    now = timezone.now()
    _rules(ctx, groups, now)
    posts = list(
        Post.objects.filter(space__in=groups, status="published")
        .order_by("space_id", "-created_at", "-pk")
        .values_list("space_id", "pk", "created_at")
    )
    _pins(ctx, groups, members, posts)
    _files(ctx, groups, members, now)
    _saved(ctx, members, posts)


def _rules(ctx, groups: list[Space], now) -> None:
    """Two groups in five wrote rules; half the groups one asks to join ask questions too."""
    ruled = []
    for group in groups:
        changed = False
        if ctx.rng.random() < 0.4:
            group.rules, changed = RULES, True
        if group.join_policy == JoinPolicy.REQUEST and ctx.rng.random() < 0.5:
            group.join_questions, changed = JOIN_QUESTIONS, True
        if changed:
            ruled.append(group)
    Space.objects.bulk_update(ruled, ["rules", "join_questions"], batch_size=ctx.batch_size)
    with_rules = [group.pk for group in ruled if group.rules]
    Membership.objects.filter(space_id__in=with_rules).update(rules_accepted_at=now - timedelta(days=30))


def _pins(ctx, groups: list[Space], members, posts) -> None:
    """A third of the groups pinned one to three of their latest posts."""
    latest: dict[int, list[tuple[int, object]]] = {}
    for space_id, post_id, created in posts:
        if len(latest.setdefault(space_id, [])) < MAX_PINS:
            latest[space_id].append((post_id, created))
    pins = []
    for group in groups:
        if group.pk in latest and ctx.rng.random() < 0.33:
            for post_id, created in latest[group.pk][: ctx.rng.randint(1, MAX_PINS)]:
                pins.append(Pin(space=group, post_id=post_id, pinned_by_id=members[group.pk][0], created_at=created))
    with ctx.own_dates(Pin):
        ctx.bulk(Pin, pins)


def _files(ctx, groups: list[Space], members, now) -> None:
    rng = ctx.rng
    weights = [len(members[group.pk]) for group in groups]
    total = ctx.sizes["group_files"]
    with ctx.own_dates(GroupFile, FileVersion):
        for start in range(0, total, CHUNK):
            plans = []
            for _ in range(min(CHUNK, total - start)):
                group = rng.choices(groups, weights)[0]
                created = now - timedelta(seconds=rng.randrange(TWO_YEARS))
                revisions = [created]
                while rng.random() < 0.35 and len(revisions) < 5:
                    revisions.append(revisions[-1] + timedelta(days=rng.randint(1, 45)))
                plans.append((group, rng.choice(members[group.pk]), rng.choice(FILES), revisions))
            files = ctx.bulk(
                GroupFile,
                [
                    GroupFile(
                        space=group,
                        author_id=author,
                        title=title,
                        version_count=len(revisions),
                        created_at=revisions[0],
                        updated_at=revisions[-1],
                    )
                    for group, author, (title, _e, _c), revisions in plans
                ],
            )
            ctx.bulk(
                FileVersion,
                [
                    FileVersion(
                        file=group_file,
                        number=number,
                        # A row only: the pages the bench loads list versions, none downloads one.
                        document=f"groupfiles/{at:%Y/%m}/fichier-{group_file.pk}-v{number}.{extension}",
                        original_name=f"{title.lower().replace(' ', '-')}.{extension}",
                        content_type=content_type,
                        extension=extension,
                        size=rng.randint(20_000, 4_000_000),
                        uploaded_by_id=author,
                        created_at=at,
                    )
                    for group_file, (_g, author, (title, extension, content_type), revisions) in zip(
                        files, plans, strict=True
                    )
                    for number, at in enumerate(revisions, start=1)
                ],
            )
            ctx.produced("group_files", len(files))


def _saved(ctx, members, posts) -> None:
    """Members save posts of their own groups; the inhabitant saved the latest posts they may read."""
    rng = ctx.rng
    total = ctx.sizes["saved_posts"]
    inhabitant = User.objects.get(email=INHABITANT_EMAIL)
    mine = list(
        Post.objects.visible_to(inhabitant)
        .order_by("-created_at", "-pk")
        .values_list("pk", "created_at")[:INHABITANT_SAVED]
    )
    taken = {(inhabitant.pk, post_id) for post_id, _created in mine}
    saved = [
        SavedPost(user=inhabitant, post_id=post_id, created_at=created + timedelta(hours=1))
        for post_id, created in mine
    ]
    attempts = 0
    while posts and len(saved) < total and attempts < total * 3:
        attempts += 1
        space_id, post_id, created = rng.choice(posts)
        user_id = rng.choice(members[space_id])
        if (user_id, post_id) in taken:
            continue
        taken.add((user_id, post_id))
        saved.append(
            SavedPost(user_id=user_id, post_id=post_id, created_at=created + timedelta(hours=rng.randint(1, 200)))
        )
    with ctx.own_dates(SavedPost):
        for start in range(0, len(saved), CHUNK):
            ctx.bulk(SavedPost, saved[start : start + CHUNK])
    ctx.produced("saved_posts", len(saved))


def targets(inhabitant) -> list[dict]:
    """The public group with the most files (its files page), the one with the most events to come (its agenda),
    the one with the most members (its members' map), and the inhabitant's saved posts."""
    public = Space.objects.filter(
        is_official=False, organisation_kind="", nature=Nature.VOISINAGE, visibility=Visibility.PUBLIC
    )
    with_files = (
        public.annotate(count=Count("files", filter=Q(files__status="published"))).order_by("-count", "pk").first()
    )
    with_events = (
        public.annotate(count=Count("events", filter=Q(events__start__gte=timezone.now())))
        .order_by("-count", "pk")
        .first()
    )
    largest = (
        public.annotate(count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)))
        .order_by("-count", "pk")
        .first()
    )
    if with_files is None:
        return [target("saved posts", "/enregistres/", SESSION)]
    return [
        target("group files", f"/espaces/{with_files.slug}/fichiers/"),
        target("group files", f"/espaces/{with_files.slug}/fichiers/", SESSION),
        target("group agenda", f"/espaces/{with_events.slug}/agenda/"),
        target("members map", f"/espaces/{largest.slug}/carte-des-membres/"),
        target("saved posts", "/enregistres/", SESSION),
    ]
