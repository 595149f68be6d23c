"""The register of personal data (`parvis/core/personal_data.py`): every field of every model of the instance is
declared, either as personal data with its purpose, legal basis, retention and readers, or as holding nothing about
a person, with the reason. A field added without its line fails here."""

from datetime import timedelta

from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps, override_settings
from django.utils import translation

from parvis.core import personal_data
from parvis.core.personal_data import BASES, Entry, Retention


def _every_model():
    # Proxies share their concrete model's table and fields: the concrete model's declaration covers them.
    return [model for model in apps.get_models() if not model._meta.proxy]


def test_every_field_of_every_model_is_in_the_register_or_declared_not_personal():
    missing = personal_data.undeclared_fields(_every_model())
    assert missing == [], (
        "Declare these fields in their app's personal_data.py, as an Entry (purpose, basis, retention, readers) "
        "or as NotPersonal with the reason: " + ", ".join(missing)
    )


def test_the_register_covers_the_parvis_apps_and_the_libraries_that_keep_people():
    labels = {model._meta.label for model in _every_model()}
    parvis = {model._meta.label for model in _every_model() if model.__module__.startswith("parvis.")}
    declared = {label for label, _field in personal_data.declared_fields()}
    assert parvis <= declared and len(parvis) > 40
    # Sign-in addresses, second factors, sessions and the task queue hold people too, though not Parvis's models.
    assert {"account.EmailAddress", "mfa.Authenticator", "sessions.Session", "django_tasks_database.DBTaskResult"} <= (
        declared & labels
    )


def test_no_field_is_declared_twice():
    twice = [f"{label}.{name}" for (label, name), found in personal_data.declared_fields().items() if len(found) > 1]
    assert twice == []


def test_the_register_names_only_fields_that_exist():
    existing = {(model._meta.label, name) for model in _every_model() for name in personal_data.model_fields(model)}
    stale = [f"{label}.{name}" for label, name in personal_data.declared_fields() if (label, name) not in existing]
    assert stale == []


@isolate_apps("parvis.core")
def test_a_new_field_without_its_line_is_caught():
    class Petition(models.Model):
        signer_phone = models.CharField(max_length=20)

        class Meta:
            app_label = "core"

        def __str__(self) -> str:
            return self.signer_phone

    assert personal_data.undeclared_fields([Petition]) == ["core.Petition.signer_phone"]


def test_every_entry_says_what_why_on_which_basis_how_long_and_to_whom():
    entries = personal_data.entries()
    assert len(entries) > 40
    with translation.override("fr"):
        for entry in entries:
            assert entry.basis in BASES
            for said in (entry.data, entry.purpose, entry.seen_by, str(entry.retention)):
                assert str(said).strip(), entry


def test_the_legal_basis_reads_as_the_operators_kind():
    with translation.override("en"):
        assert "6-1-e" in personal_data.basis_label(personal_data.SERVICE, public_body=True)
        assert "6-1-b" in personal_data.basis_label(personal_data.SERVICE, public_body=False)
        assert "6-1-f" in personal_data.basis_label(personal_data.SECURITY, public_body=False)
        assert "6-1-a" in personal_data.basis_label(personal_data.CONSENT, public_body=True)


def _notifications_entry() -> Entry:
    return next(entry for entry in personal_data.entries() if entry.retention.rule == "notifications")


def test_a_retention_term_follows_the_operators_setting():
    retention = _notifications_entry().retention
    with override_settings(PARVIS_RETENTION_NOTIFICATIONS_DAYS=30):
        assert retention.term() == timedelta(days=30)
        with translation.override("fr"):
            assert str(retention) == "30 jours"
    with override_settings(PARVIS_RETENTION_NOTIFICATIONS_DAYS=None):
        assert retention.term() == retention.default


def test_a_retention_in_seconds_reads_in_days_or_hours():
    sessions = Retention(life="after signing in", setting="SESSION_COOKIE_AGE", unit=timedelta(seconds=1))
    with override_settings(SESSION_COOKIE_AGE=3 * 24 * 3600), translation.override("en"):
        assert str(sessions) == "3 days, after signing in"
    with override_settings(SESSION_COOKIE_AGE=2 * 3600), translation.override("en"):
        assert str(sessions) == "2 hours, after signing in"


def test_the_retention_command_can_read_each_rule_from_the_register():
    rules = {entry.retention.rule: entry.retention for entry in personal_data.entries() if entry.retention.rule}
    assert {"sessions", "notifications", "edit_histories", "guest_answers", "codes_and_tokens", "audit_log"} <= set(
        rules
    )
    assert all(retention.term() is not None for retention in rules.values())
