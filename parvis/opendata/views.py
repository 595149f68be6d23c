"""The open-data catalogue: a page listing every dataset, and each dataset's files at stable addresses."""

from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_GET

from parvis.core import kinds

from . import files

# Caches (a portal's harvester, a proxy) may keep a file a quarter of an hour, then ask whether it changed (ETag).
MAX_AGE = 15 * 60


def _dataset(slug: str) -> kinds.Dataset:
    dataset = kinds.dataset(slug)
    if dataset is None:
        raise Http404
    return dataset


def _etag(form: str):
    def compute(request, dataset: str, **kwargs):
        found = kinds.dataset(dataset)
        return files.etag(found, kwargs.get("form", form)) if found else None

    return compute


def _last_modified(request, dataset: str, **kwargs):
    found = kinds.dataset(dataset)
    return found.updated() if found else None


def _published(response, dataset: kinds.Dataset, filename: str):
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Link"] = f'<{files.LICENCE_URL}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_GET
def catalogue(request):
    entries = [(dataset, dataset.updated()) for dataset in kinds.datasets()]
    return render(
        request,
        "opendata/catalogue.html",
        {"entries": entries, "licence_name": files.LICENCE_NAME, "licence_url": files.LICENCE_URL},
    )


@require_GET
@condition(etag_func=_etag("csv"), last_modified_func=_last_modified)
def dataset_csv(request, dataset: str):
    found = _dataset(dataset)
    response = StreamingHttpResponse(files.csv_chunks(found, found.rows()), content_type="text/csv; charset=utf-8")
    return _published(response, found, f"{found.slug}.csv")


@require_GET
@condition(etag_func=_etag("json"), last_modified_func=_last_modified)
def dataset_json(request, dataset: str):
    found = _dataset(dataset)
    response = StreamingHttpResponse(
        files.json_chunks(found, found.rows()), content_type="application/json; charset=utf-8"
    )
    return _published(response, found, f"{found.slug}.json")


@require_GET
@condition(etag_func=_etag("other"), last_modified_func=_last_modified)
def dataset_format(request, dataset: str, form: str):
    found = _dataset(dataset)
    if form not in found.formats:
        raise Http404
    _label, _schema, chunks = found.formats[form]
    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    return _published(response, found, f"{found.slug}.{form}.json")


@require_GET
def dataset_schema(request, dataset: str):
    found = _dataset(dataset)
    response = JsonResponse(files.table_schema(found), json_dumps_params={"ensure_ascii": False, "indent": 1})
    return _published(response, found, f"{found.slug}.schema.json")


@require_GET
def catalog_json(request):
    response = JsonResponse(files.catalog(), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
