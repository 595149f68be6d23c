"""WebVTT captions: checked when uploaded or edited in the page (it must read as WebVTT, within a size bound, each cue
within the video's duration), stored as rebuilt from its cues, and read back as a transcript.

Only what the format's cues need is kept: an identifier, the times, plain settings (`align:start`) and the text with
WebVTT's own tags (`<v Name>`, `<i>`, `<b>`, `<u>`, `<c.class>`, `<lang>`, `<ruby>`, `<rt>`, timestamps); anything
else that looks like markup (`<script>`, `<img …>`), NOTE, STYLE and REGION blocks are dropped when the text is
stored. The file is served as `text/vtt` and the transcript drops every tag and is escaped as any text."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 512 * 1024
MAX_CUES = 10_000
# A cue is read in the few seconds it is shown: two or three lines. Past this, it is a paragraph pasted by mistake.
CUE_LIMIT = 500
# A cue may end a little after the last image (the sound's tail, a rounded duration).
DURATION_SLACK = 1.0
# Reported at most, so that a whole file of mistakes gives a readable list.
MAX_PROBLEMS = 20
TIMING = re.compile(
    r"^(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})\s+-->\s+(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})(?P<settings>\s+.*)?$"
)
SETTING = re.compile(r"^(?:vertical|line|position|size|align|region):[\w.%,-]{1,20}$")
TAG = re.compile(r"<[^>]*>")
# WebVTT's cue tags (with classes, a voice's name or a language) and timestamps: all the rest is removed.
ALLOWED_TAG = re.compile(
    r"^<(?:/?(?:c|i|b|u|ruby|rt)(?:\.[\w-]+)*|/(?:v|lang)|(?:v|lang)(?:\.[\w-]+)*(?:[ \t][^<>&\"]{0,100})?"
    r"|(?:\d+:)?[0-5]\d:[0-5]\d\.\d{3})>$"
)


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str
    identifier: str = ""
    settings: str = ""
    line: int = 0  # the line of its timing, for the messages

    @property
    def start_label(self) -> str:
        seconds = int(self.start)
        hours, rest = divmod(seconds, 3600)
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Problem(ValueError):
    """The first problem of a text read by `parse`: its line (1 when it is not WebVTT at all)."""


def _time(hours, minutes, seconds, millis) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _stamp(value: float) -> str:
    millis = round(value * 1000)
    seconds, millis = divmod(millis, 1000)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    clock = f"{minutes:02d}:{seconds:02d}.{millis:03d}"
    return f"{hours:02d}:{clock}" if hours else clock


def read(text: str) -> tuple[list[Cue], list[tuple[int, str]]]:
    """The cues of a WebVTT text and its problems as (line, kind): kind is "header", "timing", "missing timing",
    "order" (ends before it starts), "too many"; reading goes on after a bad cue, so that every line at fault is
    said at once."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0].lstrip("\ufeff")):
        return [], [(1, "header")]
    cues: list[Cue] = []
    problems: list[tuple[int, str]] = []
    index = 1
    while index < len(lines):
        if not lines[index].strip():
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
            problems.append((block_start + 1, "timing" if "->" in block[0] else "missing timing"))
            continue
        line = block_start + timing_at + 1
        found = TIMING.match(block[timing_at].strip())
        if found is None:
            problems.append((line, "timing"))
            continue
        start, end = _time(*found.groups()[:4]), _time(*found.groups()[4:8])
        if end < start:
            problems.append((line, "order"))
            continue
        settings = " ".join(word for word in (found.group("settings") or "").split() if SETTING.match(word))
        identifier = block[0].strip()[:100] if timing_at == 1 else ""
        cues.append(Cue(start, end, "\n".join(block[timing_at + 1 :]), identifier, settings, line))
        if len(cues) > MAX_CUES:
            problems.append((block_start + 1, "too many"))
            break
    return cues, problems


def parse(text: str) -> list[Cue]:
    """The cues of a WebVTT text; `Problem` with the first line at fault when it is not one."""
    cues, problems = read(text)
    if problems:
        raise Problem(problems[0][0])
    return cues


