from django.urls import path

from . import categories, open311, views

app_name = "counter"
urlpatterns = [
    path("guichet/communes/<slug:slug>/", views.commune, name="commune"),
    path("guichet/communes/<slug:slug>/signaler/", views.report_new, name="report_new"),
    path("guichet/signalements/<int:request_id>/", views.detail, name="detail"),
    path("guichet/signalements/<int:request_id>/moi-aussi/", views.support, name="support"),
    path("guichet/communes/<slug:slug>/questions/", views.faq, name="faq"),
    path("guichet/communes/<slug:slug>/questions/poser/", views.question_new, name="question_new"),
    path("guichet/questions/<int:question_id>/", views.question, name="question"),
    path("guichet/agents/", views.queue, name="queue"),
    path("guichet/agents/questions/", views.question_queue, name="question_queue"),
    path("guichet/agents/questions/<int:question_id>/", views.question_handle, name="question_handle"),
    path("guichet/agents/plusieurs/", views.queue_bulk, name="queue_bulk"),
    path("guichet/agents/chiffres/", views.figures, name="figures"),
    path("guichet/agents/categories/", categories.categories, name="categories"),
    path("guichet/agents/signalements/<int:request_id>/", views.handle, name="handle"),
    # Open311 GeoReport v2, so that existing tools read and submit reports (open311.py).
    path("open311/v2/services.<slug:format>", open311.services_list, name="open311_services"),
    path("open311/v2/requests.<slug:format>", open311.requests_list, name="open311_requests"),
    path("open311/v2/requests/<int:request_id>.<slug:format>", open311.request_detail, name="open311_request"),
]
