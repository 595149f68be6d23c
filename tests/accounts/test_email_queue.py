import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PASSWORD = "Un mot de passe bien long 42"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_verification_email_goes_through_the_database_queue_and_the_worker_sends_it(client):
    client.post(
        "/accounts/signup/",
        {"email": "noa@example.org", "password1": PASSWORD, "password2": PASSWORD, "accept_charter": "on"},
    )

    # The request only queued the e-mail: nothing is sent until a worker runs.
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "parvis.accounts.tasks.send_email"

    call_command("db_worker", "--batch", "--no-startup-delay")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["noa@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
