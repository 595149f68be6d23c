from django.apps import AppConfig
from django.db.models.signals import pre_save


class CoreConfig(AppConfig):
    name = "parvis.core"
    label = "core"

    def ready(self) -> None:
        from .bounds import check_before_save

        def guard(sender, **kwargs):
            if sender.__module__.startswith("parvis."):
                check_before_save(sender, **kwargs)

        pre_save.connect(guard, weak=False, dispatch_uid="parvis.core.bounds")
