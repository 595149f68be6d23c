import re

import pytest
from django.core import mail
from django.utils.translation import gettext as _

from parvis.accounts.models import User

SIGNUP = "/accounts/signup/"
LOGIN = "/accounts/login/"
PASSWORD = "Un mot de passe bien long 42"
# The required "I accept the charter" box (parvis.moderation.forms.CharterSignupForm).
CHARTER = {"accept_charter": "on"}


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


@pytest.mark.django_db
def test_signup_sends_a_verification_email_and_the_link_signs_the_person_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SIGNUP, {"email": "Lea@Example.org", "password1": PASSWORD, "password2": PASSWORD, **CHARTER}
        )
    assert response.status_code == 302
    assert User.objects.get(email="lea@example.org").charter_accepted_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lea@example.org"]

    # Not verified yet: signing in leads to the "check your e-mail" page, not into the site.
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LOGIN, {"login": "lea@example.org", "password": PASSWORD})
    assert "/accounts/confirm-email/" in response.headers.get("Location", "")

    link = confirmation_link(mail.outbox[-1])
    assert client.get(link).status_code == 200  # a page with a button: a mail scanner's GET confirms nothing
    response = client.post(link)
    assert response.status_code == 302
    assert client.get("/profil/").status_code == 200  # signed in after confirmation

    client.logout()
    response = client.post(LOGIN, {"login": "lea@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/profil/").status_code == 200


@pytest.mark.django_db
def test_signup_with_an_existing_email_creates_no_second_account(client, inhabitant):
    """The page answers as for a new address (see test_enumeration.py); the owner is told by e-mail."""
    response = client.post(
        SIGNUP, {"email": inhabitant.email.upper(), "password1": PASSWORD, "password2": PASSWORD, **CHARTER}
    )
    assert response.status_code == 302
    assert User.objects.filter(email__iexact=inhabitant.email).count() == 1


@pytest.mark.django_db
def test_signup_with_a_weak_password_keeps_the_email_typed_and_explains(client):
    response = client.post(
        SIGNUP, {"email": "nina@example.org", "password1": "azerty", "password2": "azerty", **CHARTER}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "nina@example.org" in page
    assert "trop court" in page
    assert not User.objects.filter(email="nina@example.org").exists()


@pytest.mark.django_db
def test_password_reset_sends_a_link_that_sets_a_new_password(client, inhabitant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": inhabitant.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    new_password = "Encore un autre mot de passe 7"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    inhabitant.refresh_from_db()
    assert inhabitant.check_password(new_password)


@pytest.mark.django_db
def test_signup_shows_the_charter_box_and_refuses_without_it(client):
    page = client.get(SIGNUP).content.decode()
    assert 'name="accept_charter"' in page and 'href="/charte/"' in page
    response = client.post(SIGNUP, {"email": "noe@example.org", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200
    assert str(_("You must accept the charter to create an account.")) in response.content.decode()
    assert not User.objects.filter(email="noe@example.org").exists()
