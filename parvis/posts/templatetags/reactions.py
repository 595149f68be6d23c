"""`{% load reactions %}{% reaction_buttons post %}`: the five buttons of a post's reaction panel, the reader's own
one pressed (aria-pressed, and a tick: not colour alone). Built here rather than by a loop of the template: twenty
posts a page, five buttons each, and the loop's variable lookups were the largest part of a signed-in feed's
rendering once the cards' shared part is reused."""

from django import template
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from parvis.posts.models import reaction_buttons as buttons

register = template.Library()

BUTTON = (
    '<button type="submit" name="kind" value="{}" class="reaction" aria-pressed="{}" id="reaction-{}-{}">'
    '<span aria-hidden="true">{}</span> {}{}</button>'
)
TICK = mark_safe('<span class="reaction__tick" aria-hidden="true"> ✓</span>')  # noqa: S308 - a constant


# The five buttons with everything but the post's number already escaped and joined, per language and per pressed
# reaction: a page of twenty posts then costs twenty string substitutions instead of a hundred `format_html`.
_rendered: dict[tuple[str, str | None], str] = {}
PK = "\x00pk\x00"  # a mark no escaped text can hold, replaced by the post's number


def _buttons_for(mine: str | None) -> str:
    key = (translation.get_language() or "", mine)
    html = _rendered.get(key)
    if html is None:
        html = format_html_join(
            "",
            BUTTON,
            (
                (value, "true" if value == mine else "false", PK, value, symbol, label, TICK if value == mine else "")
                for value, label, symbol in buttons()
            ),
        )
        _rendered[key] = html
    return html


@register.simple_tag
def reaction_buttons(post) -> str:
    mine = getattr(post, "my_reaction", None)
    return mark_safe(_buttons_for(mine).replace(PK, str(int(post.pk))))  # noqa: S308 - escaped above, a number added
