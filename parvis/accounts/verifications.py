"""Verification graded per action: what a person holds ("verified X by Y on date"), what each action needs (the
defaults of `parvis.core.permissions.LEVEL_DEFAULTS`, overridden by the operator), and the postal letter with a
one-time code. Every verification given and every letter written or used goes into the audit log."""

import math
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from parvis.core import hooks, permissions
from parvis.core.audit import audit, register_verbs
from parvis.core.network import address_key
from parvis.core.ratelimit import RateLimited, rate_take

from .models import ActionLevel, PostalLetter, User, Verification, VerificationLevel, hash_token


class VerificationVerb(models.TextChoices):
    GIVEN = "verification_given", gettext_lazy("verification given")
    LETTER_CREATED = "postal_letter_created", gettext_lazy("postal letter written")
    LETTER_USED = "postal_letter_used", gettext_lazy("postal letter code used")
    LEVEL_SET = "action_level_set", gettext_lazy("level needed for an action changed")


register_verbs(VerificationVerb.choices)

ACTION_LABELS = {
    "residence.post": gettext_lazy("post in a residence"),
    "elu.message": gettext_lazy("write to an elected official"),
    "event.answer_limited": gettext_lazy("answer an event with limited places"),
    "counter.report": gettext_lazy("report a problem to the town hall"),
}
# 10 characters from 32 letters and digits that cannot be mistaken for one another: about 10^15 codes.
LETTER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LETTER_CODE_LENGTH = 10
LETTER_LIFETIME = timedelta(days=60)
LETTER_TRIES = 5
LETTER_TRIES_PERIOD = 15 * 60
LETTER_TRIES_PER_ADDRESS = 50


# --- What a person holds ----------------------------------------------------------------------------------------------


def levels_held(user) -> set[str]:
    return permissions.remembered(user, "verification_levels", lambda: _levels_held(user))


def _levels_held(user) -> set[str]:
    levels = set(Verification.objects.current().filter(user=user).values_list("level", flat=True))
    # A verified resident (by the residence's code) holds the residence level: neighbours keeps that verification.
    if hooks.resident_verification(user=user) is not None:
        levels.add(VerificationLevel.RESIDENCE)
    return levels


def verifications_of(user) -> list[dict]:
    """The person's verifications, for their profile: level, by whom, when, until when."""
    rows = [
        {
            "label": verification.get_level_display(),
            "by": verification.verifier_label,
            "on": verification.verified_at,
            "until": verification.expires_at,
        }
        for verification in Verification.objects.current().filter(user=user)
    ]
    resident = hooks.resident_verification(user=user)
    if resident is not None:
        rows.append(
            {"label": VerificationLevel.RESIDENCE.label, "by": resident["by"], "on": resident["on"], "until": None}
        )
    return rows


def action_overrides() -> dict[str, str]:
    return dict(ActionLevel.objects.values_list("action", "level"))


def register() -> None:
    permissions.register_levels(held=levels_held, overrides=action_overrides)


def level_help(level: str) -> dict:
    """What the interface says when a level is missing: a sentence, and where to get it."""
    profile = reverse("accounts:profile_edit") + "#verifications"
    sentences = {
        VerificationLevel.EMAIL: (_("Sign in with a confirmed e-mail address to do this."), reverse("account_login")),
        VerificationLevel.RESIDENCE: (
            _("This needs a verified residence: enter the residence code from your landlord on your profile."),
            profile,
        ),
        VerificationLevel.POSTAL: (
            _(
                "This needs a verified postal address: ask the town hall for a letter with a code, then enter it on "
                "your profile."
            ),
            profile,
        ),
        VerificationLevel.IDENTITY: (
            _("This needs a verified identity: sign in once through an identity provider (FranceConnect)."),
            reverse("socialaccount_connections"),
        ),
        VerificationLevel.MANDATE: (
            _("This needs an organisation or a mandate verified by the operator."),
            profile,
        ),
    }
    sentence, url = sentences.get(level, sentences[VerificationLevel.EMAIL])
    return {"level": level, "label": VerificationLevel(level).label, "sentence": sentence, "url": url}


def level_refusal(user, action: str) -> dict | None:
    """None when `user` may do `action` as far as verification goes; else what is missing and how to get it."""
    missing = permissions.level_missing(user, action)
    return level_help(missing) if missing else None


def level_require(user, action: str, *, field: str | None = None) -> None:
    """For services: refuse with the sentence that says what is missing (a ValidationError on `field` when the
    action is a form's, so that the sentence stands next to it; PermissionDenied otherwise)."""
    refusal = level_refusal(user, action)
    if refusal is None:
        return
    if field is not None:
        raise ValidationError({field: refusal["sentence"]})
    raise PermissionDenied(refusal["sentence"])


# --- Giving a verification --------------------------------------------------------------------------------------------


def verification_record(
    *, user: User, level: str, method: str, verifier_label: str, verifier: User | None = None, expires_at=None
) -> Verification:
    """Record (or renew the date of) "verified `level` by `verifier_label`": idempotent per person, level, verifier."""
    with transaction.atomic():
        verification, created = Verification.objects.update_or_create(
            user=user,
            level=level,
            verifier_label=verifier_label[:120],
            defaults={
                "method": method[:80],
                "verifier": verifier,
                "verified_at": timezone.now(),
                "expires_at": expires_at,
            },
        )
        if created:
            audit(
                actor=verifier or user,
                verb=VerificationVerb.GIVEN,
                target=user,
                details={"level": level, "method": method[:80], "by": verifier_label[:120]},
            )
    permissions.roles_changed()
    return verification


