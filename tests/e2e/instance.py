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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def instance_environment(root: Path) -> dict[str, str]:
    """Production settings on plain local HTTP, everything the instance writes kept under `root`."""
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
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SQLITE_PATH=str(root / "db.sqlite3"),
        STATIC_ROOT=str(root / "static"),
        MEDIA_ROOT=str(root / "media"),
        # Mails land in files the journeys read (the verification link); tasks run inline so that they are sent.
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(root / "mail"),
        PARVIS_TASKS="immediate",
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
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
        subprocess.run(
            [PYTHON, "manage.py", *command], cwd=REPO, env=env, check=True, capture_output=True, text=True, timeout=300
        )


@dataclass
class Instance:
    root: Path
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen | None = None

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
            env=instance_environment(self.root),
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
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
                f"--bind=127.0.0.1:{self.port}",
                # Two workers as on the 2-core servers Parvis is sized for; threads so that a page's
                # stylesheet and script load while the page itself is served.
                "--workers=2",
                "--threads=4",
                "--timeout=60",
                # No limit on the request line: the fuzzer's long query strings must reach Parvis, whose answers
                # are under test; gunicorn would refuse them first with a 400 of its own (4,094 bytes by default).
                "--limit-request-line=0",
                f"--chdir={REPO}",
            ],
            cwd=REPO,
            env=instance_environment(self.root),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response,  # noqa: S310 - local URL
            ):
                if response.status == 200:
                    return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz within 30 s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

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
