"""The transcoding task: restartable after a crash without duplicates, and left alone once done."""

import re

import pytest
from django.core.files.base import ContentFile

from parvis.core.media import private_storage
from parvis.tv import tasks
from parvis.tv.models import State, Video
from parvis.tv.services import video_receive, video_start
from parvis.tv.tasks import video_transcode


def stored_names(video) -> list[str]:
    storage, names = private_storage(), []

    def walk(folder):
        folders, files = storage.listdir(folder)
        names.extend(f"{folder}/{name}" for name in files)
        for name in folders:
            walk(f"{folder}/{name}")

    walk(video.storage_prefix)
    return sorted(names)


@pytest.mark.django_db
def test_a_run_interrupted_by_a_crash_is_run_again_without_duplicates(
    inhabitant, channel, clip2, django_capture_on_commit_callbacks
):
    # Received, and the transcoding queued but not run (the worker is down).
    with django_capture_on_commit_callbacks(execute=False):
        video = video_start(author=inhabitant, channel=channel, title="Vœux", visibility="public", size=len(clip2))
        video = video_receive(actor=inhabitant, video=video, start=0, total=len(clip2), chunk=clip2)
    assert video.state == State.QUEUED
    # A worker started it and died half-way: the row says "processing", files of that run are left behind.
    Video.objects.filter(pk=video.pk).update(state=State.PROCESSING, claim="ancien", progress=40)
    storage = private_storage()
    for name in ("media/master.m3u8", "media/108/seg_0000.ts", "media/108/seg_0042.ts"):
        storage.save(f"{video.storage_prefix}/{name}", ContentFile(b"reste d'un essai"))

    assert video_transcode.call(video_id=video.pk) == "ready"
    video.refresh_from_db()
    assert video.state == State.READY and video.progress == 100 and video.claim != "ancien"
    names = stored_names(video)
    assert f"{video.storage_prefix}/media/108/seg_0042.ts" not in names  # the dead run's leftovers are gone
    # Each file at its own name: none saved beside an older one under a name Django made up ("master_a1B2c3D.m3u8").
    assert not [name for name in names if re.search(r"_[A-Za-z0-9]{7}\.\w+$", name)]
    with storage.open(f"{video.storage_prefix}/media/master.m3u8") as master:
        assert master.read().startswith(b"#EXTM3U")
    # A second delivery of the same task (a retry, a duplicate) leaves the ready video alone.
    assert video_transcode.call(video_id=video.pk) == "skipped"
    assert stored_names(video) == names


@pytest.mark.django_db
def test_a_run_whose_claim_was_taken_over_does_not_finish(
    inhabitant, channel, clip2, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=False):
        video = video_start(author=inhabitant, channel=channel, title="Vœux", visibility="public", size=len(clip2))
        video = video_receive(actor=inhabitant, video=video, start=0, total=len(clip2), chunk=clip2)
    original = tasks._transcode

    def overtaken(video, source, output, claim):
        files = original(video, source, output, claim)
        # Meanwhile, another worker claimed the video (a requeue): this run must not mark it ready.
        Video.objects.filter(pk=video.pk).update(claim="autre")
        return files

    monkeypatch.setattr(tasks, "_transcode", overtaken)
    assert video_transcode.call(video_id=video.pk) == "superseded"
    assert Video.objects.get(pk=video.pk).state == State.PROCESSING
