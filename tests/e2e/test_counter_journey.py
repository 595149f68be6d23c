"""The town hall's counter, with the keyboard alone (tests/e2e/keyboard.py): Camille reports a broken street light
with a photo, by its address; the commune's agent acknowledges it, then resolves it; Camille is told of each step
and follows it on her dashboard; the public list shows it without her name. Then a shorter one: Camille fills in the
canteen's form, is told what is missing, and sends it. Each page is checked by axe-core and fits the screen."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from .conftest import AGENT, DESKTOP, INHABITANT, new_context
from .instance import DEMO_PASSWORD
from .keyboard import follow, pick_files, press, select_option, sign_in, tab_to, type_into
from .test_events_journey import check, close, t

pytestmark = pytest.mark.e2e

BEAUVAIS = "/guichet/communes/beauvais-60057/"
LIGHT = "Le lampadaire en face du 7 rue Gréber ne s'allume plus depuis trois soirs."


def _signed_in(browser, instance, email: str, next_url: str):
    context = new_context(browser, viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{instance.url}/accounts/login/?next={next_url}")
    sign_in(page, email, DEMO_PASSWORD)
    return context, page


def test_a_street_light_reported_with_a_photo_is_followed_to_its_resolution(browser, instance, tools, tmp_path):
    axe = tools.axe_js.read_text()
    photo = tmp_path / "lampadaire.png"
    Image.new("RGB", (64, 48), (20, 20, 60)).save(photo)

    # Camille reports it by its address, with a photo.
    camille, page = _signed_in(browser, instance, INHABITANT, f"{BEAUVAIS}signaler/")
    check(page, "desktop", axe)
    main = page.get_by_role("main")
    select_option(page, main.get_by_label(re.compile("^" + re.escape(t("What kind of problem?")))), "Éclairage public")
    type_into(page, main.get_by_label(re.compile("^" + t("Describe the problem"))), LIGHT)
    type_into(page, main.get_by_label(re.compile("^" + t("Address"))), "7 rue Gréber")
    pick_files(page, main.get_by_label(re.compile("^" + t("Photos"))), str(photo))
    follow(page, main.get_by_role("button", name=t("Send my report")))
    assert re.search(r"/guichet/signalements/\d+/$", page.url), page.url
    report_url = page.url.removeprefix(instance.url)
    report_id = report_url.rstrip("/").rsplit("/", 1)[-1]
    check(page, "desktop", axe)
    assert LIGHT in page.get_by_role("main").inner_text()

    # The commune's agent finds it in the queue, acknowledges it, then resolves it.
    agent, office = _signed_in(browser, instance, AGENT, "/guichet/agents/")
    check(office, "desktop", axe)
    follow(office, office.locator(f"main a[href='/guichet/agents/signalements/{report_id}/']"))
    check(office, "desktop", axe)
    for state, message in (
        (t("acknowledged"), "Merci, l'équipe éclairage passe cette semaine."),
        (t("resolved"), "Lampe changée ce matin."),
    ):
        main = office.get_by_role("main")
        select_option(office, main.get_by_label(re.compile("^" + t("New state"))), state)
        type_into(office, main.get_by_label(re.compile("^" + t("Message to the reporter"))), message)
        follow(office, main.get_by_role("button", name=t("Change and tell the reporter")))
        assert message in office.get_by_role("main").inner_text()
    close(agent)

    # Camille is told of each step, and follows it on her dashboard.
    page.goto(f"{instance.url}/notifications/")
    told = page.get_by_role("main").inner_text()
    for sentence in ("%(space)s acknowledged your report", "%(space)s resolved your report"):
        assert t(sentence).replace("%(space)s", "").strip() in told, told
    page.goto(f"{instance.url}/mon-espace/")
    check(page, "desktop", axe)
    block = page.locator("#mes-demarches").inner_text()
    assert "Éclairage public — Beauvais" in block and t("resolved").capitalize() in block, block
    close(camille)

    # The public reads it in the commune's list, without Camille's name.
    visitor = new_context(browser, viewport=DESKTOP, locale="fr-FR")
    public = visitor.new_page()
    public.goto(f"{instance.url}{BEAUVAIS}?etat=resolved")
    check(public, "desktop", axe)
    listing = public.get_by_role("main").inner_text()
    assert LIGHT[:40] in listing and "Camille" not in public.content()
    close(visitor)


def _type_date(page, target, day: date) -> None:
    """A date field's segments follow the browser's language: the French order, else the American one."""
    expected = day.isoformat()
    tab_to(page, target)
    for order in ("%d%m%Y", "%m%d%Y"):
        page.keyboard.type(day.strftime(order))
        if target.input_value() == expected:
            return
        # Out of the field (its segments are Tab stops too), and back in at its first segment.
        while target.evaluate("field => document.activeElement === field"):
            page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
    raise AssertionError(f"typing {expected} gave {target.input_value()!r}")


def test_an_inhabitant_fills_in_the_canteen_form(browser, instance, tools, tmp_path):
    axe = tools.axe_js.read_text()
    proof = tmp_path / "justificatif.pdf"
    proof.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    camille, page = _signed_in(browser, instance, INHABITANT, f"{BEAUVAIS}demarches/")
    check(page, "desktop", axe)
    catalogue = page.get_by_role("main").get_by_role("list").filter(has=page.locator("li.card")).last
    follow(page, catalogue.get_by_role("link", name="Inscription à la cantine"))
    check(page, "desktop", axe)

    # Sent empty: each missing answer is named, nothing is sent.
    main = page.get_by_role("main")
    follow(page, main.get_by_role("button", name=t("Send my request")))
    errors = page.get_by_role("main").inner_text()
    assert t("Answer this question: it is required.") in errors
    assert t("Attach the file asked for (a PDF or a photo).") in errors
    check(page, "desktop", axe)

    main = page.get_by_role("main")
    type_into(page, main.get_by_label(re.compile("^Prénom et nom de l'enfant")), "Zoé Martin")
    press(page, main.get_by_label("Jean-Moulin", exact=True), "Space")
    _type_date(
        page,
        main.get_by_label(re.compile("^Premier jour de cantine")),
        datetime.now(ZoneInfo("Europe/Paris")).date() + timedelta(days=10),
    )
    press(page, main.get_by_label("Tous les jours", exact=True), "Space")
    pick_files(page, main.get_by_label(re.compile("^Justificatif de domicile")), str(proof))
    follow(page, main.get_by_role("button", name=t("Send my request")))
    assert re.search(r"/guichet/demandes/\d+/$", page.url), page.url
    check(page, "desktop", axe)
    text = page.get_by_role("main").inner_text()
    assert "Zoé Martin" in text and "Jean-Moulin" in text and t("Open the attached file") in text
    close(camille)
