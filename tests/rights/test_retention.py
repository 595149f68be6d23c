"""`manage.py retention`: each rule removes what is past its term at a simulated date, and nothing younger; a
second run removes nothing more."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from parvis.accounts.models import ApiToken
from parvis.accounts.services import api_token_create, api_token_revoke
from parvis.agenda import publication
from parvis.agenda.models import CalendarToken, Rsvp
from parvis.agenda.services.rsvps import rsvp_guest_confirm, rsvp_guest_request
from parvis.core.audit import AuditEntry
from parvis.core.media import private_storage
from parvis.notifications.models import Notification
from parvis.posts.models import PostRevision
from parvis.posts.services import comment_create, post_create, post_edit
from parvis.rights.models import DataExport
from parvis.rights.retention import RULES, retention_apply
from parvis.rights.services import export_request
from tests.factories import add_member, make_event, png, soon


@pytest.fixture
def kept(spaces, inhabitant, neighbour, client, settings, tmp_path, django_capture_on_commit_callbacks):
    """One of each thing a rule removes, made today through the services, with storages of their own (the suite's
    shared folders hold other tests' files)."""
    settings.MEDIA_ROOT = tmp_path / "public"
    settings.PARVIS_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    group, public = spaces["members"], spaces["public"]
    add_member(group, neighbour)  # an audit entry (request approved) and a notification to come
    event = make_event(inhabitant, public, "Vide-grenier", start=soon(30))
    rsvp_guest_request(event=event, email="jamais@example.org", name="Jamais confirmé")
    rsvp_guest_confirm(token=rsvp_guest_request(event=event, email="oui@example.org", name="Confirmé").token)
    with django_capture_on_commit_callbacks(execute=True):
        post = post_create(author=inhabitant, space=group, body="Première version", photos=[(png(), "Une photo")])
        comment_create(author=neighbour, post=post, body="Je commente")  # notifies the author
        post_edit(editor=inhabitant, post=post, body="Seconde version")
        token, _raw = api_token_create(user=inhabitant, name="ancien")
        api_token_revoke(user=inhabitant, token_id=token.pk)
        api_token_create(user=inhabitant, name="actuel")
        publication.calendar_token_create(user=inhabitant)
        publication.calendar_token_create(user=inhabitant)  # revokes the first
        export_request(user=inhabitant)
    client.force_login(inhabitant)
    orphan = private_storage().save("posts/orphelin.jpg", ContentFile(b"rien"))
    return {"post": post, "orphan": orphan}


def later(days: float):
    return timezone.now() + timedelta(days=days)


@pytest.mark.django_db
def test_nothing_is_removed_before_its_term(kept):
    assert set(retention_apply(now=later(0.5)).values()) == {0}
    assert Rsvp.objects.count() == 2 and PostRevision.objects.count() == 1 and Notification.objects.exists()


@pytest.mark.django_db
def test_each_rule_removes_what_is_past_its_term_once(kept):
    week = retention_apply(now=later(8))
    assert list(Rsvp.objects.values_list("email", flat=True)) == ["oui@example.org"]  # the confirmed guest stays
    assert week["guest_answers"] == 1
    assert week["data_exports"] == 1 and not DataExport.objects.exists()
    assert week["orphan_files"] == 1 and not private_storage().exists(kept["orphan"])
    assert private_storage().exists(kept["post"].attachments.get().image.name)  # a file a row points to stays
    assert retention_apply(now=later(8)) == dict.fromkeys(week, 0)  # idempotent

    retention_apply(now=later(31))
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["actuel"]
    assert CalendarToken.objects.filter(revoked_at__isnull=True).count() == 1 == CalendarToken.objects.count()
    assert Session.objects.count() == 0  # two weeks without coming back: the session had expired

    assert retention_apply(now=later(181))["notifications"] >= 1 and not Notification.objects.exists()
    assert retention_apply(now=later(366))["edit_histories"] == 1 and not PostRevision.objects.exists()
    assert AuditEntry.objects.exists()
    assert retention_apply(now=later(3 * 365 + 1))["audit_log"] >= 1 and not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_durations_are_settings(kept, settings):
    settings.PARVIS_RETENTION_NOTIFICATIONS_DAYS = 1
    assert retention_apply(now=later(2), only=["notifications"])["notifications"] >= 1
    assert not Notification.objects.exists() and PostRevision.objects.exists()


@pytest.mark.django_db
def test_the_command_names_each_rule_and_refuses_an_unknown_one(kept):
    out = StringIO()
    call_command("retention", stdout=out)
    assert [line.split(":")[0] for line in out.getvalue().splitlines()] == [rule.name for rule in RULES]
    with pytest.raises(CommandError, match="Unknown rule"):
        call_command("retention", "--only", "everything")


def test_every_term_the_privacy_notice_promises_is_a_rule_the_retention_command_applies():
    """The notice (from the register) says "removed after N days" only where `manage.py retention` removes it."""
    from parvis.core import personal_data
    from parvis.rights.retention import RULES

    promised = {entry.retention.rule for entry in personal_data.entries() if entry.retention.rule}
    applied = {rule.name for rule in RULES}
    assert promised and promised <= applied, sorted(promised - applied)
