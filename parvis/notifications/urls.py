from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("tout-lu/", views.mark_all_read, name="mark_all_read"),
    path("<int:notification_id>/lu/", views.mark_read, name="mark_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("appareils/", views.push_subscribe, name="push_subscribe"),
    path("appareils/retirer/", views.push_unsubscribe, name="push_unsubscribe"),
    path("appareils/essai/", views.push_test, name="push_test"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
