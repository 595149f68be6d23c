"""Spaces: every piece of content lives in exactly one, and its nature is shown wherever that content appears.

The visibility rule lives here and nowhere else: `Space.objects.readable_by(user)` says whose content a user may
read, and `SpaceContentQuerySet.visible_to(user)` applies it, with the content's own publication status, to any
content type that has a `space` foreign key. `visible_to(None)` is what an anonymous visitor reads, so it is also
what may leave the site (iCal, Atom, open data). For one object in hand: `space.is_readable_by(user)` and
`content.is_visible_to(user)`. A space suspended by moderation (`hooks.suspended_spaces_from`) is read by nobody.
"""

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parvis.core import permissions
from parvis.core.audit import register_verbs
from parvis.core.fragments import version
from parvis.core.media import private_storage
from parvis.core.viewer import kept_for

from . import hooks


# In French a nature is an adjective ("associatif", "commercial") while the same English words name kinds of
# organisation ("association", "commerce"): the context keeps the two translations apart.
class Nature(models.TextChoices):
    INSTITUTIONNEL = "institutionnel", pgettext_lazy("nature of a space", "institutional")
    ASSOCIATIF = "associatif", pgettext_lazy("nature of a space", "association")
    COMMERCIAL = "commercial", pgettext_lazy("nature of a space", "shop")
    VOISINAGE = "voisinage", pgettext_lazy("nature of a space", "neighbourhood")
    PROFESSIONNEL = "professionnel", pgettext_lazy("nature of a space", "professional")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    MEMBERS = "members", _("members only")
    SECRET = "secret", _("secret")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("open to all")
    REQUEST = "request", _("on request")
    INVITATION = "invitation", _("by invitation or residence code")


class Role(models.TextChoices):
    OWNER = "owner", _("owner")
    ADMIN = "admin", _("administrator")
    MODERATOR = "moderator", _("moderator")
    MEMBER = "member", _("member")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("member")
    REQUESTED = "requested", _("request pending")
    INVITED = "invited", _("invited")


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("association")
    CULTURAL_VENUE = "cultural_venue", _("cultural venue")
    SHOP = "shop", _("shop")
    SCHOOL = "school", _("school")
    LANDLORD = "landlord", _("social landlord")
    CONDO_MANAGER = "condo_manager", _("condo manager")
    TOWN_HALL = "town_hall", _("town hall")


# Each membership role as a row of the permission table (`parvis.core.permissions`, resolved in
# `spaces.permissions`). A plain member of an official space or an organisation's page is a `page_member` there.
TABLE_ROLES = {
    Role.OWNER: permissions.OWNER,
    Role.ADMIN: permissions.ADMIN,
    Role.MODERATOR: permissions.MODERATOR,
    Role.MEMBER: permissions.MEMBER,
}


def roles_granting(action: str) -> list[str]:
    """The membership roles that grant `action` in any space, for reads that list spaces or people in one query.
    An action a plain member holds in some spaces only (`space.post`) is asked per space with `can` instead."""
    granting = permissions.roles_with(action)
    if (permissions.MEMBER in granting) != (permissions.PAGE_MEMBER in granting):
        raise ValueError(f"{action!r} depends on the kind of space: ask permissions.can for each space")
    return [role for role, name in TABLE_ROLES.items() if name in granting]


def _suspended(pk: str) -> Q:
    """Spaces suspended by moderation, as a condition on `pk` (subqueries: read in the same query)."""
    condition = Q(pk__in=[])
    for ids in hooks.suspended_space_ids():
        condition |= Q(**{f"{pk}__in": ids})
    return condition


MEMBERSHIPS_KEY = "spaces.memberships"


