"""No app shows raw MyST: every lab and exercise set, as Voilà renders its Markdown.

The app version of a notebook (tools/app_notebooks.py, what ``make app`` serves) turns the
book's MyST into plain Markdown. Voilà renders a Markdown cell on the server with
nbconvert's ``markdown2html``; here each app's Markdown cells are rendered the same way and
opened in Chromium (no kernel, so every app takes a fraction of a second), and the visible
text is checked with :func:`tests.browser.pagecheck.raw_markup`. What the widgets write is
checked where they run: the book's pages show every lab's saved widgets
(tests/browser/test_book_pages.py), and tests/labs/test_lab1_voila.py and
tests/browser/test_tool_voila.py open live apps.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
import voila_server
from app_notebooks import app_notebook, load_book
from nbconvert.filters.markdown import markdown2html

from tests.browser.pagecheck import raw_markup
from tests.exercises.conftest import EXERCISES, make_exercises

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
LABS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _rendered(notebook: nbformat.NotebookNode) -> str:
    return "\n".join(f"<div>{markdown2html(cell.source)}</div>" for cell in notebook.cells
                     if cell.cell_type == "markdown")


def _apps() -> dict[str, nbformat.NotebookNode]:
    """The app version of every lab and of every exercise set's learner copy."""
    book = load_book(ROOT)
    sources = {path: nbformat.read(path, as_version=4) for path in LABS}
    for path in make_exercises.sources(EXERCISES):
        learner = make_exercises.learner_copy(json.loads(path.read_text(encoding="utf-8")),
                                              source_name=path.as_posix())
        sources[EXERCISES / "learner" / path.name] = nbformat.from_dict(learner)
    return {path.name: app_notebook(nb, book, book_url=voila_server.APP_BOOK_URL,
                                    source_dir=path.parent.relative_to(ROOT).as_posix())
            for path, nb in sources.items()}


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda route: route.abort())  # the Markdown alone, nothing fetched
    yield page
    context.close()


def _raw(page, notebook: nbformat.NotebookNode) -> list[str]:
    page.set_content(f"<main>{_rendered(notebook)}</main>", wait_until="domcontentloaded")
    return raw_markup(page, code_blocks=True)


def test_no_app_shows_raw_myst(page) -> None:
    apps = _apps()
    assert len(apps) == len(LABS) + len(make_exercises.sources(EXERCISES)) > 20
    found = {name: raw[:3] for name, app in apps.items() if (raw := _raw(page, app))}
    assert found == {}, "MyST source shows as text in these apps"


def test_the_check_sees_raw_myst_in_a_notebook_that_is_not_converted(page) -> None:
    notebook = nbformat.read(ROOT / "notebooks" / "02-seeing-inequity.ipynb", as_version=4)
    raw = " ".join(_raw(page, notebook))
    assert "{admonition}" in raw and ":class:" in raw and "{doc}" in raw
