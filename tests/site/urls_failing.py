"""A URLconf with one view that fails, to see the product's own 500 page."""

from django.urls import path

from parvis.urls import handler404, urlpatterns  # noqa: F401 - the same handlers as the site


def failing(request):
    raise RuntimeError("a bug")


urlpatterns = [path("panne/", failing), *urlpatterns]
handler500 = "parvis.core.views.error_500"