def memberships_of(user) -> list["Membership"]:
    """Every membership of the person (active, invited, requested) with its space and territory, and whether the
    space is suspended: read once per user object (once per request; from the cache while nothing was written) until
    `permissions.roles_changed()`, which every membership or moderation decision saved or deleted calls. The
    visibility rule, the permission table and the person's home all read these few rows."""
    if user is None or not user.is_authenticated:
        return []
    return permissions.remembered(
        user,
        MEMBERSHIPS_KEY,
        # Kept across requests until the next write (parvis/core/viewer.py): a membership or a moderation decision
        # saved or deleted calls `roles_changed()`, which starts a new generation.
        lambda: kept_for(
            user,
            MEMBERSHIPS_KEY,
            lambda: list(
                Membership.objects.filter(user=user)
                .select_related("space__territory")
                .annotate(in_suspended_space=ExpressionWrapper(_suspended("space_id"), output_field=BooleanField()))
                .order_by("space__name", "pk")
            ),
        ),
    )


def active_memberships(user) -> list["Membership"]:
    """The person's active memberships outside suspended spaces (no role nor read comes from a suspended space)."""
    return [m for m in memberships_of(user) if m.status == MembershipStatus.ACTIVE and not m.in_suspended_space]


def readable_condition(user, *, pk: str = "pk", visibility: str = "visibility") -> Q:
    """The visibility rule as one condition on a space, reached from a space (`pk`, `visibility`) or from content
    (`space_id`, `space__visibility`): public, or a space the user is an active member of; never a suspended one.

    Once the person's memberships are read for the request (`memberships_of`: the roles, the home), every read
    of the page is an indexed `IN` on their short list of ids instead of a subquery on memberships nested in each
    query. The suspended spaces
    stay a subquery, read by each query itself (few rows; no query of their own)."""
    condition = Q(**{visibility: Visibility.PUBLIC})
    if user is not None and user.is_authenticated:
        if permissions.recalled(user, MEMBERSHIPS_KEY) is not None:
            members = sorted({membership.space_id for membership in active_memberships(user)})
            if members:
                condition |= Q(**{f"{pk}__in": members})
        else:
            # Not read yet in this request: a subquery, rather than a query of its own for a page that needs the
            # memberships for nothing else (the header's badge, a list read once).
            condition |= Q(
                **{f"{pk}__in": Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values("space_id")}
            )
    for ids in hooks.suspended_space_ids():
        condition &= ~Q(**{f"{pk}__in": ids})
    return condition


class SpaceQuerySet(models.QuerySet):
    def readable_by(self, user):
        """Spaces whose content the user may read: public ones, and those the user is an active member of; never
        a suspended one.

        Nobody else reads a members-only or secret space's content: not the operator, not a former member.
        """
        return self.filter(readable_condition(user))

    def listed_for(self, user, *, suspended: bool = False):
        """Spaces whose existence (name, nature, territory) the user may see: all but the secret ones they are
        not a member of. A person invited to a secret space sees its name too, or they could not accept.
        Suspended spaces are left out unless `suspended` is set (the space page, for the operator's staff)."""
        condition = ~Q(visibility=Visibility.SECRET)
        if user is not None and user.is_authenticated:
            condition |= Q(
                pk__in=Membership.objects.filter(
                    user=user, status__in=[MembershipStatus.ACTIVE, MembershipStatus.INVITED]
                ).values("space_id")
            )
        queryset = self.filter(condition)
        return queryset if suspended else queryset.not_suspended()

    def not_suspended(self):
        queryset = self
        for ids in hooks.suspended_space_ids():
            queryset = queryset.exclude(pk__in=ids)
        return queryset

    def suspended(self):
        return self.filter(_suspended("pk"))

    def joined_by(self, user):
        """Spaces the user is an active member of, whatever their role."""
        if not permissions.is_person(user):
            return self.none()
        return self.filter(pk__in=Membership.objects.active().filter(user=user).values("space_id"))

    def where_can(self, user, action: str):
        """Spaces in which the user's role grants `action` (`space.administer`, `space.moderate`…), by the
        permission table, in one query."""
        if not permissions.is_person(user):
            return self.none()
        # No role in a suspended space, as `spaces.permissions` says for one space.
        return self.filter(
            pk__in=Membership.objects.active().filter(user=user, role__in=roles_granting(action)).values("space_id")
        ).not_suspended()

    def organisations(self):
        return self.exclude(organisation_kind="")

    def in_territory(self, territory):
        """Spaces attached to this territory or to any territory below it."""
        return self.filter(territory__path__startswith=territory.path)

    def official(self):
        return self.filter(is_official=True)

    def for_list(self):
        """What a list of spaces shows, the count of active members included, in one query."""
        return self.select_related("territory").annotate(
            member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE), distinct=True)
        )


