"""Issue #6's journey in a real browser, at a desktop and at a phone width: a landlord opens a residence and hands
out its codes; two inhabitants join with them; one offers to lend a drill, the other answers and they write to each
other; the lender marks the exchange done and both find it in their history; the landlord's announcement reaches
both, pinned on the residence's space and in their notifications.

Only what a person cannot do through the pages in such a journey is prepared in the database beforehand, through
the real services: three accounts with confirmed addresses in Beauvais, and the landlord's organisation page,
verified as the operator would after checking its SIREN (the operator signs in with a second factor)."""

import itertools
import re

import pytest
from django.utils.translation import gettext, override

from .conftest import DESKTOP, PHONE, csp_problems, new_context, open_menu, sign_in
from .crawler import axe_violations

pytestmark = pytest.mark.e2e

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
PASSWORD = "une-phrase-de-passe-solide"
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}\b")
_runs = itertools.count(1)

# Run by `manage.py shell -c`, with the addresses and names formatted in.
SET_UP = """
from allauth.account.models import EmailAddress
from parvis.accounts.models import User
from parvis.spaces.models import OrganisationKind
from parvis.spaces.services.organisations import organisation_request, organisation_verify
from parvis.territories.models import Level, Territory

beauvais = Territory.objects.get(level=Level.COMMUNE, code="60057")

def person(email, name):
    user = User.objects.create_user(email=email, password={password!r}, display_name=name, home_commune=beauvais)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user

landlord = person({landlord!r}, "Claude Gestion")
page = organisation_request(
    requester=landlord, name={organisation!r}, kind=OrganisationKind.LANDLORD, commune=beauvais, siret={siren!r}
)
organisation_verify(operator=User.objects.get(email="operateur@demo.parvis.test"), space=page, reason="SIREN vérifié")
person({lender!r}, {lender_name!r})
person({borrower!r}, {borrower_name!r})
"""


def siren_of_run(number: int) -> str:
    """A SIREN with a valid Luhn key, different for each run: a verified page's number cannot be claimed twice."""
    base = f"73282{number:03d}"
    for key in range(10):
        digits = [int(d) for d in base + str(key)]
        total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits))
        if total % 10 == 0:
            return base + str(key)
    raise AssertionError("unreachable: one key in ten completes a Luhn number")


def t(text: str) -> str:
    """The French wording of a label, as the page shows it: the test follows the catalogue, not a copy of it."""
    with override("fr"):
        return gettext(text)


