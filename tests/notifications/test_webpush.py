"""Web Push end to end: a push service started by the test (a thread on 127.0.0.1) receives what the instance sends
to a device whose keys the test made; the test decrypts it as a browser would (RFC 8291, written here from the RFC,
not with the instance's code) and checks the VAPID signature (RFC 8292) with the instance's public key."""

import base64
import json
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ValidationError

from parvis.notifications import push, webpush
from parvis.notifications.models import Kind, Notification, PushKey, PushSubscription
from parvis.notifications.notify import notify
from parvis.notifications.services import notification_channels_set
from parvis.spaces.models import Visibility
from parvis.spaces.services.memberships import space_leave
from tests.factories import add_member


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hkdf(salt, ikm, info, length):
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def browser_decrypt(body: bytes, private_key, auth_secret: bytes) -> bytes:
    """The receiving side of RFC 8291 §3.4 and RFC 8188 §2, with `cryptography`'s own HKDF."""
    salt, record_size, id_length = body[:16], struct.unpack("!I", body[16:20])[0], body[20]
    sender_public = body[21 : 21 + id_length]
    record = body[21 + id_length :]
    assert record_size >= 18 and len(record) <= record_size
    ua_public = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    shared = private_key.exchange(
        ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender_public)
    )
    ikm = hkdf(auth_secret, shared, b"WebPush: info\x00" + ua_public + sender_public, 32)
    key = hkdf(salt, ikm, b"Content-Encoding: aes128gcm\x00", 16)
    nonce = hkdf(salt, ikm, b"Content-Encoding: nonce\x00", 12)
    plain = AESGCM(key).decrypt(nonce, record, None).rstrip(b"\x00")
    assert plain.endswith(b"\x02")  # the last (and only) record
    return plain[:-1]


def test_encryption_gives_the_rfc_8291_example_byte_for_byte():
    sender = ec.derive_private_key(
        int.from_bytes(b64d("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"), "big"), ec.SECP256R1()
    )
    body = webpush.encrypt(
        b"When I grow up, I want to be a watermelon",
        p256dh="BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
        auth="BTBZMqHH6r4Tts7J_aSIgg",
        salt=b64d("DGv6ra1nlYgDCS1FRnbzlw"),
        sender_key=sender,
    )
    assert b64e(body) == (
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_"
        "yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
    )


class PushService:
    """A push service on 127.0.0.1: records each request, answers `status` (201, or 410 for a gone device)."""

    def __init__(self):
        self.received = []
        self.status = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                service.received.append((self.path, dict(self.headers), body))
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def push_service(settings):
    settings.PARVIS_PUSH_ALLOW_LOCAL = True
    service = PushService()
    yield service
    service.stop()


