"""Starting the test identity provider (tests/oidc_provider.py) in a second process, and the settings that name it."""

import contextlib
import json
import socket
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CLIENT_ID = "parvis-test"
SECRET = "test-secret-not-for-production"
HERE = Path(__file__).parent


@dataclass
class LocalProvider:
    url: str
    process: subprocess.Popen

    def next_person(self, **claims) -> None:
        """Who the provider signs in at the next authorisation."""
        request = urllib.request.Request(  # noqa: S310 - the local test provider
            f"{self.url}/_person",
            data=json.dumps(claims).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request) as response:  # noqa: S310
            assert response.status == 200

    def config(self, *, provider_id: str = "franceconnect", name: str = "FranceConnect", **extra) -> dict:
        """The entry of PARVIS_OIDC_PROVIDERS for this provider."""
        return {
            "id": provider_id,
            "name": name,
            "issuer": self.url,
            "client_id": CLIENT_ID,
            "secret": SECRET,
            **extra,
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def local_provider():
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [
            sys.executable,
            str(HERE / "oidc_provider.py"),
            "--port",
            str(port),
            "--client-id",
            CLIENT_ID,
            "--secret",
            SECRET,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout.readline().strip() == "ready"
        yield LocalProvider(url=f"http://127.0.0.1:{port}", process=process)
    finally:
        process.terminate()
        process.wait()
