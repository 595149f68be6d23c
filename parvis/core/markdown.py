"""A safe Markdown subset, rendered once at write time then sanitised again: the text of posts, comments, events."""

import re

import nh3
from markdown_it import MarkdownIt

# No raw HTML, no images (photos are attachments with alt text), no headings bigger than a paragraph.
_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    .enable("linkify")
    .disable(["image", "heading", "lheading", "html_block", "html_inline", "table"], ignoreInvalid=True)
)

ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "hr"}
# A handle is a slug (letters, digits, "-" and "_"): stopping at "_" named another person, or nobody.
MENTION = re.compile(r"(?<![\w@/])@([a-z0-9_][a-z0-9_-]{1,59})", re.IGNORECASE)


def render_markdown(text: str, mention_urls: dict[str, str] | None = None) -> str:
    """HTML for a text. `mention_urls` maps "@handle" to the page of the person or space it names."""
    html = _markdown.render(text or "")
    if mention_urls:

        def link(match: re.Match) -> str:
            url = mention_urls.get(match.group(1).lower())
            return f'<a href="{url}" class="mention">@{match.group(1)}</a>' if url else match.group(0)

        # Only outside tags and links: split on tags and replace in text chunks not inside <a>…</a>.
        parts = re.split(r"(<[^>]+>)", html)
        inside_link = False
        for index, part in enumerate(parts):
            if part.startswith("<a "):
                inside_link = True
            elif part == "</a>":
                inside_link = False
            elif not part.startswith("<") and not inside_link:
                parts[index] = MENTION.sub(link, part)
        html = "".join(parts)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "class"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )


# Documents the operator writes (legal pages) have sections: headings from ## (level 2, under the page's title) to
# ####, "#" read as ## so that a page keeps one level-1 title. Still no raw HTML, no image.
_document = (
    MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    .enable("linkify")
    .disable(["image", "html_block", "html_inline"], ignoreInvalid=True)
)
DOCUMENT_TAGS = ALLOWED_TAGS | {"h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td"}
_LEVELS = {"h1": "h2", "h5": "h4", "h6": "h4"}


def render_document(text: str) -> str:
    """HTML for a document in sections (a legal page): the subset of `render_markdown` plus headings and tables."""
    html = re.sub(
        r"<(/?)(h1|h5|h6)>", lambda match: f"<{match.group(1)}{_LEVELS[match.group(2)]}>", _document.render(text or "")
    )
    return nh3.clean(
        html,
        tags=DOCUMENT_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )
