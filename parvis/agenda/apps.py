from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "parvis.agenda"
    label = "agenda"
