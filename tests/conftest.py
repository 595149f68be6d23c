import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from parvis.accounts.models import User
from parvis.spaces.models import JoinPolicy, Nature, Visibility
from parvis.spaces.services.spaces import official_spaces_ensure, space_create
from parvis.territories.models import Territory
from parvis.territories.services import territories_import
from tests.factories import PASSWORD, agenda_editor, make_user  # make_user: also imported from here by tests

# The tests run in the Oise (the default instance territory), with the Essonne and Ille-et-Vilaine beside it for
# communes outside the instance (Évry-Courcouronnes 91228, Rennes 35238).
TEST_DEPARTEMENTS = ["60", "91", "35"]

# The fixtures through which a test reaches the test database (pytest-django's, and whatever is built on them).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="Run only the tests that use the test database (the PostgreSQL stage of `make test`: the others do "
        "not depend on the database and have run in the SQLite stage already).",
    )


def uses_the_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--database-tests-only"):
        return
    elsewhere = [item for item in items if not uses_the_database(item)]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [item for item in items if uses_the_database(item)]


@pytest.fixture(scope="session", autouse=True)
def _storage_profile():
    """PARVIS_TEST_STORAGE=s3 runs the tests with every media file on a real S3 server started here (moto's server
    mode), as an instance with PARVIS_S3_* set. tests/core/test_media.py runs its tests on both storages anyway."""
    if os.environ.get("PARVIS_TEST_STORAGE", "") != "s3":
        yield
        return
    # Imported here: moto and boto3 take a while to load, and only this profile needs them.
    from parvis.core.storage_settings import storages_from
    from tests.s3 import LocalS3

    server = LocalS3().start()
    with override_settings(STORAGES=storages_from(server.environment())):
        yield
    server.stop()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        territories_import(departements=TEST_DEPARTEMENTS)
        official_spaces_ensure()


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory) -> Path:
    """An SQLite file that `manage.py migrate` brought up to date, once per run: the tests that run the project's
    commands in a subprocess, on a database of their own, start from a copy (`migrated_sqlite`) instead of migrating
    an empty file each time, which costs seconds of processor. They still run `migrate` on it, which must succeed."""
    path = tmp_path_factory.mktemp("migrated") / "db.sqlite3"
    env = {
        **os.environ,
        "DEBUG": "1",
        "PARVIS_TESTING": "0",
        "DATABASE_URL": "",
        "REDIS_URL": "",
        "SQLITE_PATH": str(path),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        check=True,
        capture_output=True,
        timeout=900,
    )
    return path


@pytest.fixture
def migrated_sqlite(migrated_sqlite_template, tmp_path) -> Path:
    """A migrated SQLite file of the test's own, `db.sqlite3` in its tmp_path (SQLITE_PATH for its subprocesses)."""
    path = tmp_path / "db.sqlite3"
    shutil.copyfile(migrated_sqlite_template, path)
    return path


def ensure_territories() -> None:
    """Transactional tests (live servers) end with every table flushed: bring the territories back if needed."""
    if not Territory.objects.filter(level="commune", code="60057").exists():
        territories_import(departements=TEST_DEPARTEMENTS)
        official_spaces_ensure()


@pytest.fixture
def beauvais(db) -> Territory:
    ensure_territories()
    return Territory.objects.get(level="commune", code="60057")


@pytest.fixture
def compiegne(db) -> Territory:
    ensure_territories()
    return Territory.objects.get(level="commune", code="60159")


@pytest.fixture
def inhabitant(beauvais) -> User:
    return make_user("camille@example.org", display_name="Camille", home_commune=beauvais)


@pytest.fixture
def neighbour(beauvais) -> User:
    return make_user("dominique@example.org", display_name="Dominique", home_commune=beauvais)


@pytest.fixture
def outsider(compiegne) -> User:
    return make_user("sacha@example.org", display_name="Sacha", home_commune=compiegne)


@pytest.fixture
def signed_in(client: Client, inhabitant: User) -> Client:
    client.force_login(inhabitant)
    return client


