"""Driving a page with the keyboard alone, as a person who uses no mouse does: Tab and Shift+Tab from where the focus
is to the control wanted (so that a control the Tab key never reaches fails the journey), Enter or Space to use
it, the arrow keys in a group of radio buttons, a list or a map, and typing. No pointer event, no programmatic
focus: what these helpers reach, a person reaches. At every stop the focus must be visible (WCAG 2.4.7)."""

import re
from datetime import datetime

from django.utils.translation import gettext, override

# Where the target stands from the focused element, in the order of the page: the Tab key moves forwards, Shift+Tab
# backwards. The same radio group counts as reached: Tab stops once in a group, the arrow keys choose in it.
_WHERE_JS = """target => {
  const active = document.activeElement;
  if (active === target) return 'here';
  if (active && active.type === 'radio' && target.type === 'radio' && active.name === target.name
      && active.form === target.form) return 'group';
  if (!active || active === document.body) return 'after';
  return active.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING ? 'after' : 'before';
}"""

# What a sighted keyboard user sees of the focus: an outline of at least 2 px, or a ring drawn as a box shadow, on
# the element or, for a control drawn by its label (a checkbox or radio button), on the label.
_FOCUS_SEEN_JS = """() => {
  const element = document.activeElement;
  const ring = (node) => {
    const style = getComputedStyle(node);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
  };
  const box = element.getBoundingClientRect();
  return {
    html: element.outerHTML.slice(0, 160),
    ring: ring(element) || [...(element.labels || [])].some(ring),
    shown: box.width > 0 && box.height > 0,
  };
}"""

TAB_LIMIT = 250
# The sign-in form's labels, in French as the journeys' browsers are.
_SIGN_IN = ("Email", "Password", "Sign In")


def focus_seen(page) -> None:
    seen = page.evaluate(_FOCUS_SEEN_JS)
    assert seen["shown"], f"the focus is on something not shown: {seen['html']}"
    assert seen["ring"], f"no visible focus indicator on {seen['html']}"


def tab_to(page, target, *, limit: int = TAB_LIMIT) -> None:
    """Tab (or Shift+Tab) until `target` has the focus; fails if the Tab key never gets there."""
    target.wait_for(state="visible")
    handle = target.element_handle()
    for _ in range(limit):
        where = handle.evaluate(_WHERE_JS)
        if where == "here":
            break
        if where == "group":
            choose_in_group(page, handle)
            break
        page.keyboard.press("Tab" if where == "after" else "Shift+Tab")
    else:
        focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 160)")
        raise AssertionError(f"{limit} presses of Tab never reached {target}; the focus is on {focused}")
    focus_seen(page)


def choose_in_group(page, handle) -> None:
    """In a group of radio buttons, the arrow keys move the focus and the choice together."""
    for _ in range(20):
        if handle.evaluate("target => document.activeElement === target"):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError("the arrow keys never reached the radio button wanted")


def press(page, target, key: str = "Enter") -> None:
    """Tab to a control and use it."""
    tab_to(page, target)
    page.keyboard.press(key)


def follow(page, target, key: str = "Enter") -> None:
    """Tab to a link or a submit button, use it, and wait for the page it opens."""
    tab_to(page, target)
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state("load")


def type_into(page, target, text: str) -> None:
    """Tab to a field, select what it holds and type over it."""
    tab_to(page, target)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def pick_files(page, target, *paths: str) -> None:
    """Tab to a file field and open the system's file chooser with Space, as a person does; the chooser itself is
    the operating system's, outside the page: Playwright answers it."""

    # Listening before the key is pressed: Playwright takes over the browser's file dialog only once someone
    # listens, and a dialog opened before that is the browser's own, which nothing answers.
    def ignore(_chooser) -> None:
        pass

    page.on("filechooser", ignore)
    tab_to(page, target)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(list(paths))
    page.remove_listener("filechooser", ignore)


def select_option(page, target, label: str, *, limit: int = 60) -> None:
    """Choose in a closed <select> with the arrow keys (from its first option) until `label` is selected."""
    tab_to(page, target)
    page.keyboard.press("Home")
    for _ in range(limit):
        if target.evaluate("select => select.options[select.selectedIndex].text") == label:
            return
        page.keyboard.press("ArrowDown")
    options = target.evaluate("select => [...select.options].map(o => o.text)")
    raise AssertionError(f"no option {label!r} in {options}")


def type_date_time(page, target, when: datetime) -> None:
    """Type a date and time into a datetime-local field, part by part as its segments ask. The order of the day
    and the month, and the clock (24 hours, or 12 with AM/PM), are the browser's (its language, not the page's):
    the French way first, and while the field reads it otherwise, out of it with Shift+Tab, back with Tab, and the
    next way."""
    tab_to(page, target)
    expected = when.strftime("%Y-%m-%dT%H:%M")
    twelve_hours = when.strftime("%I%M") + ("P" if when.hour >= 12 else "A")
    for first, second, clock in (
        ("%d", "%m", "%H%M"),
        ("%m", "%d", "%H%M"),
        ("%d", "%m", twelve_hours),
        ("%m", "%d", twelve_hours),
    ):
        page.keyboard.type(when.strftime(first) + when.strftime(second) + when.strftime("%Y"))
        page.keyboard.press("ArrowRight")
        page.keyboard.type(when.strftime(clock))
        if target.input_value() == expected:
            return
        while target.evaluate("field => document.activeElement === field"):
            page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
    raise AssertionError(f"typing {expected} gave {target.input_value()!r}")


def open_the_menu(page) -> None:
    """The header's menu is a <details>: its summary is one Tab stop, Enter opens it."""
    menu = page.locator("header details.more")
    if menu.get_attribute("open") is None:
        press(page, menu.locator("summary"))
    assert menu.get_attribute("open") is not None, "Enter on the menu's summary did not open it"


def sign_in(page, email: str, password: str) -> None:
    """On the sign-in page: the address, the password, Enter on the button."""
    with override("fr"):
        email_label, password_label, button = (gettext(words) for words in _SIGN_IN)
    main = page.get_by_role("main")
    type_into(page, main.get_by_label(re.compile(rf"^{re.escape(email_label)}\s*\*?$")), email)
    type_into(page, main.get_by_label(re.compile(rf"^{re.escape(password_label)}\s*\*?$")), password)
    follow(page, main.get_by_role("button", name=button))
    assert "/accounts/login/" not in page.url, f"signing in as {email} failed"
