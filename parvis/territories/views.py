from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import Territory


@require_GET
def autocomplete(request):
    """Suggestions for the commune field: an htmx partial of <option>s, also usable by any script."""
    query = request.GET.get("home_commune") or request.GET.get("q") or ""
    communes = Territory.objects.communes().search(query[:80]).only("name", "code")[:12] if len(query) >= 2 else []
    return render(request, "territories/partials/_commune_options.html", {"communes": communes})
