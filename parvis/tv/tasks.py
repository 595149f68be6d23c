"""The transcoding, in the background (the project's task pipeline; inline under PARVIS_TASKS=immediate).

One run claims the video (`claim`, set only from queued or processing: a video ready or failed is left alone), works
in a fresh local folder, writes its files at fixed names in the private storage, and marks the video ready only if
its claim still holds. A worker that crashed half-way leaves the video "processing": running the task again (a
retry, `video_requeue`) starts over in a fresh folder and overwrites the same names, so nothing is duplicated.
"""

import logging
import shutil
import time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from . import ffmpeg
from .models import State, Video
from .services import new_claim, upload_path, video_published, work_folder
from .storage import delete_outputs, put, storage_name

logger = logging.getLogger(__name__)

POSTER_WIDTH = 1280
THUMBNAIL_WIDTH = 320
MP4_HEIGHT = 720  # the fallback for browsers without HLS: one file, at most 720 lines


@task()
def video_transcode(*, video_id: int) -> str:
    claim = new_claim()
    claimed = Video.objects.filter(pk=video_id, state__in=[State.QUEUED, State.PROCESSING]).update(
        state=State.PROCESSING, claim=claim, progress=0, failure=""
    )
    if not claimed:
        return "skipped"
    video = Video.objects.select_related("channel").get(pk=video_id)
    source = upload_path(video)
    output = work_folder(video) / "out"
    shutil.rmtree(output, ignore_errors=True)
    output.mkdir(parents=True)
    try:
        files = _transcode(video, source, output, claim)
    except (ffmpeg.ProbeError, ffmpeg.TranscodeError, OSError) as error:
        logger.warning("transcoding of video %s failed: %s", video_id, error)
        Video.objects.filter(pk=video_id, claim=claim).update(
            state=State.FAILED,
            failure=_("The video could not be prepared for playing. Try again, or send it in another format."),
        )
        return "failed"
    finally:
        shutil.rmtree(output, ignore_errors=True)
    finished = Video.objects.filter(pk=video_id, claim=claim, state=State.PROCESSING).update(
        state=State.READY,
        progress=100,
        published_at=timezone.now(),
        renditions=files["renditions"],
        poster=files["poster"],
        thumbnail=files["thumbnail"],
    )
    if not finished:
        return "superseded"
    # The received file is no longer needed: the renditions are what is played.
    source.unlink(missing_ok=True)
    video_published(video_id=video_id)
    return "ready"


def _transcode(video: Video, source, output, claim: str) -> dict:
    probe = ffmpeg.probe(source)
    heights = ffmpeg.rendition_heights(probe.height)
    mp4_height = max([height for height in heights if height <= MP4_HEIGHT] or [heights[0]])
    # Each rendition and the MP4 read the whole source once: progress counts those passes.
    passes = len(heights) + 1
    deadline = time.monotonic() + probe.duration * settings.PARVIS_TV_TIME_FACTOR + 600
    # What one run may write: generous for the bit-rates asked, but bounded whatever the file says of itself.
    max_bytes = int(probe.duration * sum(ffmpeg.BITRATES.get(h, 800) for h in heights) * 1000 / 8 * 3) + 50_000_000
    done = {"passes": 0, "last": 0}

    def report(seconds: float) -> None:
        share = min(1.0, seconds / probe.duration) if probe.duration else 0
        percent = int(99 * (done["passes"] + share) / passes)
        if percent > done["last"]:
            done["last"] = percent
            Video.objects.filter(pk=video.pk, claim=claim).update(progress=percent)

    sizes = {}
    for height in heights:
        folder = output / str(height)
        folder.mkdir()
        ffmpeg.run(
            ffmpeg.hls_command(source, probe, height, folder),
            deadline=deadline,
            folder=output,
            max_bytes=max_bytes,
            on_seconds=report,
        )
        done["passes"] += 1
        width = round(probe.width * height / probe.height)
        sizes[height] = (width + width % 2, height)
    ffmpeg.run(
        ffmpeg.mp4_command(source, probe, mp4_height, output / "video.mp4"),
        deadline=deadline,
        folder=output,
        max_bytes=max_bytes,
        on_seconds=report,
    )
    at = min(probe.duration / 3, 5.0)
    for name, width in (("poster.jpg", min(POSTER_WIDTH, probe.width)), ("thumbnail.jpg", THUMBNAIL_WIDTH)):
        ffmpeg.run(
            ffmpeg.picture_command(source, probe, at, width, output / name),
            deadline=deadline,
            folder=output,
            max_bytes=max_bytes,
        )
    (output / "master.m3u8").write_text(ffmpeg.master_playlist(heights, sizes))
    # Files from an earlier, interrupted run are removed first (captions, kept apart, stay).
    delete_outputs(video)
    for path in sorted(output.rglob("*")):
        if path.is_file():
            put(video, str(path.relative_to(output)), path)
    return {
        "renditions": heights,
        "poster": storage_name(video, "poster.jpg"),
        "thumbnail": storage_name(video, "thumbnail.jpg"),
    }
