"""In a real browser, the installable app's service worker (/sw.js) takes control of the site and shows the offline
page when a page cannot be loaded (the network gone), instead of the browser's own error."""

import pytest

from .conftest import DESKTOP

pytestmark = pytest.mark.e2e


def test_a_page_opened_without_network_shows_the_offline_page(browser, instance):
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    page.goto(instance.url + "/")
    scope = page.evaluate("() => navigator.serviceWorker.ready.then((registration) => registration.scope)")
    assert scope == instance.url + "/"
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")  # clients.claim()
    context.set_offline(True)
    page.goto(instance.url + "/agenda/")
    assert page.locator("h1").inner_text() == "Vous êtes hors ligne"
    context.set_offline(False)
    page.goto(instance.url + "/agenda/")
    assert page.locator("h1").inner_text() != "Vous êtes hors ligne"
    context.close()