@pytest.fixture
def device(push_service, neighbour):
    """A browser of the neighbour: its own P-256 key pair and authentication secret, made by the test."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    public = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    secret = b"0123456789abcdef"
    subscription = push.push_subscription_register(
        user=neighbour,
        endpoint=f"{push_service.origin}/push/device-1",
        p256dh=b64e(public),
        auth=b64e(secret),
        user_agent="Mozilla/5.0 (Android 14; Mobile) Firefox/130.0",
    )
    return subscription, private_key, secret


def verify_vapid(authorization: str, origin: str) -> dict:
    scheme, _space, rest = authorization.partition(" ")
    assert scheme == "vapid"
    fields = dict(part.strip().split("=", 1) for part in rest.split(","))
    assert fields["k"] == PushKey.objects.get().public_key  # the instance's key, created at first use
    header, claims, signature = fields["t"].split(".")
    raw = b64d(signature)
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64d(fields["k"]))
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))  # raises when forged
    assert json.loads(b64d(header)) == {"typ": "JWT", "alg": "ES256"}
    decoded = json.loads(b64d(claims))
    assert decoded["aud"] == origin and decoded["exp"] > time.time() and decoded["sub"].startswith("mailto:")
    return decoded


@pytest.fixture
def private_post(inhabitant, neighbour, spaces, publish):
    space = spaces[Visibility.MEMBERS]
    add_member(space, neighbour)
    return publish(author=inhabitant, space=space, body="Réunion du bureau jeudi, ordre du jour en pièce jointe.")


def test_a_notification_reaches_the_device_encrypted_signed_and_minimal(
    push_service, device, private_post, inhabitant, neighbour, django_capture_on_commit_callbacks
):
    subscription, private_key, secret = device
    assert subscription.label == "Firefox, Android"
    notification_channels_set(user=neighbour, choices={"mention": {"in_app", "push"}})
    with django_capture_on_commit_callbacks(execute=True):
        notify("post", private_post, inhabitant, [neighbour], Kind.MENTION)
    [(path, headers, body)] = push_service.received
    assert path == "/push/device-1"
    assert headers["Content-Encoding"] == "aes128gcm" and int(headers["TTL"]) > 0
    verify_vapid(headers["Authorization"], push_service.origin)
    payload = json.loads(browser_decrypt(body, private_key, secret))
    notification = Notification.objects.get(recipient=neighbour)
    assert payload == {"title": notification.text, "url": "http://localhost:8000" + private_post.get_absolute_url()}
    assert "ordre du jour" not in json.dumps(payload)  # the title says who and where, never the post's text
    subscription.refresh_from_db()
    assert subscription.last_success_at is not None and notification.pushed_at is not None


def test_a_device_the_push_service_says_is_gone_is_removed(
    push_service, device, private_post, inhabitant, neighbour, django_capture_on_commit_callbacks
):
    push_service.status = 410
    notification_channels_set(user=neighbour, choices={"mention": {"push"}})
    with django_capture_on_commit_callbacks(execute=True):
        notify("post", private_post, inhabitant, [neighbour], Kind.MENTION)
    assert len(push_service.received) == 1
    assert not PushSubscription.objects.exists()


def test_no_push_for_what_the_person_can_no_longer_read(
    push_service, device, private_post, inhabitant, neighbour, django_capture_on_commit_callbacks
):
    notification_channels_set(user=neighbour, choices={"mention": {"push"}})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify("post", private_post, inhabitant, [neighbour], Kind.MENTION)
    space_leave(space=private_post.space, user=neighbour)  # before the task runs
    for callback in callbacks:
        callback()
    assert push_service.received == []


def test_no_push_unless_the_person_chose_it(
    push_service, device, private_post, inhabitant, neighbour, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify("post", private_post, inhabitant, [neighbour], Kind.MENTION)  # mentions: site and e-mail by default
    assert push_service.received == []
    assert Notification.objects.get(recipient=neighbour).pushed_at is not None


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://push.example.org/x",  # not https
        "https://10.0.0.5/x",  # a private network
        "https://[::1]/x",
        "https://user:secret@push.example.org/x",
        "https://push.example.org/" + "a" * 1000,
        "javascript:alert(1)",
        "http://127.0.0.1:9/x",  # local, and the settings do not allow it here
    ],
)
def test_hostile_endpoints_are_refused_with_a_message(endpoint, neighbour):
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    public = key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    with pytest.raises(ValidationError) as refused:
        push.push_subscription_register(user=neighbour, endpoint=endpoint, p256dh=b64e(public), auth=b64e(b"x" * 16))
    assert list(refused.value.message_dict) == ["endpoint"] and refused.value.messages[0]
    assert not PushSubscription.objects.exists()


def test_bad_keys_are_refused(neighbour):
    with pytest.raises(ValidationError):
        push.push_subscription_register(
            user=neighbour, endpoint="https://push.example.org/x", p256dh=b64e(b"\x04" + b"1" * 64), auth="abc"
        )


def test_the_signature_is_checked_for_real():
    """The check above would notice a signature by another key (the test is not vacuous)."""
    other = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(InvalidSignature):
        other.public_key().verify(encode_dss_signature(1, 1), b"x", ec.ECDSA(hashes.SHA256()))
