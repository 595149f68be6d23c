"""Issue #11's journeys with the keyboard alone (Tab, Shift+Tab, Enter, Space, the arrow keys), the focus visible at
every stop: a newcomer from signing up to replying to a neighbour, and an agent through the moderation and agenda
review queues opened from the menu. Each runs in full at one width (the newcomer on a phone, the agent at a desk)
and is checked briefly at the other; the association officer's journey is in test_events_journey.py.

Only the first page is opened by address, and the confirmation link read from the e-mail (a person follows it from
their mail box); everything else is reached from the page before."""

import re
from io import BytesIO

import pytest
from django.utils.translation import gettext, ngettext, override
from PIL import Image

from .conftest import AGENT, DESKTOP, INHABITANT, PHONE, csp_problems, new_context, picture_arrives
from .instance import DEMO_PASSWORD
from .keyboard import follow, open_the_menu, pick_files, press, select_option, sign_in, type_into

pytestmark = pytest.mark.e2e

CONFIRMATION_LINK = re.compile(r"https?://\S+?/accounts/confirm-email/[^\s/]+/")
PASSWORD = "une-phrase-de-passe-solide"

# Something waiting in each of the agent's queues: a comment on the département's official space (which the agent
# moderates) reported by the demo inhabitant; the demo already has events waiting for the agent's review.
REPORT_SET_UP = """
from parvis.accounts.models import User
from parvis.moderation.models import ReportReason
from parvis.moderation.services import report_create
from parvis.posts.models import Post
from parvis.posts.services import comment_create
from parvis.spaces.models import Space
from parvis.territories.models import Level

oise = Space.objects.official().get(territory__level=Level.DEPARTEMENT)
post = Post.objects.filter(space=oise).order_by("pk").first()
neighbour = User.objects.get(email={inhabitant!r})
author = User.objects.exclude(pk__in=[neighbour.pk, post.author_id]).filter(email__endswith="@demo.parvis.test")
comment = comment_create(author=author.exclude(is_staff=True).order_by("pk").first(), post=post, body={body!r})
report_create(reporter=neighbour, kind="comment", target_id=comment.pk, reason=ReportReason.SPAM)
"""


def t(text: str) -> str:
    """The French wording, from the catalogue: the journeys follow the catalogue's words (French first)."""
    with override("fr"):
        return gettext(text)


