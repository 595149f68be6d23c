from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("signaler/<str:kind>/<int:target_id>/", views.report, name="report"),
    path("signalement-envoye/", views.report_sent, name="report_sent"),
    path("transparence/", views.transparency, name="transparency"),
    path("transparence/<int:year>/", views.transparency, name="transparency_year"),
    path("transparence/<int:year>/csv/", views.transparency_download, name="transparency_csv"),
    path("signalements/<int:report_id>/decider/", views.decide, name="decide"),
    path("signalements/<int:report_id>/contester/", views.appeal, name="appeal"),
    path("contester/<str:token>/", views.appeal_by_link, name="appeal_by_link"),
    path("signalements/<int:report_id>/reexaminer/", views.appeal_review, name="appeal_review"),
    path("decisions/<int:decision_id>/", views.decision, name="decision"),
    path("decisions/<int:decision_id>/contester/", views.contest, name="contest"),
    path("decisions/<int:decision_id>/examiner/", views.review, name="review"),
]
