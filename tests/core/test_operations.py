import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from parvis.legal.checks import REQUIRED as LEGAL_SETTINGS

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_reports_database_cache_and_tasks(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "tasks": "ok", "storage": "ok"}


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40,
        "ALLOWED_HOSTS": "parvis.example.fr",
        "PARVIS_TESTING": "0",
        # The legal pages' details (publisher, host, data protection officer, source): the check warns without them.
        **{name: "given" for name in LEGAL_SETTINGS},
        "PARVIS_FIELD_KEY": Fernet.generate_key().decode(),
    }
    env.pop("PARVIS_HTTPS", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deploy_check_refuses_a_key_derived_from_the_secret_key():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40,
        "ALLOWED_HOSTS": "parvis.example.fr",
        "PARVIS_TESTING": "0",
    }
    env.pop("PARVIS_FIELD_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode != 0
    assert "PARVIS_FIELD_KEY" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DEBUG": "0", "PARVIS_TESTING": "0"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_communes_page_lists_the_communes_of_the_instance_with_search(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = client.get("/communes/").content.decode()
    assert "Oise" in page and "Beauvais" in page
    assert "Rennes" not in page  # not in the instance's territory
    found = client.get("/communes/", {"q": "compiegne"}).content.decode()
    assert "Compiègne" in found and "Beauvais" not in found


@pytest.mark.django_db
def test_staff_without_a_second_factor_is_sent_to_set_one_up(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]


@pytest.mark.django_db
def test_staff_with_totp_reaches_the_administration(client, superuser):
    from tests.conftest import staff_client

    staff_client(client, superuser)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/territories/territory/?q=60200").status_code == 200


def test_request_log_never_records_a_secret_token(client, db, caplog):
    import logging

    with caplog.at_level(logging.INFO, logger="parvis.request"):
        client.get("/agenda/calendrier/un-jeton-secret-123.ics")
    paths = [record.path for record in caplog.records if record.name == "parvis.request"]
    assert paths == ["/agenda/calendrier/[token].ics"]
