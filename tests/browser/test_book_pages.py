"""Every built page of the book, opened in headless Chromium with the network cut off.

The list of pages is read from ``_build/html``, so these tests grow as pages are added.
"""

from __future__ import annotations

import pytest

from tests.conftest import BOOK_HTML

from .pagecheck import (
    broken_links,
    images_not_loaded,
    past_the_right_edge,
    raw_markup,
    reader_context,
    serious_accessibility_violations,
    visit,
)

pytestmark = pytest.mark.browser

# lite/ is the in-browser course (JupyterLite's own pages and the Voici apps): every app is
# opened, used and checked by tests/browser/test_in_browser.py.
SKIP_DIRS = {"_static", "_sources", "_images", "lite"}
PHONE = {"width": 390, "height": 844}


#: The reference pages (the API reference above all) are checked in test_reference_pages.py,
#: so that pytest-xdist (--dist loadfile) can give them to the other worker.
REFERENCE = "book/reference/"


def built_pages(*, reference: bool = False) -> list[str]:
    """Relative paths of the built book's HTML pages: the reference pages, or all others."""
    if not BOOK_HTML.exists():
        return ["<book not built>"]
    return sorted(
        str(path.relative_to(BOOK_HTML))
        for path in BOOK_HTML.rglob("*.html")
        if not SKIP_DIRS.intersection(path.relative_to(BOOK_HTML).parts)
        and str(path.relative_to(BOOK_HTML)).startswith(REFERENCE) == reference
    )


@pytest.fixture(scope="module")
def reader(browser):
    """One browser context for every page, as one reader's browser (a new one per page took a
    third of a second)."""
    context = reader_context(browser)
    yield context
    context.close()


@pytest.mark.parametrize("page_path", built_pages())
def test_page_loads_offline_accessibly(browser, reader, book_url, page_path):
    check_page(browser, reader, book_url, page_path)


def check_page(browser, reader, book_url, page_path):
    """Open one built page as a reader would and check everything a reader relies on."""
    page, report = visit(browser, f"{book_url}/{page_path}", book_url, context=reader)
    try:
        assert report.status == 200
        assert report.outside_requests == [], "the page asked the internet for these"
        assert report.failed_requests == []
        assert report.console_errors == []
        assert broken_links(page, BOOK_HTML, book_url) == []
        assert images_not_loaded(page) == []
        # No MyST, Markdown or reST source shows as text; on the API reference, not even in
        # the docstrings' examples (code blocks), which readers copy from.
        api = page_path.startswith("book/reference/api")
        assert raw_markup(page, code_blocks=api, markdown=True) == [], "source shows as text"
        assert serious_accessibility_violations(page) == []
        if api:
            # On a phone, no signature, type or dotted name pushes the page sideways.
            page.set_viewport_size(PHONE)
            assert past_the_right_edge(page) == []
    finally:
        page.close()


def test_lab_widget_renders_from_saved_state(browser, reader, book_url):
    page, report = visit(browser, f"{book_url}/notebooks/01-first-look.html", book_url,
                         context=reader)
    try:
        dropdown = page.locator(".widget-dropdown select")
        dropdown.wait_for(state="visible", timeout=10_000)
        assert "Person searched" in dropdown.inner_text().replace("\xa0", " ")
        table = page.locator("table.equitylab-table")
        table.wait_for(state="visible", timeout=10_000)
        assert "Black" in table.inner_text()
    finally:
        page.close()


def test_quiz_gives_feedback_when_an_answer_is_clicked(browser, reader, book_url):
    page, report = visit(browser, f"{book_url}/notebooks/01-first-look.html", book_url,
                         context=reader)
    try:
        answer = page.get_by_text("So readers can judge how much a rate can be trusted")
        answer.wait_for(state="visible", timeout=10_000)
        answer.click()
        feedback = page.get_by_text("a rate built on a few stops can swing a lot by chance")
        feedback.wait_for(state="visible", timeout=5_000)
    finally:
        page.close()


def test_quiz_answers_by_keyboard_with_visible_focus(browser, reader, book_url):
    """Arrow keys move between a quiz's answers without answering; Space answers; the
    focused answer shows a 3 px ring (the answers are hidden radio buttons, so focus was
    invisible, and the browser's arrow keys checked, so answered with, the next one)."""
    from .pagecheck import contrast

    page, report = visit(browser, f"{book_url}/notebooks/01-first-look.html", book_url,
                         context=reader)
    try:
        first = page.locator(".MCButton input[type=radio]").first
        first.wait_for(state="attached", timeout=10_000)
        feedback = page.locator("[id^=fb]").first
        first.focus()
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(300)
        assert feedback.inner_text().strip() == "", "ArrowDown answered the question"
        moved = page.evaluate(
            "() => { const a = document.activeElement; const radios = [...document"
            ".getElementsByName(a.name)]; const label = a.closest('.MCButton');"
            " const s = getComputedStyle(label); return [radios.indexOf(a), a.checked,"
            " s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }")
        assert moved[:2] == [1, False]
        assert moved[2] == "solid" and moved[3] >= 2 and contrast(moved[4], "rgb(255,255,255)") >= 3
        page.keyboard.press("Space")
        page.wait_for_function("(el) => el.textContent.trim() !== ''",
                               arg=feedback.element_handle(), timeout=5_000)
    finally:
        page.close()
