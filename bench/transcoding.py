"""`python -m bench.transcoding`: how fast this machine transcodes for the web TV, per rendition, on one core.

A generated 20-second 1080p clip (25 images a second, with a tone) goes through the very commands of
`parvis.tv.ffmpeg` (HLS at 360p, 720p and 1080p, then the MP4), each held to one encoder thread. The figure is the
ratio of the clip's duration to the time taken: "12.0×" means one core transcodes 12 minutes of video a minute at
that rendition. Several cores work on several videos at once (one worker each). The ratio is taken on the CPU time
ffmpeg used (user + system), so that other work on the machine does not lower it; the wall-clock time is shown
beside it."""

import argparse
import resource
import tempfile
import time
from pathlib import Path

from parvis.tv import ffmpeg


def _one_thread(command: list[str]) -> list[str]:
    # Before the output (the last argument): one encoder thread and one filter thread.
    return [*command[:-1], "-threads", "1", "-filter_threads", "1", command[-1]]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(seconds: int = 20, size: str = "1920x1080", rate: int = 25) -> list[tuple[str, float, float]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        source = ffmpeg.test_pattern(folder / "source.mp4", seconds=seconds, size=size, rate=rate)
        probe = ffmpeg.probe(source)
        for height in ffmpeg.rendition_heights(probe.height):
            out = folder / str(height)
            out.mkdir()
            started, cpu = time.perf_counter(), _cpu()
            ffmpeg.run(
                _one_thread(ffmpeg.hls_command(source, probe, height, out)),
                deadline=time.monotonic() + 3600,
                folder=out,
                max_bytes=10**10,
            )
            elapsed, used = time.perf_counter() - started, _cpu() - cpu
            rows.append((f"HLS {height}p", elapsed, probe.duration / used))
        started, cpu = time.perf_counter(), _cpu()
        ffmpeg.run(
            _one_thread(ffmpeg.mp4_command(source, probe, 720, folder / "video.mp4")),
            deadline=time.monotonic() + 3600,
            folder=folder,
            max_bytes=10**10,
        )
        elapsed, used = time.perf_counter() - started, _cpu() - cpu
        rows.append(("MP4 720p", elapsed, probe.duration / used))
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.transcoding", description=__doc__)
    parser.add_argument("--seconds", type=int, default=20)
    arguments = parser.parse_args(argv)
    rows = measure(seconds=arguments.seconds)
    print(f"Transcoding a {arguments.seconds}-second 1080p clip, one core per rendition:")
    for name, elapsed, ratio in rows:
        print(f"  {name:9} {ratio:5.1f}× real time on one core (minutes of video per CPU minute); {elapsed:.1f} s wall")


if __name__ == "__main__":
    main()
