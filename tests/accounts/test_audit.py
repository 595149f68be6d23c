"""The second factor that guards the operator's powers: setting it up, renewing recovery codes or removing it goes
into the audit log for staff; an inhabitant's own security settings do not."""

from parvis.accounts.audit import AccountVerb
from parvis.core.audit import AuditEntry
from tests.conftest import staff_client, totp_code
from tests.factories import PASSWORD, make_user


def _activate_totp(client, user, capture):
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    activate = "/accounts/2fa/totp/activate/"
    confirm = client.get(activate)["Location"]
    client.post(confirm, {"password": PASSWORD})
    client.get(activate)
    secret = client.session["mfa.totp.secret"]
    # allauth sends its signal once the authenticator is committed.
    with capture(execute=True):
        assert client.post(activate, {"code": totp_code(user, secret)}).status_code == 302


def test_staff_setting_up_their_second_factor_is_audited(client, db, django_capture_on_commit_callbacks):
    staff = make_user("nouvel-admin@example.org", display_name="Nouvel admin", is_staff=True)
    _activate_totp(client, staff, django_capture_on_commit_callbacks)
    # The authenticator app, and the recovery codes allauth makes with it.
    entries = AuditEntry.objects.filter(verb=AccountVerb.MFA_ADDED).order_by("pk")
    assert [entry.details["authenticator"] for entry in entries] == ["totp", "recovery_codes"]
    entry = entries[0]
    assert (entry.actor, entry.kind, entry.object_id, entry.space_id) == (staff, "accounts.user", staff.pk, None)


def test_staff_renewing_recovery_codes_is_audited(client, operator, django_capture_on_commit_callbacks):
    client = staff_client(client, operator)
    # allauth asks for the password again before renewing the codes.
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/recovery-codes/generate/")
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    entry = AuditEntry.objects.get(verb=AccountVerb.MFA_RESET)
    assert (entry.actor, entry.object_id, entry.details) == (operator, operator.pk, {"authenticator": "recovery_codes"})


def test_an_inhabitants_own_second_factor_is_not_an_act_of_authority(
    client, inhabitant, django_capture_on_commit_callbacks
):
    _activate_totp(client, inhabitant, django_capture_on_commit_callbacks)
    assert not AuditEntry.objects.filter(verb__in=AccountVerb.values).exists()
