"""Sign-up and password reset answer the same whether or not an address has an account: nobody learns from them
who is registered. The owner of the address learns it by e-mail."""

import re

import pytest
from django.core import mail

from parvis.accounts.models import User

PASSWORD = "Un mot de passe bien long 42"
CHARTER = {"accept_charter": "on"}
SAME_ANSWER = "Si cette adresse a un compte, un e-mail est en route"


def visible_page(response) -> str:
    """The page as a visitor reads it: the per-request CSRF token (in forms and htmx headers) aside."""
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "[csrf]", response.content.decode())


def answer(client, url: str, data: dict, capture) -> tuple[int, str, str]:
    """Status, redirection and the page it leads to, for a first visit (no cookie from the previous answer)."""
    client.cookies.clear()
    with capture(execute=True):
        response = client.post(url, data)
    location = response.get("Location", "")
    page = visible_page(client.get(location)) if location else visible_page(response)
    return response.status_code, location, page


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address(
    client, inhabitant, django_capture_on_commit_callbacks
):
    url = "/accounts/password/reset/"
    known = answer(client, url, {"email": inhabitant.email}, django_capture_on_commit_callbacks)
    unknown = answer(client, url, {"email": "personne@example.org"}, django_capture_on_commit_callbacks)
    assert known == unknown
    status, location, page = known
    assert status == 302 and location == "/accounts/password/reset/done/"
    assert SAME_ANSWER in page
    # Only the account's owner receives a link that sets a password.
    links = [m for m in mail.outbox if "/accounts/password/reset/key/" in m.body]
    assert [m.to for m in links] == [[inhabitant.email]]


@pytest.mark.django_db
def test_sign_up_answers_the_same_for_a_registered_and_a_new_address(
    client, inhabitant, django_capture_on_commit_callbacks
):
    url = "/accounts/signup/"
    form = {"password1": PASSWORD, "password2": PASSWORD, **CHARTER}
    registered = answer(client, url, {"email": inhabitant.email.upper(), **form}, django_capture_on_commit_callbacks)
    new = answer(client, url, {"email": "nouvelle@example.org", **form}, django_capture_on_commit_callbacks)
    # The page repeats the address typed ("confirmation e-mail sent to …"): the rest must be the same.
    assert registered[:2] == new[:2]
    assert registered[2].replace(inhabitant.email, "[address]") == new[2].replace("nouvelle@example.org", "[address]")
    status, location, page = new
    assert status == 302 and location == "/accounts/confirm-email/"
    assert "si cette adresse a déjà un compte, l'e-mail le dit" in page
    # No second account; the owner of the registered address is told by e-mail, the new one gets a link.
    assert User.objects.filter(email__iexact=inhabitant.email).count() == 1
    assert User.objects.filter(email="nouvelle@example.org").exists()
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([inhabitant.email, "nouvelle@example.org"])


@pytest.mark.django_db
def test_a_wrong_password_reads_the_same_for_a_known_and_an_unknown_address(client, inhabitant):
    known = client.post("/accounts/login/", {"login": inhabitant.email, "password": "pas le bon"})
    unknown = client.post("/accounts/login/", {"login": "personne@example.org", "password": "pas le bon"})
    assert known.status_code == unknown.status_code == 200
    assert visible_page(known).replace(inhabitant.email, "[address]") == visible_page(unknown).replace(
        "personne@example.org", "[address]"
    )


@pytest.mark.django_db
def test_adding_an_address_answers_the_same_whether_someone_uses_it(
    client, inhabitant, neighbour, django_capture_on_commit_callbacks
):
    client.force_login(inhabitant)
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post("/accounts/email/", {"action_add": "", "email": neighbour.email})
        free = client.post("/accounts/email/", {"action_add": "", "email": "libre@example.org"})
    assert taken.status_code == free.status_code
    assert taken.get("Location") == free.get("Location")
