"""`make screenshots`: the main pages of the demo, as a visitor, the demo inhabitant and the demo agent see them, saved
as full-page PNGs at 375 and 1280 pixels wide, in the light and the dark theme, so that anyone can look at the whole
product in a minute.

The demo is built and served exactly as for the browser checks (instance.py: its own SQLite file, gunicorn,
production settings, the style guide on); Debian's Chromium takes the pictures. Pages that depend on the demo's data
(a space, a post, an event, a listing) are found by following the first link of their kind, so that this keeps
working when the demo changes. Nothing leaves the machine: requests to other hosts (map tiles) are refused.

    python -m tests.e2e.screenshots [--out screenshots] [--only home,agenda]
"""

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from .conftest import AGENT, CHROMIUM, CHROMIUM_ARGS, HANG_GUARD_MS, INHABITANT, OPERATOR, OPERATOR_TOTP_SECRET, sign_in
from .instance import REPO, build_demo, start_instance

WIDTHS = {"375": {"width": 375, "height": 740}, "1280": {"width": 1280, "height": 800}}
# Every page is also measured (not saved) at the narrowest phone the site supports: nothing may be wider.
NARROWEST = {"width": 320, "height": 740}
# Also saved as printed (events, the agenda and posts print cleanly on A4).
PRINTED = {"07-post", "08-agenda-list", "11-event"}
THEMES = ("light", "dark")

# (file name, who, how to reach it): a path, or (a page, the pattern of the first link to follow on it).
PAGES = [
    ("01-home-visitor", None, "/"),
    ("02-home-inhabitant", INHABITANT, "/"),
    ("03-feed", INHABITANT, "/fil/"),
    ("04-commune", None, ("/", r"^/territoires/commune/[^/]+/$")),
    ("05-spaces", None, "/espaces/"),
    ("06-space", INHABITANT, ("/espaces/", r"^/espaces/(?!nouveau/|organisation/|invitations/)[^/]+/$")),
    ("07-post", INHABITANT, ("/fil/", r"^/publications/\d+/$")),
    ("08-agenda-list", None, "/agenda/"),
    ("09-agenda-month", None, "/agenda/mois/"),
    ("10-agenda-map", None, "/agenda/carte/"),
    ("11-event", None, ("/agenda/", r"^/agenda/evenements/\d+/$")),
    ("12-neighbours", INHABITANT, "/voisins/"),
    ("13-listing", INHABITANT, ("/voisins/", r"^/voisins/annonces/\d+/$")),
    ("14-messages", INHABITANT, "/messages/"),
    ("15-conversation", INHABITANT, ("/messages/", r"^/messages/\d+/$")),
    ("16-directory", None, "/annuaire/"),
    ("17-directory-entry", None, ("/annuaire/", r"^/annuaire/(?!chiffres/|classes/)[^/]+/$")),
    ("18-profile", INHABITANT, "/profil/"),
    ("19-notifications", INHABITANT, "/notifications/"),
    ("20-sign-up", None, "/accounts/signup/"),
    ("21-sign-in", None, "/accounts/login/"),
    ("22-moderation-queue", AGENT, "/moderation/"),
    ("23-agenda-review", AGENT, "/agenda/relecture/"),
    ("24-search", None, "/recherche/?q=march%C3%A9"),
    ("25-style-guide", None, "/style/"),
    ("26-not-found", None, "/cette-page-n-existe-pas/"),
    ("27-legal-notice", None, "/mentions-legales/"),
    ("28-privacy", None, "/confidentialite/"),
    ("29-accessibility", None, "/accessibilite/"),
    ("30-my-data", INHABITANT, "/profil/mes-donnees/"),
    ("31-delete-account", INHABITANT, "/profil/mes-donnees/supprimer-mon-compte/"),
    (
        "32-report-visitor",
        None,
        (
            "/espaces/",
            r"^/espaces/(?!nouveau/|organisation/|invitations/)[^/]+/$",
            r"^/moderation/signaler/espace/\d+/$",
        ),
    ),
    ("33-transparency", None, "/moderation/transparence/"),
    ("34-counter", None, "/guichet/communes/beauvais-60057/"),
    ("35-counter-report", None, ("/guichet/communes/beauvais-60057/", r"^/guichet/signalements/\d+/$")),
    ("36-counter-form", INHABITANT, "/guichet/communes/beauvais-60057/signaler/"),
    ("37-counter-queue", AGENT, "/guichet/agents/"),
    ("38-alerts", INHABITANT, "/alertes/"),
    ("39-notification-preferences", INHABITANT, "/notifications/preferences/"),
    ("40-event-inhabitant", INHABITANT, ("/agenda/", r"^/agenda/evenements/\d+/$")),
    ("41-digest", None, "/communes/60057/semaine/"),
    ("42-easy-read", None, "/facile/"),
    ("43-open-data", None, "/donnees/"),
    ("44-figures", OPERATOR, "/chiffres/"),
    ("45-counter-categories", AGENT, "/guichet/agents/categories/"),
    ("46-network-roles", OPERATOR, "/reseau/roles/"),
    ("47-tv-video", None, ("/tv/", r"^/tv/videos/\d+/$")),
    ("48-tv-channel", AGENT, ("/tv/", r"^/tv/chaines/\d+/$")),
]