def clean_cue_text(text: str) -> str:
    """The cue's text with WebVTT's tags only, and no line left empty (an empty line would end the cue)."""
    text = TAG.sub(lambda tag: tag.group(0) if ALLOWED_TAG.match(tag.group(0)) else "", text)
    text = text.replace("-->", "→")
    return "\n".join(line.rstrip() for line in text.split("\n") if line.strip())


def rebuild(cues: list[Cue]) -> str:
    """The text stored and served: the header, then each cue as WebVTT writes it, nothing else."""
    blocks = []
    for cue in cues:
        timing = f"{_stamp(cue.start)} --> {_stamp(cue.end)}" + (f" {cue.settings}" if cue.settings else "")
        blocks.append("\n".join(part for part in (cue.identifier, timing, cue.text) if part))
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def _message(line: int, kind: str, duration: float | None, extra: dict) -> str:
    if kind == "header":
        return _("The captions must begin with the word WEBVTT, alone on the first line.")
    if kind == "timing":
        return _("Line %(line)s: the times cannot be read; write them as 00:01.000 --> 00:04.000.") % {"line": line}
    if kind == "missing timing":
        return _("Line %(line)s: this caption has no times; put a line 00:01.000 --> 00:04.000 above its text.") % {
            "line": line
        }
    if kind == "order":
        return _("Line %(line)s: the caption ends before it starts.") % {"line": line}
    if kind == "past end":
        return _("Line %(line)s: the caption goes on after the end of the video (%(duration)s).") % {
            "line": line,
            "duration": _stamp(duration or 0),
        }
    if kind == "long":
        return _("Line %(line)s: the caption is too long (%(length)s characters; at most %(limit)s).") % {
            "line": line,
            "length": extra["length"],
            "limit": CUE_LIMIT,
        }
    return _("Line %(line)s: there are too many captions (at most %(limit)s).") % {"line": line, "limit": MAX_CUES}


def check_text(text: str, *, duration: float | None = None, field: str = "text") -> str:
    """The WebVTT text to store, rebuilt from its cues and cleaned; or a ValidationError under `field` with a
    sentence per line at fault (at most `MAX_PROBLEMS`)."""
    text = text or ""
    if "\x00" in text:
        raise ValidationError({field: _("The captions hold a character that is not text: remove it.")})
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ValidationError(
            {field: _("The captions are too long (at most %(limit)s KB).") % {"limit": MAX_BYTES // 1024}}
        )
    cues, problems = read(text)
    found = [(line, _message(line, kind, duration, {})) for line, kind in problems]
    cleaned = []
    for cue in cues:
        body = clean_cue_text(cue.text)
        if len(body) > CUE_LIMIT:
            found.append((cue.line, _message(cue.line, "long", duration, {"length": len(body)})))
        elif duration is not None and cue.end > duration + DURATION_SLACK:
            found.append((cue.line, _message(cue.line, "past end", duration, {})))
        cleaned.append(Cue(cue.start, cue.end, body, cue.identifier, cue.settings, cue.line))
    if found:
        found.sort(key=lambda problem: problem[0])  # in the order of the text
        raise ValidationError({field: [message for _line, message in found[:MAX_PROBLEMS]]})
    if not cleaned:
        raise ValidationError({field: _("The captions hold no caption: write at least one, with its times.")})
    return rebuild(cleaned)


def check(upload, *, duration: float | None = None) -> str:
    """The text of an uploaded WebVTT file, checked and cleaned as `check_text`; a ValidationError under `file`."""
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
    cues, problems = read(text)
    if problems and problems[0][1] == "header":
        raise ValidationError(
            {"file": _("This file is not a WebVTT captions file: it must begin with the word WEBVTT.")}
        )
    if problems:
        raise ValidationError(
            {
                "file": _("The captions cannot be read at line %(line)s: check its times (00:01.000 --> 00:04.000).")
                % {"line": problems[0][0]}
            }
        )
    if not cues:
        raise ValidationError({"file": _("The captions file holds no caption.")})
    return check_text(text, duration=duration, field="file")


def transcript(text: str) -> list[Cue]:
    """The cues as plain lines for reading below the video, their tags removed."""
    cues, problems = read(text)
    if problems:
        return []
    return [
        Cue(cue.start, cue.end, " ".join(TAG.sub("", cue.text).split()), line=cue.line)
        for cue in cues
        if cue.text.strip()
    ]
