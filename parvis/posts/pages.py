"""What a page that shows a feed of posts needs (the home feed, a space's page, a commune's page): one page of it,
with the viewer's reactions, in a fixed number of queries."""

from django.shortcuts import render

from parvis.core.cursors import decode_cursor, encode_cursor
from parvis.spaces.models import Role, Space

from .models import reactions_summarise

PAGE_SIZE = 20


def feed_page(request, queryset) -> dict:
    """One page of a feed and what its template needs, in a fixed number of queries."""
    items = list(queryset.for_feed(request.user).page_after(decode_cursor(request.GET.get("apres")), PAGE_SIZE))
    reactions_summarise(items, request.user)
    next_cursor = encode_cursor(items[-1]) if len(items) == PAGE_SIZE else None
    return {
        "posts": items,
        "next_cursor": next_cursor,
    }


def render_feed(request, template: str, context: dict, queryset):
    context.update(feed_page(request, queryset))
    if request.headers.get("HX-Request") and request.GET.get("apres"):
        return render(request, "posts/partials/_feed_page.html", context)
    return render(request, template, context)


def organisations_of(user):
    """The organisation pages a person may sign a post with (those they own or administer)."""
    return Space.objects.filter(
        memberships__user=user, memberships__status="active", memberships__role__in=[Role.OWNER, Role.ADMIN]
    ).exclude(organisation_kind="")
