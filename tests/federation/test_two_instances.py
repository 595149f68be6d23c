"""Two Parvis instances federating over real HTTP: this one (the test's live server) and a second one started in a
subprocess on another port, with its own SQLite file. Every request between them is signed and verified."""

import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from parvis.agenda.services.events import event_create
from parvis.federation.models import Delivery, DeliveryState, Follower
from parvis.posts.models import Comment
from parvis.posts.services import post_create
from parvis.spaces.models import JoinPolicy, Nature, Visibility
from parvis.spaces.services.spaces import space_create
from tests.e2e.instance import _listening_socket, instance_environment
from tests.factories import make_user

REPO = Path(__file__).resolve().parents[2]

CREATE_PERSON = """
from parvis.accounts.models import User
from parvis.federation.services import person_federation_set
user = User.objects.create_user(email="alix@deux.example", display_name="Alix", handle="alix")
person_federation_set(user=user, enabled=True)
"""


class SecondInstance:
    def __init__(self, root: Path, database: Path):
        self.root = root
        self.sock = _listening_socket()
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        shutil.copyfile(database, root / "db.sqlite3")
        self.env = {**instance_environment(root, self.url), "PARVIS_FEDERATION_ALLOW_LOOPBACK": "1"}
        self.process = None

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=REPO, env=self.env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def start(self) -> None:
        self.log = (self.root / "server.log").open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "parvis.wsgi:application",
                f"--bind=fd://{self.sock.fileno()}",
                "--workers=1",
                "--threads=4",
                f"--chdir={REPO}",
            ],
            cwd=REPO,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            pass_fds=(self.sock.fileno(),),
        )

    def rows(self, query: str, *params) -> list[tuple]:
        with sqlite3.connect(self.root / "db.sqlite3") as connection:
            return connection.execute(query, params).fetchall()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.sock.close()

    def log_tail(self) -> str:
        return (self.root / "server.log").read_text(errors="replace")[-3000:]


@pytest.fixture
def second(tmp_path, migrated_sqlite):
    root = tmp_path / "deux"
    root.mkdir()
    instance = SecondInstance(root, migrated_sqlite)
    instance.manage("shell", "-c", CREATE_PERSON)
    instance.start()
    yield instance
    instance.stop()


@pytest.mark.django_db(transaction=True)
def test_a_public_event_reaches_a_second_instance_and_a_reply_comes_back(live_server, settings, second, beauvais):
    # The live server answers on 127.0.0.1 (the address the second instance may reach in tests).
    here = live_server.url.replace("localhost", "127.0.0.1")
    settings.PARVIS_BASE_URL = here
    settings.PARVIS_FEDERATION_ALLOW_LOOPBACK = True
    owner = make_user("asso@example.org", display_name="Comité des fêtes", home_commune=beauvais)
    spaces = {
        visibility: space_create(
            creator=owner,
            name=f"Comité {visibility}",
            nature=Nature.ASSOCIATIF,
            territory=beauvais,
            visibility=visibility,
            join_policy=JoinPolicy.OPEN if visibility == Visibility.PUBLIC else JoinPolicy.REQUEST,
        )
        for visibility in (Visibility.PUBLIC, Visibility.MEMBERS)
    }
    public = spaces[Visibility.PUBLIC]
    host = here.removeprefix("http://")

    # Alix, on the second instance, follows the public group here: Follow, then Accept, both signed and verified.
    second.manage("federation", "follow", "alix", f"@{public.slug}@{host}")
    assert Follower.objects.filter(actor_id=public.pk, remote__uri=f"{second.url}/ap/personnes/alix").exists()
    assert second.rows("select accepted from federation_following") == [(1,)], second.log_tail()

    start = timezone.now().replace(microsecond=0) + timedelta(days=5)
    event_create(
        creator=owner,
        space=public,
        title="Brocante de la Saint-Jean",
        start=start,
        end=start + timedelta(hours=6),
        venue_name="Place Jeanne-Hachette",
        address="Place Jeanne-Hachette",
        latitude=Decimal("49.430100"),
        longitude=Decimal("2.081600"),
    )
    event_create(
        creator=owner,
        space=spaces[Visibility.MEMBERS],
        title="Assemblée générale réservée",
        start=start,
        end=start + timedelta(hours=2),
        venue_name="Salle du comité",
    )
    post = post_create(author=owner, space=public, body="Inscriptions ouvertes pour la brocante")

    arrived = second.rows(
        "select name, start, place_name, latitude from federation_receivedobject where object_type = 'Event'"
    )
    assert len(arrived) == 1, second.log_tail()
    name, arrived_start, place, latitude = arrived[0]
    assert name == "Brocante de la Saint-Jean" and place == "Place Jeanne-Hachette"
    assert arrived_start.startswith(start.astimezone(UTC).strftime("%Y-%m-%d %H:%M"))
    assert latitude == pytest.approx(49.4301)
    # Every delivery that left, read whole: the members-only event is in none of them, and none failed.
    deliveries = list(Delivery.objects.all())
    assert deliveries and all(d.state == DeliveryState.SENT for d in deliveries)
    assert not any("réservée" in str(d.body) or "Salle du comité" in str(d.body) for d in deliveries)
    assert not second.rows("select 1 from federation_receivedobject where name like '%réservée%'")

    # Alix answers the post from the second instance: it lands here as a comment, under Alix's remote name.
    second.manage(
        "federation", "reply", "alix", f"{here}/ap/objets/publication/{post.pk}", "J'y serai avec mon stand !"
    )
    comment = Comment.objects.get(post=post)
    assert "J'y serai avec mon stand" in comment.body_html
    assert f"@alix@{second.url.removeprefix('http://')}" in comment.author.display_name
