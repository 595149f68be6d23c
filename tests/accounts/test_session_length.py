"""Staff sessions are shorter than inhabitants': eight hours from the sign-in for the operator's staff, two weeks
from the last visit for an inhabitant; a person made staff while signed in gets the short session at once."""

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.test import Client

from tests.conftest import staff_client
from tests.factories import PASSWORD

HOUR = 3600


def test_an_inhabitant_stays_signed_in_two_weeks(client, inhabitant):
    response = client.post("/accounts/login/", {"login": inhabitant.email, "password": PASSWORD, "remember": "on"})
    assert response.status_code == 302
    assert client.session.get_expiry_age() == 14 * 24 * HOUR
    assert response.cookies["sessionid"]["max-age"] == 14 * 24 * HOUR


def test_a_staff_member_is_signed_in_eight_hours_at_most(client, operator):
    staff_client(client, operator)
    assert 7.9 * HOUR < client.session.get_expiry_age() <= 8 * HOUR
    assert client.cookies["sessionid"]["max-age"] <= 8 * HOUR
    client.get("/journal/")  # activity does not extend it
    assert client.session.get_expiry_age() <= 8 * HOUR


def test_the_staff_length_follows_the_setting(settings, client, operator):
    settings.PARVIS_STAFF_SESSION_HOURS = 2
    staff_client(client, operator)
    assert client.session.get_expiry_age() <= 2 * HOUR


def test_becoming_staff_shortens_the_session_at_once(client, inhabitant):
    client.post("/accounts/login/", {"login": inhabitant.email, "password": PASSWORD})
    assert client.session.get_expiry_age() > 8 * HOUR
    inhabitant.is_staff = True
    inhabitant.save(update_fields=["is_staff"])
    client.get("/")
    assert client.session.get_expiry_age() <= 8 * HOUR


def _signed_in_hours_ago(client: Client, hours: float) -> None:
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] -= hours * HOUR
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()


def test_a_person_made_staff_long_after_signing_in_is_signed_out(client, inhabitant):
    client.post("/accounts/login/", {"login": inhabitant.email, "password": PASSWORD})
    _signed_in_hours_ago(client, 9)
    assert client.get("/profil/").status_code == 200  # an inhabitant: nine hours are nothing
    inhabitant.is_staff = True
    inhabitant.save(update_fields=["is_staff"])
    response = client.get("/profil/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_a_staff_session_older_than_its_limit_is_over(client, operator):
    staff_client(client, operator)
    _signed_in_hours_ago(client, 9)
    response = client.get("/journal/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