RULES_LIMIT = 3000
MAX_JOIN_QUESTIONS = 3
QUESTION_LIMIT = 200
ANSWER_LIMIT = 500


class Space(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("address"), max_length=140, unique=True)
    nature = models.CharField(_("nature"), max_length=16, choices=Nature.choices)
    territory = models.ForeignKey(
        "territories.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="spaces"
    )
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    join_policy = models.CharField(
        _("who may join"), max_length=12, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)
    # The official space of a territory (one per commune, département, région of the instance).
    is_official = models.BooleanField(_("official space"), default=False)
    # A page space speaks for an organisation; its identifiers are checked by the operator before the badge.
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=16, choices=OrganisationKind.choices, blank=True
    )
    siret = models.CharField(_("SIREN or SIRET number"), max_length=14, blank=True)
    rna = models.CharField(_("RNA number"), max_length=10, blank=True)
    # Set by the operator after checking the organisation (SIREN/SIRET, RNA): shown as a badge.
    is_verified = models.BooleanField(_("verified"), default=False)
    # A picture at the top of the space and on its card (spaces/media.py); without one, a cover is drawn from the
    # nature and the initials (core/templatetags/parvis_ui.py). Served to whoever may see the space listed.
    cover = models.ImageField(_("cover picture"), upload_to="spaces/%Y/%m/", storage=private_storage, blank=True)
    cover_alt = models.CharField(_("description of the cover picture"), max_length=300, blank=True)
    # The group's rules, shown to whoever joins (who must accept them), and up to three questions asked to whoever
    # asks to join (one per line), whose answers the administrators read beside the request.
    rules = models.TextField(_("rules of the group"), blank=True, max_length=RULES_LIMIT)
    join_questions = models.TextField(_("questions asked to whoever asks to join"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory"], condition=Q(is_official=True), name="space_one_official_per_territory"
            )
        ]
        indexes = [models.Index(fields=["visibility", "nature"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("spaces:detail", kwargs={"slug": self.slug})

    @property
    def card_version(self) -> str:
        """The version of the space's card (components/space_card.html): a digest of every value it shows."""
        return version(
            self.pk,
            self.name,
            self.slug,
            self.nature,
            self.visibility,
            self.is_official,
            self.is_verified,
            self.cover.name,
            self.cover_alt,
            self.territory.name,
        )

    @property
    def join_question_list(self) -> list[str]:
        return [line.strip() for line in self.join_questions.splitlines() if line.strip()][:MAX_JOIN_QUESTIONS]

    @property
    def asks_before_joining(self) -> bool:
        """Joining goes through a page (rules to accept, questions to answer) rather than one button."""
        return bool(self.rules.strip() or (self.join_policy == JoinPolicy.REQUEST and self.join_question_list))

    @property
    def is_organisation(self) -> bool:
        return bool(self.organisation_kind)

    def is_readable_by(self, user) -> bool:
        """`Space.objects.readable_by(user)` for this one space. A member's answer comes from the memberships the
        request already holds (`memberships_of`, no query of its own); anyone else's from one query."""
        if user is not None and user.is_authenticated:
            mine = self._membership_of(user)
            if mine is not None and mine.status == MembershipStatus.ACTIVE:
                return not mine.in_suspended_space
        return Space.objects.readable_by(user).filter(pk=self.pk).exists()

    def _membership_of(self, user) -> "Membership | None":
        return next((m for m in memberships_of(user) if m.space_id == self.pk), None)

    def members_are_visible_to(self, user) -> bool:
        """Whether the user may see who the members are (names, handles, roles): its own active members only, in a
        public space too. Reading a group's posts is not knowing who belongs to it; everyone else sees the count.
        One rule for the space's page, its partials and the API (from the memberships the request holds)."""
        if user is None or not user.is_authenticated:
            return False
        mine = self._membership_of(user)
        return mine is not None and mine.status == MembershipStatus.ACTIVE and not mine.in_suspended_space

    @property
    def is_suspended(self) -> bool:
        return Space.objects.suspended().filter(pk=self.pk).exists()


# Rank for listing members: the owner first, then administrators, moderators, members.
ROLE_ORDER = models.Case(
    *(models.When(role=role, then=rank) for rank, role in enumerate(Role.values)),
    output_field=models.IntegerField(),
)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MembershipStatus.ACTIVE)

    def requested(self):
        return self.filter(status=MembershipStatus.REQUESTED)

    def invited(self):
        return self.filter(status=MembershipStatus.INVITED)

    def for_members_page(self):
        """Everything the members page shows, in one query whatever the number of members."""
        return self.select_related("user").annotate(role_rank=ROLE_ORDER).order_by("role_rank", "created_at", "pk")

    def holding(self, action: str):
        """Active memberships whose role grants `action` (the administrators to tell of a request to join…)."""
        return self.active().filter(role__in=roles_granting(action))

    def invitations_of(self, user):
        """The invitations waiting for this person, with the spaces they lead to."""
        return self.invited().filter(user=user).select_related("space__territory").order_by("-created_at")


class Membership(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    # [{"question": ..., "answer": ...}] given when asking to join, read by the administrators reviewing the request.
    join_answers = models.JSONField(_("answers to the group's questions"), default=list, blank=True)
    # When the person accepted the group's rules (None: the group had none when they joined).
    rules_accepted_at = models.DateTimeField(_("rules accepted on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        constraints = [models.UniqueConstraint(fields=["space", "user"], name="membership_unique_space_user")]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.space} ({self.role})"


class Follow(models.Model):
    """A person follows a public space (typically an organisation's page) to see its posts in their home feed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "space"], name="follow_unique_user_space")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.space}"


class SpaceContentQuerySet(models.QuerySet):
    """Base for every content type that lives in a space (posts, events, listings, videos, questions).

    A subclass states which of its rows are readable by their status in `with_readable_status(user)` (published
    posts; events but others' drafts), so that `visible_to` is the whole rule and no caller adds `.published()`.
    """

    def in_readable_spaces(self, user):
        """The space half of the rule alone, whatever the status: for an author acting on their own content
        (deleting a post a moderator hid). Never for showing content."""
        return self.filter(readable_condition(user, pk="space_id", visibility="space__visibility"))

    def with_readable_status(self, user):
        return self

    def visible_to(self, user):
        return self.in_readable_spaces(user).with_readable_status(user)

    def public(self):
        """What an anonymous visitor reads, and so what may leave the site (iCal, Atom, open data, federation)."""
        return self.visible_to(None)

    def in_territory(self, territory):
        return self.filter(space__territory__path__startswith=territory.path)


class VisibleContent:
    """Mixin for content models: the rule of their QuerySet's `visible_to`, for one object in hand."""

    def is_visible_to(self, user) -> bool:
        return type(self)._default_manager.visible_to(user).filter(pk=self.pk).exists()


class SpaceLogAction(models.TextChoices):
    CREATED = "created", _("space created")
    ORGANISATION_REQUESTED = "organisation_requested", _("organisation page requested")
    VERIFIED = "verified", _("organisation verified")
    UNVERIFIED = "unverified", _("verification withdrawn")
    SETTINGS_CHANGED = "settings_changed", _("settings changed")
    REQUEST_APPROVED = "request_approved", _("request approved")
    REQUEST_REFUSED = "request_refused", _("request refused")
    INVITED = "invited", _("person invited")
    INVITATION_DECLINED = "invitation_declined", _("invitation declined")
    ROLE_CHANGED = "role_changed", _("role changed")
    MEMBER_REMOVED = "member_removed", _("member removed")
    OWNERSHIP_TRANSFERRED = "ownership_transferred", _("ownership transferred")


# The verbs of the audit log (`parvis.core.audit`) for acts on a space and its members: who verified, approved,
# changed a role, removed a member, handed a space over, and why.
register_verbs(SpaceLogAction.choices)
