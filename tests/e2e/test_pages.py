"""Every page a visitor, an inhabitant, an agent and the operator can reach from the home page: no server error, no
broken link, no WCAG 2.1 A/AA violation found by axe-core, valid HTML for the Nu HTML Checker, an alternative on
every image, a title that is unique and says where one is (RGAA 8.5, 8.6), and nothing wider than a 320 px screen.
`make check-pages` runs only these."""

import re
import unicodedata
from collections import defaultdict
from urllib.parse import urlsplit

import pytest

from .conftest import (
    AGENT,
    DESKTOP,
    INHABITANT,
    OPERATOR,
    OPERATOR_TOTP_SECRET,
    csp_problems,
    new_context,
    sign_in,
)
from .crawler import NARROWEST, Page, axe_violations, crawl, validate_html

pytestmark = pytest.mark.e2e

ROLES = {"anonymous": None, "inhabitant": INHABITANT, "agent": AGENT, "operator": OPERATOR}
# The operator's staff sign in with a second factor.
SECOND_FACTOR = {OPERATOR: OPERATOR_TOTP_SECRET}
SITE_NAME = "Parvis"
# Reached by a link only some time after signing in (allauth asks for the password again before the second-factor
# pages): visited on purpose, so that whether they are checked never depends on how long the crawl took.
# The style guide (every component, served here as in development) is linked from no page.
ALSO_VISITED = ("/accounts/reauthenticate/", "/style/")


@pytest.fixture(scope="module")
def site(browser, instance, tools, tmp_path_factory) -> dict[str, list[Page]]:
    """The pages of each role, crawled once for all the tests below, the CSP violations they reported, and the
    HTML checker's errors."""
    axe_source = tools.axe_js.read_text()
    pages, unvisited, csp = {}, {}, {}
    for role, email in ROLES.items():
        # French first: the instance's language, and what a browser set to French gets.
        context = new_context(browser, viewport=DESKTOP, locale="fr-FR")
        if email:
            sign_in(context.new_page(), instance.url, email, totp_secret=SECOND_FACTOR.get(email, ""))
        pages[role], unvisited[role] = crawl(context, instance.url, axe_source, also=ALSO_VISITED)
        csp[role] = list(context.csp_violations)
        context.close()
        checked = sum(page.is_our_html for page in pages[role])
        print(f"crawled {len(pages[role])} URLs as {role}, {checked} pages checked")  # noqa: T201 - shown with -s
    checked = [page for role_pages in pages.values() for page in role_pages if page.is_our_html]
    checker_errors = validate_html(checked, tools.java, tools.vnu_jar, tmp_path_factory.mktemp("vnu"))
    return {"pages": pages, "unvisited": unvisited, "csp": csp, "checker_errors": checker_errors}


def _where(page: Page) -> str:
    path = urlsplit(page.url)
    shown = path.path + (f"?{path.query}" if path.query else "")
    return shown + (f" (linked from {urlsplit(page.linked_from).path})" if page.linked_from else "")


def _words(text: str) -> set[str]:
    """The words that carry meaning (three letters or more: « fil », « moi »), without case or accents."""
    plain = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    return {word for word in re.findall(r"\w+", plain) if len(word) >= 3}


def _report(problems: list[str], what: str, role: str, instance=None) -> str:
    shown = "\n".join(f"  - {problem}" for problem in problems[:1000])
    more = f"\n  … and {len(problems) - 60} more" if len(problems) > 60 else ""
    log = f"\nserver log:\n{instance.log_tail()}" if instance is not None else ""
    return f"{len(problems)} {what} for the {role} visitor:\n{shown}{more}{log}"


REFUSED_SCRIPT_PAGE = """<!DOCTYPE html><html lang="fr"><head><title>x</title></head>
<body><script>document.title = "ran";</script></body></html>"""
BROKEN_PAGE = """<!DOCTYPE html><html><head><title>x</title></head>
<body><p><div>block in a paragraph</div></p><img src="/photo.png"><a href="/"></a></body></html>"""


def test_the_checkers_catch_known_faults(browser, tools, tmp_path):
    """Guards the checks below: a checker that silently reports nothing would make them pass on any page."""
    context = new_context(browser)
    browser_page = context.new_page()
    browser_page.set_content(BROKEN_PAGE)
    found = {violation["id"] for violation in axe_violations(browser_page, tools.axe_js.read_text())}
    # An inline script on a page whose policy refuses it is reported by the CSP listener (a page served with its
    # header, as Parvis serves them: set_content would rewrite the listener's document).
    context.route(
        "http://csp.example.test/",
        lambda route: route.fulfill(
            body=REFUSED_SCRIPT_PAGE, content_type="text/html", headers={"Content-Security-Policy": "script-src 'self'"}
        ),
    )
    browser_page.goto("http://csp.example.test/")
    browser_page.wait_for_function("() => window.parvisCspSeen.length > 0")
    assert browser_page.title() == "x", "the refused script ran"
    browser_page.evaluate("() => 'every binding call before this answer has reached Python'")
    violations = list(context.csp_violations)
    context.close()
    assert {"html-has-lang", "image-alt", "link-name"} <= found
    assert [violation["directive"] for violation in violations] == ["script-src-elem"], violations
    page = Page(url="http://example.test/broken", status=200, content_type="text/html", html=BROKEN_PAGE)
    assert validate_html([page], tools.java, tools.vnu_jar, tmp_path) == []
    messages = " ".join(error["message"] for error in page.html_errors)
    assert "“p” end tag" in messages and "“alt” attribute" in messages, messages


