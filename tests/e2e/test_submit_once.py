"""In a real browser, a form that creates something is sent once: its button is disabled while it is being sent
and a second submit is cancelled (static/parvis/submit-once.js). The request is held by the test until it has
looked, so nothing depends on how fast the machine is."""

import pytest

from .conftest import DESKTOP, INHABITANT, sign_in

pytestmark = pytest.mark.e2e


def test_the_send_button_is_disabled_while_the_message_is_sent_and_a_second_submit_is_cancelled(browser, instance):
    from playwright.sync_api import expect

    page = browser.new_context(viewport=DESKTOP, locale="fr-FR").new_page()
    sign_in(page, instance.url, INHABITANT)
    page.goto(instance.url + "/messages/nouvelle/")
    form = page.locator("main form.stacked-form")
    assert form.locator("input[name=submit_key]").count() == 1
    held = []
    page.route(
        "**/messages/nouvelle/",
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    form.locator("textarea").last.fill("Bonjour")
    button = form.locator("button[type=submit]")
    with page.expect_request(lambda request: request.method == "POST"):
        button.click()
    expect(button).to_be_disabled()
    cancelled = form.evaluate(
        "form => { const again = new SubmitEvent('submit', {bubbles: true, cancelable: true});"
        " form.dispatchEvent(again); return again.defaultPrevented; }"
    )
    assert cancelled
    assert len(held) == 1
    held[0].fulfill(status=200, content_type="text/html", body="<!DOCTYPE html><title>ok</title>")
