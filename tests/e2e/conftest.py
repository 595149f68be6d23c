"""Fixtures of the browser checks: the tools (Debian's Chromium, axe-core, the Nu HTML Checker), a demo instance
served by gunicorn, and a headless browser. `make tools` installs the tools; when one is missing every test here
is skipped with a reason that names it, and the end of the run repeats it in capitals."""

import base64
import hashlib
import hmac
import os
import shutil
import struct
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from .instance import (
    AGENT,
    DEMO_PASSWORD,
    HANG_GUARD_S,
    INHABITANT,
    OPERATOR,
    OPERATOR_TOTP_SECRET,
    REPO,
    Instance,
    build_demo,
    start_instance,
)

# Debian's Chromium: Playwright must never download a browser of its own (no internet on the CI machines, and one
# browser build to keep patched is enough).
CHROMIUM = Path(os.environ.get("PARVIS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Installed by `make tools` from tools/quality/package-lock.json into .tools/ (ignored by git).
NODE_MODULES = REPO / ".tools" / "quality" / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}
# Playwright's waits end on events (a page loaded, an element shown), never on the clock: a loaded machine is slow,
# not wrong. This limit only turns a hang (a server that never answers) into a failure; nothing normal comes near.
HANG_GUARD_MS = HANG_GUARD_S * 1000

# Every Content-Security-Policy violation a page reports (parvis/core/csp.py), sent to Python as it happens, so that
# none is lost when the page navigates away. A page that needs an exception must say so in code (`csp_update`).
_CSP_LISTENER = """
window.parvisCspSeen = [];
document.addEventListener('securitypolicyviolation', (event) => {
  const violation = {
    page: event.documentURI,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile ? `${event.sourceFile}:${event.lineNumber}` : '',
    sample: event.sample,
  };
  window.parvisCspSeen.push(violation);
  window.parvisCspViolation(violation);
}, true);
"""

_missing_reported: list[str] = []


@dataclass(frozen=True)
class Tools:
    chromium: Path
    axe_js: Path
    vnu_jar: Path
    java: str


def _missing_tools() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Chromium ({CHROMIUM}: `apt-get install chromium`, or `make tools` as root)")
    if not AXE_JS.exists():
        missing.append(f"axe-core ({AXE_JS.relative_to(REPO)}: `make tools`)")
    if not VNU_JAR.exists():
        missing.append(f"the Nu HTML Checker ({VNU_JAR.relative_to(REPO)}: `make tools`)")
    if shutil.which("java") is None:
        missing.append("java (`apt-get install default-jre-headless`), for the Nu HTML Checker")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (`make install`)")
    return missing


@pytest.fixture(scope="session")
def tools() -> Tools:
    missing = _missing_tools()
    if missing:
        reason = "BROWSER CHECKS SKIPPED, missing: " + "; ".join(missing)
        if reason not in _missing_reported:
            _missing_reported.append(reason)
        pytest.skip(reason)
    return Tools(chromium=CHROMIUM, axe_js=AXE_JS, vnu_jar=VNU_JAR, java=shutil.which("java"))


def pytest_terminal_summary(terminalreporter):
    for reason in _missing_reported:
        terminalreporter.write_sep("*", reason, red=True, bold=True)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo-template") / "instance"
    build_demo(root)
    return root


@pytest.fixture(scope="module")
def instance(demo_template, tmp_path_factory) -> Instance:
    running = start_instance(demo_template, tmp_path_factory.mktemp("demo") / "instance")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser(tools):
    # Module scope: Playwright's synchronous API keeps an event loop running while it is open, and Django then
    # refuses database access from the same thread, so it must be closed before other test modules run.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(tools.chromium), args=CHROMIUM_ARGS, timeout=HANG_GUARD_MS
        )
        yield launched
        launched.close()


def new_context(browser, **options):
    """A browser context that records the CSP violations of its pages in `context.csp_violations` and waits on
    events only (HANG_GUARD_MS aside). Every browser check opens its contexts here."""
    context = browser.new_context(**options)
    violations: list[dict] = []

    def record(violation: dict) -> None:
        violations.append(violation)

    context.expose_function("parvisCspViolation", record)
    context.add_init_script(_CSP_LISTENER)
    context.set_default_timeout(HANG_GUARD_MS)
    context.set_default_navigation_timeout(HANG_GUARD_MS)
    context.csp_violations = violations
    return context


def picture_arrives(picture) -> None:
    """Wait until a picture's file has arrived and decoded. Pictures load lazily, so "visible" comes before their
    bytes do, later still on a loaded machine; a broken or refused file never gets a width and the wait fails."""
    picture.wait_for(state="visible")
    picture.scroll_into_view_if_needed()
    picture.page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle(), timeout=HANG_GUARD_MS
    )


def csp_problems(violations: list[dict]) -> list[str]:
    return [
        f"{v['page']}: {v['directive']} refused {v['blocked'] or 'inline'} {v['source']} {v['sample'] or ''}".strip()
        for v in violations
    ]


def sign_in(page, base_url: str, email: str, password: str = DEMO_PASSWORD, totp_secret: str = "") -> None:
    """Sign in through the real form, as a person would; with `totp_secret`, the second step too (the operator's
    staff sign in with an authenticator app's code)."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    if totp_secret and "/accounts/2fa/authenticate/" in page.url:
        page.fill("input[name=code]", totp_code(totp_secret))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state("load")
    if "/accounts/login/" in page.url:
        raise AssertionError(f"signing in as {email} failed: still on {page.url}")


_code_windows_used: dict[str, int] = {}


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for this secret (RFC 6238 with allauth's defaults: SHA-1, 30 seconds,
    6 digits). Written with the standard library: `make screenshots` imports this module before Django is set up."""
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.5)  # the code would expire before the form is sent: take the next one
    if _code_windows_used.get(secret) == int(time.time()) // 30:
        time.sleep(30 - time.time() % 30 + 0.5)  # a code is taken once (allauth refuses it again): the next one
    window = _code_windows_used[secret] = int(time.time()) // 30
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", window), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def open_menu(page) -> None:
    """Open the header's menu (a <details>: the places that are not in the main bar) as a person taps it."""
    menu = page.locator("header details.more")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()


def close_menu(page) -> None:
    """Close it again (the same summary), as a person does before using the page under it."""
    menu = page.locator("header details.more")
    if menu.get_attribute("open") is not None:
        menu.locator("summary").click()


__all__ = [
    "AGENT",
    "DESKTOP",
    "INHABITANT",
    "OPERATOR",
    "OPERATOR_TOTP_SECRET",
    "PHONE",
    "close_menu",
    "csp_problems",
    "new_context",
    "open_menu",
    "sign_in",
]
