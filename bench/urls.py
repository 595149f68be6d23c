"""Parvis's URLconf with the three baselines appended, so that every Parvis route resolves as in production."""

from django.urls import path

from parvis.urls import handler404, handler500
from parvis.urls import urlpatterns as parvis_urlpatterns

from . import views

urlpatterns = [
    *parvis_urlpatterns,
    path("bench/constant", views.constant, name="bench_constant"),
    path("bench/rows", views.rows, name="bench_rows"),
    path("bench/pk/<int:pk>", views.by_pk, name="bench_pk"),
]

__all__ = ["handler404", "handler500", "urlpatterns"]
