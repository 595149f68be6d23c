"""An association officer publishes a weekly event with a place on the map, then edits it: the keyboard alone (Tab
and Shift+Tab to each control, Enter, Space, the arrow keys, the focus visible at every stop; tests/e2e/keyboard.py),
every page fitting the screen and free of axe-core violations. The whole journey at a desk; on a phone, as far as
the published event (the same form, narrower)."""

import itertools
import os
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext, override, pgettext

from .conftest import DESKTOP, PHONE, csp_problems, new_context
from .crawler import axe_violations
from .keyboard import follow, press, sign_in, type_date_time, type_into

pytestmark = pytest.mark.e2e

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
PASSWORD = "une-phrase-de-passe-solide"
_runs = itertools.count(1)

SET_UP = """
from allauth.account.models import EmailAddress
from parvis.accounts.models import User
from parvis.spaces.models import OrganisationKind
from parvis.spaces.services.organisations import organisation_request
from parvis.territories.models import Level, Territory

beauvais = Territory.objects.get(level=Level.COMMUNE, code="60057")
officer = User.objects.create_user(
    email={officer!r}, password={password!r}, display_name="Dominique Lavoir", home_commune=beauvais
)
EmailAddress.objects.create(user=officer, email={officer!r}, verified=True, primary=True)
page = organisation_request(
    requester=officer, name={association!r}, kind=OrganisationKind.ASSOCIATION, commune=beauvais, rna={rna!r}
)
print(page.get_absolute_url())
"""


def t(text: str, context: str = "") -> str:
    with override("fr"):
        return pgettext(context, text) if context else gettext(text)


def check(page, viewport: str, axe_source: str) -> None:
    page.wait_for_load_state("load")
    if viewport == "phone":
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        wide = page.evaluate(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
            "window.innerWidth).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)"
        )
        assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide on a {widths[1]} px screen: {wide}"
    problems = [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}" for v in axe_violations(page, axe_source)
    ]
    assert not problems, f"{page.url}: " + "; ".join(problems)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_an_association_officer_creates_a_weekly_event_placed_on_the_map_and_edits_it(
    browser, instance, tools, viewport
):
    number = next(_runs)
    run = f"{viewport}{number}"
    officer = f"officier.{run}@example.org"
    association = f"Les Amis du Lavoir {run}"
    space_url = (
        instance.manage(
            "shell",
            "-c",
            SET_UP.format(
                officer=officer,
                password=PASSWORD,
                association=association,
                rna=f"W6{os.getpid() % 10000:04d}{number:04d}",
            ),
        )
        .strip()
        .splitlines()[-1]
    )
    context = new_context(browser, viewport=VIEWPORTS[viewport], locale="fr-FR")
    page = context.new_page()
    axe = tools.axe_js.read_text()
    # The first page, by its address: signing in on the way to the association's page.
    page.goto(f"{instance.url}/accounts/login/?next={space_url}")
    sign_in(page, officer, PASSWORD)
    assert page.url == instance.url + space_url, page.url

    # From the association's page, the way to create an event.
    follow(page, page.get_by_role("main").get_by_role("link", name=t("Create an event")))
    check(page, viewport, axe)
    main = page.get_by_role("main")
    assert main.get_by_label(re.compile(t("Space where the event is published"))).input_value() != ""

    today = datetime.now(ZoneInfo("Europe/Paris")).date()
    tuesday = datetime.combine(today + timedelta(days=7 + (1 - today.weekday()) % 7), time(18))
    type_into(page, main.get_by_label(re.compile("^" + t("Title"))), "Atelier couture")
    type_date_time(page, main.get_by_label(re.compile("^" + t("Start"))), tuesday)
    type_date_time(page, main.get_by_label(re.compile("^" + t("End"))), tuesday + timedelta(hours=2))
    press(page, main.get_by_label(t("Every week, on the days chosen below")), "Space")
    # Only the questions of a weekly repetition are shown now.
    assert main.get_by_label(t("Day of the month"), exact=True).is_hidden()
    press(
        page, main.get_by_role("group", name=t("Every week, on")).get_by_label(t("Tuesday", "weekday choice")), "Space"
    )
    press(page, main.get_by_label(t("After a number of times")), "Space")
    type_into(page, main.get_by_label(t("Number of times"), exact=True), "10")
    type_into(page, main.get_by_label(re.compile("^" + t("Venue"))), "Lavoir de la rue Jean-Racine")
    type_into(page, main.get_by_label(re.compile("^" + t("Address"))), "Rue Jean-Racine, Beauvais")

    # The map replaces the coordinates' fields: move it with the arrow keys, then put the pin at its centre.
    assert main.get_by_label(t("Latitude (optional)")).is_hidden()
    press(page, main.get_by_role("application", name=t("Map to place the event")), "ArrowRight")
    page.keyboard.press("ArrowUp")
    press(page, main.get_by_role("button", name=t("Place the pin at the centre of the map")))
    assert main.get_by_role("status").filter(has_text=t("The pin is placed.")).count() == 1
    latitude = float(page.locator("#id_latitude").input_value())
    assert 49.3 < latitude < 49.6, latitude  # Beauvais, where the map opened

    follow(page, main.get_by_role("button", name=t("Publish"), exact=True))
    check(page, viewport, axe)
    assert "/agenda/evenements/" in page.url, page.url
    body = page.get_by_role("main").inner_text()
    assert "Chaque semaine le mardi, 10 fois" in body, body
    assert "FREQ" not in page.content()
    if viewport == "phone":
        close(context)
        return

    # The edit page shows the answers again; a new title is saved.
    follow(page, page.get_by_role("main").get_by_role("link", name=t("Edit the event")))
    check(page, viewport, axe)
    main = page.get_by_role("main")
    assert main.get_by_role("group", name=t("Every week, on")).get_by_label(t("Tuesday", "weekday choice")).is_checked()
    assert main.get_by_label(t("Number of times"), exact=True).input_value() == "10"
    assert float(page.locator("#id_latitude").input_value()) == pytest.approx(latitude, abs=1e-5)
    type_into(page, main.get_by_label(re.compile("^" + t("Title"))), "Atelier couture et tricot")
    follow(page, main.get_by_role("button", name=t("Save the changes")))
    assert page.get_by_role("heading", level=1).inner_text() == "Atelier couture et tricot"
    assert (
        t("Your changes are saved.") in page.get_by_role("main").inner_text()
        or t("Your changes are saved.") in page.content()
    )
    close(context)


def close(context) -> None:
    for page in context.pages:
        page.evaluate("() => 'every violation reported before this answer has reached Python'")
    context.close()
    assert not context.csp_violations, "\n".join(csp_problems(context.csp_violations))
