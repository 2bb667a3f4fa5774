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

