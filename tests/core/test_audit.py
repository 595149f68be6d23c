"""The one audit log: what `audit()` writes, the operator's changes in the administration, and the Django
administration's read-only view of it."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError

from parvis.core.audit import AdminVerb, AuditEntry, audit
from parvis.directory.models import CommuneFigures
from tests.conftest import staff_client


def test_audit_names_the_target_and_takes_its_space(spaces, inhabitant):
    space = spaces["public"]
    with pytest.raises(ValidationError):  # a NUL in the person's words is refused, never stored altered
        audit(actor=inhabitant, verb="role_changed", target=inhabitant, space=space, reason="Pour\x00quoi")
    entry = audit(actor=inhabitant, verb="role_changed", target=inhabitant, space=space, reason="  Pourquoi ")
    assert (entry.actor, entry.actor_label, entry.kind, entry.object_id, entry.space_id) == (
        inhabitant,
        "Camille",
        "accounts.user",
        inhabitant.pk,
        space.pk,
    )
    assert entry.reason == "Pourquoi"
    entry = audit(actor=None, verb="x", kind="posts.post", id=12, label="Une publication")
    assert (entry.actor, entry.kind, entry.object_id, entry.target_label, entry.space_id) == (
        None,
        "posts.post",
        12,
        "Une publication",
        None,
    )


def test_the_actor_is_remembered_after_their_account_is_deleted(inhabitant):
    audit(actor=inhabitant, verb="verified", kind="spaces.space", id=1)
    inhabitant.delete()
    entry = AuditEntry.objects.get(verb="verified")
    assert entry.actor is None and entry.actor_name == "Camille"


def test_an_operator_change_in_the_administration_is_audited(client, superuser, beauvais):
    client = staff_client(client, superuser)
    response = client.post(
        "/admin/directory/communefigures/add/", {"territory": beauvais.pk, "shops_total": "42"}, follow=True
    )
    assert response.status_code == 200
    figures = CommuneFigures.objects.get(territory=beauvais)
    entry = AuditEntry.objects.get(verb=AdminVerb.ADDED)
    assert (entry.actor, entry.kind, entry.object_id) == (superuser, "directory.communefigures", figures.pk)
    assert entry.target_label == str(figures)[:200]  # what the administration showed, kept after a deletion
    client.post(
        f"/admin/directory/communefigures/{figures.pk}/change/", {"territory": beauvais.pk, "shops_total": "40"}
    )
    entry = AuditEntry.objects.get(verb=AdminVerb.CHANGED)
    assert entry.actor == superuser and "shops" in entry.details["change"].lower()
    client.post(f"/admin/directory/communefigures/{figures.pk}/delete/", {"post": "yes"})
    assert AuditEntry.objects.get(verb=AdminVerb.DELETED).object_id == figures.pk
    assert LogEntry.objects.count() == 3


def test_the_administration_shows_the_log_read_only(client, superuser, inhabitant):
    entry = audit(actor=inhabitant, verb="verified", kind="spaces.space", id=1, reason="Kbis reçu")
    client = staff_client(client, superuser)
    assert "Kbis reçu" in client.get("/admin/core/auditentry/").content.decode()
    assert client.get(f"/admin/core/auditentry/{entry.pk}/change/").status_code == 200
    client.post(f"/admin/core/auditentry/{entry.pk}/change/", {"reason": "Autre"})
    client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"})
    entry.refresh_from_db()
    assert entry.reason == "Kbis reçu"
    assert client.get("/admin/core/auditentry/add/").status_code == 403


def test_nobody_else_reads_it_in_the_administration(client, inhabitant):
    client.force_login(inhabitant)
    assert client.get("/admin/core/auditentry/").status_code == 302