@pytest.mark.parametrize("role", ROLES)
def test_the_crawl_reaches_the_pages_of_the_site(site, role):
    """Guards the checks below: a crawl stuck on the home page would make them pass without checking anything."""
    assert site["unvisited"][role] == 0, f"{site['unvisited'][role]} URLs left unvisited: raise MAX_PAGES"
    patterns = {urlsplit(page.url).path.split("/")[1] for page in site["pages"][role] if page.is_our_html}
    assert {"", "espaces", "agenda", "recherche", "territoires"} <= patterns, sorted(patterns)
    # The legal pages, linked from every page's footer.
    legal = {"mentions-legales", "confidentialite", "accessibilite", "conditions-d-utilisation", "contact"}
    legal.add("code-source")
    assert legal <= patterns, sorted(legal - patterns)
    if role != "anonymous":
        assert {"profil", "notifications"} <= patterns, sorted(patterns)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_breaks_the_content_security_policy(site, role):
    """Every refusal a page reports (an inline script or style, eval, a foreign image): the page must change, or
    its view must declare the exception (parvis/core/csp.py, `csp_update`)."""
    problems = csp_problems(site["csp"][role])
    assert not problems, _report(problems, "Content-Security-Policy violations", role)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_answers_a_server_error(site, role, instance):
    problems = [f"{_where(page)}: HTTP {page.status}" for page in site["pages"][role] if page.status >= 500]
    assert not problems, _report(problems, "server errors", role, instance)


@pytest.mark.parametrize("role", ROLES)
def test_no_link_leads_to_a_missing_page(site, role):
    problems = [f"{_where(page)}: HTTP {page.status}" for page in site["pages"][role] if 400 <= page.status < 500]
    assert not problems, _report(problems, "broken links", role)


@pytest.mark.parametrize("role", ROLES)
def test_pages_have_no_accessibility_violation(site, role):
    problems = []
    for page in site["pages"][role]:
        for violation in page.axe_violations:
            for node in violation["nodes"][:5]:
                problems.append(
                    f"{_where(page)}: axe {violation['id']} ({violation['impact']}): {violation['help']} — "
                    f"{' '.join(node['target'])} — {node['html'][:200]}"
                )
    assert not problems, _report(problems, "accessibility violations", role)


@pytest.mark.parametrize("role", ROLES)
def test_pages_are_valid_html(site, role):
    problems = [f"the checker itself: {error.get('message')}" for error in site["checker_errors"]]
    for page in site["pages"][role]:
        for error in page.html_errors:
            extract = (error.get("extract") or "").replace("\n", " ")[:160]
            problems.append(f"{_where(page)}: line {error.get('lastLine', '?')}: {error['message']} — {extract}")
    assert not problems, _report(problems, "HTML errors", role)


@pytest.mark.parametrize("role", ROLES)
def test_every_image_has_an_alternative(site, role):
    problems = [
        f"{_where(page)}: <img> without alt — {snippet}"
        for page in site["pages"][role]
        for snippet in page.img_without_alt
    ]
    assert not problems, _report(problems, "images without alt", role)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_is_wider_than_the_narrowest_phone(site, role):
    width = NARROWEST["width"]
    problems = [
        f"{_where(page)}: {page.too_wide} px wide at {width} px — " + " | ".join(page.sticking_out)
        for page in site["pages"][role]
        if page.too_wide
    ]
    assert not problems, _report(problems, f"pages wider than a {width} px screen", role)


@pytest.mark.parametrize("role", ROLES)
def test_titles_are_unique_and_say_where_one_is(site, role):
    problems = []
    by_title = defaultdict(list)
    for page in site["pages"][role]:
        if not page.is_our_html:
            continue
        by_title[page.title].append(page)
        place = page.title.removesuffix(f" — {SITE_NAME}").strip()
        if not place or place == SITE_NAME:
            problems.append(f"{_where(page)}: title “{page.title}” does not say which page this is")
        elif page.h1 and not _words(page.h1[0]) & _words(place):
            problems.append(f"{_where(page)}: title “{page.title}” and heading “{page.h1[0]}” have no word in common")
    for title, same in by_title.items():
        if len(same) > 1:
            problems.append(f"title “{title}” shared by " + ", ".join(_where(page) for page in same))
    assert not problems, _report(problems, "title problems", role)
