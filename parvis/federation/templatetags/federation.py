from django import template

from parvis.spaces.models import Visibility

from ..actors import host
from ..models import RemoteActor

register = template.Library()


@register.simple_tag
def fediverse_address(space) -> str:
    """`@slug@host` for a public space (what Mastodon or Mobilizon search for to follow it), "" otherwise. Read from
    the space in hand, without a query: the space page counts its queries."""
    return f"@{space.slug}@{host()}" if space.visibility == Visibility.PUBLIC else ""


@register.simple_tag(takes_context=True)
def remote_origin(context, person):
    """The remote account behind a person who wrote here from another server (their comment, their answer), or
    None. People of this site are active accounts and cost no query; a remote author's account is inactive, and is
    read once per page (remembered on the request)."""
    if person is None or getattr(person, "is_active", True):
        return None
    request = context.get("request")
    memory = getattr(request, "_federation_origins", None) if request is not None else None
    if memory is None:
        memory = {}
        if request is not None:
            request._federation_origins = memory
    if person.pk not in memory:
        memory[person.pk] = RemoteActor.objects.filter(shadow_id=person.pk).only("uri", "domain", "username").first()
    return memory[person.pk]
