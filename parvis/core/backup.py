"""Backups that restore: the database and both media storages (public and private) in one tar.gz, with a manifest of
the rows per model and the SHA-256 of the data dump and of every file.

The data is Django's own serialisation (JSON lines, foreign keys to content types and permissions by natural key,
every other key as it is), not a dump of one engine: the same archive restores into SQLite or PostgreSQL, and
`loaddata` resets PostgreSQL's sequences. Content types, permissions and sessions are not saved: `migrate` makes the
first two again on the target, and a restore signs everybody out. Media go through the storage API, so the
filesystem and S3 are read alike.

A restore checks the whole archive (every checksum) before it writes anything, writes only into an empty database
and empty storages, refuses an archive made by another set of migrations, and counts the rows again after loading."""

import datetime
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from .files import walk
from .media import private_storage

FORMAT = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
MEDIA_PREFIX = "media"
# Made again by `migrate` on the target (content types, permissions), or not worth restoring (sessions).
NOT_SAVED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# Tables whose rows `migrate` makes by itself on an empty database (an app's post_migrate handler registers them
# with `made_by_migrate`), saved all the same: a target the operator already migrated holds them, and the archive's
# rows (the instance's own) replace them.
MADE_BY_MIGRATE: set[str] = set()
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A sentence for the operator: why the archive or the target was refused. Nothing was written."""


def made_by_migrate(label: str) -> None:
    MADE_BY_MIGRATE.add(label)


def storages() -> dict:
    return {"public": default_storage, "private": private_storage()}


def _models():
    """Every table Django manages, many-to-many tables included (they are counted; their rows travel with their
    model's serialisation)."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        yield model


def _saved_models() -> list:
    app_list = [(config, None) for config in apps.get_app_configs()]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.label_lower not in NOT_SAVED and not model._meta.proxy and model._meta.managed
    ]


def row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    tables = set(connections[using].introspection.table_names())
    return {
        model._meta.label_lower: model._base_manager.using(using).count()
        for model in _models()
        if model._meta.db_table in tables
    }


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files() -> Iterator[tuple[str, object, str]]:
    for label, storage in storages().items():
        try:
            names = sorted(walk(storage))
        except FileNotFoundError:  # a storage nothing was ever written to
            continue
        for name in names:
            yield label, storage, name


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond (ECMA-262's format). A restore would lose the microseconds that
    order rows (keyset pages, "newest first"), and a time of fewer than 1,000 microseconds would be written
    "…38.000Z" before and "…38Z" after a restore: the same data, another checksum. Times travel whole."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def _dump(stream, using: str) -> None:
    for model in _saved_models():
        rows = model._base_manager.using(using).order_by("pk").iterator(chunk_size=2000)
        serializers.serialize("jsonl", rows, stream=stream, use_natural_foreign_keys=True, cls=ExactEncoder)


@contextmanager
def _snapshot(using: str):
    """One consistent view of the database for the whole dump: PostgreSQL's repeatable read (a read-only
    transaction that blocks nobody); on SQLite the transaction Parvis opens holds the write lock until the dump ends,
    so writers wait (the busy timeout) rather than change rows half-way."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def backup(target: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write the archive to `target` (a new file) and return its manifest."""
    target = Path(target)
    if target.exists():
        raise BackupError(_("%(path)s already exists: choose a new file name.") % {"path": target})
    if not target.parent.is_dir():
        raise BackupError(_("The folder %(path)s does not exist.") % {"path": target.parent})
    with tempfile.TemporaryDirectory(prefix="parvis-backup-") as work:
        data_path = Path(work) / DATA
        with _snapshot(using):
            with data_path.open("w", encoding="utf-8") as stream:
                _dump(stream, using)
            counts = row_counts(using)
            migrations = applied_migrations(using)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": connections[using].vendor,
            "migrations": migrations,
            "counts": counts,
            "saved": [model._meta.label_lower for model in _saved_models()],
            "data": {"name": DATA, "sha256": _sha256_file(data_path), "bytes": data_path.stat().st_size},
            "media": {label: {} for label in storages()},
        }
        partial = target.with_name(target.name + ".partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(data_path, arcname=DATA)
                for label, storage, name in _media_files():
                    with storage.open(name, "rb") as source:
                        digest, size, spooled = _copy_hashing(source)
                    with spooled:
                        info = tarfile.TarInfo(f"{MEDIA_PREFIX}/{label}/{name}")
                        info.size = size
                        info.mtime = int(timezone.now().timestamp())
                        archive.addfile(info, spooled)
                    manifest["media"][label][name] = digest
                body = json.dumps(manifest, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(body)
                info.mtime = int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(body))
            partial.rename(target)  # a half-written archive never carries the final name
        except OSError as error:
            raise BackupError(
                _("The archive cannot be written to %(path)s: %(reason)s.") % {"path": target, "reason": error.strerror}
            ) from error
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def _copy_hashing(source):
    digest = hashlib.sha256()
    spooled = tempfile.SpooledTemporaryFile(max_size=8 * CHUNK)  # noqa: SIM115 (the caller closes it)
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        spooled.write(chunk)
        size += len(chunk)
    spooled.seek(0)
    return digest.hexdigest(), size, spooled


@dataclass
class Checked:
    manifest: dict
    data_path: Path
    # (label, name) -> the archive member holding the file
    members: dict


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name and "\x00" not in name


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
        manifest = json.loads(archive.extractfile(member).read(16 * CHUNK))
    except (KeyError, AttributeError, ValueError) as error:
        raise BackupError(_("This file is not a Parvis backup: it has no readable manifest.")) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("This backup was written in a format this version of Parvis does not read."))
    for key, kind in (("counts", dict), ("media", dict), ("data", dict), ("migrations", list), ("saved", list)):
        if not isinstance(manifest.get(key), kind):
            raise BackupError(_("The manifest of this backup is incomplete (%(key)s).") % {"key": key})
    return manifest