def field(scope, label: str):
    """The field of this label, whether or not the label ends with the asterisk of a required field."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}\s*\*?$"))


def fits(page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide on a {widths[1]} px screen"


def photo(tmp_path) -> str:
    path = tmp_path / "jardin.jpg"
    buffer = BytesIO()
    Image.new("RGB", (640, 480), (60, 140, 60)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def react_and_see_it_pressed(page, post, key: str) -> None:
    """Press the first reaction not chosen yet on `post`: that very control then says it is pressed, and keeps the
    focus (the keyboard user goes on from there, not from the top of the page). Reactions are the post's toggle
    buttons (aria-pressed), whatever they look like; they sit in a disclosure, opened first with the same key."""
    disclosure = post.locator("details:has(button[aria-pressed])")
    if not disclosure.evaluate("details => details.open"):
        press(page, disclosure.locator("summary"), key)
        page.wait_for_function("details => details.open", arg=disclosure.element_handle())
    toggles = post.locator("button[aria-pressed]")
    index = toggles.evaluate_all("buttons => buttons.findIndex(b => b.getAttribute('aria-pressed') === 'false')")
    assert index >= 0, "no reaction left to choose"
    press(page, toggles.nth(index), key)
    page.wait_for_function(
        "([post, i]) => post.querySelectorAll('button[aria-pressed]')[i].getAttribute('aria-pressed') === 'true'",
        arg=[post.element_handle(), index],
    )
    focused = toggles.nth(index).evaluate("button => document.activeElement === button")
    assert focused, "the focus left the reaction: " + page.evaluate("() => document.activeElement.outerHTML")[:120]


@pytest.fixture
def contexts(browser):
    opened = []

    def open_one(viewport):
        context = new_context(browser, viewport=viewport, locale="fr-FR")
        opened.append(context)
        return context.new_page()

    yield open_one
    problems = []
    for context in opened:
        for page in context.pages:
            page.evaluate("() => 'every violation reported before this answer has reached Python'")
        context.close()
        problems += csp_problems(context.csp_violations)
    assert not problems, "\n".join(problems)


def test_a_newcomer_signs_up_joins_posts_a_photo_reacts_and_replies_with_the_keyboard_on_a_phone(
    contexts, instance, tmp_path
):
    page = contexts(PHONE)
    address = "sacha.clavier@example.org"
    page.goto(instance.url + "/")
    open_the_menu(page)
    follow(page, page.get_by_role("navigation", name=t("Main menu")).get_by_role("link", name=t("Create an account")))
    fits(page)

    main = page.get_by_role("main")
    type_into(page, field(main, t("Your name")), "Sacha Clavier")
    # Typed in full: the suggestions (htmx, as one types) offer it, the field takes what is typed.
    type_into(page, field(main, t("Your commune")), "Beauvais (60057)")
    type_into(page, field(main, t("Email")), address)
    type_into(page, field(main, t("Password")), PASSWORD)
    type_into(page, main.get_by_label(t("Password (again)")), PASSWORD)
    press(page, main.get_by_label(t("I accept the charter")), "Space")
    follow(page, main.get_by_role("button", name=t("Sign Up")))
    assert "/accounts/confirm-email/" in page.url, page.url

    mails = instance.mails_to(address)
    assert len(mails) == 1, f"{len(mails)} mails to {address}"
    link = CONFIRMATION_LINK.search(mails[0].get_body(("plain",)).get_content())
    assert link and link.group(0).startswith(instance.url), mails[0]
    page.goto(link.group(0))
    follow(page, page.get_by_role("main").get_by_role("button", name=t("Confirm")))
    assert page.url == instance.url + "/bienvenue/", page.url
    assert page.get_by_role("heading", level=1).inner_text() == t("Welcome, %(name)s") % {"name": "Sacha Clavier"}
    fits(page)

    # One tap each (here one Enter): the commune's official space, then the first group open to all.
    official = page.get_by_role("region", name=t("Your commune's official space"))
    official_name = official.get_by_role("link").first.inner_text()
    follow(page, official.get_by_role("button", name=re.compile("^" + re.escape(t("Join")) + " ")))
    assert page.get_by_text(t("You are now a member of %(space)s.") % {"space": official_name}).is_visible()
    groups = page.get_by_role("region", name=t("Groups near you"))
    open_group = groups.get_by_role("listitem").filter(
        has=page.get_by_role("button", name=re.compile("^" + re.escape(t("Join")) + " "))
    )
    group_name = open_group.first.get_by_role("link").first.inner_text()
    follow(page, open_group.first.get_by_role("button"))
    assert page.get_by_text(t("You are now a member of %(space)s.") % {"space": group_name}).is_visible()
    # The official space says so; the group, joined, leaves the list of groups to join.
    assert official.get_by_text(t("You are a member.")).is_visible()
    assert groups.get_by_role("link", name=group_name, exact=True).count() == 0
    fits(page)

    # Home: the composer, the group chosen with the arrow keys, a photo from the file chooser opened with Space.
    follow(page, page.get_by_role("link", name=t("Go to my home page")))
    composer = page.get_by_role("region", name=t("Publish"))
    where = composer.get_by_label(t("Where"))
    group_option = where.locator("option", has_text=group_name).first.inner_text()
    select_option(page, where, group_option)
    type_into(page, composer.get_by_label(t("Your message")), "Bonjour à toutes et tous, voici le jardin en juin.")
    pick_files(page, composer.get_by_label(t("Photos (10 at most)")), photo(tmp_path))
    type_into(page, composer.get_by_label(t("Description of each photo, one per line")), "Des tomates au soleil")
    follow(page, composer.get_by_role("button", name=t("Publish"), exact=True))
    mine = page.get_by_role("article").filter(has_text="voici le jardin en juin").first
    shown = mine.get_by_role("img", name="Des tomates au soleil")
    picture_arrives(shown)
    fits(page)

    # Back home by the main bar: a neighbour's post in the commune's space, a reaction, its pressed state shown at
    # once.
    follow(page, page.get_by_role("navigation", name=t("Main menu")).get_by_role("link", name=t("Home"), exact=True))
    works = page.get_by_role("article").filter(has_text="Travaux rue de la République").first
    react_and_see_it_pressed(page, works, "Enter")

    # Its comments, and a reply to the first one.
    # By the comment count's own words: on the first of a month the post's date also begins with "1 ".
    with override("fr"):
        one_comment = ngettext("%(counter)s comment", "%(counter)s comments", 1) % {"counter": 1}
    follow(page, works.get_by_role("link", name=one_comment, exact=True))
    comment = page.locator("#commentaires .comment").filter(has_text="Les trous devant le n° 40").first
    # The comment's own reply disclosure (its "⋯" menu is another disclosure).
    reply = comment.locator("details").filter(has=page.get_by_label(t("Your reply"))).first
    press(page, reply.locator("summary"))
    assert reply.get_attribute("open") is not None, "Enter on « Répondre » did not open the reply form"
    type_into(page, reply.get_by_label(t("Your reply")), "Merci pour l'information !")
    follow(page, reply.get_by_role("button", name=t("Reply"), exact=True))
    # The reply is indented under the comment it answers: in the list of replies nested in that comment's item.
    thread = page.locator("#commentaires li").filter(has_text="Les trous devant le n° 40").first
    assert thread.locator("ol li").get_by_text("Merci pour l'information !").is_visible()
    fits(page)


def test_at_a_desk_a_neighbour_reacts_and_opens_the_comments_with_the_keyboard(contexts, instance):
    page = contexts(DESKTOP)
    page.goto(instance.url + "/accounts/login/")
    sign_in(page, INHABITANT, DEMO_PASSWORD)
    # A post that carries reactions (their buttons sit in a closed disclosure, hence the CSS selector).
    post = page.get_by_role("article").filter(has=page.locator("details:has(button[aria-pressed])")).first
    react_and_see_it_pressed(page, post, "Space")
    comments = re.compile(r"^\d+ " + re.escape(t("%(counter)s comment").replace("%(counter)s ", "")))
    follow(page, post.get_by_role("link", name=comments))
    assert "/publications/" in page.url, page.url


def test_an_agent_handles_a_report_and_an_event_to_review_from_the_menu_with_the_keyboard(contexts, instance):
    instance.manage(
        "shell",
        "-c",
        REPORT_SET_UP.format(inhabitant=INHABITANT, body="Venez acheter mes montres, prix imbattables !"),
    )
    page = contexts(DESKTOP)
    page.goto(instance.url + "/accounts/login/")
    sign_in(page, AGENT, DEMO_PASSWORD)

    # The moderation queue, from the menu.
    open_the_menu(page)
    menu = page.get_by_role("navigation", name=t("Main menu"))
    follow(page, menu.get_by_role("link", name=re.compile("^" + re.escape(t("Moderation")) + r"\b")))
    assert page.get_by_role("heading", level=1).inner_text() == t("Moderation queue")
    report = page.get_by_role("article").filter(has_text="Venez acheter mes montres").first
    decision = report.get_by_label(t("Decision"))
    chosen = decision.evaluate("select => select.options[select.selectedIndex].text")
    select_option(page, decision, chosen)
    type_into(page, field(report, t("Reason (sent to the author)")), "Publicité sans rapport avec le Département.")
    follow(page, report.get_by_role("button", name=t("Record the decision")))
    assert page.get_by_role("main").get_by_role("article").filter(has_text="Venez acheter mes montres").count() == 0
    assert page.get_by_role("main").get_by_role("status").is_visible(), "no message after the decision"

    # The agenda review, from the menu again: the oldest event waiting is accepted.
    open_the_menu(page)
    follow(page, menu.get_by_role("link", name=re.compile("^" + re.escape(t("Agenda review")))))
    assert page.get_by_role("heading", level=1).inner_text() == t("Agenda review")
    first = page.locator(".review-queue > li").first
    title = first.get_by_role("heading").inner_text()
    waiting = page.locator(".review-queue > li").count()
    follow(page, first.get_by_role("button", name=t("Accept")))
    assert page.locator(".review-queue > li").filter(has_text=title).count() == 0
    assert page.locator(".review-queue > li").count() == waiting - 1


def test_on_a_phone_the_agent_reaches_the_queues_from_the_menu_with_the_keyboard(contexts, instance):
    page = contexts(PHONE)
    page.goto(instance.url + "/accounts/login/")
    sign_in(page, AGENT, DEMO_PASSWORD)
    open_the_menu(page)
    menu = page.get_by_role("navigation", name=t("Main menu"))
    follow(page, menu.get_by_role("link", name=re.compile("^" + re.escape(t("Agenda review")))))
    assert page.get_by_role("heading", level=1).inner_text() == t("Agenda review")
    fits(page)
