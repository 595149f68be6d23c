"""Issue 18's alerts in a real browser, at a desktop and at a phone width: Olivier, a verified resident of the
Tilleuls, has lost his cat and sends an alert to the residence; Camille, his neighbour, finds it on top of her feed
and of the residence's group, opens it and is offered to write to him; when the alert ends, it is gone from the
residence's group and from the alerts of her area, and its page says it ended.

An alert ends by time, which a journey cannot wait for: the instance's shell moves the alert's end into the past,
as the clock would (nothing else is changed behind the pages)."""

import itertools
import re

import pytest
from django.utils.translation import gettext, override

from .conftest import DESKTOP, PHONE, csp_problems, new_context, sign_in
from .crawler import axe_violations
from .instance import INHABITANT

pytestmark = pytest.mark.e2e

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
SENDER = "olivier.bertrand@demo.parvis.test"
_runs = itertools.count(1)

END_NOW = """
from datetime import timedelta
from django.utils import timezone
from parvis.alerts.models import Alert
alert = Alert.objects.get(title={title!r})
Alert.objects.filter(pk=alert.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
# A write from outside a request forgets the pages kept for a reload, as every command that writes does.
from parvis.core.pagecache import forget_visitor_pages
forget_visitor_pages()
"""


def t(text: str) -> str:
    with override("fr"):
        return gettext(text)


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


class Checks:
    """At phone width nothing scrolls sideways, and axe-core finds no WCAG 2.1 A/AA violation on a page of the
    journey; violations are gathered and reported at the end."""

    def __init__(self, viewport: str, axe_source: str):
        self.viewport, self.axe_source, self.violations = viewport, axe_source, []

    def __call__(self, page) -> None:
        if self.viewport == "phone":
            page.wait_for_load_state("load")
            widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide on a {widths[1]} px screen"
        for violation in axe_violations(page, self.axe_source):
            targets = [node["target"] for node in violation["nodes"][:3]]
            self.violations.append(f"{page.url}: axe {violation['id']}: {violation['help']} — {targets}")


def submit(page, name: str) -> None:
    page.get_by_role("main").get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("load")


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    return request.param


def test_a_lost_cat_alert_reaches_the_residences_feeds_and_ends(browser, instance, tools, viewport):
    check = Checks(viewport, tools.axe_js.read_text())
    run = f"{viewport}{next(_runs)}"
    title = f"Chat roux perdu, bâtiment A ({run})"
    olivier = new_context(browser, viewport=VIEWPORTS[viewport], locale="fr-FR").new_page()
    camille = new_context(browser, viewport=VIEWPORTS[viewport], locale="fr-FR").new_page()
    sign_in(olivier, instance.url, SENDER)
    sign_in(camille, instance.url, INHABITANT)

    # Olivier sends the alert from the alerts of his area.
    olivier.goto(f"{instance.url}/alertes/")
    check(olivier)
    olivier.get_by_role("main").get_by_role("link", name=t("Send an alert")).click()
    olivier.wait_for_load_state("load")
    check(olivier)
    field(olivier, t("Who should see it")).select_option(label=f"Résidence Les Tilleuls ({t('résidence')})")
    field(olivier, t("What is it about?")).select_option(label=t("lost animal"))
    field(olivier, t("Title")).fill(title)
    field(olivier, t("Details")).fill("Caramel, chat roux sans collier, très peureux. Vu hier soir au local vélos.")
    field(olivier, t("Shown for (hours)")).fill("48")
    submit(olivier, t("Send the alert"))
    assert olivier.get_by_role("heading", level=1).inner_text() == title, olivier.locator("main").inner_text()
    alert_url = olivier.url
    assert t("Found! Close the alert") in olivier.locator("main").inner_text()
    check(olivier)

    # Camille finds it on top of her feed, the kind written beside its symbol, and on the residence's group.
    camille.goto(f"{instance.url}/fil/")
    banner = camille.get_by_role("region", name=t("Urgent alerts"))
    assert banner.get_by_role("link", name=title).is_visible()
    assert t("lost animal").capitalize() in banner.inner_text()
    check(camille)
    camille.goto(f"{instance.url}/voisins/")
    camille.get_by_role("main").get_by_role("link", name=t("Your residence's space")).click()
    camille.wait_for_load_state("load")
    residence_group = camille.url
    assert camille.get_by_role("region", name=t("Urgent alerts")).get_by_role("link", name=title).is_visible()
    check(camille)
    # She opens it and may write to Olivier.
    camille.get_by_role("region", name=t("Urgent alerts")).get_by_role("link", name=title).click()
    camille.wait_for_load_state("load")
    assert camille.url == alert_url
    assert camille.get_by_role("link", name=t("Write to %(name)s") % {"name": "Olivier Bertrand"}).is_visible()
    check(camille)

    # The alert ends: it drops off the residence's group and the alerts of her area, and its page says so.
    instance.manage("shell", "-c", END_NOW.format(title=title))
    camille.goto(residence_group)
    assert title not in camille.locator("main").inner_text()
    camille.goto(f"{instance.url}/alertes/")
    assert title not in camille.locator("main").inner_text()
    camille.goto(alert_url)
    assert t("This alert has ended.") in camille.locator("main").inner_text()
    assert t("Found! Close the alert") not in camille.locator("main").inner_text()

    problems = csp_problems(olivier.context.csp_violations) + csp_problems(camille.context.csp_violations)
    assert not problems, problems
    assert not check.violations, "\n".join(check.violations)