def field(page, label: str):
    """The form field with this label; a required field's label ends with an asterisk hidden from screen readers
    (Playwright's label match reads it)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


class Checks:
    """What every page of the journey owes everyone: at phone width nothing scrolls sideways (WCAG 1.4.10,
    reflow), and axe-core finds no WCAG 2.1 A/AA violation. These pages need a residence, a landlord and an
    exchange, which the demo the crawler visits does not have. Violations are gathered and reported at the end,
    so that one of them does not hide the rest of the journey."""

    def __init__(self, viewport: str, axe_source: str):
        self.viewport, self.axe_source, self.violations = viewport, axe_source, []

    def __call__(self, page) -> None:
        if self.viewport == "phone":
            page.wait_for_load_state("load")  # a navigation just started leaves no document to measure yet
            widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide on a {widths[1]} px screen"
        for violation in axe_violations(page, self.axe_source):
            targets = [node["target"] for node in violation["nodes"][:3]]
            self.violations.append(f"{page.url}: axe {violation['id']}: {violation['help']} — {targets}")


def submit(page, name: str) -> None:
    page.get_by_role("main").get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("load")


def status_text(page) -> str:
    """The confirmation shown after a form (the `role=status` region above the content)."""
    return page.get_by_role("main").get_by_role("status").inner_text()


def menu(page):
    return page.get_by_role("navigation", name=t("Main menu"))


def to_neighbours(page) -> None:
    menu(page).get_by_role("link", name=t("Neighbours"), exact=True).click()
    page.wait_for_load_state("load")


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    return request.param


def test_a_landlord_opens_a_residence_and_two_neighbours_lend_a_drill(browser, instance, tools, viewport):
    check = Checks(viewport, tools.axe_js.read_text())
    number = next(_runs)
    run = f"{viewport}{number}"
    landlord, lender, borrower = (f"{who}.{run}@example.org" for who in ("bailleur", "aline", "bastien"))
    lender_name, borrower_name = f"Aline {run}", f"Bastien {run}"
    organisation = f"Beauvais Habitat {run}"
    residence = f"Résidence des Peupliers {run}"
    instance.manage(
        "shell",
        "-c",
        SET_UP.format(
            password=PASSWORD,
            landlord=landlord,
            organisation=organisation,
            lender=lender,
            lender_name=lender_name,
            borrower=borrower,
            borrower_name=borrower_name,
            siren=siren_of_run(number),
        ),
    )
    pages = {}
    for who, address in (("landlord", landlord), ("lender", lender), ("borrower", borrower)):
        pages[who] = new_context(browser, viewport=VIEWPORTS[viewport], locale="fr-FR").new_page()
        sign_in(pages[who], instance.url, address, PASSWORD)
    manager, a, b = pages["landlord"], pages["lender"], pages["borrower"]

    # The landlord opens the residence, from the Neighbours page.
    to_neighbours(manager)
    manager.get_by_role("link", name=t("My residences (landlord, condo manager)")).click()
    manager.get_by_role("main").get_by_role("link", name=t("Open a residence")).click()
    manager.wait_for_load_state("load")
    check(manager)
    field(manager, t("Managed by")).select_option(label=organisation)
    field(manager, t("Name of the residence")).fill(residence)
    field(manager, t("Address")).fill("3 allée des Peupliers, 60000 Beauvais")
    field(manager, t("Commune")).fill("Beauvais (60057)")
    field(manager, t("Number of buildings")).fill("2")
    field(manager, t("Number of homes")).fill("36")
    submit(manager, t("Open the residence"))
    assert manager.get_by_role("heading", level=1).inner_text() == residence, manager.locator("main").inner_text()
    assert t("The residence %(name)s is open.") % {"name": residence} in status_text(manager)
    residence_url = manager.url
    check(manager)

    # One code per household: the page shows it, in the confirmation and in the table of codes.
    codes = []
    for _ in range(2):
        field(manager, t("How many people may use it")).fill("1")
        submit(manager, t("Create a code"))
        shown = CODE.search(status_text(manager))
        assert shown, status_text(manager)
        codes.append(shown.group(0))
        table = manager.get_by_role("table", name=t("Codes of this residence"))
        assert table.get_by_role("rowheader", name=shown.group(0)).is_visible()
    check(manager)

    # Each inhabitant enters their code and becomes a verified resident, a member of the residence's space.
    for page, code in ((a, codes[0]), (b, codes[1])):
        to_neighbours(page)
        page.get_by_role("main").get_by_role("link", name=t("Enter a residence code")).click()
        page.wait_for_load_state("load")
        check(page)
        # Typed as read from the notice, in lower case.
        field(page, t("Residence code")).fill(code.lower())
        submit(page, t("Check my code"))
        assert t("You are a verified resident of %(residence)s, and a member of its space.") % {
            "residence": residence
        } in status_text(page)
        assert page.get_by_role("heading", level=1).inner_text() == residence
        check(page)
        to_neighbours(page)
        assert page.get_by_text(t("You are a verified resident of %(name)s.") % {"name": residence}).is_visible()

    # A offers to lend a drill to the residence.
    a.get_by_role("main").get_by_role("link", name=t("Publish a listing")).click()
    a.wait_for_load_state("load")
    check(a)
    field(a, t("offer something")).check()
    field(a, t("Kind")).select_option(label=t("loan"))
    field(a, t("my residence")).check()
    title = f"Je prête une perceuse ({run})"
    field(a, t("Title")).fill(title)
    field(a, t("Description")).fill("Perceuse à percussion avec un jeu de mèches béton.")
    field(a, t("Availability")).fill("Le soir en semaine")
    submit(a, t("Publish"))
    assert a.get_by_role("heading", level=1).inner_text() == title, a.locator("main").inner_text()
    listing_url = a.url
    assert "/voisins/annonces/" in listing_url, listing_url
    check(a)

    # B finds it among the open listings of the Neighbours page, and answers.
    to_neighbours(b)
    listings = b.get_by_role("region", name=t("Open listings"))
    listings.get_by_role("link", name=title).click()
    b.wait_for_load_state("load")
    check(b)
    assert b.get_by_role("heading", level=1).inner_text() == title
    first = "Bonjour, je voudrais l'emprunter samedi pour fixer une étagère."
    field(b, t("Your message to the author")).fill(first)
    submit(b, t("Answer"))
    assert t("Your message is sent to the author: a private conversation is open.") in status_text(b)
    b.get_by_role("main").get_by_role("link", name=t("Continue the conversation")).click()
    b.wait_for_load_state("load")
    conversation_url = b.url
    assert b.locator("#dm-thread").get_by_text(first).is_visible()
    check(b)

    # A is told in the menu, opens the conversation from the messages and answers.
    a.goto(instance.url + "/")
    messages_link = menu(a).get_by_role("link", name=re.compile(t("Messages")))
    assert re.search(r"\d", messages_link.get_attribute("aria-label") or ""), messages_link.inner_text()
    messages_link.click()
    a.wait_for_load_state("load")
    a.get_by_role("main").get_by_role("link", name=re.compile(re.escape(borrower_name))).click()
    a.wait_for_load_state("load")
    assert a.url == conversation_url, (a.url, conversation_url)
    check(a)
    assert a.locator("#dm-thread").get_by_text(first).is_visible()
    reply = "Avec plaisir ! Passez la prendre vendredi soir, bâtiment B."
    field(a, t("Your message")).fill(reply)
    submit(a, t("Send"))
    # Both messages, to both of them.
    for page in (a, b):
        page.goto(conversation_url)
        thread = page.locator("#dm-thread")
        assert thread.get_by_text(first).is_visible() and thread.get_by_text(reply).is_visible(), thread.inner_text()

    # The drill came back: A marks the listing done, with B.
    a.goto(listing_url)
    field(a, t("Service rendered — with whom?")).select_option(label=borrower_name)
    submit(a, t("Mark as done"))
    assert t("Well done! The exchange is in your history, and in your neighbour's.") in status_text(a)
    check(a)

    # Both find it in their history, each with the other's name.
    for page, other in ((a, borrower_name), (b, lender_name)):
        to_neighbours(page)
        page.get_by_role("main").get_by_role("link", name=t("My exchanges"), exact=True).click()
        page.wait_for_load_state("load")
        check(page)
        done = page.get_by_role("region", name=t("Services rendered"))
        assert done.get_by_role("link", name=title).is_visible(), done.inner_text()
        assert (t("with %(name)s") % {"name": other}) in done.inner_text(), done.inner_text()

    # The landlord sees the two residents and announces works to them.
    manager.goto(residence_url)
    facts = manager.locator("main dl.facts").inner_text()
    assert re.search(t("Verified residents") + r"\s+2\b", facts), facts
    field(manager, t("About")).select_option(label=t("works"))
    announcement = f"Coupure d'eau jeudi de 9 h à 12 h pour le remplacement des compteurs ({run})."
    field(manager, t("Announcement")).fill(announcement)
    submit(manager, t("Publish the announcement"))
    assert t("Your announcement is pinned and every resident is told.") in status_text(manager)
    check(manager)

    for page in (a, b):
        # A notification, counted in the menu, that leads to the announcement.
        page.goto(instance.url + "/")
        badge = menu(page).get_by_role("link", name=re.compile(t("Notifications")))
        assert re.search(r"\d", badge.get_attribute("aria-label") or ""), badge.inner_text()
        badge.click()
        page.wait_for_load_state("load")
        assert page.get_by_role("main").get_by_text(residence).first.is_visible(), page.locator("main").inner_text()
        check(page)
        # Pinned on top of the residence's space, reached from the Neighbours page.
        to_neighbours(page)
        page.get_by_role("main").get_by_role("link", name=t("Your residence's space")).click()
        page.wait_for_load_state("load")
        pinned = page.get_by_role("region", name=t("Announcements from your landlord or condo manager"))
        assert pinned.get_by_text(announcement).is_visible(), page.locator("main").inner_text()
        assert organisation in pinned.inner_text()
        check(page)
        # And on top of their feed.
        open_menu(page)
        menu(page).get_by_role("link", name=t("My feed"), exact=True).click()
        page.wait_for_load_state("load")
        pinned = page.get_by_role("region", name=t("Announcements from your landlord or condo manager"))
        assert pinned.get_by_text(announcement).is_visible(), page.locator("main").inner_text()
        check(page)

    csp = []
    for page in pages.values():
        page.evaluate("() => 'every violation reported before this answer has reached Python'")
        page.context.close()
        csp += csp_problems(page.context.csp_violations)
    assert not check.violations, "\n".join(check.violations)
    assert not csp, "\n".join(csp)