def _first_link(page, base: str, start: str, *patterns: str) -> str | None:
    """The first link matching the first pattern on `start`, then on that page the first matching the next one…"""
    path = start
    for pattern in patterns:
        page.goto(base + path)
        hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
        wanted = re.compile(pattern)
        path = next((urlsplit(href).path for href in hrefs if wanted.search(urlsplit(href).path)), None)
        if path is None:
            return None
    return path


def _local_only(base: str):
    def route(route):
        if route.request.url.startswith(base) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            route.abort()

    return route


def take(out: Path, only: set[str]) -> list[str]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    problems, saved = [], 0
    with tempfile.TemporaryDirectory(prefix="parvis-screenshots-") as tmp:
        template = Path(tmp) / "template"
        print("Building the demo (migrate, territories, demo, collectstatic)…", flush=True)  # noqa: T201
        build_demo(template)
        instance = start_instance(template, Path(tmp) / "instance")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                for who in (None, INHABITANT, AGENT, OPERATOR):
                    pages = [entry for entry in PAGES if entry[1] == who and (not only or entry[0] in only)]
                    if not pages:
                        continue
                    for width_name, viewport in WIDTHS.items():
                        for theme in THEMES:
                            context = browser.new_context(viewport=viewport, color_scheme=theme, locale="fr-FR")
                            context.set_default_timeout(HANG_GUARD_MS)
                            context.route("**/*", _local_only(instance.url))
                            page = context.new_page()
                            if who:
                                sign_in(
                                    page, instance.url, who, totp_secret=OPERATOR_TOTP_SECRET if who == OPERATOR else ""
                                )
                            for name, _who, target in pages:
                                path = target
                                if isinstance(target, tuple):
                                    path = _first_link(page, instance.url, *target)
                                    if path is None:
                                        problems.append(f"{name}: no link matching {target[1:]} from {target[0]}")
                                        continue
                                page.goto(instance.url + path)
                                page.wait_for_load_state("load")
                                file = out / f"{name}-{width_name}-{theme}.png"
                                page.screenshot(path=str(file), full_page=True)
                                saved += 1
                                if name in PRINTED and width_name == "1280" and theme == "light":
                                    # As printed on A4: no header, menu nor footer (@media print of parvis.css).
                                    page.emulate_media(media="print")
                                    page.screenshot(path=str(out / f"{name}-print.png"), full_page=True)
                                    page.emulate_media(media="screen")
                                    saved += 1
                                if width_name == "375" and theme == "light":
                                    page.set_viewport_size(NARROWEST)
                                    wide = page.evaluate("() => document.documentElement.scrollWidth")
                                    if wide > NARROWEST["width"]:
                                        problems.append(f"{name}: {wide} px wide on a 320 px screen")
                                    page.set_viewport_size(viewport)
                            context.close()
                browser.close()
        finally:
            instance.stop()
    print(f"{saved} screenshots in {out}", flush=True)  # noqa: T201
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "screenshots"))
    parser.add_argument("--only", default="", help="comma-separated names, e.g. 01-home-visitor,25-style-guide")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"Chromium is missing ({CHROMIUM}): run `make tools` (as root) or set PARVIS_CHROMIUM.")  # noqa: T201
        return 2
    started = time.monotonic()
    problems = take(Path(args.out), {name for name in args.only.split(",") if name})
    for problem in dict.fromkeys(problems):
        print(f"to look at: {problem}")  # noqa: T201
    print(f"done in {time.monotonic() - started:.0f} s")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
