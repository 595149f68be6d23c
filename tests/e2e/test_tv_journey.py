"""Issue #14's journey: a visitor opens the demo's video of the département from the web TV's page, plays it with
the keyboard alone (Tab to the player, Space), turns the captions on with the switch beside the player (Enter), and
a caption becomes active on the video while the transcript below marks the line being said. In full at a desk,
briefly on a phone. Only the TV's page is opened by address."""

import re

import pytest
from django.utils.translation import gettext, override

from .conftest import DESKTOP, PHONE, csp_problems, new_context
from .keyboard import follow, press, tab_to

pytestmark = pytest.mark.e2e

VIDEO_TITLE = "Conseil départemental : le plan vélo des collèges"
# The demo's first caption (parvis/site/demo/tv.py), shown from the first second.
FIRST_CUE = "Bonjour, la séance du conseil départemental est ouverte."


def t(text: str) -> str:
    with override("fr"):
        return gettext(text)


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


def _open_the_video(page, instance) -> None:
    page.goto(instance.url + "/tv/")
    follow(page, page.get_by_role("link", name=re.compile(re.escape(VIDEO_TITLE))))
    assert page.get_by_role("heading", level=1).inner_text() == VIDEO_TITLE


def _captions_on(page, switch) -> None:
    """Enter on the switch until it says the captions show (the demo's track is on by default: off, then on)."""
    for _ in range(2):
        press(page, switch, "Enter")
        pressed = switch.get_attribute("aria-pressed")
        showing = page.evaluate(
            "() => [...document.querySelector('.tv-player video').textTracks].some(t => t.mode === 'showing')"
        )
        assert (pressed == "true") == showing, f"the switch says {pressed}, the track says {showing}"
        if showing:
            return
    raise AssertionError("the captions switch never turned the captions on")


def test_a_visitor_plays_the_demo_video_and_reads_its_captions_with_the_keyboard(contexts, instance):
    page = contexts(DESKTOP)
    _open_the_video(page, instance)
    video = page.locator(".tv-player video")
    tab_to(page, video)
    page.keyboard.press("Space")
    page.wait_for_function("video => !video.paused && video.currentTime > 0", arg=video.element_handle())

    switch = page.get_by_role("button", name=t("Captions"))
    _captions_on(page, switch)
    # A caption is active on the video, its text the demo's first line; the transcript marks the same line.
    page.wait_for_function(
        """([video, text]) => [...video.textTracks].some(track => track.mode === 'showing' && track.activeCues
             && [...track.activeCues].some(cue => cue.text === text))""",
        arg=[video.element_handle(), FIRST_CUE],
    )
    current = page.locator(".tv-transcript__lines li[aria-current='true']")
    current.wait_for()
    assert FIRST_CUE in current.inner_text()
    # Space again pauses: the video is the keyboard's until the person leaves it.
    tab_to(page, video)
    page.keyboard.press("Space")
    page.wait_for_function("video => video.paused", arg=video.element_handle())


def test_on_a_phone_the_captions_switch_is_reached_with_the_keyboard(contexts, instance):
    page = contexts(PHONE)
    _open_the_video(page, instance)
    switch = page.get_by_role("button", name=t("Captions"))
    _captions_on(page, switch)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the video page is {widths[0]} px wide on a {widths[1]} px screen"


# The demo replay's chapters (parvis/site/demo/tv.py): the points of the session's agenda, at 0:03 and 0:06.
CHAPTER = "Plan vélo des collèges"


def _current_time(page) -> float:
    return page.evaluate("() => document.getElementById('tv-player-video').currentTime")


def test_a_chapter_link_starts_the_player_at_its_time_in_place_and_when_shared(contexts, instance):
    """The chapters are listed beside the player; following one with the keyboard moves the real video (the
    transcoded file) to its time without leaving the page, and its address, shared, opens the page with the video
    at that time, which plays on from there."""
    page = contexts(DESKTOP)
    _open_the_video(page, instance)
    chapters = page.get_by_role("region", name=t("Chapters"))
    items = chapters.get_by_role("listitem")
    assert items.count() == 3
    assert [line.split()[0] for line in items.all_inner_texts()] == ["00:00:00", "00:00:03", "00:00:06"]
    assert "Point 1" in items.nth(1).inner_text() and CHAPTER in items.nth(1).inner_text()
    video = page.locator(".tv-player video")
    page.wait_for_function("video => video.readyState >= 1", arg=video.element_handle())

    press(page, chapters.get_by_role("link", name=re.compile(CHAPTER)), "Enter")
    page.wait_for_function("video => Math.abs(video.currentTime - 3) < 0.5", arg=video.element_handle())
    assert "t=3" in page.url, "the address names the chapter's time, so that it can be shared"
    shared = page.url

    # The shared address, opened afresh: the player waits at the chapter's time, and plays on from there.
    second = contexts(DESKTOP)
    second.goto(shared)
    assert t("from %(time)s") % {"time": "00:00:03"} in second.title()
    player = second.locator(".tv-player video")
    second.wait_for_function("video => video.readyState >= 1 && video.currentTime >= 2.9", arg=player.element_handle())
    assert _current_time(second) < 4
    tab_to(second, player)
    second.keyboard.press("Space")
    second.wait_for_function("video => !video.paused && video.currentTime > 3.2", arg=player.element_handle())

    # The last chapter's link, followed in the second page, moves the same video again.
    press(second, second.get_by_role("link", name=re.compile("Vote du rapport")), "Enter")
    second.wait_for_function("video => video.currentTime >= 6", arg=player.element_handle())
