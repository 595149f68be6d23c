from django.urls import path

from . import views

app_name = "procedures"
urlpatterns = [
    path("guichet/communes/<slug:slug>/demarches/", views.catalogue, name="catalogue"),
    path("guichet/demarches/<int:procedure_id>/", views.detail, name="detail"),
    path("guichet/demandes/<int:answer_id>/", views.answer, name="answer"),
    path("guichet/agents/demandes/", views.queue, name="queue"),
    path("guichet/agents/demandes/<int:answer_id>/", views.handle, name="handle"),
    path("guichet/agents/demarches/", views.manage, name="manage"),
    path("guichet/agents/demarches/<int:procedure_id>/", views.fields, name="fields"),
]
