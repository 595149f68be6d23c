"""What a person does first, in a real browser at a desktop and at a phone width: create an account and confirm
the address from the e-mail, sign in, choose one's commune, and go through the main menu with the keyboard only.
At phone width every page must also fit the screen without scrolling sideways (WCAG 1.4.10, reflow)."""

import itertools
import re

import pytest
from django.utils.translation import gettext, override

from .conftest import DESKTOP, INHABITANT, PHONE, close_menu, csp_problems, new_context, open_menu, sign_in
from .instance import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
CONFIRMATION_LINK = re.compile(r"https?://\S+?/accounts/confirm-email/[^\s/]+/")
_new_addresses = itertools.count(1)


def t(text: str) -> str:
    """The French wording of a label or a button, from the catalogue: the journeys follow the catalogue's words
    (French first), not a copy of them."""
    with override("fr"):
        return gettext(text)


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    return request.param


@pytest.fixture
def page(browser, viewport):
    context = new_context(browser, viewport=VIEWPORTS[viewport], locale="fr-FR")
    opened = context.new_page()
    yield opened
    # Every page of the journey, htmx's answers included, keeps to the Content-Security-Policy.
    opened.evaluate("() => 'every violation reported before this answer has reached Python'")
    context.close()
    assert not context.csp_violations, "\n".join(csp_problems(context.csp_violations))


