from django.core.paginator import Paginator
from django.shortcuts import render

from parvis.core.bounds import has_nul, nul_message
from parvis.core.middleware import answers_nul_in_query
from parvis.spaces.models import Space
from parvis.territories.models import Territory
from parvis.territories.services import instance_territories


@answers_nul_in_query
def home(request):
    roots = instance_territories()
    query = request.GET.get("q", "").strip()[:80]
    error = nul_message() if has_nul(query) else ""
    communes = Territory.objects.of_instance().communes()
    communes = communes.search(query) if query and not error else communes.order_by("-population", "name")
    page = Paginator(communes.only("name", "slug", "level", "code", "population"), 60).get_page(request.GET.get("page"))
    official = Space.objects.official().filter(territory__in=roots).select_related("territory")
    return render(
        request,
        "site/home.html",
        {"roots": roots, "page": page, "query": query, "official_spaces": official, "error": error},
        status=400 if error else 200,
    )
