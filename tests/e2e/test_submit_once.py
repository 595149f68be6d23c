"""In a real browser, a form that creates something is sent once: its button is disabled while it is being sent
and a second submit is cancelled (static/parvis/submit-once.js). The request is held by the test until it has
looked: it answers "204 No Content", which leaves the page as it was, so nothing depends on the machine's speed."""

import pytest

from .conftest import DESKTOP, INHABITANT, sign_in

pytestmark = pytest.mark.e2e


def test_the_send_button_is_disabled_while_the_message_is_sent_and_a_second_submit_is_cancelled(browser, instance):
    page = browser.new_context(viewport=DESKTOP, locale="fr-FR").new_page()
    sign_in(page, instance.url, INHABITANT)
    page.goto(instance.url + "/messages/nouvelle/")
    form = page.locator("main form.stacked-form")
    assert form.locator("input[name=submit_key]").count() == 1
    sent = []

    def answer(route):
        sent.append(route.request.method)
        route.fulfill(status=204) if route.request.method == "POST" else route.continue_()

    page.route("**/messages/nouvelle/", answer)
    form.locator("textarea").last.fill("Bonjour")
    # The send button, not the recipient search's (which posts the form back without sending).
    button = form.locator("button[type=submit]:not([name=search])")
    with page.expect_request(lambda request: request.method == "POST"):
        button.click(no_wait_after=True)
    page.wait_for_function(
        "() => document.querySelector('main form.stacked-form button[type=submit]:not([name=search])').disabled"
    )
    cancelled = page.evaluate(
        "() => { const form = document.querySelector('main form.stacked-form');"
        " const again = new SubmitEvent('submit', {bubbles: true, cancelable: true});"
        " form.dispatchEvent(again); return again.defaultPrevented; }"
    )
    assert cancelled
    assert sent.count("POST") == 1
