"""The two baselines every page is compared with. Both go through the whole middleware stack, like a page."""

from django.http import HttpResponse
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