def field(page, label: str):
    """The field of this label, whether or not the label ends with the asterisk of a required field."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\s*\*?$"))


def fits_the_screen(page, viewport: str) -> None:
    if viewport != "phone":
        return
    # After a click that navigates, the next document may not exist yet on a busy machine: measure the page loaded.
    page.wait_for_load_state("load")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide on a {widths[1]} px screen"


# At a desk only: the same sign-up on a phone, with the keyboard alone from the first page to a reply, is
# test_keyboard_journeys.py's newcomer.
@pytest.mark.parametrize("viewport", ["desktop"])
def test_a_newcomer_signs_up_is_welcomed_and_joins_the_commune_space_with_the_keyboard(page, viewport, instance):
    address = f"nouvelle.{viewport}.{next(_new_addresses)}@example.org"
    page.goto(instance.url + "/")
    open_menu(page)
    page.get_by_role("navigation", name=t("Main menu")).get_by_role("link", name=t("Create an account")).click()
    fits_the_screen(page, viewport)
    field(page, t("Your name")).fill("Nour Haddad")
    # The commune by postal code: the suggestions come as one types (htmx), as on the profile.
    field(page, t("Your commune")).fill("60000")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#commune-suggestions option')].some(o => o.value === 'Beauvais (60057)')"
    )
    field(page, t("Your commune")).fill("Beauvais (60057)")
    field(page, t("Email")).fill(address)
    field(page, t("Password")).fill("une-phrase-de-passe-solide")
    page.get_by_label(t("Password (again)")).fill("une-phrase-de-passe-solide")
    page.get_by_label(t("I accept the charter")).check()
    page.get_by_role("main").get_by_role("button", name=t("Sign Up")).click()
    page.wait_for_load_state("load")
    assert "/accounts/confirm-email/" in page.url, page.url
    fits_the_screen(page, viewport)

    mails = instance.mails_to(address)
    assert len(mails) == 1, f"{len(mails)} mails to {address}"
    body = mails[0].get_body(("plain",)).get_content()
    link = CONFIRMATION_LINK.search(body)
    assert link, body
    # The link leads to this instance and nowhere else.
    assert link.group(0).startswith(instance.url), link.group(0)

    page.goto(link.group(0))
    fits_the_screen(page, viewport)
    page.get_by_role("main").get_by_role("button", name=t("Confirm")).click()
    page.wait_for_load_state("load")
    # Confirmed and signed in at once, welcomed with what happens in the commune.
    assert page.get_by_role("heading", level=1).inner_text() == t("Welcome, %(name)s") % {"name": "Nour Haddad"}
    menu = page.get_by_role("navigation", name=t("Main menu"))
    open_menu(page)
    assert menu.get_by_role("button", name=t("Sign out")).is_visible()
    close_menu(page)
    fits_the_screen(page, viewport)

    # The keyboard alone: from the top of the page, Tab to the first offer (the commune's official space), Enter.
    official = page.get_by_role("region", name=t("Your commune's official space"))
    space_name = official.get_by_role("link").first.inner_text()
    page.locator("#contenu").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('form[action^=\"/bienvenue/rejoindre/\"]')"):
            break
    focused = page.evaluate("() => document.activeElement.closest('section').querySelector('h2').id")
    assert focused == "official-title", focused
    # Joining comes back to the same address: wait for the new document, not for the current one's "load".
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == instance.url + "/bienvenue/", page.url
    assert page.get_by_text(t("You are now a member of %(space)s.") % {"space": space_name}).is_visible()
    official = page.get_by_role("region", name=t("Your commune's official space"))
    assert official.get_by_text(t("You are a member.")).is_visible()
    fits_the_screen(page, viewport)
    # No dead end: on to the home page, where the commune's news now come.
    page.get_by_role("link", name=t("Go to my home page")).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == instance.url + "/", page.url
    assert page.get_by_role("heading", level=1).inner_text() == t("Hello, %(name)s") % {"name": "Nour Haddad"}
    fits_the_screen(page, viewport)

    # Moving house later: the profile's commune field, by postal code then by name.
    page.goto(instance.url + "/profil/")
    commune = page.get_by_label(t("Home commune"))
    # By postal code: the suggestions come as one types (htmx). One input event, one request: typing key by key
    # on a loaded machine could let the answer for "600" arrive after the one for "60000".
    commune.fill("60000")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#commune-suggestions option')].some(o => o.value === 'Beauvais (60057)')"
    )
    suggestions = page.locator("#commune-suggestions option").evaluate_all("options => options.map(o => o.value)")
    assert "Beauvais (60057)" in suggestions, suggestions
    # Eight communes share 60000: saving it as typed says so, on the field, and saves nothing.
    page.get_by_role("button", name=t("Save")).click()
    page.wait_for_load_state("load")
    commune = page.get_by_label(t("Home commune"))
    assert commune.get_attribute("aria-invalid") == "true"
    description = commune.evaluate(
        "field => field.getAttribute('aria-describedby').split(' ')"
        ".map(id => document.getElementById(id).innerText).join(' ')"
    )
    assert "60000" in description and "Beauvais" in description and "Compiègne" not in description, description
    # Choosing the suggestion, as the browser's list does, then saving.
    commune.fill(suggestions[suggestions.index("Beauvais (60057)")])
    page.get_by_role("button", name=t("Save")).click()
    page.wait_for_load_state("load")
    assert page.get_by_text(t("Your profile is saved.")).is_visible(), page.locator("main").inner_text()
    assert page.get_by_label(t("Home commune")).input_value() == "Beauvais (60057)"
    fits_the_screen(page, viewport)

    # By name, after moving.
    page.get_by_label(t("Home commune")).fill("Compiègne")
    page.get_by_role("button", name=t("Save")).click()
    page.wait_for_load_state("load")
    assert page.get_by_label(t("Home commune")).input_value() == "Compiègne (60159)"


def test_an_inhabitant_signs_in_is_told_a_wrong_password_then_signs_out(page, viewport, instance):
    page.goto(instance.url + "/")
    page.get_by_role("navigation", name=t("Main menu")).get_by_role("link", name=t("Sign in")).click()
    fits_the_screen(page, viewport)
    field(page, t("Email")).fill(INHABITANT)
    field(page, t("Password")).fill("pas-le-bon-mot-de-passe")
    page.get_by_role("main").get_by_role("button", name=t("Sign In")).click()
    page.wait_for_load_state("load")
    assert "/accounts/login/" in page.url
    # The refusal is announced (role="alert"), not only shown.
    assert page.get_by_role("main").get_by_role("alert").is_visible()

    field(page, t("Password")).fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name=t("Sign In")).click()
    page.wait_for_load_state("load")
    # Signing in lands on the person's own home, not on the profile form.
    assert page.url == instance.url + "/", page.url
    assert page.get_by_role("heading", level=1).inner_text().startswith(t("Hello"))
    fits_the_screen(page, viewport)

    menu = page.get_by_role("navigation", name=t("Main menu"))
    open_menu(page)
    menu.get_by_role("button", name=t("Sign out")).click()
    page.wait_for_load_state("load")
    # Signed out: the menu offers to sign in again.
    assert page.get_by_role("navigation", name=t("Main menu")).get_by_role("link", name=t("Sign in")).is_visible()


# Every control of the site's header (post cards in the content have a <header> of their own), in the order of the
# page, and what is focused after each Tab; what a closed menu (a <details>) holds is not reachable until it is
# opened, its summary is.
_HEADER_CONTROLS_JS = """() => [...document.querySelectorAll(
  '.skip-link, .site-header a[href], .site-header summary, .site-header button, .site-header select,'
  + ' .site-header input:not([type=hidden])'
)].filter(element => !element.closest('details:not([open]) > :not(summary)'))
 .map((element, index) => { element.dataset.focusCheck = index; return index; })"""
_FOCUSED_JS = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    index: element.dataset.focusCheck === undefined ? null : Number(element.dataset.focusCheck),
    inMain: !!element.closest('main'),
    html: element.outerHTML.slice(0, 120),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
    visible: box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= window.innerWidth
      && box.top >= 0 && box.bottom <= window.innerHeight,
  };
}"""


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "inhabitant"])
def test_the_main_menu_works_with_the_keyboard_only(page, viewport, instance, signed_in):
    if signed_in:
        sign_in(page, instance.url, INHABITANT)
    page.goto(instance.url + "/")
    controls = page.evaluate(_HEADER_CONTROLS_JS)
    reached, problems = [], []
    for _ in range(len(controls) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED_JS)
        if focused["inMain"]:
            break
        if focused["index"] is None:
            problems.append(f"focus went outside the header's controls: {focused['html']}")
            continue
        reached.append(focused["index"])
        if not (focused["outline"] or focused["shadow"]):
            problems.append(f"no visible focus indicator on {focused['html']}")
        if not focused["visible"]:
            problems.append(f"focused but off screen: {focused['html']}")
    assert not problems, "\n".join(problems)
    assert reached == controls, f"Tab order {reached}, controls of the header {controls}"

    # The first stop is the skip link, and it takes the keyboard to the content.
    page.goto(instance.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    # Following the link moves the focus in a task of its own: waited for, not expected at once.
    page.wait_for_function("() => document.activeElement.id === 'contenu'")
    fits_the_screen(page, viewport)
