"""Signing in through an identity provider, in the browser: a local OpenID Connect provider (tests/oidc_provider.py)
runs in its own process, named in the demo instance's PARVIS_OIDC_PROVIDERS as FranceConnect and trusted for e-mail.
Emma, who has an account, presses its button and comes back signed in to her account (the provider vouches for her
address); someone whose address the provider does not vouch for does not enter Emma's neighbour's account; a
newcomer signs up through it. Each profile shows "Vérifié par FranceConnect le …"."""

import json
import os
import re

import pytest

from parvis.site.demo.people import email_of
from tests.oidc import local_provider

from .conftest import DESKTOP, PHONE, new_context
from .instance import start_instance
from .test_events_journey import check, close, t

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def provider():
    with local_provider() as running:
        yield running


@pytest.fixture(scope="module")
def oidc_instance(provider, demo_template, tmp_path_factory):
    # The instance reads its providers from its environment, as a real one does.
    previous = os.environ.get("PARVIS_OIDC_PROVIDERS")
    os.environ["PARVIS_OIDC_PROVIDERS"] = json.dumps([provider.config(trusted_email=True)])
    try:
        running = start_instance(demo_template, tmp_path_factory.mktemp("oidc") / "instance")
    finally:
        if previous is None:
            del os.environ["PARVIS_OIDC_PROVIDERS"]
        else:
            os.environ["PARVIS_OIDC_PROVIDERS"] = previous
    yield running
    running.stop()


def press_the_provider_button(page, instance) -> None:
    page.goto(f"{instance.url}/accounts/login/")
    page.get_by_role("button", name="Se connecter avec FranceConnect").click()
    page.wait_for_load_state("load")


def test_an_existing_account_is_reached_through_the_provider_only_with_a_vouched_address(
    browser, oidc_instance, provider, tools
):
    axe = tools.axe_js.read_text()
    emma = email_of("emma")

    # Someone whose address the provider does not vouch for, with Emma's address: the sign-up form, not her account.
    provider.next_person(sub="fc-intrus", email=emma, email_verified=False, name="Intrus")
    context = new_context(browser, viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    press_the_provider_button(page, oidc_instance)
    assert page.url.endswith("/accounts/3rdparty/signup/"), page.url
    check(page, "phone", axe)
    page.goto(f"{oidc_instance.url}/profil/")
    assert "/accounts/login/" in page.url  # not signed in
    close(context)

    # Emma herself: the provider vouches for her address, and she comes back signed in to her account.
    provider.next_person(sub="fc-emma", email=emma, email_verified=True, name="Emma Vidal")
    context = new_context(browser, viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    press_the_provider_button(page, oidc_instance)
    assert not page.url.endswith("/accounts/login/"), page.url
    page.goto(f"{oidc_instance.url}/profil/#verifications")
    check(page, "desktop", axe)
    section = page.locator("#verifications").inner_text()
    assert re.search(r"Vérifié par FranceConnect le \d{1,2} \w+ \d{4}", section), section
    close(context)


def test_a_newcomer_signs_up_through_the_provider(browser, oidc_instance, provider, tools):
    axe = tools.axe_js.read_text()
    provider.next_person(sub="fc-lea", email="lea.fontaine@example.org", email_verified=True, name="Léa Fontaine")
    context = new_context(browser, viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    press_the_provider_button(page, oidc_instance)
    assert page.url.endswith("/accounts/3rdparty/signup/"), page.url
    check(page, "desktop", axe)
    main = page.get_by_role("main")
    assert main.locator("input[name=email]").input_value() == "lea.fontaine@example.org"
    main.locator("input[name=display_name]").fill("Léa Fontaine")
    main.locator("input[name=accept_charter]").check()
    main.locator("form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    page.goto(f"{oidc_instance.url}/profil/")
    assert "/accounts/login/" not in page.url, page.url
    assert "Vérifié par FranceConnect le" in page.locator("#verifications").inner_text()
    close(context)
    assert t("My verifications") == "Mes vérifications"
