"""Issue #4's journey in a real browser: a newcomer signs up, joins their commune, creates a group, publishes text
with a photo and a link; a neighbour comments and reacts; the newcomer is notified."""

import re
from io import BytesIO

import pytest
from django.utils.translation import gettext, override
from PIL import Image

from .conftest import DESKTOP, INHABITANT, csp_problems, new_context, picture_arrives, sign_in

pytestmark = pytest.mark.e2e
CONFIRMATION_LINK = re.compile(r"https?://\S+?/accounts/confirm-email/[^\s/]+/")


def t(text: str) -> str:
    """The French wording of a label, as the page shows it: the test follows the catalogue, not a copy of it."""
    with override("fr"):
        return gettext(text)


def photo(tmp_path) -> str:
    path = tmp_path / "lavoir.jpg"
    buffer = BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 60)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_a_newcomer_starts_a_group_posts_a_photo_and_hears_from_a_neighbour(browser, instance, tmp_path):
    newcomer = new_context(browser, viewport=DESKTOP, locale="fr-FR").new_page()
    address = "jeanne.nouvelle@example.org"
    newcomer.goto(instance.url + "/accounts/signup/")
    newcomer.get_by_label("Courriel").fill(address)
    newcomer.get_by_label("Mot de passe", exact=False).first.fill("une-phrase-de-passe-solide")
    newcomer.get_by_label("Mot de passe (confirmation)").fill("une-phrase-de-passe-solide")
    newcomer.get_by_label("J'accepte la charte").check()
    newcomer.locator("main form button[type=submit]").click()
    link = CONFIRMATION_LINK.search(instance.mails_to(address)[0].get_body(("plain",)).get_content()).group(0)
    newcomer.goto(link)
    newcomer.get_by_role("main").get_by_role("button", name="Confirmer").click()
    newcomer.wait_for_load_state("load")

    # Joins their commune: chooses it in the profile (confirming leads to the welcome page; the profile is one
    # link away), then joins its official space.
    newcomer.goto(instance.url + "/profil/")
    newcomer.get_by_label(t("Display name")).fill("Jeanne")
    newcomer.get_by_label("Commune de résidence").fill("Beauvais (60057)")
    newcomer.get_by_label(t("everyone")).check()
    newcomer.get_by_role("button", name="Enregistrer").click()
    newcomer.wait_for_load_state("load")
    newcomer.goto(instance.url + "/espaces/beauvais-60057/")
    newcomer.get_by_role("main").get_by_role("button", name=t("Join"), exact=True).click()
    newcomer.wait_for_load_state("load")
    assert newcomer.get_by_text("Beauvais").first.is_visible()

    # Creates a public group in Beauvais.
    newcomer.goto(instance.url + "/espaces/nouveau/")
    newcomer.get_by_role("textbox", name=t("Name")).fill("Amis du lavoir Saint-Jean")
    newcomer.get_by_role("button", name=t("Create the group")).click()
    newcomer.wait_for_load_state("load")
    assert newcomer.get_by_role("heading", level=1).inner_text() == "Amis du lavoir Saint-Jean"
    group_url = newcomer.url

    # Publishes text with a photo (described) and a link.
    newcomer.get_by_label(t("Your message")).fill(
        "Le lavoir est **rénové** ! Le programme : https://www.example.org/lavoir"
    )
    newcomer.get_by_label(t("Photos (10 at most)")).set_input_files(photo(tmp_path))
    newcomer.get_by_label(t("Description of each photo, one per line")).fill("Le lavoir au soleil")
    newcomer.get_by_role("button", name=t("Publish"), exact=True).click()
    newcomer.wait_for_load_state("load")
    post_url = newcomer.url
    assert "/publications/" in post_url, post_url
    shown = newcomer.get_by_role("img", name="Le lavoir au soleil")
    picture_arrives(shown)
    assert newcomer.locator("main strong", has_text="rénové").is_visible()

    # A neighbour from the demo comments and reacts.
    neighbour = new_context(browser, viewport=DESKTOP, locale="fr-FR").new_page()
    sign_in(neighbour, instance.url, INHABITANT)
    neighbour.goto(group_url)
    neighbour.goto(post_url)
    neighbour.get_by_label(t("Your comment")).fill("Bravo, je passerai samedi !")
    neighbour.get_by_role("button", name=t("Comment"), exact=True).click()
    neighbour.wait_for_load_state("load")
    assert neighbour.get_by_text("Bravo, je passerai samedi !").is_visible()
    # Reactions sit in one disclosure ("React"): open it, then choose.
    neighbour.locator("details:has(button[aria-pressed]) > summary").first.click()
    neighbour.get_by_role("button", name=t("Thank you")).first.click()
    neighbour.wait_for_function("() => document.querySelector('.reaction[aria-pressed=\"true\"]') !== null")

    # The newcomer is told: the badge in the header, and the notification in the list.
    newcomer.goto(instance.url + "/")
    badge = newcomer.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name=re.compile("Notifications")
    )
    assert re.search(r"\d", badge.inner_text() + (badge.get_attribute("aria-label") or "")), badge.inner_text()
    badge.click()
    newcomer.wait_for_load_state("load")
    assert newcomer.get_by_role("main").get_by_text(re.compile("Camille")).first.is_visible(), newcomer.locator(
        "main"
    ).inner_text()
    csp = []
    for page in (newcomer, neighbour):
        page.evaluate("() => 'every violation reported before this answer has reached Python'")
        page.context.close()
        csp += csp_problems(page.context.csp_violations)
    assert not csp, "\n".join(csp)
