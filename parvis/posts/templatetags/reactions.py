"""`{% load reactions %}{% reaction_buttons post %}`: the five buttons of a post's reaction panel, the reader's own
one pressed (aria-pressed, and a tick: not colour alone). Built here rather than by a loop of the template: twenty
posts a page, five buttons each, and the loop's variable lookups were the largest part of a signed-in feed's
rendering once the cards' shared part is reused."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from parvis.posts.models import reaction_buttons as buttons

register = template.Library()

BUTTON = (
    '<button type="submit" name="kind" value="{}" class="reaction" aria-pressed="{}" id="reaction-{}-{}">'
    '<span aria-hidden="true">{}</span> {}{}</button>'
)
TICK = mark_safe('<span class="reaction__tick" aria-hidden="true"> ✓</span>')  # noqa: S308 - a constant


@register.simple_tag
def reaction_buttons(post) -> str:
    mine = getattr(post, "my_reaction", None)
    return format_html_join(
        "",
        BUTTON,
        (
            (value, "true" if value == mine else "false", post.pk, value, symbol, label, TICK if value == mine else "")
            for value, label, symbol in buttons()
        ),
    )
