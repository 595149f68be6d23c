from django.urls import path

from . import views

app_name = "rights"
# Under /profil/mes-donnees/, beside the profile (the account settings).
urlpatterns = [
    path("", views.data, name="data"),
    path("telecharger/<str:link>/", views.export_download, name="export_download"),
    path("supprimer-mon-compte/", views.account_delete, name="account_delete"),
]
