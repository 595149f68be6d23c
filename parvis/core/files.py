"""Files and transactions. A file is written at once, a row only at commit: Django has no on_rollback, so the files
saved inside `atomic_with_files` are listed and deleted if the block raises, and files replaced or removed are
deleted only once the transaction has committed. A page that fails half-way leaves no orphan on the disk, and a
rolled-back change never loses the file the row still points to."""

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar

from django.db import transaction
from django.db.models.fields.files import FieldFile

_written: ContextVar[list | None] = ContextVar("parvis_files_written", default=None)


@contextmanager
def atomic_with_files() -> Iterator[None]:
    """`transaction.atomic` (also as a decorator) whose files saved with `file_save` are deleted if it raises.
    Nested blocks hand their files to the enclosing one when they succeed."""
    parent = _written.get()
    written: list = []
    token = _written.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in written:
            with suppress(OSError):
                storage.delete(name)
        raise
    finally:
        _written.reset(token)
    if parent is not None:
        parent.extend(written)


def file_save(field_file: FieldFile, name: str, content) -> None:
    """Save the file without saving the row; inside `atomic_with_files`, it is deleted again on a rollback."""
    field_file.save(name, content, save=False)
    written = _written.get()
    if written is not None:
        written.append((field_file.storage, field_file.name))


def file_delete_on_commit(field_file: FieldFile) -> None:
    """Forget the file on the row now and delete it from the disk once the transaction commits (never before: a
    rollback would leave the row pointing to nothing)."""
    if not field_file:
        return
    storage, name = field_file.storage, field_file.name
    setattr(field_file.instance, field_file.field.attname, "")
    transaction.on_commit(lambda: storage.delete(name))


def walk(storage, folder: str = ""):
    """Every file name in a storage (or below `folder`), through the storage API: the filesystem and S3 alike."""
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from walk(storage, f"{folder}/{directory}" if folder else directory)
