"""Signed GETs ("authorized fetch"): who reads an actor, an outbox or an object.

A GET that carries a signature is checked whatever the setting: a blocked instance or account is refused, and so is
a signature that does not hold (a forged request is bad input, never read as an anonymous one). With
`PARVIS_FEDERATION_AUTHORIZED_FETCH`, a GET without a valid signature is refused too, so that a blocked server
cannot read the site's public documents by asking unsigned. The instance actor, WebFinger and NodeInfo stay open:
a server must be able to fetch the key that signs our own requests, and to find an actor at all.
"""

from django.conf import settings

from . import remote
from .models import RemoteActor
from .remote import Refused
from .signatures import SignatureError, parse_signature


class Unsigned(Refused):
    """A GET without a signature while the site demands one."""


def check_get(*, method: str, path: str, headers: dict[str, str]) -> RemoteActor | None:
    """The remote actor that signed this GET (None when unsigned and the site does not demand it), or raise
    Refused with the reason. `headers` have lower-case names. Only a verified signer is stored."""
    if not headers.get("signature"):
        if settings.PARVIS_FEDERATION_AUTHORIZED_FETCH:
            raise Unsigned("a signed request is required")
        return None
    try:
        key_id = parse_signature(headers["signature"])["keyId"]
    except SignatureError as error:
        raise Refused(f"signature refused: {error}") from error
    # Before any fetch: a blocked server is not even asked for its key.
    remote.check_not_blocked(key_id)
    return remote.verified_signer(method=method, path=path, headers=headers, body=b"", actor_uri=key_id.split("#")[0])
