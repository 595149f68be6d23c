"""Writes on accounts: profile, avatar, personal access tokens."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import formats, timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parvis.core.files import atomic_with_files, file_delete_on_commit, file_save
from parvis.core.images import encode_jpeg, open_upload
from parvis.core.text import clean_name
from parvis.territories.models import Level, Territory

from .models import ApiScope, ApiToken, User, hash_token

AVATAR_SIZE = 256


def avatar_process(upload) -> ContentFile:
    """A square JPEG of the upload, re-encoded so that no EXIF or GPS position survives."""
    return encode_jpeg(open_upload(upload, max_bytes=settings.PARVIS_AVATAR_MAX_BYTES), square=AVATAR_SIZE)


@atomic_with_files()
def profile_update(
    *,
    user: User,
    display_name: str,
    bio: str,
    home_commune: Territory | None,
    quartier: Territory | None,
    residence: Territory | None,
    profile_visibility: str,
    avatar=None,
    remove_avatar: bool = False,
) -> User:
    if home_commune is not None and home_commune.level != Level.COMMUNE:
        raise ValidationError({"home_commune": _("Choose a commune.")})
    if quartier is not None and (home_commune is None or quartier.parent_id != home_commune.pk):
        raise ValidationError({"quartier": _("This neighbourhood is not in your commune.")})
    if residence is not None and (home_commune is None or not residence.path.startswith(home_commune.path)):
        raise ValidationError({"residence": _("This residence is not in your commune.")})
    user.display_name = clean_name(display_name)
    user.bio = bio.strip()
    user.home_commune = home_commune
    user.quartier = quartier
    user.residence = residence
    user.profile_visibility = profile_visibility
    if remove_avatar and user.avatar:
        file_delete_on_commit(user.avatar)
    if avatar is not None:
        try:
            processed = avatar_process(avatar)
        except ValidationError as error:
            raise ValidationError({"avatar": error.messages}) from error
        file_delete_on_commit(user.avatar)
        file_save(user.avatar, processed.name, processed)
    user.full_clean(exclude=["password"])
    user.save()
    user_handle_assign(user=user)
    return user


def user_handle_assign(*, user: User) -> str:
    """Give a person a unique @handle from their display name (or "habitant"), once."""
    if user.handle:
        return user.handle
    base = (slugify(user.display_name) or "habitant")[:50]
    handle = base
    while User.objects.filter(handle=handle).exclude(pk=user.pk).exists():
        handle = f"{base}-{get_random_string(4, '23456789abcdefghjkmnpqrstuvwxyz')}"
    User.objects.filter(pk=user.pk).update(handle=handle)
    user.handle = handle
    return handle


# How long a token may live, in days: the choices of the token page.
TOKEN_LIFETIMES = (7, 30, 90, 365)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenRefused(PermissionDenied):
    """A token that exists but may not be used for this request (expired, or read-only for a write): the API says
    why instead of answering as if no token was sent."""

    def __init__(self, message: str, *, status: int):
        super().__init__(message)
        self.status = status


def api_token_create(*, user: User, name: str, scope: str = ApiScope.READ, days: int = 30) -> tuple[ApiToken, str]:
    """Returns the token and its raw value, which is shown once and never stored. The page asks for a recent
    re-authentication before it calls this."""
    name = clean_name(name)
    if not name:
        raise ValidationError({"name": _("Name the token, e.g. the application that will use it.")})
    if scope not in ApiScope.values:
        raise ValidationError({"scope": _("Choose read only, or read and write.")})
    if days not in TOKEN_LIFETIMES:
        raise ValidationError({"days": _("Choose how long the token lasts among the proposed durations.")})
    if user.api_tokens.usable().count() >= 20:
        raise ValidationError(_("You already have 20 active tokens: revoke one first."))
    raw = ApiToken.generate_raw()
    token = ApiToken.objects.create(
        user=user,
        name=name[:80],
        token_hash=hash_token(raw),
        hint=raw[:8],
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, raw


def api_token_revoke(*, user: User, token_id: int) -> None:
    updated = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if not updated:
        raise ValidationError(_("This token does not exist or is already revoked."))


def api_token_authenticate(raw: str, *, method: str = "GET") -> User | None:
    """The token's person; None for an unknown or revoked token; TokenRefused (401) for an expired one and (403)
    for a read-only token sent with a method that writes."""
    if not raw or not raw.startswith(ApiToken.PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.filter(revoked_at__isnull=True, user__is_active=True, token_hash=hash_token(raw))
        .select_related("user")
        .first()
    )
    if token is None:
        return None
    if token.expired:
        raise TokenRefused(
            _("This token expired on %(date)s: create a new one on your profile page.")
            % {"date": formats.date_format(timezone.localtime(token.expires_at), "SHORT_DATETIME_FORMAT")},
            status=401,
        )
    if token.scope != ApiScope.WRITE and method.upper() not in SAFE_METHODS:
        raise TokenRefused(_("This token only reads: create a token that may write."), status=403)
    now = timezone.now()
    # Write the last use at most once a minute: a busy client must not turn every API read into a write.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def user_language_remember(*, user, language: str) -> None:
    """Keep the language the person uses on the site, for their e-mails. Unknown languages are ignored; one
    UPDATE, and only when it changed."""
    if not getattr(user, "is_authenticated", False) or language not in dict(settings.LANGUAGES):
        return
    if user.language != language:
        user.language = language
        User.objects.filter(pk=user.pk).update(language=language)
