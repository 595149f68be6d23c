"""Second factors are encrypted at rest: a copy of the database alone does not give a TOTP secret away. The key
comes from PARVIS_FIELD_KEY (a list, for rotation); without it the deploy check fails."""

import importlib
import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from parvis.core import encryption
from parvis.core.encryption import check_field_key
from tests.conftest import STAFF_TOTP_SECRET, staff_client

SEAL = importlib.import_module("parvis.accounts.migrations.0006_seal_mfa_secrets")


def stored(user, kind=Authenticator.Type.TOTP) -> dict:
    return Authenticator.objects.get(user=user, type=kind).data


def test_a_totp_secret_is_stored_encrypted_and_still_signs_in(client, operator):
    staff_client(client, operator)  # sets up the TOTP through allauth, then signs in with its code
    secret = stored(operator)["secret"]
    assert STAFF_TOTP_SECRET not in secret
    assert encryption.decrypt(secret) == STAFF_TOTP_SECRET
    assert client.get("/journal/").status_code == 200


def test_a_totp_activated_through_allauth_is_encrypted(inhabitant):
    TOTP.activate(inhabitant, "KRUGS4ZANFZSAYJAONSWG4TFOQ")
    RecoveryCodes.activate(inhabitant)
    assert "KRUGS4ZANFZSAYJAONSWG4TFOQ" not in stored(inhabitant)["secret"]
    seed = stored(inhabitant, Authenticator.Type.RECOVERY_CODES)["seed"]
    assert encryption.looks_encrypted(seed)
    assert len(RecoveryCodes(Authenticator.objects.get(user=inhabitant, type="recovery_codes")).get_unused_codes())


def test_the_migration_encrypts_clear_secrets_once(inhabitant):
    Authenticator.objects.create(user=inhabitant, type=Authenticator.Type.TOTP, data={"secret": "CLEARSECRET234"})
    Authenticator.objects.create(
        user=inhabitant, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "ab" * 40, "used_mask": 0}
    )
    SEAL.seal_secrets(apps, connection.schema_editor())
    secret = stored(inhabitant)["secret"]
    assert encryption.decrypt(secret) == "CLEARSECRET234"
    assert encryption.decrypt(stored(inhabitant, "recovery_codes")["seed"]) == "ab" * 40
    SEAL.seal_secrets(apps, connection.schema_editor())  # a second run changes nothing
    assert stored(inhabitant)["secret"] == secret
    SEAL.unseal_secrets(apps, connection.schema_editor())
    assert stored(inhabitant)["secret"] == "CLEARSECRET234"


def test_rotation_moves_every_secret_to_the_new_key(settings, inhabitant):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PARVIS_FIELD_KEYS = [old]
    TOTP.activate(inhabitant, "KRUGS4ZANFZSAYJAONSWG4TFOQ")
    settings.PARVIS_FIELD_KEYS = [new, old]
    out = io.StringIO()
    call_command("field_keys_rotate", stdout=out)
    assert "1" in out.getvalue()
    settings.PARVIS_FIELD_KEYS = [new]  # the old key removed: the secret still opens
    assert encryption.decrypt(stored(inhabitant)["secret"]) == "KRUGS4ZANFZSAYJAONSWG4TFOQ"


def test_rotation_without_the_old_key_says_so_and_changes_nothing(settings, inhabitant):
    settings.PARVIS_FIELD_KEYS = [Fernet.generate_key().decode()]
    TOTP.activate(inhabitant, "KRUGS4ZANFZSAYJAONSWG4TFOQ")
    before = stored(inhabitant)["secret"]
    settings.PARVIS_FIELD_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="ancienne clé"):
        call_command("field_keys_rotate", stdout=io.StringIO())
    assert stored(inhabitant)["secret"] == before


def test_a_lost_key_is_a_wrong_code_not_an_error_page(settings, client, inhabitant):
    settings.PARVIS_FIELD_KEYS = [Fernet.generate_key().decode()]
    TOTP.activate(inhabitant, STAFF_TOTP_SECRET)
    settings.PARVIS_FIELD_KEYS = [Fernet.generate_key().decode()]
    client.force_login(inhabitant)
    response = client.post("/accounts/2fa/reauthenticate/", {"code": "123456"})
    assert response.status_code == 200  # the form again, with its error


def test_the_deploy_check_refuses_the_derived_key_and_a_malformed_one(settings):
    settings.PARVIS_FIELD_KEYS = []
    assert [error.id for error in check_field_key()] == ["parvis.E001"]
    settings.PARVIS_FIELD_KEYS = ["not-a-key"]
    assert [error.id for error in check_field_key()] == ["parvis.E002"]
    settings.PARVIS_FIELD_KEYS = [Fernet.generate_key().decode()]
    assert check_field_key() == []
