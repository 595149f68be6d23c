"""Secrets that must be kept in the database but never readable from it alone (the TOTP secrets of the second
factor): Fernet (AES-128-CBC with HMAC-SHA256) with keys from the environment, `PARVIS_FIELD_KEY`.

`PARVIS_FIELD_KEY` is a comma-separated list of Fernet keys: the first encrypts, every one decrypts (MultiFernet).
Rotation: put a new key first (`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key())"`),
restart, run `parvis field_keys_rotate` (every stored secret is encrypted again with the new key), then remove the
old key. Without the variable, the key is derived from SECRET_KEY: enough for a laptop, refused by
`manage.py check --deploy` (a database copied with its SECRET_KEY would give its secrets away, and changing
SECRET_KEY would lose every second factor)."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks

__all__ = ["InvalidToken", "decrypt", "encrypt", "looks_encrypted", "rotate"]


def derived_key(secret_key: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(b"parvis-field-key\x00" + secret_key.encode()).digest())


def _keys() -> list[bytes]:
    configured = [key.strip() for key in settings.PARVIS_FIELD_KEYS if key.strip()]
    return [key.encode() for key in configured] or [derived_key(settings.SECRET_KEY)]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """The clear text; InvalidToken when no configured key opened it (a key removed too early, or clear text)."""
    return _fernet().decrypt(token.encode()).decode()


def looks_encrypted(value: str) -> bool:
    """A Fernet token (version byte 0x80, base64): encrypted, with a configured key or not."""
    return value.startswith("gAAAAA")


def rotate(token: str) -> str:
    """The same secret, encrypted again with the first key."""
    return _fernet().rotate(token.encode()).decode()


@checks.register(checks.Tags.security, deploy=True)
def check_field_key(app_configs=None, **kwargs) -> list:
    if not [key for key in settings.PARVIS_FIELD_KEYS if key.strip()]:
        return [
            checks.Error(
                "PARVIS_FIELD_KEY is not set: the secrets kept in the database (TOTP) are encrypted with a key "
                "derived from SECRET_KEY.",
                hint="Set PARVIS_FIELD_KEY to a Fernet key (Fernet.generate_key()), kept apart from the database "
                "backups, then run `parvis field_keys_rotate`.",
                id="parvis.E001",
            )
        ]
    errors = []
    for position, key in enumerate(settings.PARVIS_FIELD_KEYS, start=1):
        try:
            Fernet(key.strip().encode())
        except (ValueError, TypeError):
            errors.append(
                checks.Error(
                    f"Key number {position} of PARVIS_FIELD_KEY is not a Fernet key (32 bytes in URL-safe base64).",
                    id="parvis.E002",
                )
            )
    return errors
