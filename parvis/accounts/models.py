import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from . import hooks


class ProfileVisibility(models.TextChoices):
    EVERYONE = "everyone", _("everyone")
    COMMUNE = "commune", _("people of my commune")
    CONTACTS = "contacts", _("my contacts (people who share a group with me)")


class UserQuerySet(models.QuerySet):
    def profile_visible_to(self, viewer):
        """Profiles the viewer may open, by each person's privacy choice. One rule for pages, search and API."""
        condition = Q(profile_visibility=ProfileVisibility.EVERYONE)
        if viewer is not None and viewer.is_authenticated:
            condition |= Q(pk=viewer.pk)
            if viewer.home_commune_id:
                condition |= Q(profile_visibility=ProfileVisibility.COMMUNE, home_commune_id=viewer.home_commune_id)
            for contacts in hooks.contact_ids(viewer):
                condition |= Q(
                    profile_visibility__in=[ProfileVisibility.CONTACTS, ProfileVisibility.COMMUNE], pk__in=contacts
                )
        return self.filter(condition, is_active=True).distinct()


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    # What others type after "@" to mention this person; given at sign-up, never the e-mail address.
    handle = models.SlugField(_("handle"), max_length=60, unique=True, null=True, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/%Y/%m/", blank=True)
    bio = models.TextField(_("short presentation"), max_length=500, blank=True)
    home_commune = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("home commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"level": "commune"},
    )
    quartier = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"level": "quartier"},
    )
    residence = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("residence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"level": "residence"},
    )
    # The language the person last used on the site: their e-mails are written in it (`core.mail.compose`).
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    profile_visibility = models.CharField(
        _("who sees my profile"),
        max_length=12,
        choices=ProfileVisibility.choices,
        default=ProfileVisibility.COMMUNE,
    )
    is_staff = models.BooleanField(_("operator staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # When the person accepted the charter at sign-up (empty for accounts created before the charter existed).
    charter_accepted_at = models.DateTimeField(_("charter accepted at"), null=True, blank=True)
    # When the person deleted their account (`rights.erase`): the row stays, emptied of everything that named them,
    # so that what they chose to leave behind reads "Former member" and the hosting log keeps its account id.
    erased_at = models.DateTimeField(_("account deleted at"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # The operator's role (`parvis.core.permissions`): staff alone only opens the administration.
        permissions = [("operate", _("acts as the operator of the instance"))]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        # Never fall back to the e-mail address: it is private.
        if self.erased_at is not None:
            return pgettext("deleted account", "Former member")
        return self.display_name or _("Inhabitant #%(id)s") % {"id": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", kwargs={"user_id": self.pk})


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiScope(models.TextChoices):
    READ = "read", _("read only")
    WRITE = "write", _("read and write")


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        """Neither revoked nor expired, of an active account."""
        return self.filter(revoked_at__isnull=True, user__is_active=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A personal access token for the API. Only its hash is stored: the token is shown once, at creation."""

    PREFIX = "pvs_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters, so that the owner recognises a token in the list without it being usable.
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # What the token may do: read only (GET, HEAD, OPTIONS), or write too; and until when.
    scope = models.CharField(_("access"), max_length=8, choices=ApiScope.choices, default=ApiScope.READ)
    expires_at = models.DateTimeField(_("expires at"))

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal access token")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @classmethod
    def generate_raw(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class VerificationLevel(models.TextChoices):
    """The levels of `parvis.core.permissions.LEVELS`, from the plainest to the strongest."""

    EMAIL = "email", _("verified e-mail address")
    RESIDENCE = "residence", _("residence code")
    POSTAL = "postal", _("postal letter code")
    IDENTITY = "identity", _("identity provider")
    MANDATE = "mandate", _("organisation or mandate verified by the operator")


class VerificationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))


class Verification(models.Model):
    """ "Verified X by Y on date": the level, how, by whom (a person or a provider, by name), when, until when.
    Never a document, never the identity provider's data beyond its name."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="verifications")
    level = models.CharField(_("level"), max_length=12, choices=VerificationLevel.choices)
    # What was checked, in a few words ("FranceConnect", "letter to 12 rue de la Madeleine" is NOT kept: "postal
    # letter #14").
    method = models.CharField(_("how"), max_length=80)
    # Who vouched: a provider's name, or the person (agent, operator) who did it; the label outlives them.
    verifier = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("verified by")
    )
    verifier_label = models.CharField(_("verified by (as written then)"), max_length=120)
    verified_at = models.DateTimeField(_("verified on"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"), null=True, blank=True)

    objects = VerificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("verification")
        ordering = ["-verified_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "level", "verifier_label"], name="verification_once_per_verifier")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.level} {self.verifier_label}"


class ActionLevel(models.Model):
    """The operator's choice of the level an action needs, over the default of `core.permissions.LEVEL_DEFAULTS`."""

    action = models.CharField(_("action"), max_length=40, unique=True)
    level = models.CharField(_("level needed"), max_length=12, choices=VerificationLevel.choices)

    class Meta:
        verbose_name = _("level needed for an action")
        verbose_name_plural = _("levels needed for actions")
        ordering = ["action"]

    def __str__(self) -> str:
        return f"{self.action}: {self.level}"


class PostalLetter(models.Model):
    """A letter with a one-time code, sent by the operator or an agent to an address: the person who types the code
    on their profile is verified as receiving mail there. Only the code's hash is kept; the address is kept until
    the code is used or expires (it is printed on the letter), then emptied."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="postal_letters")
    address = models.TextField(_("postal address"), max_length=400, blank=True)
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used on"), null=True, blank=True)

    class Meta:
        verbose_name = _("postal verification letter")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.pk}"
