import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from parvis.federation.models import RemoteActor
from parvis.federation.signatures import new_key_pair, sign


@pytest.fixture(autouse=True)
def _loopback(settings):
    settings.PARVIS_FEDERATION_ALLOW_LOOPBACK = True


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...`: what the block leaves to run after commit (syncs, deliveries) runs at its end, as
    it would when the request's transaction commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


class RemoteServer:
    """A real HTTP server on 127.0.0.1 standing for another instance: it serves the documents the test gives it
    and keeps every request it receives."""

    def __init__(self):
        self.documents: dict[str, tuple[int, str, bytes]] = {}
        self.received: list[tuple[str, dict, bytes]] = []
        self.fetched: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.fetched.append((self.path, dict(self.headers)))
                status, content_type, body = server.documents.get(self.path, (404, "text/plain", b"no"))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                server.received.append((self.path, dict(self.headers), body))
                self.send_response(202)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def serve_json(self, path: str, document, status: int = 200, content_type: str = "application/activity+json"):
        body = document if isinstance(document, bytes) else json.dumps(document).encode()
        self.documents[path] = (status, content_type, body)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def remote_server():
    server = RemoteServer()
    yield server
    server.close()


class RemoteAccount:
    """An account of the remote server, with its key pair, its actor document served there."""

    def __init__(self, server: RemoteServer, name: str = "alix"):
        self.server = server
        self.private_pem, self.public_pem = new_key_pair()
        self.uri = f"{server.url}/users/{name}"
        self.inbox = self.uri + "/inbox"
        self.document = {
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": self.uri,
            "type": "Person",
            "preferredUsername": name,
            "name": name.title(),
            "inbox": self.inbox,
            "publicKey": {"id": self.uri + "#main-key", "owner": self.uri, "publicKeyPem": self.public_pem},
        }
        server.serve_json(f"/users/{name}", self.document)

    def signed(self, url: str, activity: dict, *, private_pem: str | None = None) -> dict:
        body = json.dumps(activity).encode()
        headers = sign(
            method="POST",
            url=url,
            body=body,
            key_id=self.uri + "#main-key",
            private_pem=private_pem or self.private_pem,
        )
        return {"body": body, "headers": headers}

    def signed_get(self, url: str, *, private_pem: str | None = None) -> dict:
        """Test-client keyword arguments for a GET of `url` signed by this account."""
        headers = sign(
            method="GET", url=url, body=b"", key_id=self.uri + "#main-key", private_pem=private_pem or self.private_pem
        )
        return {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}

    def cached(self) -> RemoteActor:
        return RemoteActor.objects.create(
            uri=self.uri,
            domain=self.server.url.split("//")[1],
            inbox=self.inbox,
            key_id=self.uri + "#main-key",
            public_pem=self.public_pem,
            actor_type="Person",
            username="alix",
            fetched_at=timezone.now(),
        )


@pytest.fixture
def alix(remote_server):
    return RemoteAccount(remote_server)


def post_to_inbox(client, path: str, signed: dict):
    """POST a signed request as a remote server would (Host and Date as it signed them); what the request leaves
    to run after commit (an Accept's delivery) runs."""
    from django.test.testcases import TestCase

    headers = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in signed["headers"].items()}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(path, data=signed["body"], content_type="application/activity+json", **headers)
