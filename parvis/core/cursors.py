"""Keyset pages ("after this row"): the cursor in a link or an API answer names the last row shown by its creation
time and key, so a page costs the same however deep, and rows added meanwhile do not shift it."""

import base64
from datetime import datetime


def encode_cursor(row) -> str:
    """The cursor after `row`, which has `created_at` and `pk`."""
    return encode_position(row.created_at, row.pk)


def encode_position(moment: datetime, pk: int) -> str:
    """The cursor after the row at (`moment`, `pk`) of a list ordered by another time (an occurrence's start)."""
    return base64.urlsafe_b64encode(f"{moment.isoformat()}|{pk}".encode()).decode()


def decode_cursor(value: str | None) -> tuple[datetime, int] | None:
    """A cursor from the URL, or None when absent or unreadable (a tampered link shows the first page)."""
    if not value:
        return None
    try:
        created, pk = base64.urlsafe_b64decode(value.encode()).decode().split("|")
        return datetime.fromisoformat(created), int(pk)
    except (ValueError, UnicodeDecodeError):
        return None
