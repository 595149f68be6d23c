"""Issue #18's event journey in a real browser, on the demo: the choir's officer invites her group to the Christmas
concert, a member accepts the invitation from the event's page, the reminder an hour before reaches her notifications
(the reminders' command run at a simulated time), she asks a question under the event on her phone with the keyboard,
the officer is told and answers, and once the concert has begun (a simulated time again) the member adds a photo to
its album. Then a poll of the choir is answered by three members at once, from three browsers, and counted exactly.
Each page free of axe-core violations and of Content-Security-Policy refusals."""

import re
from datetime import datetime, timedelta
from io import BytesIO

import pytest
from django.utils.translation import gettext, override
from PIL import Image

from .conftest import DESKTOP, INHABITANT, PHONE, csp_problems, new_context, picture_arrives, sign_in
from .crawler import axe_violations

pytestmark = pytest.mark.e2e

MONIQUE = "monique.deneux@demo.parvis.test"
# Three members of the choir besides its officer (demo/organisations.py): Camille, Mathilde and Gérard.
VOTERS = (INHABITANT, "mathilde.coulon@demo.parvis.test", "gerard.poulain@demo.parvis.test")

# The concert begins: an hour ago, as a clock moved forward would say (the album opens once an event has begun).
BEGIN = """
from datetime import timedelta
from django.utils import timezone
from parvis.agenda.models import Event
from parvis.core.pagecache import forget_visitor_pages
Event.objects.filter(pk={event_id}).update(start=timezone.now() - timedelta(hours=1))
forget_visitor_pages()
"""

POLL = """
from parvis.accounts.models import User
from parvis.polls.services import poll_create
from parvis.spaces.models import Space

monique = User.objects.get(email={monique!r})
choir = Space.objects.get(name="Chorale À Tue-Tête")
poll = poll_create(author=monique, space=choir, question="Quel chant pour ouvrir le concert ?",
                   options=["Douce nuit", "Il est né le divin enfant", "Vive le vent"])
print(poll.pk, " ".join(str(pk) for pk in poll.options.values_list("pk", flat=True)))
"""

COUNT = """
from parvis.polls.models import Poll, Vote
poll = Poll.objects.get(pk={poll_id})
print(poll.voter_count, Vote.objects.filter(poll=poll).count(),
      " ".join(str(Vote.objects.filter(option_id=pk).count()) for pk in {options}))
"""

SET_UP = """
from datetime import timedelta
from django.utils import timezone
from parvis.accounts.models import User
from parvis.agenda.services.events import event_create
from parvis.spaces.models import Space

monique = User.objects.get(email={monique!r})
choir = Space.objects.get(name="Chorale À Tue-Tête")
start = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
concert = event_create(creator=monique, space=choir, title="Concert de Noël de la chorale", start=start,
                       end=start + timedelta(hours=2), venue_name="Église Saint-Étienne")
print(concert.pk, start.isoformat())
"""


def t(text: str) -> str:
    with override("fr"):
        return gettext(text)


