"""What posts read in their text besides its HTML (rendered by `parvis.core.markdown`): mentions and the first link."""

import re

from parvis.core.markdown import MENTION

URL = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)


def mentioned_handles(text: str) -> set[str]:
    return {match.lower() for match in MENTION.findall(text or "")}


def first_url(text: str) -> str | None:
    match = URL.search(text or "")
    return match.group(0).rstrip(".,;:!?") if match else None
