"""A video's chapters: written by its managers one per line (`00:12:30 Point 3 – Budget`), read back as buttons on
the player page and as a WebVTT track of `kind="chapters"`.

A line is a start time (`1:02:03`, `00:12:30` or `12:30`) then the chapter's title; a point of the session's agenda
comes first when a dash surrounded by spaces follows it (`Point 3 – Budget`: the point "Point 3", the title
"Budget"). Every bad line is named with its number and what to write instead, all at once, and nothing is saved
until the whole text is right: the chapters already there stay as they were."""

import math
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.core.bounds import has_nul, nul_message
from parvis.core.permissions import can

from .models import CHAPTER_POINT_LIMIT, CHAPTER_TITLE_LIMIT, Chapter, Video, clock

MAX_CHAPTERS = 200
MAX_TEXT = 40_000
TIME = re.compile(r"^(?:(\d{1,2}):)?(\d{1,3}):(\d{2})$")
POINT_DASH = re.compile(r"\s+[–—-]\s+")


def parse_time(value: str) -> int | None:
    """Seconds, or None when `value` is not a time (minutes or seconds past 59 where they may not be)."""
    found = TIME.match(value)
    if found is None:
        return None
    hours, minutes, seconds = (int(part) if part else 0 for part in found.groups())
    if seconds > 59 or (found.group(1) is not None and minutes > 59):
        return None
    return hours * 3600 + minutes * 60 + seconds


def parse(text: str, *, duration: float | None) -> list[Chapter]:
    """Unsaved chapters, in the order of their start; ValidationError({"chapters": [a sentence per bad line]})."""
    text = text or ""
    if has_nul(text):
        raise ValidationError({"chapters": nul_message()})
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"chapters": _("The text is too long (at most %(limit)s characters).") % {"limit": MAX_TEXT}}
        )
    errors, chapters, starts = [], [], {}
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if len(lines) > MAX_CHAPTERS:
        raise ValidationError({"chapters": _("At most %(limit)s chapters.") % {"limit": MAX_CHAPTERS}})
    for number, line in lines:
        time_text, _space, rest = line.partition(" ")
        start = parse_time(time_text)
        if start is None:
            errors.append(
                _("Line %(line)s: “%(time)s” is not a time. Write it as 00:12:30 (hours, minutes, seconds) or 12:30.")
                % {"line": number, "time": time_text[:20]}
            )
            continue
        if duration is not None and start >= math.ceil(duration):
            errors.append(
                _("Line %(line)s: %(time)s is after the end of the video (%(duration)s).")
                % {"line": number, "time": clock(start), "duration": clock(math.ceil(duration))}
            )
            continue
        if start in starts:
            errors.append(
                _("Line %(line)s: line %(other)s already starts a chapter at %(time)s.")
                % {"line": number, "other": starts[start], "time": clock(start)}
            )
            continue
        starts[start] = number
        point, title = "", rest.strip()
        parts = POINT_DASH.split(title, maxsplit=1)
        if len(parts) == 2 and parts[0] and parts[1]:
            point, title = parts[0].strip(), parts[1].strip()
        if not title:
            errors.append(_("Line %(line)s: write the chapter's title after the time.") % {"line": number})
        elif len(title) > CHAPTER_TITLE_LIMIT or len(point) > CHAPTER_POINT_LIMIT:
            errors.append(
                _("Line %(line)s: too long (a title of at most %(title)s characters, a point of at most %(point)s).")
                % {"line": number, "title": CHAPTER_TITLE_LIMIT, "point": CHAPTER_POINT_LIMIT}
            )
        else:
            chapters.append(Chapter(start=start, title=title, point=point))
    if errors:
        raise ValidationError({"chapters": errors})
    return sorted(chapters, key=lambda chapter: chapter.start)


def as_text(chapters) -> str:
    return "\n".join(
        f"{chapter.start_label} {chapter.point} – {chapter.title}"
        if chapter.point
        else f"{chapter.start_label} {chapter.title}"
        for chapter in chapters
    )


@transaction.atomic
def chapters_set(*, actor: User, video: Video, text: str) -> list[Chapter]:
    """Replace the video's chapters with those of `text` (empty: no chapters)."""
    if not can(actor, "video.edit", video):
        raise PermissionDenied(_("Only its uploader or a moderator can set the chapters of this video."))
    chapters = parse(text, duration=video.duration)
    Video.objects.select_for_update().filter(pk=video.pk).first()  # two editors one after the other, not mixed
    Chapter.objects.filter(video=video).delete()
    for chapter in chapters:
        chapter.video = video
    return Chapter.objects.bulk_create(chapters)


def _cue_text(value: str) -> str:
    # A cue's text may hold no "-->" and escapes &, < and > (WebVTT's own rules).
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("-->", "→")


def _vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def as_webvtt(chapters: list[Chapter], *, duration: float | None) -> str:
    """Each chapter lasts until the next one starts, the last one until the end of the video."""
    lines = ["WEBVTT", ""]
    for index, chapter in enumerate(chapters):
        end = chapters[index + 1].start if index + 1 < len(chapters) else (duration or chapter.start + 1)
        lines += [f"{index + 1}", f"{_vtt_time(chapter.start)} --> {_vtt_time(end)}", _cue_text(chapter.label), ""]
    return "\n".join(lines)
