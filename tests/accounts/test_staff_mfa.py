"""Staff reach operator pages only after passing their second factor in this session, whichever sign-in page they
used: the operator's password alone opens nothing."""

import pytest

from tests.conftest import give_totp, staff_client, totp_code
from tests.factories import PASSWORD, make_user

# Pages that show or change what only the operator may: the administration, the operator's moderation queue,
# the neighbourhoods and the figures.
STAFF_PAGES = [
    "/admin/",
    "/admin/accounts/user/",
    "/moderation/",
    "/voisins/quartiers/nouveau/",
    "/chiffres/rapport/",
    "/chiffres/export.csv",
]
# The agenda's review queue is its editors' (staff are no exception), but a staff session without the code does not
# even reach the question.
CLOSED_WITHOUT_THE_CODE = [*STAFF_PAGES, "/agenda/relecture/"]


@pytest.fixture
def operator_with_totp(superuser):
    give_totp(superuser)
    return superuser


def assert_no_staff_page_opens(client):
    for page in CLOSED_WITHOUT_THE_CODE:
        response = client.get(page)
        assert response.status_code == 302, page
        location = response["Location"]
        assert location.startswith(("/accounts/login/", "/accounts/2fa/", "/admin/login/")), (page, location)


def test_admin_login_sends_to_the_one_sign_in_page(client, operator_with_totp):
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Faccounts%2Fuser%2F"


def test_the_admin_login_form_no_longer_signs_in_with_a_password(client, operator_with_totp):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": operator_with_totp.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert_no_staff_page_opens(client)


def test_admin_login_never_sends_elsewhere(client, operator_with_totp):
    response = client.get("/admin/login/?next=//evil.example/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_the_password_alone_opens_no_staff_page(client, operator_with_totp):
    response = client.post("/accounts/login/", {"login": operator_with_totp.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert_no_staff_page_opens(client)


def test_a_wrong_code_opens_no_staff_page(client, operator_with_totp):
    client.post("/accounts/login/", {"login": operator_with_totp.email, "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200  # the form again, with its error
    assert_no_staff_page_opens(client)


def test_a_session_opened_without_the_code_is_asked_for_it(client, operator_with_totp):
    """Owning an authenticator is not enough: a session signed in by a path that skipped the code (the former admin
    form, a confirmation link) is asked for it before any staff page."""
    client.force_login(operator_with_totp)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2F"
    prompt = client.get(response["Location"])
    assert prompt.status_code == 200 and 'name="code"' in prompt.content.decode()
    assert_no_staff_page_opens(client)
    response = client.post(
        "/accounts/2fa/reauthenticate/?next=/admin/", {"code": totp_code(operator_with_totp), "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_api_refuses_a_staff_session_without_the_code_in_words(client, operator_with_totp):
    client.post("/accounts/login/", {"login": operator_with_totp.email, "password": PASSWORD})
    client.force_login(operator_with_totp)
    response = client.get("/api/v1/me")
    assert response.status_code == 403 and "second facteur" in response.json()["detail"]
    staff_client(client, operator_with_totp)
    assert client.get("/api/v1/me").status_code == 200


def test_staff_without_an_authenticator_must_set_one_up_first(client, db):
    staff = make_user("nouvel-admin@example.org", is_staff=True)
    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    assert_no_staff_page_opens(client)


def test_new_staff_set_up_their_authenticator_then_pass_it(client, db):
    """Setting up the authenticator is not yet passing it in the session: the code is asked once more, then the
    administration opens."""
    staff = make_user("nouvel-admin@example.org", is_staff=True)
    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    activate = client.get("/admin/")["Location"]
    # allauth asks for the password again before adding an authenticator.
    confirm = client.get(activate)["Location"]
    assert confirm.startswith("/accounts/reauthenticate/")
    assert client.post(confirm, {"password": PASSWORD}).status_code == 302
    assert client.get(activate).status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(activate, {"code": totp_code(staff, secret)})
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    client.post(response["Location"], {"code": totp_code(staff, secret)})
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("sign_in_page", ["/admin/login/?next=/admin/", "/accounts/login/"])
def test_with_the_code_passed_the_staff_pages_open(client, operator_with_totp, sign_in_page):
    response = client.get(sign_in_page, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [] or response.redirect_chain[-1][0].startswith("/accounts/login/")
    staff_client(client, operator_with_totp)
    for page in STAFF_PAGES:
        assert client.get(page).status_code == 200, page


def test_a_signed_in_inhabitant_is_refused_the_administration_without_a_loop(client, inhabitant):
    client.force_login(inhabitant)
    assert client.get("/admin/login/?next=/admin/").status_code == 403
    assert client.get("/admin/").status_code == 302  # to /admin/login/, which answers 403 as above


def test_the_operators_moderation_team_passes_the_second_factor_too(client, operator_moderator):
    """The `moderate_anything` permission (reported private messages, suspensions) is an operator power: the
    password alone does not open the operator's queue."""
    give_totp(operator_moderator)
    client.post("/accounts/login/", {"login": operator_moderator.email, "password": PASSWORD})
    client.force_login(operator_moderator)  # even a session that skipped the code
    response = client.get("/moderation/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/reauthenticate/")
    assert client.get("/fil/").status_code == 200  # the rest of the site is theirs as anyone's
    staff_client(client, operator_moderator)
    assert client.get("/moderation/").status_code == 200


def test_a_space_moderator_needs_no_second_factor(client, inhabitant):
    client.force_login(inhabitant)
    assert client.get("/moderation/").status_code == 200
