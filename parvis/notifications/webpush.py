"""Web Push from the instance to a person's devices: the message encryption of RFC 8291 (aes128gcm, RFC 8188), the
VAPID signature of RFC 8292, and the checks on the push service's address a browser gave us.

The address (the subscription's endpoint) comes from a browser, so it is hostile input: only https, bounded, and
sent through the one safe fetcher (`core.fetch.post_url`), which refuses private and local addresses. Tests that
start a push service on 127.0.0.1 set PARVIS_PUSH_ALLOW_LOCAL; never in production.

Only `cryptography` is used (already a dependency for the field encryption): the whole protocol fits in this file
and is held to the RFC's own example (tests/notifications/test_webpush.py).
"""

import base64
import ipaddress
import json
import os
import struct
import time
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import hashes, hmac, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from parvis.core.fetch import is_public_address

MAX_ENDPOINT_LENGTH = 1000
RECORD_SIZE = 4096
# How long a push service keeps a message for a device that is off (seconds): a notification older than a day is
# on the site anyway.
TIME_TO_LIVE = 86400


class PushEndpointRefused(ValueError):
    """The address is not one we send to; the message says why, for the person."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def check_endpoint(endpoint: str) -> str:
    """The endpoint if we may send to it, else PushEndpointRefused. Name resolution is checked again at each send
    by the safe fetcher; this refuses at once what no network answer could make acceptable."""
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > MAX_ENDPOINT_LENGTH:
        raise PushEndpointRefused("bad length")
    parts = urlsplit(endpoint)
    if parts.username or parts.password or not parts.hostname:
        raise PushEndpointRefused("no host")
    if parts.scheme == "https":
        host = parts.hostname
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return endpoint  # a name: the safe fetcher checks what it resolves to, at each send
        if is_public_address(address):
            return endpoint
        raise PushEndpointRefused("private address")
    if parts.scheme == "http" and settings.PARVIS_PUSH_ALLOW_LOCAL and parts.hostname == "127.0.0.1":
        return endpoint
    raise PushEndpointRefused("not https")


def check_keys(p256dh: str, auth: str) -> None:
    """The browser's keys must be a P-256 point and a 16-byte secret, or encryption would fail at every send."""
    try:
        public = b64url_decode(p256dh)
        secret = b64url_decode(auth)
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public)
    except (ValueError, TypeError) as error:
        raise PushEndpointRefused("bad keys") from error
    if len(public) != 65 or len(secret) != 16:
        raise PushEndpointRefused("bad keys")


# --- RFC 8291: message encryption -----------------------------------------------------------------------------------


def _hmac_sha256(key: bytes, data: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SHA256())
    mac.update(data)
    return mac.finalize()


def _hkdf(salt: bytes, ikm: bytes, info: bytes, length: int) -> bytes:
    """HKDF-SHA256 with one expand block (every length here is at most 32 bytes)."""
    prk = _hmac_sha256(salt, ikm)
    return _hmac_sha256(prk, info + b"\x01")[:length]


def _public_bytes(key) -> bytes:
    return key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def encrypt(payload: bytes, *, p256dh: str, auth: str, salt: bytes | None = None, sender_key=None) -> bytes:
    """The body of a push message for one device: header (salt, record size, our ephemeral public key) and one
    aes128gcm record. `salt` and `sender_key` are for the RFC's example only; otherwise both are new each time."""
    ua_public = b64url_decode(p256dh)
    auth_secret = b64url_decode(auth)
    salt = salt if salt is not None else os.urandom(16)
    sender_key = sender_key if sender_key is not None else ec.generate_private_key(ec.SECP256R1())
    as_public = _public_bytes(sender_key.public_key())
    shared = sender_key.exchange(ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), ua_public))
    ikm = _hkdf(auth_secret, shared, b"WebPush: info\x00" + ua_public + as_public, 32)
    key = _hkdf(salt, ikm, b"Content-Encoding: aes128gcm\x00", 16)
    nonce = _hkdf(salt, ikm, b"Content-Encoding: nonce\x00", 12)
    if len(payload) + 17 > RECORD_SIZE:
        raise ValueError("a push payload fits in one record")
    record = AESGCM(key).encrypt(nonce, payload + b"\x02", None)  # 0x02: the last record, no padding
    return salt + struct.pack("!IB", RECORD_SIZE, len(as_public)) + as_public + record


# --- RFC 8292: VAPID ------------------------------------------------------------------------------------------------


def new_key_pair() -> tuple[str, str]:
    """(private key as PEM, public key as base64url uncompressed point)."""
    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")
    return pem, b64url(_public_bytes(private.public_key()))


def vapid_authorization(endpoint: str, *, private_pem: str, public_key: str, subject: str) -> str:
    """The `Authorization` header: a JWT (ES256) whose audience is the push service's origin, valid 12 hours."""
    parts = urlsplit(endpoint)
    claims = {"aud": f"{parts.scheme}://{parts.netloc}", "exp": int(time.time()) + 12 * 3600, "sub": subject}
    header = b64url(json.dumps({"typ": "JWT", "alg": "ES256"}, separators=(",", ":")).encode())
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{body}".encode("ascii")
    private = serialization.load_pem_private_key(private_pem.encode("ascii"), password=None)
    r, s = decode_dss_signature(private.sign(signing_input, ec.ECDSA(hashes.SHA256())))
    signature = b64url(r.to_bytes(32, "big") + s.to_bytes(32, "big"))  # JWS wants r||s, not DER
    return f"vapid t={header}.{body}.{signature}, k={public_key}"
