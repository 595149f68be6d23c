"""Backups that restore (`parvis backup`, `parvis restore`): the drill backs up a populated instance, restores it in
another process into a new database and new media folders, backs that up again and compares the two manifests:
rows per model, the data dump's checksum and every media file's. It runs on the engine of the suite (SQLite, or
PostgreSQL when DATABASE_URL names it), as production would."""

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from parvis.accounts.services import profile_update
from parvis.agenda.services.rsvps import rsvp_set
from parvis.core.backup import NOT_SAVED, BackupError, backup, restore
from parvis.messaging.services import conversation_start, message_send
from parvis.posts.services import post_create
from tests.conftest import give_totp
from tests.factories import add_member, jpeg, make_event, make_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def french():
    """The sentences of the archive's checks are asserted in French, the instance's language."""
    with translation.override("fr"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "public"
    settings.PARVIS_PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def populated(media, spaces, inhabitant, neighbour):
    """An instance with people, groups, posts with public and private photos, an event and its answers, a private
    conversation with an attachment and a second factor."""
    add_member(spaces["secret"], neighbour)
    add_member(spaces["public"], neighbour)
    post_create(author=inhabitant, space=spaces["public"], body="Le marché", photos=[(jpeg(), "Le marché")])
    post_create(author=inhabitant, space=spaces["secret"], body="Le secret", photos=[(jpeg(), "Le lavoir")])
    event = make_event(inhabitant, spaces["public"], "Fête du quartier")
    # Times must travel to the microsecond: one under a millisecond, one that milliseconds would round away.
    type(event).objects.filter(pk=event.pk).update(
        created_at=event.created_at.replace(microsecond=456), updated_at=event.updated_at.replace(microsecond=123456)
    )
    rsvp_set(user=neighbour, event=event, status="going")
    conversation = conversation_start(initiator=neighbour, participants=[inhabitant], first_message="Bonjour")
    message_send(sender=inhabitant, conversation=conversation, body="", image=jpeg(), image_alt="Le lavoir")
    for number in range(5):
        make_user(f"habitant{number}@example.org", display_name=f"Habitant {number}")
    give_totp(inhabitant)
    profile_update(
        user=neighbour,
        display_name="Voisine",
        bio="",
        home_commune=neighbour.home_commune,
        quartier=None,
        residence=None,
        profile_visibility=neighbour.profile_visibility,
        avatar=jpeg(size=(300, 300)),
    )  # an avatar: the public media storage


def _new_database(folder: Path) -> tuple[str, callable]:
    """A new, empty database of the suite's engine for the restored instance, and how to drop it."""
    if connection.vendor == "sqlite":
        return "sqlite:///" + str(folder / "restored.sqlite3"), None
    import psycopg  # only on PostgreSQL

    params = connection.get_connection_params()
    name = f"parvis_restore_{uuid.uuid4().hex[:12]}"
    server = {key: params[key] for key in ("host", "port", "user", "password") if params.get(key)}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    user = params.get("user", "")
    auth = f"{user}:{params['password']}@" if params.get("password") else (f"{user}@" if user else "")
    return f"postgres://{auth}{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}", drop


def _parvis(*args, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    """`parvis …` in its own process, on another database and media folders, as an operator runs it."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root / "public"),
        "PARVIS_PRIVATE_MEDIA_ROOT": str(media_root / "private"),
        "DEBUG": "1",
        "SECRET_KEY": django_settings.SECRET_KEY,
        "PARVIS_TASKS": "immediate",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "parvis", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=540
    )


def _event_times(archive: Path) -> tuple[str, str]:
    """The microseconds of the event's creation and last change, as the archive holds them."""
    with tarfile.open(archive, "r:gz") as tar:
        for line in tar.extractfile("data.jsonl"):
            row = json.loads(line)
            if row["model"] == "agenda.event":
                fields = row["fields"]
                return tuple(
                    (fields[name].split(".")[1][:6] if "." in fields[name] else "")
                    for name in ("created_at", "updated_at")
                )
    raise AssertionError("no event in the archive")


def _data_lines(archive: Path) -> list[str]:
    with tarfile.open(archive, "r:gz") as tar:
        return tar.extractfile("data.jsonl").read().decode().splitlines()


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def test_a_backup_restores_into_a_new_database_and_media_with_the_same_counts_and_checksums(populated, tmp_path):
    archive = tmp_path / "parvis.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    manifest = _manifest(archive)
    assert manifest["counts"]["accounts.user"] >= 7
    assert manifest["counts"]["posts.post"] == 2
    assert manifest["counts"]["mfa.authenticator"] == 1
    assert manifest["media"]["public"] and manifest["media"]["private"]  # the secret group's photo is private

    database_url, drop = _new_database(tmp_path)
    restored = tmp_path / "restored"
    try:
        result = _parvis("restore", str(archive), database_url=database_url, media_root=restored)
        assert result.returncode == 0, result.stderr
        again = tmp_path / "again.tar.gz"
        result = _parvis("backup", str(again), database_url=database_url, media_root=restored)
        assert result.returncode == 0, result.stderr
        second = _manifest(again)
        saved = {label: count for label, count in manifest["counts"].items() if label not in NOT_SAVED}
        assert {label: second["counts"].get(label) for label in saved} == saved
        assert second["media"] == manifest["media"]
        if second["data"]["sha256"] != manifest["data"]["sha256"]:  # name the rows that differ, not just the digest
            before, after = _data_lines(archive), _data_lines(again)
            assert [line for line in after if line not in before] == [line for line in before if line not in after]
            assert after == before
        assert _event_times(again) == _event_times(archive) == ("000456", "123456")
        # The same archive once more: the target now holds data, and nothing is written over it.
        result = _parvis("restore", str(archive), database_url=database_url, media_root=restored)
        assert result.returncode != 0
        assert "n'est pas vide" in result.stderr
    finally:
        if drop is not None:
            drop()


def test_the_manifest_counts_rows_and_hashes_the_data_and_each_private_file(populated, tmp_path):
    archive = tmp_path / "parvis.tar.gz"
    manifest = backup(archive)
    with tarfile.open(archive, "r:gz") as tar:
        names = set(tar.getnames())
        for label, files in manifest["media"].items():
            for name, digest in files.items():
                content = tar.extractfile(f"media/{label}/{name}").read()
                assert hashlib.sha256(content).hexdigest() == digest
    assert "data.jsonl" in names and "manifest.json" in names
    assert all(label not in manifest["saved"] for label in NOT_SAVED)


def test_an_existing_file_is_never_overwritten_by_a_backup(populated, tmp_path):
    archive = tmp_path / "parvis.tar.gz"
    archive.write_bytes(b"precious")
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.read_bytes() == b"precious"


def test_a_missing_folder_gets_a_sentence(db, tmp_path):
    with pytest.raises(CommandError, match="n'existe pas"):
        call_command("backup", str(tmp_path / "absent" / "parvis.tar.gz"), stdout=io.StringIO())


def _rewrite(source: Path, target: Path, change) -> None:
    """A copy of the archive where `change(name, bytes)` returns each member's new content (None drops it)."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            content = change(member.name, old.extractfile(member).read())
            if content is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(content)
            new.addfile(info, io.BytesIO(content))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda name, data: data + b"x" if name == "data.jsonl" else data, "endommagé"),
        (lambda name, data: b"\0" + data if name.startswith("media/private/") else data, "endommagé"),
        (lambda name, data: None if name.startswith("media/public/") else data, "manquent"),
        (lambda name, data: None if name == "manifest.json" else data, "pas une sauvegarde"),
        (
            lambda name, data: data.replace(b'"format": 1', b'"format": 99') if name == "manifest.json" else data,
            "format",
        ),
    ],
    ids=["data", "private file", "missing file", "no manifest", "format"],
)
def test_a_damaged_archive_is_refused_before_anything_is_written(populated, tmp_path, change, message):
    archive = tmp_path / "parvis.tar.gz"
    backup(archive)
    damaged = tmp_path / "damaged.tar.gz"
    _rewrite(archive, damaged, change)
    # The database of the test is not empty either: the archive's damage is found first, before the target is read.
    with pytest.raises(BackupError, match=message):
        restore(damaged)


def test_a_member_outside_the_media_folders_is_refused(populated, tmp_path):
    archive = tmp_path / "parvis.tar.gz"
    backup(archive)
    escape = "../../escape.txt"
    with tarfile.open(archive, "r:gz") as tar:
        members = {member.name: tar.extractfile(member).read() for member in tar}
    manifest = json.loads(members.pop("manifest.json"))
    manifest["media"]["public"][escape] = hashlib.sha256(b"x").hexdigest()
    members[f"media/public/{escape}"] = b"x"
    members["manifest.json"] = json.dumps(manifest).encode()
    hostile = tmp_path / "hostile.tar.gz"
    with tarfile.open(hostile, "w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    with pytest.raises(BackupError, match="en dehors"):
        restore(hostile)
    assert not (tmp_path.parent / "escape.txt").exists()


@pytest.mark.parametrize("content", [b"", b"not a backup", gzip.compress(b"not a tar")], ids=["empty", "text", "gzip"])
def test_a_file_that_is_not_a_backup_gets_a_sentence(db, tmp_path, content):
    path = tmp_path / "backup.tar.gz"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("restore", str(path), stdout=io.StringIO())
    assert "sauvegarde" in str(error.value)


def test_a_missing_archive_gets_a_sentence(db, tmp_path):
    with pytest.raises(CommandError, match="n'existe pas"):
        call_command("restore", str(tmp_path / "absent.tar.gz"), stdout=io.StringIO())