@pytest.fixture
def spaces(inhabitant, beauvais):
    """One space of each visibility, owned by the inhabitant."""
    return {
        visibility: space_create(
            creator=inhabitant,
            name=f"Groupe {visibility}",
            nature=Nature.VOISINAGE,
            territory=beauvais,
            visibility=visibility,
            join_policy=JoinPolicy.OPEN if visibility == Visibility.PUBLIC else JoinPolicy.REQUEST,
        )
        for visibility in Visibility.values
    }


# Shared by several apps' tests: each app's conftest turns on the ones it wants for every test (autouse).


@pytest.fixture
def english(settings):
    """Messages read in English (the msgids): such tests check that a clear message is given, not its wording."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def fresh_rate_counters(db):
    """Rate counters live in the cache: a database table (rolled back with each test), or Redis, which outlives it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rate_limits_on(settings, fresh_rate_counters, monkeypatch):
    """Rate limits counted as in production, on a clock stopped when the test starts: limits are counted in fixed
    windows, and a test that straddled the end of one (a minute, on a busy machine) would start again from zero."""
    import time

    from parvis.core import ratelimit

    settings.PARVIS_RATE_LIMITS = True
    pinned = time.time()
    monkeypatch.setattr(ratelimit, "_now", lambda: pinned)


def give_operator_role(user):
    """Staff alone opens the administration; the operator's role is the `accounts.operate` permission."""
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="operate", content_type__app_label="accounts"))
    return user


@pytest.fixture
def operator(db):
    return give_operator_role(make_user("operateur@example.org", display_name="Opérateur", is_staff=True))


@pytest.fixture
def operator_moderator(db):
    """A member of the operator's moderation team (a permission rather than is_staff); like staff, they use it after
    passing their second factor (sign them in with `staff_client`)."""
    from django.contrib.auth.models import Permission

    user = make_user("moderation@example.org", display_name="Équipe de modération")
    user.user_permissions.add(
        Permission.objects.get(codename="moderate_anything", content_type__app_label="moderation")
    )
    return user


# The TOTP secret of every staff member the tests create (base32); `totp_code` gives its current code.
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def totp_code(user, secret: str = STAFF_TOTP_SECRET) -> str:
    """The code an authenticator app shows now. A code is accepted once per user (allauth remembers used ones in the
    cache), so the marker is dropped first: two sign-ins of the same test person may fall in the same 30 seconds."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from django.core.cache import cache

    # A code read in the last seconds of its window may reach the server in the next one, where it is no longer
    # accepted (no tolerance): on a loaded machine that made sign-ins flicker. Wait for the next window then.
    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.1)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))
    cache.delete(f"allauth.mfa.totp.used?user={user.pk}&code={code}")
    return code


def give_totp(user, secret: str = STAFF_TOTP_SECRET):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt

    authenticator, _ = Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": encrypt(secret)}}
    )
    return authenticator


def staff_client(client, user, *, password: str = PASSWORD):
    """A staff member signed in as they really do: the e-mail and password on the sign-in page, then the TOTP code
    (an authenticator is set up for them first if they have none). The staff middleware lets nobody in without the
    second step."""
    from allauth.account.models import EmailAddress

    client.logout()  # whoever was signed in on this client before
    give_totp(user)
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302 and "/accounts/2fa/authenticate/" in response["Location"], response
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(user)})
    assert response.status_code == 302 and "/2fa/" not in response["Location"], response
    return client


# Shared by the agenda's tests and others that review it.


@pytest.fixture
def editor(beauvais):
    """An agent of the Oise reviewing its common agenda, its communes' included."""
    return agenda_editor(beauvais.parent, display_name="Agent de l'agenda")


@pytest.fixture
def superuser(db):
    """The operator as `createsuperuser` makes them: staff, every permission. They open staff pages only after their
    second factor: sign them in with `staff_client`."""
    return make_user("operatrice@example.org", display_name="Opératrice", is_staff=True, is_superuser=True)
