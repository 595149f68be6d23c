"""Driving a page with the keyboard alone, as a person who uses no mouse does: Tab and Shift+Tab from where the focus
is to the control wanted (so that a control the Tab key never reaches fails the journey), Enter or Space to use
it, the arrow keys in a group of radio buttons, a list or a map, and typing. No pointer event, no programmatic
focus: what these helpers reach, a person reaches. At every stop the focus must be visible (WCAG 2.4.7)."""

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
