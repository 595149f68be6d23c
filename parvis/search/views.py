from django.shortcuts import render

from . import queries

PER_SECTION = 20


def search(request):
    text = request.GET.get("q", "").strip()[: queries.MAX_QUERY]
    results = {}
    if text:
        results = {
            # One section per searchable kind of content (posts, events, listings…), from the registry.
            "content": queries.search_content(request.user, text, per_kind=PER_SECTION),
            "organisations": list(queries.search_spaces(request.user, text, organisations=True)[:PER_SECTION]),
            "spaces": list(queries.search_spaces(request.user, text, organisations=False)[:PER_SECTION]),
            "people": list(queries.search_people(request.user, text)[:PER_SECTION]),
        }
    return render(request, "search/results.html", {"query": text, "results": results})
