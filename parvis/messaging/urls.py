from django.urls import path

from . import views

app_name = "messaging"
urlpatterns = [
    path("", views.conversation_list, name="list"),
    path("nouvelle/", views.conversation_new, name="new"),
    path("reglages/", views.preferences, name="preferences"),
    path("<int:conversation_id>/", views.conversation_detail, name="detail"),
    path("<int:conversation_id>/envoyer/", views.message_send, name="send"),
    path("<int:conversation_id>/nouveaux/", views.new_messages, name="new_messages"),
    path("<int:conversation_id>/quitter/", views.conversation_leave, name="leave"),
    path("piece-jointe/<int:message_id>/", views.attachment, name="attachment"),
    path("bloquer/<int:user_id>/", views.block, name="block"),
    path("debloquer/<int:user_id>/", views.unblock, name="unblock"),
]
