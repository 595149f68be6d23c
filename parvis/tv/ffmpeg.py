"""ffmpeg from the `imageio-ffmpeg` wheel (no system package): what a file holds, and the commands that transcode it.

ffmpeg reads only the uploaded file: `-protocol_whitelist file` (no network, no `pipe:` for input), demuxers limited
to the video containers people upload (`-format_whitelist`, then `-f` forced with the probed one, so that a file
cannot pass for a playlist or a concatenation list that would name other files of the server), a time bound on
every run and a size bound on what it writes. The probe reads ffmpeg's own description of its input (stderr of
`ffmpeg -i file`): the wheel ships no ffprobe, and the description's lines are stable across ffmpeg releases.
"""

import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg

# Demuxers accepted: MP4/MOV (phones, cameras), Matroska/WebM, AVI, MPEG-TS, Ogg. The first name of each is what
# ffmpeg prints for the input and what `-f` takes.
DEMUXERS = ("mov", "matroska", "avi", "mpegts", "ogg")
PROBE_SECONDS = 60
RENDITION_HEIGHTS = (360, 720, 1080)
# Video bit-rate ceiling per rendition (kb/s), for the HLS master playlist's BANDWIDTH and the encoder's cap.
BITRATES = {360: 800, 720: 2500, 1080: 5000}
AUDIO_KBPS = 96


class ProbeError(Exception):
    """The file is not a video ffmpeg reads (message for the log; the services say it in words)."""


class TranscodeError(Exception):
    pass


def executable() -> str:
    return imageio_ffmpeg.get_ffmpeg_exe()


def input_arguments(path: Path, demuxer: str | None = None) -> list[str]:
    arguments = ["-nostdin", "-hide_banner", "-protocol_whitelist", "file", "-format_whitelist", ",".join(DEMUXERS)]
    if demuxer:
        arguments += ["-f", demuxer]
    return [*arguments, "-i", str(path)]


@dataclass(frozen=True)
class Probe:
    demuxer: str
    duration: float
    width: int
    height: int
    has_audio: bool


DURATION = re.compile(r"^\s*Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)", re.MULTILINE)
INPUT = re.compile(r"^Input #0, ([\w,]+), from ", re.MULTILINE)
VIDEO = re.compile(r"^\s*Stream #0:\d+.*?: Video: .*?, (\d{2,5})x(\d{2,5})", re.MULTILINE)
AUDIO = re.compile(r"^\s*Stream #0:\d+.*?: Audio: ", re.MULTILINE)
TIME = re.compile(r"time=(\d+):(\d\d):(\d\d(?:\.\d+)?)")


