from django.urls import path

from . import views

app_name = "toolbox"
urlpatterns = [
    path("enregistres/", views.saved, name="saved"),
    path("publications/<int:post_id>/epingler/", views.pin, name="pin"),
    path("publications/<int:post_id>/desepingler/", views.unpin, name="unpin"),
    path("publications/<int:post_id>/enregistrer/", views.save, name="save"),
    path("publications/<int:post_id>/ne-plus-enregistrer/", views.unsave, name="unsave"),
    path("espaces/<slug:slug>/fichiers/", views.files, name="files"),
    path("espaces/<slug:slug>/fichiers/<int:file_id>/", views.file_detail, name="file"),
    path("espaces/<slug:slug>/fichiers/<int:file_id>/v<int:number>/", views.download, name="download"),
    path("espaces/<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("espaces/<slug:slug>/carte-des-membres/", views.members_map, name="map"),
]
