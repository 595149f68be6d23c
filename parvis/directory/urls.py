from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "directory"
# The fixed words come before "<slug>/": spaces.services.spaces.RESERVED_SLUGS keeps spaces from taking them.
urlpatterns = [
    path("", views.index, name="index"),
    # The figures moved to the operator's dashboard (parvis/figures): old links and bookmarks follow.
    path("chiffres/", RedirectView.as_view(pattern_name="figures:dashboard", permanent=True), name="figures"),
    path("classes/nouvelle/", views.class_create, name="class_create"),
    path("classes/<slug:slug>/enseignant/", views.class_teacher, name="class_teacher"),
    path("<slug:slug>/", views.entry, name="entry"),
    path("<slug:slug>/modifier/", views.edit, name="edit"),
    path("<slug:slug>/recommander/", views.recommend, name="recommend"),
    path("<slug:slug>/offres/nouvelle/", views.offer_create, name="offer_create"),
    path("<slug:slug>/offres/<int:offer_id>/terminer/", views.offer_end, name="offer_end"),
]
