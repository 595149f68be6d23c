"""Where a video's files live: the transcoder's under `tv/<video key>/media/` of the private storage (captions beside
them in `captions/`, uploaded by people), at fixed names, so that a transcoding
run again (after a crash, a retry) replaces its files instead of adding copies. Read by `views.video_file` after the
visibility rule, never by a public URL."""

import re
from pathlib import Path

from django.core.files import File

from parvis.core.media import private_storage

# The names a video's files may have: what the file view serves, and nothing else of the storage.
SERVED = re.compile(
    r"^(?:master\.m3u8|\d{1,4}/index\.m3u8|\d{1,4}/seg_\d{4}\.ts|video\.mp4|poster\.jpg|thumbnail\.jpg"
    r"|captions/[a-z-]{2,12}\.vtt)$"
)


def storage_name(video, name: str) -> str:
    return f"{video.storage_prefix}/media/{name}"


def put(video, name: str, path: Path) -> str:
    """Save a local file under the video's fixed name (replacing a file left by an earlier run)."""
    storage = private_storage()
    target = storage_name(video, name)
    if storage.exists(target):
        storage.delete(target)
    with open(path, "rb") as handle:
        saved = storage.save(target, File(handle))
    return saved


def delete_outputs(video, *, captions: bool = False) -> None:
    """The transcoder's files of the video (a run starting over), and its captions too when it is deleted."""
    storage = private_storage()
    _delete_tree(storage, f"{video.storage_prefix}/media")
    if captions:
        _delete_tree(storage, f"{video.storage_prefix}/captions")


def _delete_tree(storage, folder: str) -> None:
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        storage.delete(f"{folder}/{name}")
    for name in folders:
        _delete_tree(storage, f"{folder}/{name}")
