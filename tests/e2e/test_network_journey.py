"""Issue #16's journey in a real browser, on the demo's network of the Oise: an agent of the Département opens an
expert session on water; two mayors ask their questions and vote for each other's (a second vote is refused with a
sentence); the expert answers in writing and closes the questions; the page keeps it all. Camille, an inhabitant,
gets nothing of it. Every page passes axe-core and the Content-Security-Policy."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext, override

from .conftest import AGENT, DESKTOP, INHABITANT, csp_problems, new_context, sign_in
from .crawler import axe_violations

pytestmark = pytest.mark.e2e

MAIRE_BEAUVAIS = "beauvais.maire@demo.parvis.test"
MAIRE_TILLE = "tille.maire@demo.parvis.test"
EXPERT = "eau@demo.parvis.test"


def t(text: str) -> str:
    with override("fr"):
        return gettext(text)


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?( \(facultatif\))?$"))


def test_an_agent_opens_a_session_two_elus_ask_and_vote_the_expert_answers(browser, instance, tools):
    axe_source = tools.axe_js.read_text()
    context = new_context(browser, viewport=DESKTOP, locale="fr-FR")
    problems = []

    def check(page):
        problems.extend(f"{page.url}: {v['id']}" for v in axe_violations(page, axe_source))

    def person(email):
        context.clear_cookies()
        page = context.new_page()
        page.set_default_timeout(60_000)  # a missing control fails in a minute, with the page's text below
        sign_in(page, instance.url, email)
        return page

    # The agent opens the session from the water theme's page.
    page = person(AGENT)
    page.goto(f"{instance.url}/reseau/themes/eau-et-assainissement/")
    assert page.locator(".badge--professionnel").first.is_visible()
    check(page)
    opening = page.get_by_role("link", name=t("Open an expert session"))
    assert opening.count() == 1, f"{page.url}: {page.locator('main').inner_text()[:600]}"
    opening.click()
    check(page)
    start = timezone.localtime() + timedelta(days=3)
    field(page, t("Title")).fill("Sécheresse : les arrêtés de restriction d'eau")
    page.get_by_label(t("Expert")).select_option(label="Élise Marchand (Eau et assainissement)")
    field(page, t("Starts at")).fill(start.strftime("%Y-%m-%dT14:00"))
    field(page, t("Ends at")).fill(start.strftime("%Y-%m-%dT16:00"))
    page.get_by_role("button", name=t("Schedule the session")).click()
    page.wait_for_load_state("load")
    assert t("The session is scheduled and announced to the network.") in page.content()
    session_url = page.url
    assert "/reseau/sessions/" in session_url

    # Two mayors ask, and each votes for the other's question; a second vote is refused.
    asked = {
        MAIRE_BEAUVAIS: "Qui signe l'arrêté quand la nappe baisse ?",
        MAIRE_TILLE: "Et pour l'arrosage des stades ?",
    }
    for email, text in asked.items():
        page = person(email)
        page.goto(session_url)
        field(page, t("Your question to the expert")).fill(text)
        page.get_by_role("button", name=t("Ask"), exact=True).click()
        page.wait_for_load_state("load")
        assert text in page.content()
    for email, other in ((MAIRE_TILLE, MAIRE_BEAUVAIS), (MAIRE_BEAUVAIS, MAIRE_TILLE)):
        page = person(email)
        page.goto(session_url)
        question = page.locator("li.network-question", has_text=asked[other])
        question.get_by_role("button", name=re.compile(t("Vote for this question"))).click()
        page.wait_for_load_state("load")
        assert t("Your vote is counted.") in page.content()
        assert "1 vote" in page.locator("li.network-question", has_text=asked[other]).inner_text()
        check(page)

    # The expert answers in writing, then closes the questions.
    page = person(EXPERT)
    page.goto(session_url)
    question = page.locator("li.network-question", has_text=asked[MAIRE_BEAUVAIS])
    question.get_by_label(t("Your answer")).fill("Le préfet, sur avis du comité ressource en eau.")
    question.get_by_role("button", name=t("Publish the answer")).click()
    page.wait_for_load_state("load")
    page.get_by_role("button", name=t("Close the questions")).click()
    page.wait_for_load_state("load")

    # The page keeps it: questions, votes, answer; no more asking.
    page = person(MAIRE_TILLE)
    page.goto(session_url)
    content = page.content()
    assert "Le préfet, sur avis du comité ressource en eau." in content
    assert all(text.replace("'", "&#x27;") in content or text in content for text in asked.values())
    assert page.get_by_label(t("Your question to the expert")).count() == 0
    check(page)

    # An inhabitant outside the network: not found, and the network's home says what it is, nothing more.
    page = person(INHABITANT)
    answer = page.goto(session_url)
    assert answer.status == 404
    page.goto(f"{instance.url}/reseau/")
    assert "Sécheresse" not in page.content() and "affermage" not in page.content()

    assert not problems, "\n".join(problems)
    assert not csp_problems(context.csp_violations)
    context.close()
