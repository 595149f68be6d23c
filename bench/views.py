"""The three baselines every page is compared with. All go through the whole middleware stack, like a page."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render

from parvis.territories.models import Territory


def constant(request):
    """What the stack costs with no query and no template: the ceiling of this machine right now."""
    return HttpResponse(b"ok", content_type="text/plain")


def rows(request):
    """Twenty rows of one table read by its primary key and rendered through a Django template: the cheapest
    honest page. A Parvis page at 0.5 of it does about twice its work."""
    territories = Territory.objects.order_by("pk")[:20]
    return render(request, "bench/rows.html", {"territories": territories})


def by_pk(request, pk: int):
    """One row of one table read by its primary key and serialised as JSON, without a framework: the cheapest honest
    API read, the yardstick of the API's one-object reads (`/api-pk` in the table)."""
    territory = Territory.objects.filter(pk=pk).values("id", "code", "name", "level", "population").first()
    if territory is None:
        raise Http404
    return JsonResponse(territory)
