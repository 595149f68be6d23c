from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EasyreadConfig(AppConfig):
    name = "parvis.easyread"
    label = "easyread"
    verbose_name = _("Easy to read")
