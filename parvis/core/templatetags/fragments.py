"""`{% load fragments %}{% shared "posts/_post_card.html" post.card_version post=post heading_level=3 %}`: the part of
a card that every reader sees alike, rendered once per version (parvis/core/fragments.py says what keeps a reader's
things out of it). The tag's keyword arguments are the fragment's whole context: the request, the reader and the
CSRF token are not in it."""

from django import template
from django.utils.safestring import mark_safe

from parvis.core.fragments import render_shared

register = template.Library()


@register.simple_tag
def shared(template_name: str, version_key: str, **context) -> str:
    return mark_safe(render_shared(template_name, version_key, context))  # noqa: S308 - a rendered, escaped template