def _seconds(hours: str, minutes: str, seconds: str) -> float:
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def probe(path: Path) -> Probe:
    """What the file holds, read from its content. ProbeError when ffmpeg reads no video stream in it."""
    try:
        run = subprocess.run(  # noqa: S603 (a fixed executable, the file's path as one argument)
            [executable(), *input_arguments(path)], capture_output=True, timeout=PROBE_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise ProbeError("probe timed out") from error
    text = run.stderr.decode("utf-8", errors="replace")
    container, video = INPUT.search(text), VIDEO.search(text)
    if container is None or video is None:
        raise ProbeError(text.strip().splitlines()[-1] if text.strip() else "no output")
    demuxer = next((name for name in container.group(1).split(",") if name in DEMUXERS), None)
    if demuxer is None:
        raise ProbeError(f"demuxer {container.group(1)} not accepted")
    found = DURATION.search(text)
    duration = _seconds(*found.groups()) if found else _decoded_duration(path, demuxer)
    if duration <= 0:
        raise ProbeError("no duration")
    return Probe(
        demuxer=demuxer,
        duration=duration,
        width=int(video.group(1)),
        height=int(video.group(2)),
        has_audio=AUDIO.search(text) is not None,
    )


def _decoded_duration(path: Path, demuxer: str) -> float:
    """A container that states no duration (a stream cut from a live recording): read its packets through, without
    decoding them, and take the last time ffmpeg reports."""
    command = [executable(), *input_arguments(path, demuxer), "-map", "0:v:0", "-c", "copy", "-f", "null", "-"]
    try:
        run = subprocess.run(command, capture_output=True, timeout=PROBE_SECONDS * 5, check=False)  # noqa: S603
    except subprocess.TimeoutExpired as error:
        raise ProbeError("reading the duration timed out") from error
    times = TIME.findall(run.stderr.decode("utf-8", errors="replace"))
    return _seconds(*times[-1]) if times else 0.0


def rendition_heights(source_height: int) -> list[int]:
    """360p, 720p and 1080p as far as the source allows, never upscaled; a source below 360 lines keeps its own
    height (even, as H.264 wants)."""
    heights = [height for height in RENDITION_HEIGHTS if height <= source_height]
    return heights or [max(2, source_height - source_height % 2)]


def hls_command(source: Path, probe: Probe, height: int, folder: Path) -> list[str]:
    rate = BITRATES.get(height, BITRATES[360])
    command = [executable(), "-y", *input_arguments(source, probe.demuxer), "-map", "0:v:0"]
    if probe.has_audio:
        command += ["-map", "0:a:0"]
    return [
        *command,
        *_stripped_video(height, rate),
        *(_audio() if probe.has_audio else []),
        "-f", "hls",
        "-hls_time", "4",
        "-hls_playlist_type", "vod",
        "-hls_segment_filename", str(folder / "seg_%04d.ts"),
        "-progress", "pipe:1", "-nostats", "-loglevel", "error",
        str(folder / "index.m3u8"),
    ]  # fmt: skip


def mp4_command(source: Path, probe: Probe, height: int, target: Path) -> list[str]:
    command = [executable(), "-y", *input_arguments(source, probe.demuxer), "-map", "0:v:0"]
    if probe.has_audio:
        command += ["-map", "0:a:0"]
    return [
        *command,
        *_stripped_video(height, BITRATES.get(height, BITRATES[360])),
        *(_audio() if probe.has_audio else []),
        "-movflags", "+faststart",
        "-progress", "pipe:1", "-nostats", "-loglevel", "error",
        str(target),
    ]  # fmt: skip


def picture_command(source: Path, probe: Probe, at: float, width: int, target: Path) -> list[str]:
    return [
        executable(), "-y", "-ss", f"{at:.2f}", *input_arguments(source, probe.demuxer),
        "-frames:v", "1", "-map_metadata", "-1", "-vf", f"scale={width}:-2", "-q:v", "4",
        "-loglevel", "error", str(target),
    ]  # fmt: skip


def _stripped_video(height: int, kbps: int) -> list[str]:
    # No metadata (place, device, names) and no chapters carried over from the phone's file.
    return [
        "-map_metadata", "-1", "-map_chapters", "-1",
        "-vf", f"scale=-2:{height}",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
        "-maxrate", f"{kbps}k", "-bufsize", f"{kbps * 2}k",
        # A key frame every 2 seconds at most: segments start on one, and renditions switch in step.
        "-force_key_frames", "expr:gte(t,n_forced*2)",
    ]  # fmt: skip


def _audio() -> list[str]:
    return ["-c:a", "aac", "-b:a", f"{AUDIO_KBPS}k", "-ac", "2"]


def master_playlist(heights: list[int], sizes: dict[int, tuple[int, int]]) -> str:
    lines = ["#EXTM3U", "#EXT-X-VERSION:3"]
    for height in heights:
        width, _height = sizes[height]
        bandwidth = (BITRATES.get(height, BITRATES[360]) + AUDIO_KBPS) * 1000
        lines += [f"#EXT-X-STREAM-INF:BANDWIDTH={bandwidth},RESOLUTION={width}x{height}", f"{height}/index.m3u8"]
    return "\n".join(lines) + "\n"


OUT_TIME = re.compile(rb"^out_time_(?:us|ms)=(\d+)$")


def run(command: list[str], *, deadline: float, folder: Path, max_bytes: int, on_seconds=None) -> None:
    """Run one ffmpeg command, calling `on_seconds(done)` as it reports its position; stopped past `deadline`
    (time.monotonic) or once `folder` holds more than `max_bytes`."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603
    try:
        for line in process.stdout:
            found = OUT_TIME.match(line.strip())
            if found and on_seconds is not None:
                on_seconds(int(found.group(1)) / 1_000_000)
            if time.monotonic() > deadline:
                raise TranscodeError("took too long")
            if folder_size(folder) > max_bytes:
                raise TranscodeError("output too large")
        remaining = max(1.0, deadline - time.monotonic())
        _out, errors = process.communicate(timeout=remaining)
    except subprocess.TimeoutExpired as error:
        raise TranscodeError("took too long") from error
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if process.returncode != 0:
        raise TranscodeError(errors.decode("utf-8", errors="replace").strip()[-300:] or "ffmpeg failed")


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def test_pattern(target: Path, *, seconds: int, size: str, rate: int = 10, metadata: dict | None = None) -> Path:
    """A generated clip (colour bars, a counter and a tone) in MP4: the demo's videos, the tests' and the bench's."""
    command = [executable(), "-y", "-loglevel", "error", "-f", "lavfi", "-i"]
    command += [f"testsrc=duration={seconds}:size={size}:rate={rate}", "-f", "lavfi", "-i"]
    command += [f"sine=frequency=440:duration={seconds}", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"]
    for name, value in (metadata or {}).items():
        command += ["-metadata", f"{name}={value}"]
    subprocess.run([*command, "-shortest", str(target)], check=True, timeout=300)  # noqa: S603
    return target
