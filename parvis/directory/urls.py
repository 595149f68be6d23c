from django.urls import path

from . import views

app_name = "directory"
# The fixed words come before "<slug>/": spaces.services.spaces.RESERVED_SLUGS keeps spaces from taking them.
urlpatterns = [
    path("", views.index, name="index"),
    path("chiffres/", views.figures, name="figures"),
    path("classes/nouvelle/", views.class_create, name="class_create"),
    path("classes/<slug:slug>/enseignant/", views.class_teacher, name="class_teacher"),
    path("<slug:slug>/", views.entry, name="entry"),
    path("<slug:slug>/modifier/", views.edit, name="edit"),
    path("<slug:slug>/offres/nouvelle/", views.offer_create, name="offer_create"),
    path("<slug:slug>/offres/<int:offer_id>/terminer/", views.offer_end, name="offer_end"),
]
