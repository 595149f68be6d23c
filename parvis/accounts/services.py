"""Writes on accounts: profile, avatar, personal access tokens."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parvis.core.files import atomic_with_files, file_delete_on_commit, file_save
from parvis.core.images import encode_jpeg, open_upload
from parvis.core.text import clean_name
from parvis.territories.models import Level, Territory

from .models import ApiToken, User, hash_token

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


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its raw value, which is shown once and never stored."""
    name = clean_name(name)
    if not name:
        raise ValidationError({"name": _("Name the token, e.g. the application that will use it.")})
    if user.api_tokens.usable().count() >= 20:
        raise ValidationError(_("You already have 20 active tokens: revoke one first."))
    raw = ApiToken.generate_raw()
    token = ApiToken.objects.create(user=user, name=name[:80], token_hash=hash_token(raw), hint=raw[:8])
    return token, raw


def api_token_revoke(*, user: User, token_id: int) -> None:
    updated = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if not updated:
        raise ValidationError(_("This token does not exist or is already revoked."))


def api_token_authenticate(raw: str) -> User | None:
    if not raw or not raw.startswith(ApiToken.PREFIX) or len(raw) > 100:
        return None
    token = ApiToken.objects.usable().select_related("user").filter(token_hash=hash_token(raw)).first()
    if token is None:
        return None
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
