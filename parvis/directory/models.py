"""The directory: what an organisation's page says about it (themes, contact, opening hours), shops' offers for
residents, the spaces of school classes, and the operator's count of shops per commune.

Who appears is decided by the spaces' rule: `Space.objects.listed_for(user)`. Nothing here widens it.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.agenda.models import Event, EventStatus
from parvis.core.folding import all_words_in, words
from parvis.posts.models import Post, Status
from parvis.spaces.models import MembershipStatus, OrganisationKind, Role, Space, SpaceContentQuerySet, VisibleContent
from parvis.territories.models import Territory

# The kinds of organisation the directory lists; landlords, condo managers and town halls have their own places.
DIRECTORY_KINDS = (
    OrganisationKind.ASSOCIATION,
    OrganisationKind.SHOP,
    OrganisationKind.CULTURAL_VENUE,
    OrganisationKind.SCHOOL,
)
# The entries neighbours recommend: shops and craftsmen, cultural venues, associations' services (not schools).
RECOMMENDABLE_KINDS = (OrganisationKind.SHOP, OrganisationKind.CULTURAL_VENUE, OrganisationKind.ASSOCIATION)
RECOMMENDATION_LIMIT = 500
# An association counts as active in the operator's figures with a post or an event within this many days.
ACTIVE_DAYS = 90
# Below this, a count of *people* shows "<5" in the operator's figures; counts of organisations are shown exactly.
PRIVACY_THRESHOLD = 5


class Theme(models.TextChoices):
    SPORT = "sport", _("sport")
    CULTURE = "culture", _("culture")
    SOLIDARITY = "solidarity", _("solidarity")
    ENVIRONMENT = "environment", _("environment")
    EDUCATION = "education", _("education")
    HEALTH = "health", _("health")
    LEISURE = "leisure", _("leisure")
    CITIZENSHIP = "citizenship", _("citizenship")
    YOUTH = "youth", _("youth")
    ELDERLY = "elderly", _("elderly people")


class ShopCategory(models.TextChoices):
    FOOD = "food", _("food")
    RESTAURANT = "restaurant", _("café, restaurant")
    CLOTHING = "clothing", _("clothing, shoes")
    HOME = "home", _("home, DIY, garden")
    HEALTH = "health", _("health, pharmacy")
    BEAUTY = "beauty", _("hairdresser, beauty")
    CULTURE = "culture", _("books, music, games")
    SERVICES = "services", _("services, repairs")
    OTHER = "other", _("other shop")


class SchoolYear(models.TextChoices):
    """The class levels of French schools, from nursery to the final year of lycée."""

    PS = "PS", _("PS (nursery, first year)")
    MS = "MS", _("MS (nursery, second year)")
    GS = "GS", _("GS (nursery, last year)")
    CP = "CP", "CP"
    CE1 = "CE1", "CE1"
    CE2 = "CE2", "CE2"
    CM1 = "CM1", "CM1"
    CM2 = "CM2", "CM2"
    SIXIEME = "6e", "6e"
    CINQUIEME = "5e", "5e"
    QUATRIEME = "4e", "4e"
    TROISIEME = "3e", "3e"
    SECONDE = "2de", "2de"
    PREMIERE = "1re", "1re"
    TERMINALE = "Tle", "Tle"


def directory_spaces(user):
    """The organisation pages of the directory that the user may know of, with what a list entry shows."""
    return (
        Space.objects.listed_for(user)
        .filter(organisation_kind__in=DIRECTORY_KINDS)
        .select_related("territory", "profile")
        .annotate(
            member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)),
            # A subquery, not a second join: joined with the memberships, each count would multiply the other.
            recommendation_count=Coalesce(
                Subquery(
                    Recommendation.objects.published()
                    .filter(space=OuterRef("pk"))
                    .order_by()
                    .values("space")
                    .annotate(total=Count("pk"))
                    .values("total")
                ),
                0,
            ),
        )
    )


def filtered_entries(user, filters: dict):
    """The directory entries the user may know of, narrowed by the filters (shared by the page and the API)."""
    entries = directory_spaces(user)
    if filters.get("q"):
        # The names' words, folded as search folds them; the entries are already those the user may know of.
        entries = all_words_in(entries, "name", words(filters["q"])) if words(filters["q"]) else entries.none()
    if filters.get("kind"):
        entries = entries.filter(organisation_kind=filters["kind"])
    if filters.get("theme"):
        entries = entries.filter(profile__themes__contains=f",{filters['theme']},")
    if filters.get("category"):
        entries = entries.filter(profile__shop_category=filters["category"])
    if filters.get("commune"):
        commune = Territory.objects.filter(pk=filters["commune"]).first()
        entries = entries.in_territory(commune) if commune is not None else entries.none()
    return entries.order_by("-is_verified", "name", "pk")


def directory_communes(user):
    """The communes that have entries the user may know of, for the filter."""
    return Territory.objects.filter(
        pk__in=Space.objects.listed_for(user).filter(organisation_kind__in=DIRECTORY_KINDS).values("territory_id")
    ).order_by("name")


class OrganisationProfile(models.Model):
    """What the page's administrators say about the organisation. Contact fields are public and optional."""

    space = models.OneToOneField(Space, on_delete=models.CASCADE, related_name="profile")
    # Codes of `Theme`, comma-separated and framed by commas (",sport,culture,"): one portable `contains` filter on
    # SQLite and PostgreSQL, where a JSON list's `contains` lookup does not exist on SQLite.
    themes = models.CharField(_("themes"), max_length=200, blank=True)
    activities = models.TextField(_("activities"), max_length=2000, blank=True)
    email = models.EmailField(_("public e-mail address"), blank=True)
    phone = models.CharField(_("public phone number"), max_length=30, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    shop_category = models.CharField(_("shop category"), max_length=16, choices=ShopCategory.choices, blank=True)
    # Plain text, checked by `services.clean_opening_hours` (at most 7 lines of 80 characters): real opening hours
    # have too many exceptions (lunch breaks, holidays, market days) for a per-weekday grid to stay true.
    opening_hours = models.TextField(_("opening hours"), max_length=600, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation profile")

    def __str__(self) -> str:
        return str(self.space_id)

    @property
    def theme_list(self) -> list[str]:
        return [code for code in self.themes.split(",") if code]

    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [labels.get(code, code) for code in self.theme_list]


class OfferQuerySet(models.QuerySet):
    def current(self, now=None):
        """Offers running now: expired and future ones are hidden."""
        now = now or timezone.now()
        return self.filter(valid_from__lte=now, valid_until__gt=now)

    def of_shop(self, space):
        return self.filter(space=space).order_by("valid_until", "pk")


class Offer(models.Model):
    """A shop's time-limited offer to residents; the discount code is shown only to `code_visible_to` people."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="offers", verbose_name=_("shop"))
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    code = models.CharField(_("discount code"), max_length=40, blank=True)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        indexes = [models.Index(fields=["space", "valid_until"])]

    def __str__(self) -> str:
        return self.title


def code_visible_to(user, space: Space) -> bool:
    """Discount codes are for the shop's neighbours: signed-in people whose home commune is the shop's commune.
    The home commune is declared, not proven; a code is a small discount, and asking for a verified residence
    would leave out most inhabitants (few buildings have a residence code)."""
    if user is None or not user.is_authenticated or user.home_commune_id is None:
        return False
    territory = space.territory
    return user.home_commune_id == territory.pk or territory.path.startswith(user.home_commune.path)


class SchoolClassQuerySet(models.QuerySet):
    def listed_for(self, user):
        return self.filter(space__in=Space.objects.listed_for(user))

    def owned_by(self, user):
        """The classes whose space the user owns: the person who opened them names the teacher."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(
            space__memberships__user=user,
            space__memberships__role=Role.OWNER,
            space__memberships__status=MembershipStatus.ACTIVE,
        )

    def for_list(self):
        return self.select_related("space__territory").order_by("-school_year", "year", "class_name", "pk")


class SchoolClass(models.Model):
    """The space of a school class, opened by a parent: a members-only neighbourhood space joined on request."""

    space = models.OneToOneField(Space, on_delete=models.CASCADE, related_name="school_class")
    # The school's page when the parent chose one; otherwise `school_name` is what they typed.
    school = models.ForeignKey(
        Space, null=True, blank=True, on_delete=models.SET_NULL, related_name="classes", verbose_name=_("school")
    )
    school_name = models.CharField(_("school"), max_length=120)
    year = models.CharField(_("class level"), max_length=4, choices=SchoolYear.choices)
    class_name = models.CharField(_("class name"), max_length=20, blank=True)
    school_year = models.CharField(_("school year"), max_length=9)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SchoolClassQuerySet.as_manager()

    class Meta:
        verbose_name = _("school class")
        verbose_name_plural = _("school classes")

    def __str__(self) -> str:
        return self.space.name


class CommuneFigures(models.Model):
    """What the operator knows of a commune that no table of ours holds: how many shops it has (from the chamber of
    commerce or the town hall), so that the share of partner shops can be shown."""

    territory = models.OneToOneField(
        "territories.Territory",
        on_delete=models.CASCADE,
        related_name="directory_figures",
        verbose_name=_("commune"),
        limit_choices_to={"level": "commune"},
    )
    shops_total = models.PositiveIntegerField(_("number of shops"), null=True, blank=True)

    class Meta:
        verbose_name = _("commune figures")
        verbose_name_plural = _("commune figures")

    def __str__(self) -> str:
        return str(self.territory)


def figures_by_commune(now=None) -> list[dict]:
    """Per commune: partner shops (verified shop pages), the operator's count of shops, active associations (a post
    or an event within ACTIVE_DAYS) and the parents in class spaces. One query per table, whatever the communes."""
    now = now or timezone.now()
    since = now - timedelta(days=ACTIVE_DAYS)
    recent_post = Post.objects.filter(space=OuterRef("pk"), status=Status.PUBLISHED, created_at__gte=since)
    recent_event = Event.objects.filter(space=OuterRef("pk"), status=EventStatus.PUBLISHED).filter(
        Q(created_at__gte=since) | Q(start__gte=since, start__lte=now)
    )
    rows: dict[int, dict] = {}

    def row(territory_id: int, name: str) -> dict:
        return rows.setdefault(
            territory_id,
            {"commune": name, "partners": 0, "shops_total": None, "active_associations": 0, "class_parents": 0},
        )

    organisations = (
        Space.objects.filter(organisation_kind__in=[OrganisationKind.SHOP, OrganisationKind.ASSOCIATION])
        .annotate(recent=Exists(recent_post) | Exists(recent_event))
        .values("territory_id", "territory__name")
        .annotate(
            partners=Count("pk", filter=Q(organisation_kind=OrganisationKind.SHOP, is_verified=True)),
            active=Count("pk", filter=Q(organisation_kind=OrganisationKind.ASSOCIATION, recent=True)),
        )
    )
    for item in organisations:
        entry = row(item["territory_id"], item["territory__name"])
        entry["partners"] += item["partners"]
        entry["active_associations"] += item["active"]
    for figures in CommuneFigures.objects.select_related("territory"):
        row(figures.territory_id, figures.territory.name)["shops_total"] = figures.shops_total
    parents = (
        SchoolClass.objects.filter(space__memberships__status=MembershipStatus.ACTIVE)
        .values("space__territory_id", "space__territory__name")
        .annotate(people=Count("space__memberships__user", distinct=True))
    )
    for item in parents:
        row(item["space__territory_id"], item["space__territory__name"])["class_parents"] += item["people"]
    result = sorted(rows.values(), key=lambda entry: entry["commune"])
    for entry in result:
        total = entry["shops_total"]
        entry["share"] = round(100 * entry["partners"] / total) if total else None
        people = entry["class_parents"]
        entry["class_parents_shown"] = str(people) if people >= PRIVACY_THRESHOLD else f"<{PRIVACY_THRESHOLD}"
    return result


class RecommendationStatus(models.TextChoices):
    PUBLISHED = "published", _("published")
    HIDDEN = "hidden", _("hidden by a moderator")
    REMOVED = "removed", _("removed by a moderator")


class RecommendationQuerySet(SpaceContentQuerySet):
    def published(self):
        return self.filter(status=RecommendationStatus.PUBLISHED)

    def with_readable_status(self, user):
        return self.published()

    def for_list(self):
        return self.select_related("author", "space").order_by("-updated_at", "-pk")


class Recommendation(VisibleContent, models.Model):
    """A neighbour recommends a shop, a craftsman or a service of the directory: one per person per entry, which
    they edit. Moderated like a comment (the kind "recommendation" of the registry), by the operator's moderators:
    the page's own officers do not judge what is said of them."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("entry"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("your recommendation"), max_length=RECOMMENDATION_LIMIT)
    status = models.CharField(
        max_length=10, choices=RecommendationStatus.choices, default=RecommendationStatus.PUBLISHED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        constraints = [
            models.UniqueConstraint(fields=["space", "author"], name="recommendation_one_per_person_per_entry")
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("directory:entry", kwargs={"slug": self.space.slug}) + f"#recommandation-{self.pk}"
