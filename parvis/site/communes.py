"""A territory's page: its official space, its groups and pages, the territories below it, and for a commune the
public feed of posts (territories and spaces combined with posts: this page belongs to no single app)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from parvis.core.pagecache import cache_for_visitors
from parvis.posts.feeds import commune_feed
from parvis.posts.pages import render_feed
from parvis.spaces.models import Space
from parvis.territories.models import Level, Territory


@cache_for_visitors
def detail(request, level: str, slug: str):
    if level not in Level.values:
        raise Http404
    territory = get_object_or_404(Territory.objects.select_related("parent", "epci"), level=level, slug=slug)
    spaces = (
        Space.objects.listed_for(request.user)
        .filter(territory=territory, is_official=False)
        .for_list()
        .order_by("name")[:100]
    )
    official_space = Space.objects.official().filter(territory=territory).first()
    children = territory.children.order_by("-population", "name")[:200] if territory.level != Level.COMMUNE else []
    quartiers = territory.children.filter(level=Level.QUARTIER) if territory.level == Level.COMMUNE else []
    context = {
        "territory": territory,
        "ancestors": territory.ancestors(),
        "official_space": official_space,
        "spaces": spaces,
        "children": children,
        "quartiers": quartiers,
        "postal_codes": territory.postal_code_list if territory.level == Level.COMMUNE else [],
    }
    if territory.level != Level.COMMUNE:
        return render(request, "territories/detail.html", context)
    return render_feed(request, "territories/detail.html", context, commune_feed(territory))
