"""HTTP signatures as the fediverse signs its requests (draft-cavage-http-signatures-12, rsa-sha256, as Mastodon
and Mobilizon do): the signed string covers `(request-target) host date digest`, and the Digest header covers the
body, so neither the target, the body nor the time can be changed without the remote actor's private key."""

import base64
import hashlib
import re
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.utils import timezone

SIGNED_HEADERS = ("(request-target)", "host", "date", "digest")
# A signed request older (or further in the future) than this is refused: a captured request cannot be replayed
# later, and the activity ids already seen refuse it within the window.
DATE_WINDOW_SECONDS = 300


class SignatureError(Exception):
    """The request's signature is missing, malformed, stale or false; the message is the reason, for the log."""


def new_key_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private_pem, public_pem


def digest(body: bytes) -> str:
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()


def _signed_string(names, method: str, path: str, headers: dict[str, str]) -> str:
    lines = []
    for name in names:
        if name == "(request-target)":
            lines.append(f"(request-target): {method.lower()} {path}")
        else:
            value = headers.get(name)
            if value is None:
                raise SignatureError(f"signed header missing: {name}")
            lines.append(f"{name}: {value}")
    return "\n".join(lines)


def sign(*, method: str, url: str, body: bytes, key_id: str, private_pem: str) -> dict[str, str]:
    """The headers that sign a request to `url` (Host, Date, Digest, Signature)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    headers = {"host": parts.netloc, "date": format_datetime(timezone.now(), usegmt=True), "digest": digest(body)}
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    signature = key.sign(
        _signed_string(SIGNED_HEADERS, method, path, headers).encode(), padding.PKCS1v15(), hashes.SHA256()
    )
    value = (
        f'keyId="{key_id}",algorithm="rsa-sha256",headers="{" ".join(SIGNED_HEADERS)}",'
        f'signature="{base64.b64encode(signature).decode()}"'
    )
    return {"Host": headers["host"], "Date": headers["date"], "Digest": headers["digest"], "Signature": value}


def parse_signature(value: str) -> dict[str, str]:
    fields = dict(re.findall(r'(\w+)="([^"]*)"', value or ""))
    if not {"keyId", "signature"} <= fields.keys():
        raise SignatureError("no usable Signature header")
    if fields.get("algorithm", "rsa-sha256") not in {"rsa-sha256", "hs2019"}:
        raise SignatureError(f"algorithm not supported: {fields['algorithm'][:40]}")
    return fields


def verify(*, method: str, path: str, headers: dict[str, str], body: bytes, public_pem: str) -> None:
    """Raise SignatureError unless the request is signed by the key, covers the required headers, its Digest
    matches the body and its Date is within the window. `headers` have lower-case names."""
    fields = parse_signature(headers.get("signature", ""))
    names = fields.get("headers", "date").lower().split()
    missing = [name for name in SIGNED_HEADERS if name not in names]
    if method.upper() != "POST":
        missing = [name for name in missing if name != "digest"]
    if missing:
        raise SignatureError(f"the signature does not cover: {' '.join(missing)}")
    if "digest" in names and headers.get("digest", "") != digest(body):
        raise SignatureError("the Digest header does not match the body")
    try:
        sent = parsedate_to_datetime(headers.get("date", ""))
    except (TypeError, ValueError) as error:
        raise SignatureError("no valid Date header") from error
    if sent is None or sent.tzinfo is None:
        raise SignatureError("no valid Date header")
    if abs((timezone.now() - sent).total_seconds()) > DATE_WINDOW_SECONDS:
        raise SignatureError("the Date header is outside the accepted window")
    try:
        key = serialization.load_pem_public_key(public_pem.encode())
        if not isinstance(key, rsa.RSAPublicKey):
            raise SignatureError("the key is not an RSA key")
        key.verify(
            base64.b64decode(fields["signature"], validate=True),
            _signed_string(names, method, path, headers).encode(),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
    except InvalidSignature as error:
        raise SignatureError("the signature does not match") from error
    except ValueError as error:
        raise SignatureError("malformed key or signature") from error
