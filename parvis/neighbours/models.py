"""Neighbourhood life: residences managed by landlords and condo managers, their codes and announcements, and the
exchanges between neighbours (listings).

Who sees a listing is not the spaces' rule but the scope its author chose: the verified residents of a residence,
the people of a quartier, the people of a commune. `Listing.objects.visible_to(user)` holds that rule; every read
of listings (pages, API, answers, reports) goes through it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.audit import register_verbs
from parvis.core.media import private_storage
from parvis.posts.models import Status
from parvis.spaces.models import Membership, Space, VisibleContent

# Landlords and condo managers create residences; other organisations do not manage buildings.
MANAGER_KINDS = ("landlord", "condo_manager")
# The letters of a residence code: no I, O, 0 or 1, which people misread on a printed notice.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# Below this, the operator's figures show "<5": a single exchange in a small commune could name the people.
PRIVACY_THRESHOLD = 5


class ResidenceQuerySet(models.QuerySet):
    def managed_by(self, user):
        """Residences whose manager (the landlord's or condo manager's page) the user administers."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(manager__in=Space.objects.where_can(user, "space.administer"))

    def for_list(self):
        return self.select_related("territory__parent", "space", "manager")


class Residence(models.Model):
    """A building or a group of buildings: its territory (level residence, with address and homes), its space (where
    residents talk and the manager's announcements are pinned) and the organisation that manages it."""

    territory = models.OneToOneField(
        "territories.Territory", on_delete=models.PROTECT, related_name="residence_info", verbose_name=_("territory")
    )
    space = models.OneToOneField("spaces.Space", on_delete=models.PROTECT, related_name="residence")
    manager = models.ForeignKey(
        "spaces.Space", on_delete=models.PROTECT, related_name="managed_residences", verbose_name=_("managed by")
    )
    buildings = models.PositiveSmallIntegerField(_("number of buildings"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("residence")
        verbose_name_plural = _("residences")
        ordering = ["territory__name"]

    def __str__(self) -> str:
        return self.territory.name

    def get_absolute_url(self) -> str:
        return reverse("neighbours:residence", kwargs={"residence_id": self.pk})


class ResidenceCodeQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked=False, expires_at__gt=now, uses__lt=models.F("max_uses"))


class ResidenceCode(models.Model):
    """A code the manager hands out (letterbox notice, lease): whoever enters it becomes a verified resident."""

    code = models.CharField(_("code"), max_length=CODE_LENGTH, unique=True)
    residence = models.ForeignKey(Residence, on_delete=models.CASCADE, related_name="codes")
    expires_at = models.DateTimeField(_("expires on"))
    max_uses = models.PositiveIntegerField(_("maximum number of uses"), default=1)
    uses = models.PositiveIntegerField(_("uses"), default=0)
    revoked = models.BooleanField(_("revoked"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResidenceCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("residence code")
        verbose_name_plural = _("residence codes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        """ABCD-EFGH: two groups are easier to read out and copy than eight letters in a row."""
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def state(self) -> str:
        if self.revoked:
            return _("revoked")
        if self.expires_at <= timezone.now():
            return _("expired")
        if self.uses >= self.max_uses:
            return _("used up")
        return _("valid")


class NeighboursVerb(models.TextChoices):
    """The verbs of the audit log (`parvis.core.audit`) for residences and quartiers."""

    CODE_CREATED = "residence_code_created", _("residence code created")
    CODE_REVOKED = "residence_code_revoked", _("residence code withdrawn")
    RESIDENT_VERIFIED = "resident_verified", _("resident verified")
    QUARTIER_CREATED = "quartier_created", _("neighbourhood created")


register_verbs(NeighboursVerb.choices)


class VerificationMethod(models.TextChoices):
    RESIDENCE_CODE = "residence_code", _("residence code from the manager")


class ResidentVerification(models.Model):
    """ "Verified resident of X": how and when, never a document."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resident_verifications")
    residence = models.ForeignKey(Residence, on_delete=models.CASCADE, related_name="verifications")
    method = models.CharField(_("method"), max_length=20, choices=VerificationMethod.choices)
    # Which code, for the manager's answer to "who joined with the code I gave flat 12?"; SET_NULL outlives it.
    code = models.ForeignKey(ResidenceCode, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(_("verified at"), default=timezone.now)

    class Meta:
        verbose_name = _("resident verification")
        constraints = [models.UniqueConstraint(fields=["user", "residence"], name="verification_once_per_residence")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.residence_id}"


class AnnouncementCategory(models.TextChoices):
    WORKS = "works", _("works")
    MEETING = "meeting", _("meeting")
    INCIDENT = "incident", _("incident")
    OTHER = "other", _("information")


class AnnouncementQuerySet(models.QuerySet):
    def pinned(self):
        return self.filter(pinned=True, post__status=Status.PUBLISHED)

    def for_residents_of(self, user):
        """Pinned announcements of the residences the user is a verified resident of *and* still a member of the
        space of (the post lives there: leaving the space is leaving its news)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.pinned().filter(
            residence__in=ResidentVerification.objects.filter(user=user).values("residence_id"),
            residence__space__in=Membership.objects.active().filter(user=user).values("space_id"),
            post__space__in=Space.objects.readable_by(user),
        )

    def for_block(self):
        return self.select_related(
            "post__author", "post__as_organisation", "residence__territory", "residence__space"
        ).order_by("-created_at", "-pk")


class ResidenceAnnouncement(models.Model):
    """A manager's announcement: a post in the residence's space (so comments, reactions, reports and the visibility
    rule come with it), with a category and a pin that keeps it on top of the space page and of the residents'
    feed until the manager unpins it."""

    post = models.OneToOneField("posts.Post", on_delete=models.CASCADE, related_name="announcement")
    residence = models.ForeignKey(Residence, on_delete=models.CASCADE, related_name="announcements")
    category = models.CharField(_("category"), max_length=10, choices=AnnouncementCategory.choices)
    pinned = models.BooleanField(_("pinned"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = _("residence announcement")
        indexes = [models.Index(fields=["residence", "pinned"])]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.post}"


# --- Exchanges between neighbours ----------------------------------------------------------------------------------


class Direction(models.TextChoices):
    OFFER = "offer", _("offer")
    REQUEST = "request", _("request")


class ListingKind(models.TextChoices):
    SERVICE = "service", _("service")
    LOAN = "loan", _("loan")
    GIFT = "gift", _("gift")
    SALE = "sale", _("sale")
    CARPOOLING = "carpooling", _("carpooling")
    CHILDCARE = "childcare", _("childcare")
    ELDERLY_HELP = "elderly_help", _("help for an elderly neighbour")
    OTHER = "other", _("other")


class Scope(models.TextChoices):
    # In order of distance: the data has no coordinates, so the scope stands for "how far".
    RESIDENCE = "residence", _("my residence")
    QUARTIER = "quartier", _("my neighbourhood")
    COMMUNE = "commune", _("my commune")


class ListingStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    EXPIRED = "expired", _("expired")
    WITHDRAWN = "withdrawn", _("withdrawn")
    # Set by moderation only (parvis/moderation/services.py), like a post's.
    HIDDEN = "hidden", _("hidden by a moderator")
    REMOVED = "removed", _("removed by a moderator")


MODERATED = (ListingStatus.HIDDEN, ListingStatus.REMOVED)


class ListingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """THE RULE for listings: a residence-scoped listing reaches the verified residents of that residence; a
        quartier-scoped one the people whose quartier it is; a commune-scoped one the people whose home commune it
        is; and its author always. Anonymous visitors see none (neighbours' offers are not for search engines).
        Moderated listings are seen by nobody.

        "The people whose quartier it is" are the verified residents of a residence in that quartier, not the
        people who chose the quartier in their profile. A declared quartier costs one click and proves nothing, so
        reading a quartier's listings by declaring it would open them (who lends what, who minds children, which
        elderly neighbour needs help) to anyone in France; and a scope labelled "people who say they live in the
        quartier" would leave authors to weigh a risk they cannot see. The verified residence is the only proof
        Parvis holds, so it is what the scope asks for, and the declared quartier is labelled as declared."""
        if user is None or not user.is_authenticated:
            return self.none()
        verified = ResidentVerification.objects.filter(user=user)
        condition = (
            Q(author=user)
            | Q(scope=Scope.RESIDENCE, territory__in=verified.values("residence__territory_id"))
            # A residence's parent is its quartier (or its commune, which no quartier-scoped listing points at).
            | Q(scope=Scope.QUARTIER, territory__in=verified.values("residence__territory__parent_id"))
        )
        if user.home_commune_id:
            condition |= Q(scope=Scope.COMMUNE, territory_id=user.home_commune_id)
        # The listings of a residence whose space moderation suspended go with it.
        suspended = Residence.objects.filter(space__in=Space.objects.suspended()).values("territory_id")
        return (
            self.filter(condition).exclude(status__in=MODERATED).exclude(scope=Scope.RESIDENCE, territory__in=suspended)
        )

    def open(self):
        return self.filter(status=ListingStatus.OPEN)

    def due_to_expire(self, now=None):
        return self.open().filter(expires_at__lte=now or timezone.now())

    def for_list(self):
        """Everything a list item shows, in a fixed number of queries whatever the page holds."""
        return self.select_related("author", "territory").prefetch_related(
            models.Prefetch("photos", queryset=ListingPhoto.objects.order_by("position"))
        )


class Listing(VisibleContent, models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listings")
    direction = models.CharField(_("offer or request"), max_length=8, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=14, choices=ListingKind.choices)
    scope = models.CharField(_("who sees it"), max_length=10, choices=Scope.choices)
    # The residence, quartier or commune of the scope, fixed at publication: moving house later does not move it.
    territory = models.ForeignKey("territories.Territory", on_delete=models.PROTECT, related_name="listings")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    # Sales only: the other kinds are free between neighbours.
    price = models.DecimalField(_("price (€)"), max_digits=8, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ListingStatus.choices, default=ListingStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField(_("expires on"))
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        indexes = [
            models.Index(fields=["scope", "territory", "status", "-created_at"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("neighbours:listing", kwargs={"listing_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == ListingStatus.OPEN


class ListingPhoto(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=0)
    alt_text = models.CharField(_("description of the image"), max_length=500)
    # Private storage: listings are for neighbours only, served after `Listing.objects.visible_to`.
    image = models.ImageField(upload_to="listings/%Y/%m/", storage=private_storage)
    image_small = models.ImageField(upload_to="listings/%Y/%m/", storage=private_storage)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.alt_text


class ListingAnswer(models.Model):
    """Someone answered the listing: the author chooses among these people when marking it done."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listing_answers")
    message = models.TextField(_("message"), max_length=2000)
    # The private conversation opened by parvis.messaging, when that app is installed.
    conversation_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["listing", "user"], name="answer_once_per_listing")]
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.listing_id}"


class ExchangeQuerySet(models.QuerySet):
    def of_user(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(Q(author=user) | Q(partner=user))

    def for_history(self):
        return self.select_related("listing", "author", "partner", "commune").order_by("-done_at", "-pk")

    def count_by_commune(self):
        """[(commune id, commune name, count)] of exchanges done, most first: the operator's figure."""
        return list(
            self.values("commune_id", "commune__name").annotate(count=Count("pk")).order_by("-count", "commune__name")
        )


class Exchange(models.Model):
    """A listing done: who rendered the service to whom, and the thanks they left each other."""

    listing = models.OneToOneField(Listing, on_delete=models.CASCADE, related_name="exchange")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The commune the exchange counts for in the figures (the listing's, whatever its scope).
    commune = models.ForeignKey("territories.Territory", on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(default=timezone.now, db_index=True)
    author_thanks = models.CharField(_("thanks from the author"), max_length=500, blank=True)
    partner_thanks = models.CharField(_("thanks from the neighbour"), max_length=500, blank=True)

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")

    def __str__(self) -> str:
        return f"{self.listing} ({self.author_id} ↔ {self.partner_id})"