def check_archive(path: Path, work: Path) -> Checked:
    """Read the whole archive and compare every checksum with the manifest; extract the data dump into `work`."""
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 (closed by the `with` below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(_("%(path)s cannot be read as a backup (a tar.gz archive).") % {"path": path}) from error
    with archive:
        manifest = _read_manifest(archive)
        expected = {
            f"{MEDIA_PREFIX}/{label}/{name}": (label, name, digest)
            for label, files in manifest["media"].items()
            if label in storages() and isinstance(files, dict)
            for name, digest in files.items()
        }
        members, data_path = {}, None
        try:
            for member in archive:
                if member.name == MANIFEST:
                    continue
                if not member.isfile() or (member.name != DATA and member.name not in expected):
                    raise BackupError(
                        _("This backup holds a file its manifest does not list: %(name)s.") % {"name": member.name}
                    )
                if member.name == DATA:
                    data_path = work / DATA
                    with archive.extractfile(member) as source, data_path.open("wb") as copy:
                        shutil.copyfileobj(source, copy, CHUNK)
                    if _sha256_file(data_path) != manifest["data"].get("sha256"):
                        raise BackupError(_("The data of this backup is damaged: its checksum does not match."))
                    continue
                label, name, digest = expected[member.name]
                if not _safe_name(name):
                    raise BackupError(
                        _("This backup names a file outside the media folder: %(name)s.") % {"name": name}
                    )
                with archive.extractfile(member) as source:
                    found = hashlib.sha256()
                    while chunk := source.read(CHUNK):
                        found.update(chunk)
                if found.hexdigest() != digest:
                    raise BackupError(_("The file %(name)s of this backup is damaged.") % {"name": name})
                members[(label, name)] = member.name
        except (OSError, EOFError, tarfile.TarError, zlib.error) as error:
            raise BackupError(_("This backup is truncated or damaged: it cannot be read to the end.")) from error
    if data_path is None:
        raise BackupError(_("This backup has no data."))
    missing = [name for (_label, name, _digest) in expected.values() if (_label, name) not in members]
    if missing:
        raise BackupError(
            _("Files listed in the manifest are missing from this backup: %(names)s.")
            % {"names": ", ".join(missing[:5])}
        )
    return Checked(manifest=manifest, data_path=data_path, members=members)


def target_rows(using: str) -> list[str]:
    """The tables of the target that already hold rows, besides those `migrate` fills by itself (NOT_SAVED and
    MADE_BY_MIGRATE)."""
    tables = set(connections[using].introspection.table_names())
    return [
        model._meta.label_lower
        for model in _models()
        if model._meta.db_table in tables
        and model._meta.label_lower not in NOT_SAVED
        and model._meta.label_lower not in MADE_BY_MIGRATE
        and model._base_manager.using(using).exists()
    ]


def target_files() -> list[str]:
    return [f"{label}/{name}" for label, _storage, name in _media_files()]


def _refuse_unless_empty(using: str) -> None:
    rows = target_rows(using)
    if rows:
        raise BackupError(
            _("The database is not empty (%(tables)s): a backup is restored only into an empty database.")
            % {"tables": ", ".join(rows[:5])}
        )
    files = target_files()
    if files:
        raise BackupError(
            _("The media folders are not empty (%(files)s): a backup is restored only into empty folders.")
            % {"files": ", ".join(files[:5])}
        )


def restore(path: Path, *, using: str = DEFAULT_DB_ALIAS, stdout=None) -> dict:
    """Restore the archive into an empty database and empty media storages; returns the manifest once the rows
    counted again match it."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("%(path)s does not exist or is not a file.") % {"path": path})
    with tempfile.TemporaryDirectory(prefix="parvis-restore-") as work:
        checked = check_archive(path, Path(work))
        manifest = checked.manifest
        _refuse_unless_empty(using)
        call_command("migrate", database=using, interactive=False, verbosity=0)
        if applied_migrations(using) != sorted(manifest["migrations"]):
            raise BackupError(
                _(
                    "This backup was made by another version of Parvis (its migrations differ): restore it with "
                    "the version that made it, then upgrade."
                )
            )
        _refuse_unless_empty(using)
        with transaction.atomic(using=using):
            for label in MADE_BY_MIGRATE:
                apps.get_model(label)._base_manager.using(using).all().delete()
            call_command("loaddata", str(checked.data_path), database=using, verbosity=0)
        with tarfile.open(path, "r:gz") as archive:
            for (label, name), member_name in checked.members.items():
                storage = storages()[label]
                with archive.extractfile(member_name) as source:
                    saved = storage.save(name, File(source, name=name))
                if saved != name:
                    raise BackupError(_("The file %(name)s could not be restored under its name.") % {"name": name})
    differences = count_differences(manifest, using)
    if differences:
        raise BackupError(
            _("After the restore, these counts differ from the backup's: %(models)s.")
            % {"models": ", ".join(differences[:5])}
        )
    return manifest


def count_differences(manifest: dict, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    counts = row_counts(using)
    return [
        f"{label} ({counts.get(label, 0)} ≠ {expected})"
        for label, expected in manifest["counts"].items()
        if label not in NOT_SAVED and counts.get(label, 0) != expected
    ]
