from django.shortcuts import render

from parvis.core.bounds import has_nul, nul_message
from parvis.core.folding import MAX_QUERY
from parvis.core.middleware import answers_nul_in_query

from . import queries

PER_SECTION = 20


@answers_nul_in_query
def search(request):
    text = request.GET.get("q", "").strip()[:MAX_QUERY]
    results = {}
    error = nul_message() if has_nul(text) else ""
    if text and not error:
        results = {
            # One section per searchable kind of content (posts, events, listings…), from the registry.
            "content": queries.search_content(request.user, text, per_kind=PER_SECTION),
            "organisations": list(queries.search_spaces(request.user, text, organisations=True)[:PER_SECTION]),
            "spaces": list(queries.search_spaces(request.user, text, organisations=False)[:PER_SECTION]),
            "people": list(queries.search_people(request.user, text)[:PER_SECTION]),
        }
    return render(
        request,
        "search/results.html",
        {"query": text, "results": results, "error": error},
        status=400 if error else 200,
    )