@transaction.atomic
def action_level_set(*, operator, action: str, level: str) -> None:
    if not permissions.can(operator, "verification.levels"):
        raise PermissionDenied(_("Only the operator sets the level each action needs."))
    if action not in permissions.LEVEL_DEFAULTS:
        raise ValidationError({"action": _("Choose an action from the list.")})
    if level not in VerificationLevel.values:
        raise ValidationError({"level": _("Choose a level from the list.")})
    ActionLevel.objects.update_or_create(action=action, defaults={"level": level})
    audit(
        actor=operator,
        verb=VerificationVerb.LEVEL_SET,
        kind="accounts.actionlevel",
        label=action,
        details={"action": action, "level": level},
    )


# --- The postal letter ------------------------------------------------------------------------------------------------


def normalise_letter_code(text: str) -> str:
    return "".join(char for char in (text or "").upper() if char.isalnum())


@transaction.atomic
def postal_letter_create(*, actor, user: User, address: str) -> tuple[PostalLetter, str]:
    """A letter for `user` at `address`: returns it and the code to print, shown this once (only its hash is kept)."""
    if not permissions.can(actor, "verification.letter"):
        raise PermissionDenied(_("Only the operator writes verification letters."))
    address = "\n".join(line.strip() for line in (address or "").strip().splitlines() if line.strip())
    if not address:
        raise ValidationError({"address": _("Give the postal address the letter goes to.")})
    if len(address) > 400 or "\x00" in address:
        raise ValidationError({"address": _("The address is too long: 400 characters at most.")})
    if user.erased_at is not None or not user.is_active:
        raise ValidationError({"user": _("This account is closed.")})
    code = get_random_string(LETTER_CODE_LENGTH, LETTER_ALPHABET)
    letter = PostalLetter.objects.create(
        user=user,
        address=address,
        code_hash=hash_token(code),
        created_by=actor,
        expires_at=timezone.now() + LETTER_LIFETIME,
    )
    # The journal names the letter by its number, never its code nor the address.
    audit(actor=actor, verb=VerificationVerb.LETTER_CREATED, target=user, details={"letter": letter.pk})
    return letter, code


class LetterGuessesLimited(RateLimited):
    def __init__(self, *, retry_after: int):
        self.retry_after = retry_after
        minutes = max(1, math.ceil(retry_after / 60))
        ValidationError.__init__(
            self,
            ngettext(
                "Too many wrong codes: for your security, try again in %(minutes)s minute.",
                "Too many wrong codes: for your security, try again in %(minutes)s minutes.",
                minutes,
            )
            % {"minutes": minutes},
            code="rate_limited",
        )


def postal_letter_redeem(*, user: User, code: str, ip: str = "") -> Verification:
    """The person types the code of their letter. Tries are counted before the code is looked at (per person, and
    per address with a higher ceiling); a right code gives its try back. A code works once, for its own person."""
    if not permissions.is_person(user):
        raise PermissionDenied(_("Sign in to enter the code of your letter."))
    typed = normalise_letter_code(code)
    if not typed:
        raise ValidationError({"code": _("Type the code printed on the letter you received.")})
    limits = [(f"postal_letter:user:{user.pk}", LETTER_TRIES)]
    if ip:
        limits.append((f"postal_letter:ip:{address_key(ip)}", LETTER_TRIES_PER_ADDRESS))
    try:
        attempt = rate_take(limits, LETTER_TRIES_PERIOD)
    except RateLimited as limited:
        raise LetterGuessesLimited(retry_after=limited.retry_after) from None
    try:
        verification = _redeem_letter(user=user, typed=typed)
    except ValidationError:
        raise
    except Exception:
        attempt.give_back()
        raise
    attempt.give_back()
    return verification


@transaction.atomic
def _redeem_letter(*, user: User, typed: str) -> Verification:
    letter = (
        PostalLetter.objects.select_for_update()
        .filter(code_hash=hash_token(typed), user=user, used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if letter is None:
        raise ValidationError({"code": _("This code is not valid: check the letter, or ask for a new one.")})
    letter.used_at = timezone.now()
    # The address was only needed to print the letter.
    letter.address = ""
    letter.save(update_fields=["used_at", "address"])
    audit(actor=user, verb=VerificationVerb.LETTER_USED, target=user, details={"letter": letter.pk})
    sender = letter.created_by
    return verification_record(
        user=user,
        level=VerificationLevel.POSTAL,
        method=f"postal_letter:{letter.pk}",
        verifier_label=sender.public_name if sender is not None else settings.PARVIS_SITE_NAME,
        verifier=sender,
    )


def provider_signed_in(*, user: User, provider_name: str, level: str) -> Verification | None:
    if level not in VerificationLevel.values:
        return None
    try:
        return verification_record(user=user, level=level, method="openid_connect", verifier_label=provider_name)
    except IntegrityError:  # two sign-ins at once: the other one recorded it
        return None
