from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_list, name="list"),
    path("nouvelle/", views.alert_new, name="new"),
    path("reglages/", views.preferences, name="preferences"),
    path("<int:alert_id>/", views.alert_detail, name="detail"),
    path("<int:alert_id>/terminer/", views.alert_resolve, name="resolve"),
    path("<int:alert_id>/fermer/", views.alert_dismiss, name="dismiss"),
]
