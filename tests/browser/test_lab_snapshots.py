"""Lab pages in a real browser: the widgets are honest snapshots, the run button is in view.

The widgets of a lab page are drawn from the state saved when the book was built; nothing
runs behind them. book/_ext/lab_pages.py labels each widget area as a snapshot and
book/_static/lab-snapshot.js turns its controls off. These tests act as a reader would:
click, type, press Tab, and check that nothing pretends to work.
"""

from __future__ import annotations

import re

import pytest

from .pagecheck import visit

pytestmark = pytest.mark.browser

LAB = "notebooks/02-seeing-inequity.html"
TOOL = "notebooks/equity-tool.html"
VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}

#: Where the focus is, described so a failure says what got it: ``inside`` a snapshot's
#: widgets, on a ``control`` there, or ``after`` the first snapshot. (Chromium lets the
#: keyboard focus a scrollable box, such as a tab's panel, so that it can be scrolled; that
#: is not a control.)
ACTIVE = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) {
        return {inside: false, control: false, what: 'body', after: false};
    }
    const area = document.querySelector('.lab-snapshot__widgets');
    const controls = 'input, select, textarea, button, label, [contenteditable], [role=tab], '
        + '[role=tablist], [role=slider], [role=button], [role=checkbox], [role=option], '
        + '[role=combobox], [role=listbox], [role=radio], [role=spinbutton], [role=textbox]';
    return {
        inside: !!e.closest('.lab-snapshot__widgets'),
        control: !!e.closest('.lab-snapshot__widgets') && e.matches(controls),
        what: e.tagName + ' ' + (e.className || '') + ' ' + (e.textContent || '').slice(0, 40),
        after: !!area && !!(area.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING)
            && !area.contains(e),
    };
}"""


def _open(browser, book_url, path, viewport=VIEWPORTS["desktop"]):
    page, report = visit(browser, f"{book_url}/{path}", book_url)
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.locator(".lab-snapshot__widgets .widget-subarea").first.wait_for(
        state="visible", timeout=10_000)
    assert report.console_errors == []
    return page


def _focus_inside(page) -> bool:
    return page.evaluate(ACTIVE)["inside"]


def _relative_luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(color_a: str, color_b: str) -> float:
    """WCAG contrast ratio of two CSS ``rgb()``/``rgba()`` colors (opaque ones)."""
    a, b = (tuple(int(float(v)) for v in re.findall(r"[\d.]+", c)[:3])
            for c in (color_a, color_b))
    high, low = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_of_black_and_white() -> None:
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0


@pytest.mark.parametrize("path", [LAB, TOOL])
def test_snapshot_label_is_visible_and_readable(browser, book_url, path):
    page = _open(browser, book_url, path)
    try:
        label = page.locator(".lab-snapshot__label").first
        assert label.is_visible()
        text = " ".join(label.inner_text().split())
        assert text.startswith("Snapshot: these controls do not respond on this page.")
        colors = label.evaluate(
            "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
        assert contrast(*colors) >= 4.5
        # The area is a group named by its label, so a screen reader hears it on the way in.
        group = page.locator(".lab-snapshot").first
        assert group.get_attribute("role") == "group"
        assert group.get_attribute("aria-labelledby") == label.get_attribute("id")
    finally:
        page.context.close()


def test_lab_dropdown_and_toggles_do_nothing(browser, book_url):
    page = _open(browser, book_url, LAB)
    try:
        widgets = page.locator(".lab-snapshot__widgets")
        dataset = widgets.locator(".widget-dropdown select").first
        dataset.wait_for(state="visible")
        before = dataset.evaluate("e => [e.value, e.selectedIndex]")
        results = widgets.inner_text()
        assert dataset.is_disabled()
        assert dataset.get_attribute("aria-disabled") == "true"
        assert dataset.evaluate("e => getComputedStyle(e).cursor") == "not-allowed"

        dataset.click(force=True)
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        assert dataset.evaluate("e => [e.value, e.selectedIndex]") == before
        assert not _focus_inside(page), "focus entered the snapshot"

        other = widgets.locator(".widget-toggle-buttons button:not(.mod-active)").first
        other.click(force=True)
        assert "mod-active" not in (other.get_attribute("class") or "")
        assert other.is_disabled()
        assert not _focus_inside(page)
        assert widgets.inner_text() == results, "the results changed"
    finally:
        page.context.close()


def test_tool_answers_cannot_be_typed_and_no_save_is_claimed(browser, book_url):
    page = _open(browser, book_url, TOOL)
    try:
        widgets = page.locator(".lab-snapshot__widgets")
        for box in (widgets.locator("textarea:visible").first,
                    widgets.locator(".widget-text input[type=text]:visible").first):
            before = box.input_value()
            assert box.is_disabled()
            box.click(force=True)
            page.keyboard.type("Typed into a snapshot")
            assert box.input_value() == before
            assert not _focus_inside(page), "focus entered the snapshot"

        # The tabs do not switch.
        current = widgets.locator("[role=tab][aria-selected=true]")
        selected = current.inner_text()
        widgets.locator("[role=tab]", has_text="1. Results").click(force=True)
        assert current.inner_text() == selected
        assert widgets.locator("[role=tab]", has_text="1. Results").get_attribute(
            "aria-disabled") == "true"

        # No "Saved 15:29" (the time of the build) in the snapshot. (The page's text may
        # quote the status as an example of what the live tool shows.)
        assert not re.search(r"Saved \d{1,2}:\d{2}", widgets.inner_text()), "claims a save"
        assert not widgets.locator(".eq-status").is_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize("path", [LAB, TOOL])
def test_tab_skips_the_snapshot_controls(browser, book_url, path):
    page = _open(browser, book_url, path)
    try:
        page.locator("body").focus()
        walked = []
        for _ in range(300):
            page.keyboard.press("Tab")
            where = page.evaluate(ACTIVE)
            walked.append(where["what"])
            assert not where["control"], f"Tab reached a snapshot control: {where['what']}"
            if where["after"]:
                break
        else:
            pytest.fail(f"Tab never got past the snapshot: {walked[-5:]}")
    finally:
        page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize("path", [LAB, TOOL])
def test_run_button_is_in_the_first_screen_and_whole(browser, book_url, path, viewport):
    page = _open(browser, book_url, path, viewport)
    try:
        page.evaluate("window.scrollTo(0, 0)")
        button = page.locator("a.lab-run__button")
        assert button.count() == 1
        box = button.bounding_box()
        assert box is not None
        width, height = viewport
        assert 0 <= box["y"] and box["y"] + box["height"] <= height, "below the first screen"
        assert 0 <= box["x"] and box["x"] + box["width"] <= width, "off the side"
        for part in (button, page.locator(".lab-run__note")):
            scroll_width, client_width = part.evaluate("e => [e.scrollWidth, e.clientWidth]")
            assert scroll_width <= client_width, "text clipped"
        colors = button.evaluate(
            "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
        assert contrast(*colors) >= 4.5
    finally:
        page.context.close()


@pytest.mark.parametrize("path", [LAB, TOOL])
def test_run_button_shows_a_focus_ring(browser, book_url, path):
    page = _open(browser, book_url, path)
    try:
        page.locator("body").focus()
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('lab-run__button')"):
                break
        else:
            pytest.fail("Tab never reached the run button")
        ring = page.evaluate("""() => {
            const s = getComputedStyle(document.activeElement);
            return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor,
                    getComputedStyle(document.querySelector('.bd-article')).backgroundColor];
        }""")
        style, ring_width, ring_color, page_color = ring
        if page_color in ("rgba(0, 0, 0, 0)", "transparent"):
            page_color = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert style != "none" and ring_width >= 2
        assert contrast(ring_color, page_color) >= 3
    finally:
        page.context.close()