def photo(tmp_path) -> str:
    path = tmp_path / "concert.jpg"
    buffer = BytesIO()
    Image.new("RGB", (800, 600), (150, 30, 40)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def no_axe_problem(page, axe_source: str) -> None:
    page.wait_for_load_state("load")
    problems = [f"{v['id']}: {v['help']}" for v in axe_violations(page, axe_source)]
    assert not problems, f"{page.url}: " + "; ".join(problems)


def test_an_officer_invites_her_group_a_member_accepts_is_reminded_talks_and_adds_a_photo(
    browser, instance, tools, tmp_path
):
    event_id, start = instance.manage("shell", "-c", SET_UP.format(monique=MONIQUE)).strip().splitlines()[-1].split()
    event_url = f"{instance.url}/agenda/evenements/{event_id}/"
    axe = tools.axe_js.read_text()

    officer_context = new_context(browser, viewport=DESKTOP, locale="fr-FR")
    officer = officer_context.new_page()
    sign_in(officer, instance.url, MONIQUE)
    officer.goto(event_url)
    officer.get_by_role("main").get_by_role("link", name=t("Invite people")).click()
    no_axe_problem(officer, axe)
    officer.get_by_label(t("Invite every member of a group")).select_option(label="Chorale À Tue-Tête")
    officer.get_by_role("button", name=t("Send the invitations")).click()
    officer.wait_for_load_state("load")
    assert officer.url == event_url
    sent = officer.get_by_text(t("Invitations sent: %(count)s.").split(" %")[0]).first.text_content()
    assert int(sent.rstrip(".").split()[-1]) >= 3  # Camille, Mathilde, Gérard, Zoé (minus those going already)

    member_context = new_context(browser, viewport=DESKTOP, locale="fr-FR")
    member = member_context.new_page()
    sign_in(member, instance.url, INHABITANT)
    member.goto(event_url)
    no_axe_problem(member, axe)
    member.get_by_role("button", name=t("Accept the invitation")).click()
    member.wait_for_load_state("load")
    assert member.get_by_text(t("You are going.")).is_visible()

    # An hour before the concert, the periodic command (at a simulated time) reminds those going, once.
    half_an_hour_before = (datetime.fromisoformat(start) - timedelta(minutes=30)).isoformat()
    instance.manage("agenda_reminders", "--now", half_an_hour_before)
    instance.manage("agenda_reminders", "--now", half_an_hour_before)
    member.goto(f"{instance.url}/notifications/")
    no_axe_problem(member, axe)
    reminder = t("Reminder: an event of %(space)s you go to starts in an hour") % {"space": "Chorale À Tue-Tête"}
    assert member.get_by_text(reminder).first.is_visible()
    sent = instance.manage(
        "shell",
        "-c",
        f"from parvis.agenda.models import Reminder; print(Reminder.objects.filter(event_id={event_id}).count())",
    )
    assert sent.strip().splitlines()[-1] == "1"  # Camille alone is going, reminded once for two runs

    # On her phone, with the keyboard alone, she asks a question under the event.
    phone_context = new_context(browser, viewport=PHONE, locale="fr-FR", storage_state=member_context.storage_state())
    phone = phone_context.new_page()
    phone.goto(event_url)
    comment_box = phone.get_by_label(t("Your comment"), exact=True)
    comment_box.focus()
    phone.keyboard.type("Faut-il apporter nos partitions ?")
    phone.keyboard.press("Tab")
    assert phone.evaluate("() => document.activeElement.textContent.trim()") == t("Comment")
    phone.keyboard.press("Enter")
    # Sent back to the event, at the new comment.
    phone.wait_for_url(re.compile(r"/agenda/evenements/\d+/#commentaire-\d+$"))
    phone.wait_for_load_state("load")
    question = phone.locator("article.comment", has_text="Faut-il apporter nos partitions ?")
    question.wait_for(state="visible")
    assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), "wider than a phone"
    no_axe_problem(phone, axe)

    # The officer is told, opens the event from her notifications and answers in the thread.
    officer.goto(f"{instance.url}/notifications/")
    told = t("%(actor)s commented on your event in %(space)s") % {
        "actor": "Camille Martin",
        "space": "Chorale À Tue-Tête",
    }
    officer.get_by_text(told).first.click()
    officer.wait_for_load_state("load")
    assert officer.url.startswith(event_url)
    officer.locator("article.comment", has_text="Faut-il apporter nos partitions ?").locator(
        "details.reply > summary"
    ).click()
    officer.get_by_label(t("Your reply")).first.fill("Oui, et un pupitre si vous en avez un.")
    officer.locator("details.reply[open] button[type=submit]").click()
    officer.wait_for_load_state("load")
    replies = officer.locator("ol.comments--replies")
    assert "Oui, et un pupitre" in replies.first.inner_text()

    # The member hears of the answer.
    phone.goto(f"{instance.url}/notifications/")
    assert phone.get_by_role("main").get_by_text(re.compile("Monique")).first.is_visible()

    # The concert has begun: she adds a photo to its album, described for those who cannot see it.
    instance.manage("shell", "-c", BEGIN.format(event_id=event_id))
    # A new session: without Redis each worker keeps its own copy of the person's pages, which a command cannot
    # reach, and the page kept from before the clock moved would not offer the album yet.
    member_context.close()
    member_context = new_context(browser, viewport=DESKTOP, locale="fr-FR")
    member = member_context.new_page()
    sign_in(member, instance.url, INHABITANT)
    member.goto(event_url)
    # The label reads "Photo *" (the asterisk of a required field, hidden from screen readers).
    member.get_by_label(re.compile(rf"^{t('Photo')}\W*$")).set_input_files(photo(tmp_path))
    member.get_by_label(t("Describe the photo for people who cannot see it")).fill("Le chœur sous la voûte")
    member.get_by_role("button", name=t("Add the photo")).click()
    member.wait_for_load_state("load")
    assert member.get_by_text(t("Your photo is in the album.")).is_visible()
    picture_arrives(member.get_by_role("img", name="Le chœur sous la voûte"))
    no_axe_problem(member, axe)
    for context in (officer_context, member_context, phone_context):
        assert not csp_problems(context.csp_violations)
        context.close()


def test_three_members_answer_a_poll_at_once_and_it_counts_them_exactly(browser, instance, tools):
    poll_id, *options = instance.manage("shell", "-c", POLL.format(monique=MONIQUE)).strip().splitlines()[-1].split()
    poll_url = f"{instance.url}/sondages/{poll_id}/"
    axe = tools.axe_js.read_text()
    chosen = {INHABITANT: "Douce nuit", VOTERS[1]: "Vive le vent", VOTERS[2]: "Douce nuit"}
    contexts, pages = [], []
    for email in VOTERS:
        context = new_context(browser, viewport=DESKTOP, locale="fr-FR")
        page = context.new_page()
        sign_in(page, instance.url, email)
        page.goto(poll_url)
        page.get_by_label(chosen[email], exact=True).check()
        contexts.append(context)
        pages.append(page)
    no_axe_problem(pages[0], axe)

    # The three ballots leave together: each click returns without waiting for its answer.
    for page in pages:
        page.get_by_role("button", name=t("Vote"), exact=True).click(no_wait_after=True)
    for page in pages:
        page.wait_for_url(re.compile(r"/sondages/\d+/"))
        page.wait_for_load_state("load")
        page.get_by_role("heading", name=re.compile(r"\d")).first.wait_for(state="visible")

    counted = instance.manage("shell", "-c", COUNT.format(poll_id=poll_id, options=options))
    voters, votes, *per_option = counted.strip().splitlines()[-1].split()
    assert (int(voters), int(votes)) == (3, 3)
    assert [int(n) for n in per_option] == [2, 0, 1]  # Douce nuit, Il est né, Vive le vent
    pages[-1].reload()
    results = pages[-1].locator(".poll-results").inner_text()
    assert re.search(r"Douce nuit.*\b2\b", results, re.S), results
    no_axe_problem(pages[-1], axe)
    for context in contexts:
        assert not csp_problems(context.csp_violations)
        context.close()
