"""A real Parvis demo instance for the browser checks: its own SQLite file, gunicorn, production settings.

The demo database is built once (`migrate`, `territories import --instance`, `demo`, `collectstatic`) and copied
for each instance, so that the crawler, the journeys and the fuzzer each start from the same pristine demo
(what the fuzzer writes never shows up in the crawl) without paying for the build three times.
"""

import contextlib
import email
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from email import policy
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
DEMO_PASSWORD = "parvis-demo-2026"
INHABITANT = "habitant@demo.parvis.test"
AGENT = "agent@demo.parvis.test"
OPERATOR = "operateur@demo.parvis.test"
# The demo operator's authenticator secret, published with the demo (parvis/site/demo/people.py).
OPERATOR_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - documented demo secret
# Turns a hang into a failure; nothing that works, however loaded the machine, comes near it.
HANG_GUARD_S = 15 * 60


def _listening_socket() -> socket.socket:
    """A socket already bound to a free port, handed to gunicorn as is: choosing a port, closing it and letting
    gunicorn bind it later would let another run beside this one (or anything else) take it in between."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


def _secret_key(root: Path) -> str:
    """One secret per instance, kept beside its database: the demo is built by one process and served by another,
    and the second factors it stores are sealed with a key derived from the secret (no PARVIS_FIELD_KEY here)."""
    path = root / "secret-key"
    if not path.exists():
        root.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text()


def instance_environment(root: Path, base_url: str = "") -> dict[str, str]:
    """Production settings on plain local HTTP, everything the instance writes kept under `root`; links in e-mails
    and feeds start with `base_url`, the address the instance is served on (`PARVIS_BASE_URL`)."""
    env = {
        key: value
        for key, value in os.environ.items()
        # The developer's or CI's services must not leak in: this instance is SQLite, local cache, inline tasks.
        if key not in {"DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "DJANGO_SETTINGS_MODULE", "PARVIS_TESTING"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="parvis.settings",
        PARVIS_TESTING="0",
        DEBUG="0",
        PARVIS_HTTPS="0",
        SECRET_KEY=_secret_key(root),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SQLITE_PATH=str(root / "db.sqlite3"),
        STATIC_ROOT=str(root / "static"),
        MEDIA_ROOT=str(root / "media"),
        # Mails land in files the journeys read (the verification link); tasks run inline so that they are sent.
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(root / "mail"),
        PARVIS_TASKS="immediate",
        # Nothing here may depend on how fast the machine is. Rate limits count actions per window of the wall
        # clock (a fast run reaches them, a slow one does not), and allauth asks again for the password five
        # minutes after signing in (a slow crawl meets its pages, a fast one does not): both are off here and
        # tested by the unit tests; the crawl visits the re-authentication page on purpose (test_pages.py).
        PARVIS_RATE_LIMITS="0",
        PARVIS_ACCOUNT_RATE_LIMITS="0",
        PARVIS_REAUTHENTICATION_TIMEOUT=str(10 * 365 * 24 * 3600),
        # The style guide is a development page; the crawl checks it like every other page.
        PARVIS_STYLE_GUIDE="1",
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if base_url:
        env["PARVIS_BASE_URL"] = base_url
    return env


def build_demo(root: Path) -> None:
    """The demo database and the collected static files, in `root`."""
    root.mkdir(parents=True, exist_ok=True)
    env = instance_environment(root)
    for command in (
        ["migrate", "--no-input"],
        ["territories", "import", "--instance"],
        ["demo"],
        ["collectstatic", "--no-input"],
    ):
        # No time limit: on a loaded machine the import and the demo take what they take, and they end or fail.
        subprocess.run([PYTHON, "manage.py", *command], cwd=REPO, env=env, check=True, capture_output=True, text=True)


@dataclass
class Instance:
    root: Path
    sock: socket.socket = field(default_factory=_listening_socket)
    process: subprocess.Popen | None = None

    @property
    def port(self) -> int:
        return self.sock.getsockname()[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def mail_dir(self) -> Path:
        return self.root / "mail"

    @property
    def log_path(self) -> Path:
        return self.root / "server.log"

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=REPO,
            env=instance_environment(self.root, self.url),
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                PYTHON,
                "-m",
                "gunicorn",
                "tests.e2e.served:application",
                f"--bind=fd://{self.sock.fileno()}",
                # Two workers as on the 2-core servers Parvis is sized for; threads so that a page's
                # stylesheet and script load while the page itself is served.
                "--workers=2",
                "--threads=4",
                # No worker timeout: a request slowed down by a loaded machine is served, not killed.
                "--timeout=0",
                # No limit on the request line: the fuzzer's long query strings must reach Parvis, whose answers
                # are under test; gunicorn would refuse them first with a 400 of its own (4,094 bytes by default).
                "--limit-request-line=0",
                f"--chdir={REPO}",
            ],
            cwd=REPO,
            env=instance_environment(self.root, self.url),
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=(self.sock.fileno(),),
        )
        # Until gunicorn answers or exits, however long a loaded machine takes to start it; the guard only turns a
        # hang into a failure.
        deadline = time.monotonic() + HANG_GUARD_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{self.url}/healthz", timeout=HANG_GUARD_S) as response,  # noqa: S310
            ):
                if response.status == 200:
                    return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz in {HANG_GUARD_S} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.sock.close()

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return "(no server log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def mails_to(self, address: str) -> list[email.message.EmailMessage]:
        """Every mail the instance sent to `address`, oldest first (the file back-end writes one file per batch)."""
        found = []
        if not self.mail_dir.exists():
            return found
        for path in sorted(self.mail_dir.iterdir(), key=lambda p: p.stat().st_mtime):
            # The file back-end separates messages with a line of 79 dashes.
            for chunk in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
                if not chunk.strip():
                    continue
                message = email.message_from_string(chunk.lstrip("\n"), policy=policy.default)
                if address.lower() in str(message.get("To", "")).lower():
                    found.append(message)
        return found


def start_instance(template: Path, root: Path) -> Instance:
    """A running instance on a copy of the demo built in `template`."""
    shutil.copytree(template, root)
    instance = Instance(root=root)
    instance.start()
    return instance
