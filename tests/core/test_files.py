"""Files written during a transaction that rolls back are removed; a file replaced in it survives the rollback."""

import pytest
from django.core.files.base import ContentFile

from parvis.accounts.models import User
from parvis.core.files import atomic_with_files, file_delete_on_commit, file_save


class Refused(Exception):
    pass


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def files_in(folder) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_a_file_saved_in_a_block_that_raises_is_removed(media, inhabitant):
    with pytest.raises(Refused), atomic_with_files():
        file_save(inhabitant.avatar, "a.jpg", ContentFile(b"image"))
        assert files_in(media)
        raise Refused
    assert files_in(media) == []


def test_a_nested_block_hands_its_files_to_the_one_that_fails_later(media, inhabitant):
    with pytest.raises(Refused), atomic_with_files():
        with atomic_with_files():
            file_save(inhabitant.avatar, "a.jpg", ContentFile(b"image"))
        raise Refused
    assert files_in(media) == []


def test_a_block_that_succeeds_keeps_its_files(media, inhabitant):
    with atomic_with_files():
        file_save(inhabitant.avatar, "a.jpg", ContentFile(b"image"))
    assert len(files_in(media)) == 1


def test_a_replaced_file_is_deleted_only_after_commit(media, inhabitant, django_capture_on_commit_callbacks):
    inhabitant.avatar.save("old.jpg", ContentFile(b"old"))
    old = inhabitant.avatar.name
    with pytest.raises(Refused), django_capture_on_commit_callbacks(execute=True), atomic_with_files():
        file_delete_on_commit(inhabitant.avatar)
        raise Refused
    assert files_in(media) == [old]
    with django_capture_on_commit_callbacks(execute=True), atomic_with_files():
        user = User.objects.get(pk=inhabitant.pk)
        file_delete_on_commit(user.avatar)
        user.save()
    assert files_in(media) == []
    assert not User.objects.get(pk=inhabitant.pk).avatar
