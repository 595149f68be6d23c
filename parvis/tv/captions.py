"""WebVTT captions: checked when uploaded (it must read as WebVTT, within a size bound) and read back as a
transcript. Only what the format allows is kept: cues with their times and text; the transcript drops the cue
text's tags (`<v Name>`, `<i>`), and pages escape the rest as any text."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 512 * 1024
MAX_CUES = 10_000
TIMING = re.compile(
    r"^(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})\s+-->\s+(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})(?:\s+.*)?$"
)
TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str

    @property
    def start_label(self) -> str:
        seconds = int(self.start)
        hours, rest = divmod(seconds, 3600)
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _time(hours, minutes, seconds, millis) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def parse(text: str) -> list[Cue]:
    """The cues of a WebVTT file; ValueError with the line at fault when it is not one."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0].lstrip("\ufeff")):
        raise ValueError(1)
    cues: list[Cue] = []
    index = 1
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        block_start = index
        block = []
        while index < len(lines) and lines[index].strip():
            block.append(lines[index])
            index += 1
        if block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        timing_at = 0 if "-->" in block[0] else 1
        if timing_at >= len(block) or (timing_at == 1 and "->" in block[0]):
            # No timing line, or a first line that tried to be one ("00:01.000 -> 00:02.000"): it is at fault.
            raise ValueError(block_start + 1)
        found = TIMING.match(block[timing_at].strip())
        if found is None:
            raise ValueError(block_start + timing_at + 1)
        start, end = _time(*found.groups()[:4]), _time(*found.groups()[4:])
        if end < start:
            raise ValueError(block_start + timing_at + 1)
        cues.append(Cue(start=start, end=end, text="\n".join(block[timing_at + 1 :])))
        if len(cues) > MAX_CUES:
            raise ValueError(block_start + 1)
    return cues


def check(upload) -> str:
    """The text of an uploaded WebVTT file, or a ValidationError under `file` saying what is wrong."""
    if upload is None:
        raise ValidationError({"file": _("Choose the captions file (WebVTT, .vtt).")})
    if upload.size > MAX_BYTES:
        raise ValidationError(
            {"file": _("The captions file is too large (at most %(limit)s KB).") % {"limit": MAX_BYTES // 1024}}
        )
    raw = upload.read(MAX_BYTES + 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValidationError({"file": _("The captions file must be written in UTF-8.")}) from error
    if "\x00" in text:
        raise ValidationError({"file": _("This file is not a WebVTT captions file.")})
    try:
        cues = parse(text)
    except ValueError as error:
        line = error.args[0]
        if line == 1:
            raise ValidationError(
                {"file": _("This file is not a WebVTT captions file: it must begin with the word WEBVTT.")}
            ) from error
        raise ValidationError(
            {
                "file": _("The captions cannot be read at line %(line)s: check its times (00:01.000 --> 00:04.000).")
                % {"line": line}
            }
        ) from error
    if not cues:
        raise ValidationError({"file": _("The captions file holds no caption.")})
    return text


def transcript(text: str) -> list[Cue]:
    """The cues as plain lines for reading below the video, their tags removed."""
    try:
        cues = parse(text)
    except ValueError:
        return []
    return [Cue(cue.start, cue.end, " ".join(TAG.sub("", cue.text).split())) for cue in cues if cue.text.strip()]
