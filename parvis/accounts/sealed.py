"""The secrets allauth keeps in an authenticator's `data` (the TOTP secret, the recovery codes' seed, codes carried
over from an older scheme), and one way to pass each of them through a conversion: encrypt the clear ones (the
migration that sealed existing secrets), encrypt again with the newest key (`parvis field_keys_rotate`)."""

from collections.abc import Callable

from parvis.core import encryption

SECRET_KEYS = ("secret", "seed")
SECRET_LISTS = ("migrated_codes",)


def converted(data: dict, convert: Callable[[str], str]) -> dict:
    data = dict(data or {})
    for key in SECRET_KEYS:
        if isinstance(data.get(key), str):
            data[key] = convert(data[key])
    for key in SECRET_LISTS:
        if isinstance(data.get(key), list):
            data[key] = [convert(value) if isinstance(value, str) else value for value in data[key]]
    return data


def seal(value: str) -> str:
    """Encrypted once: an encrypted value is left as it is (so running twice is harmless); InvalidToken when it was
    encrypted with a key PARVIS_FIELD_KEY no longer lists."""
    if encryption.looks_encrypted(value):
        encryption.decrypt(value)
        return value
    return encryption.encrypt(value)


def unseal(value: str) -> str:
    return encryption.decrypt(value) if encryption.looks_encrypted(value) else value


def seal_all(authenticators, convert: Callable[[str], str] = seal) -> int:
    """Convert the secrets of every authenticator of the QuerySet; returns how many rows changed."""
    changed = 0
    for authenticator in authenticators.iterator():
        data = converted(authenticator.data, convert)
        if data != authenticator.data:
            authenticators.model.objects.filter(pk=authenticator.pk).update(data=data)
            changed += 1
    return changed
