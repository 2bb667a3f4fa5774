"""Lab 1 served by Voilà with no code shown, driven by headless Chromium like a participant."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import serve_voila

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "02-seeing-inequity.ipynb"


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve lab 1 with Voilà on a free localhost port."""
    with serve_voila(NOTEBOOK, tmp_path_factory.mktemp("voila") / "voila.log") as url:
        yield url


def test_changing_a_dropdown_changes_the_sentences_with_no_code_shown(browser, voila_url):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(voila_url, wait_until="load", timeout=90_000)
        sentences = page.locator("ul.equitylab-sentences").first
        sentences.wait_for(timeout=90_000)
        before = sentences.inner_text()
        assert "were searched" in before
        outcome = page.locator(".widget-dropdown", has_text="Outcome").locator("select")
        outcome.select_option(label="Vehicle searched")
        page.wait_for_function(
            "() => (document.querySelector('ul.equitylab-sentences')?.textContent || '')"
            ".includes('had their vehicle searched')", timeout=30_000)
        assert sentences.inner_text() != before
        body = page.locator("body").inner_text()
        assert "disparity_explorer(" not in body and "import " not in body
        assert page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor").count() == 0
        assert page.locator("figure.equitylab-figure img[alt]").count() >= 1
    finally:
        context.close()



def test_the_app_opens_on_its_controls_with_the_books_text_rendered(browser, voila_url):
    """The app version: no MyST showing, the controls before the overview, links to the book."""
    from tests.browser.pagecheck import raw_markup
    from tests.conftest import BOOK_HTML

    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(voila_url, wait_until="load", timeout=90_000)
        control = page.locator(".widget-dropdown", has_text="Outcome").locator("select")
        control.wait_for(timeout=90_000)
        assert raw_markup(page, code_blocks=True) == [], "MyST source shows as text"
        title = page.get_by_role("heading", name="Lab: seeing inequity in data")
        overview = page.locator("blockquote", has_text="Overview")
        boxes = [item.bounding_box() for item in (title, control, overview)]
        title_y, control_y, overview_y = (box["y"] if box else -1.0 for box in boxes)
        # The first screen (1280 x 720) shows the title, a paragraph and the controls; the
        # overview of the lab (time, questions, objectives) comes after the app.
        assert 0 <= title_y < control_y < 720 < overview_y
        links = page.eval_on_selector_all("a[href*='/voila/files/html/']",
                                          "els => els.map(e => e.href)")
        assert len(links) >= 3  # prerequisites, a lab, the bibliography
        if (BOOK_HTML / "index.html").exists():  # Voila serves the built book to its links
            assert [link for link in links if page.request.get(link).status != 200] == []
    finally:
        context.close()


def test_keyboard_only_whole_controls_and_legible_charts(browser, voila_url):
    """Tab to each control and change it with the keyboard (focus always visible); nothing
    cut off ("e gap (ratio)", "Absolute gap (differ...") on a desktop or a phone; chart
    text at least 9 px high as drawn (it was 4.5 px on a phone)."""
    from tests.browser.pagecheck import (
        chart_text_px,
        clipped_controls,
        focus_ring,
        ring_problem,
        unreachable_overflow,
    )

    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(voila_url, wait_until="load", timeout=90_000)
        sentences = page.locator("ul.equitylab-sentences").first
        sentences.wait_for(timeout=90_000)
        page.locator("figure.equitylab-figure img").first.wait_for(timeout=30_000)
        assert clipped_controls(page) == []
        rings = []

        def active(test: str) -> bool:
            return page.evaluate(f"() => {{ const a = document.activeElement; return {test}; }}")

        def tab_to(test: str) -> None:
            for _ in range(40):
                page.keyboard.press("Tab")
                ring = focus_ring(page)
                if ring["widget"]:  # the app's controls (the text's links are the page's)
                    rings.append(ring_problem(ring))
                if page.evaluate(f"() => {{ const a = document.activeElement; return {test}; }}"):
                    return
            raise AssertionError(f"Tab never reached {test}")

        # The synthetic data's long group names, whose axis labels were clipped: the
        # schools, the first synthetic dataset, chosen with the arrow keys.
        tab_to("a.tagName === 'SELECT' && a.closest('.widget-dropdown').textContent"
               ".includes('Dataset')")
        while not active("a.selectedOptions[0].textContent.includes('schools')"):
            page.keyboard.press("ArrowDown")
        page.wait_for_function(
            "() => (document.querySelector('ul.equitylab-sentences')?.textContent || '')"
            ".includes('students')", timeout=30_000)
        page.wait_for_timeout(1000)  # the arrow keys' earlier choices have all been drawn
        page.wait_for_function(
            "() => document.querySelector('figure.equitylab-figure img')?.alt.includes('synth')",
            timeout=30_000)
        before = sentences.inner_text()
        tab_to("a.tagName === 'BUTTON' && a.textContent.includes('Absolute gap')")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "(before) => (document.querySelector('ul.equitylab-sentences')?.textContent || '')"
            " !== before && [...document.querySelectorAll('.widget-toggle-button.mod-active')]"
            ".some(b => b.textContent.includes('Absolute gap'))", arg=before, timeout=30_000)
        assert [problem for problem in rings if problem] == []
        assert clipped_controls(page) == []
        assert min(chart_text_px(page)) >= 9, chart_text_px(page)

        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(300)
        assert clipped_controls(page) == []
        assert unreachable_overflow(page) == []  # wide tables scroll in a focusable region
        sizes = chart_text_px(page)
        assert sizes and min(sizes) >= 9, sizes
    finally:
        context.close()
