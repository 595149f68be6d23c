from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_save, pre_save


class CoreConfig(AppConfig):
    name = "parvis.core"
    label = "core"

    def ready(self) -> None:
        from django.contrib.admin.models import LogEntry

        from . import encryption  # noqa: F401 (registers its deploy check of PARVIS_FIELD_KEY)
        from .audit import record_admin_change
        from .bounds import check_before_save
        from .folding import register_sqlite_fold

        def guard(sender, **kwargs):
            if sender.__module__.startswith("parvis."):
                check_before_save(sender, **kwargs)

        pre_save.connect(guard, weak=False, dispatch_uid="parvis.core.bounds")
        # The administration's own record of each change, copied into the audit log (see `record_admin_change`).
        post_save.connect(record_admin_change, sender=LogEntry, weak=False, dispatch_uid="parvis.core.audit.admin")
        connection_created.connect(register_sqlite_fold, dispatch_uid="parvis_sqlite_fold")
        # Its own lines in the register of personal data: rate limits, sent e-mails, the audit log, the queue.
        from . import operation_data

        operation_data.register()
