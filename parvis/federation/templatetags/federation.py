from django import template

from parvis.spaces.models import Visibility

from ..actors import host

register = template.Library()


@register.simple_tag
def fediverse_address(space) -> str:
    """`@slug@host` for a public space (what Mastodon or Mobilizon search for to follow it), "" otherwise. Read from
    the space in hand, without a query: the space page counts its queries."""
    return f"@{space.slug}@{host()}" if space.visibility == Visibility.PUBLIC else ""
