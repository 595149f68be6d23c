"""A group's toolbox with the keyboard alone: Gérard asks to join the Tilleuls' kitchen garden, answering its
question and accepting its rules; Camille, its owner, reads his answer and approves him; Gérard opens the group's
files and their versions, saves the pinned welcome post and finds it in his saved posts.

Only the first pages are opened by address (each person's sign-in, and the group's page Gérard was given);
everything else is reached from the page before."""

import re

import pytest

from parvis.site.demo.people import email_of

from .conftest import DESKTOP, INHABITANT, PHONE
from .instance import DEMO_PASSWORD
from .keyboard import follow, open_the_menu, press, sign_in, type_into
from .test_keyboard_journeys import contexts, fits, t  # noqa: F401 - the fixture and helpers of the journeys

pytestmark = pytest.mark.e2e

GARDEN = "/espaces/potager-des-tilleuls/"
ANSWER = "Bâtiment A, au rez-de-chaussée, depuis 1962."


def test_a_neighbour_joins_a_group_with_rules_opens_its_files_and_saves_a_post_with_the_keyboard(contexts, instance):  # noqa: F811
    gerard = contexts(PHONE)
    gerard.goto(instance.url + "/accounts/login/")
    sign_in(gerard, email_of("gerard"), DEMO_PASSWORD)
    gerard.goto(instance.url + GARDEN)
    main = gerard.get_by_role("main")
    follow(gerard, main.get_by_role("link", name=t("Ask to join"), exact=True))
    assert "Pas de produits chimiques" in main.inner_text()  # the rules, shown before joining
    fits(gerard)
    # Without the rules accepted, nothing is sent and the page says why.
    type_into(gerard, main.get_by_label("Dans quel bâtiment des Tilleuls habitez-vous ?"), ANSWER)
    follow(gerard, main.get_by_role("button", name=t("Ask to join"), exact=True))
    assert main.get_by_text(t("Read the group's rules and accept them to join.")).first.is_visible()
    press(gerard, main.get_by_label(t("I have read the group's rules and I accept them")), "Space")
    follow(gerard, main.get_by_role("button", name=t("Ask to join"), exact=True))
    assert gerard.get_by_text(t("Your request to join is sent to the space's administrators.")).is_visible()

    camille = contexts(DESKTOP)
    camille.goto(instance.url + "/accounts/login/")
    sign_in(camille, INHABITANT, DEMO_PASSWORD)
    camille.goto(instance.url + GARDEN)
    follow(camille, camille.get_by_role("main").get_by_role("link", name=t("Manage members"), exact=True))
    request = (
        camille.get_by_role("region", name=t("Requests to join")).get_by_role("listitem").filter(has_text="Gérard")
    )
    assert ANSWER in request.inner_text(), "the administrator does not read the answer"
    follow(camille, request.get_by_role("button", name=re.compile("^" + re.escape(t("Approve")))))
    assert camille.get_by_role("region", name=t("Requests to join")).get_by_text("Gérard").count() == 0

    gerard.reload()
    main = gerard.get_by_role("main")
    assert gerard.get_by_text(t("You are a member.")).is_visible()
    toolbox = main.get_by_role("navigation", name=t("Toolbox of the group"))
    follow(gerard, toolbox.get_by_role("link", name=t("Files"), exact=True))
    follow(gerard, main.get_by_role("link", name="Planning d'arrosage"))
    versions = main.get_by_role("region", name=t("Versions")).get_by_role("link")
    assert versions.count() == 2, "the first version is no longer listed"
    fits(gerard)

    # Back to the group by the breadcrumb; the pinned welcome post, opened by its date; saved for later.
    follow(
        gerard, main.get_by_role("navigation", name=t("Breadcrumb")).get_by_role("link", name="Potager des Tilleuls")
    )
    pinned = main.get_by_role("region", name=t("Pinned posts")).get_by_role("article").first
    assert "Bienvenue au potager" in pinned.inner_text()
    follow(gerard, pinned.locator(".post__date a"))
    follow(gerard, main.get_by_role("button", name=t("Save for later"), exact=True))
    assert gerard.get_by_text(t("Saved. Find it again in your saved posts.")).is_visible()

    # His saved posts, from the menu.
    open_the_menu(gerard)
    menu = gerard.get_by_role("navigation", name=t("Main menu"))
    follow(gerard, menu.get_by_role("link", name=t("Saved posts"), exact=True))
    assert gerard.get_by_role("heading", level=1).inner_text() == t("Saved posts")
    assert gerard.get_by_role("main").get_by_role("article").filter(has_text="Bienvenue au potager").count() == 1
    fits(gerard)
