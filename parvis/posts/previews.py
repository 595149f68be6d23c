"""The Open Graph card of a link found in a post, fetched through `parvis.core.fetch` (which refuses private
addresses, bad ports and unchecked redirects): what stays here is reading the card."""

import codecs
import re
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

from parvis.core.fetch import FetchError, fetch_url
from parvis.core.text import clean_name

USER_AGENT = "ParvisLinkPreview/1.0 (+https://parvis.example)"
LIMITS = {"title": 300, "description": 600, "site_name": 200}
MAX_IMAGE_URL = 2000

# The fetcher's refusal, under the name the link previews' callers know.
PreviewError = FetchError


def fetch_preview(url: str) -> dict:
    """Return {"title", "description", "site_name", "image_url"} (strings, possibly empty) or raise PreviewError."""
    return _fetch(url)


def _fetch(url: str, *, is_allowed_address=None) -> dict:
    """`is_allowed_address` exists for the tests alone, which need a local server to pass the check; production
    code calls `fetch_preview`, which always applies `is_public_address`."""
    fetched = fetch_url(url, user_agent=USER_AGENT, is_allowed_address=is_allowed_address)
    return _card(fetched.body, fetched.content_type, base_url=fetched.url)


META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)


def _decode(body: bytes, content_type: str) -> str:
    """Decode as the HTML standard orders it: byte-order mark, then the HTTP header, then <meta charset>, then UTF-8."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(name, errors="replace")
    candidates = []
    header = re.search(r"""charset\s*=\s*["']?([a-zA-Z0-9_.:-]+)""", content_type, re.IGNORECASE)
    if header:
        candidates.append(header.group(1))
    meta = META_CHARSET.search(body[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii"))
    for name in candidates:
        try:
            # LookupError also covers names of non-text codecs (rot13, base64) that a page could declare.
            return body.decode(name, errors="replace")
        except LookupError:
            continue
    return body.decode("utf-8", errors="replace")


class _CardParser(HTMLParser):
    """Collects <title> and the <meta> tags; html.parser never raises on broken markup, it just does its best."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self.in_title = False
        self.title_done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and not self.title_done:
            self.in_title = True
        elif tag == "meta":
            values = {name.lower(): value or "" for name, value in attrs}
            key = (values.get("property") or values.get("name") or "").strip().lower()
            # The first occurrence wins: a page lists its main image before the others.
            if key and "content" in values:
                self.meta.setdefault(key, values["content"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.in_title:
            self.in_title = False
            self.title_done = True

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)


def _clean(text: str, limit: int) -> str:
    # Control characters go too: PostgreSQL refuses NUL in text, and the others only garble a card.
    text = clean_name(re.sub(r"[\x00-\x1f\x7f]", " ", text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _card(body: bytes, content_type: str, *, base_url: str) -> dict:
    parser = _CardParser()
    try:
        parser.feed(_decode(body, content_type))
        parser.close()
    except Exception:  # noqa: S110 - a parser bug on hostile markup leaves what was read so far
        pass
    meta = parser.meta
    image = (meta.get("og:image") or meta.get("og:image:url") or meta.get("og:image:secure_url") or "").strip()
    image_url = ""
    if image:
        absolute = urljoin(base_url, image)
        parts = urlsplit(absolute)
        if parts.scheme in {"http", "https"} and parts.netloc and len(absolute) <= MAX_IMAGE_URL:
            image_url = re.sub(r"[\x00-\x20\x7f]", lambda m: quote(m.group(0)), absolute)
    return {
        "title": _clean(meta.get("og:title") or "".join(parser.title), LIMITS["title"]),
        "description": _clean(meta.get("og:description") or meta.get("description") or "", LIMITS["description"]),
        "site_name": _clean(meta.get("og:site_name") or "", LIMITS["site_name"]),
        "image_url": image_url,
    }
