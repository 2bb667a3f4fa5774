"""The knowledge check of every chapter renders in the static HTML, in a real browser.

Runs against the built book (``_build/html``) with the browser fixtures of tests/browser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.pagecheck import visit
from tests.conftest import BOOK_HTML

from .test_chapter_structure import CHAPTERS

pytestmark = pytest.mark.browser


def first_questions(path: Path) -> list[str]:
    """The opening words of each quiz question in a chapter's source."""
    text = path.read_text(encoding="utf-8")
    return [q[:40] for q in re.findall(r'quiz\.mc\(\s*"([^"]+)"', text)]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_quiz_renders_and_answers(browser, book_url, path: Path) -> None:
    questions = first_questions(path)
    assert questions, f"{path.name} has no quiz.mc questions"
    html = BOOK_HTML / path.relative_to(BOOK_HTML.parents[1]).with_suffix(".html")
    if not html.exists():
        pytest.fail(f"{html} is not built")
    page, _ = visit(browser, f"{book_url}/{html.relative_to(BOOK_HTML)}", book_url)
    try:
        for question in questions:
            page.get_by_text(question).last.wait_for(state="visible", timeout=10_000)
    finally:
        page.context.close()
