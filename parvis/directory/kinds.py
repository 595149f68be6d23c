"""The directory in the registry of content kinds (`parvis.core.kinds`), registered in `DirectoryConfig.ready`.

Recommendations are reported, hidden, removed and restored like comments. The operator's moderators handle them
(`space` is None): the page recommended does not judge what its customers say of it.

The directory's figures for the operator (parvis/figures): partner shops and the commune's count of shops,
associations identified and active, their active members, school classes. Each is a level at the end of the day,
counted in the space's territory (figures rolls it up the tree)."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from parvis.agenda.models import Event, EventStatus
from parvis.core import kinds
from parvis.posts.models import Post, Status
from parvis.spaces.models import Membership, MembershipStatus, OrganisationKind, Space

from .models import ACTIVE_DAYS, CommuneFigures, Recommendation, RecommendationStatus, SchoolClass

recommendation_moderate, recommendation_restore = kinds.status_moderation(
    Recommendation,
    hidden=RecommendationStatus.HIDDEN,
    removed=RecommendationStatus.REMOVED,
    published=RecommendationStatus.PUBLISHED,
)


def register() -> None:
    kinds.register(
        kinds.ContentKind(
            name="recommendation",
            label=_("recommendation"),
            model=Recommendation,
            url_word="recommandation",
            visible_to=lambda user: Recommendation.objects.visible_to(user).select_related("space", "author"),
            space=lambda recommendation: None,
            author=lambda recommendation: recommendation.author,
            text=lambda recommendation: (recommendation.space.name, recommendation.text),
            parent=lambda recommendation: recommendation.space,
            moderate=recommendation_moderate,
            restore=recommendation_restore,
            related=("space", "author"),
        )
    )


def _by_territory(queryset) -> dict[int, int]:
    return dict(queryset.values_list("territory_id").annotate(n=Count("pk")).order_by())


def partner_shops(start, end) -> dict[int, int]:
    return _by_territory(
        Space.objects.filter(organisation_kind=OrganisationKind.SHOP, is_verified=True, created_at__lt=end)
    )


def shops_total(start, end) -> dict[int, int]:
    """The operator's count of the commune's shops (entered in the administration), today's whatever the day."""
    return dict(CommuneFigures.objects.filter(shops_total__isnull=False).values_list("territory_id", "shops_total"))


def _associations(end):
    return Space.objects.filter(organisation_kind=OrganisationKind.ASSOCIATION, created_at__lt=end)


def associations(start, end) -> dict[int, int]:
    return _by_territory(_associations(end))


def associations_active(start, end) -> dict[int, int]:
    """Associations with a post or an event in the ACTIVE_DAYS before the day's end (as the directory says)."""
    since = end - timedelta(days=ACTIVE_DAYS)
    post = Post.objects.filter(space=OuterRef("pk"), status=Status.PUBLISHED, created_at__gte=since, created_at__lt=end)
    event = Event.objects.filter(space=OuterRef("pk"), status=EventStatus.PUBLISHED).filter(
        Q(created_at__gte=since, created_at__lt=end) | Q(start__gte=since, start__lt=end)
    )
    return _by_territory(_associations(end).filter(Exists(post) | Exists(event)))


def active_members(start, end) -> dict[int, int]:
    """People who are active members of an association's space, counted once per territory."""
    rows = (
        Membership.objects.filter(
            status=MembershipStatus.ACTIVE,
            created_at__lt=end,
            space__organisation_kind=OrganisationKind.ASSOCIATION,
        )
        .values_list("space__territory_id")
        .annotate(n=Count("user_id", distinct=True))
        .order_by()
    )
    return dict(rows)


def school_classes(start, end) -> dict[int, int]:
    rows = SchoolClass.objects.filter(created_at__lt=end).values_list("space__territory_id")
    return dict(rows.annotate(n=Count("pk")).order_by())


def register_indicators() -> None:
    for name, label, count, people, order in (
        ("partner_shops", _("partner shops"), partner_shops, False, 50),
        ("shops_total", _("shops of the commune (entered)"), shops_total, False, 51),
        ("associations", _("associations identified"), associations, False, 52),
        ("associations_active", _("active associations"), associations_active, False, 53),
        ("active_members", _("active members of associations"), active_members, True, 54),
        ("school_classes", _("school classes"), school_classes, False, 55),
    ):
        kinds.register_indicator(
            kinds.Indicator(name=name, label=label, count=count, stock=True, people=people, order=order)
        )
