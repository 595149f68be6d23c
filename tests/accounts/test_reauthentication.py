"""The pages that ask a signed-in person to confirm it is them (allauth's re-authentication) each say which
confirmation they ask for in their title: a person with several tabs, or a screen reader, tells them apart."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


@pytest.mark.django_db
def test_password_and_code_confirmations_have_distinct_titles(client, inhabitant):
    Authenticator.objects.create(
        user=inhabitant, type=Authenticator.Type.TOTP, data={"secret": encrypt("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")}
    )
    client.force_login(inhabitant)
    by_password = client.get("/accounts/reauthenticate/")
    by_code = client.get("/accounts/2fa/reauthenticate/")
    assert by_password.status_code == by_code.status_code == 200
    assert title(by_password) != title(by_code)
    assert "mot de passe" in title(by_password)
    assert "code d'authentification" in title(by_code).replace("&#x27;", "'")
