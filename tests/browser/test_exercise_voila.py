"""An exercise set served by Voilà: a written answer survives a reload of the page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from equitylab.checks.saved import ANSWERS_FILE
from equitylab.tool import participant_folder
from tests.conftest import serve_voila
from tests.exercises.conftest import EXERCISES, make_exercises

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SET = "ch04-governments-role"


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Serve the learner copy of one exercise set, with a temporary participants' folder."""
    learner = tmp_path_factory.mktemp("learner")
    source = EXERCISES / f"{SET}.ipynb"
    copy = make_exercises.learner_copy(json.loads(source.read_text(encoding="utf-8")),
                                       source_name=source.as_posix())
    (learner / source.name).write_text(json.dumps(copy), encoding="utf-8")
    folder = tmp_path_factory.mktemp("worksheets")
    with serve_voila(learner / f"{SET}.ipynb", folder.parent / "voila.log",
                     env={"EQUITYLAB_WORKSHEETS": str(folder)}, timeout=30) as url:
        yield url, folder


def test_a_written_answer_comes_back_after_a_reload(browser, voila) -> None:
    url, folder = voila
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{url}/?participant=ana", wait_until="load")
        box = page.get_by_role("textbox", name="Your answer")
        box.wait_for(timeout=60_000)
        assert "Copy it somewhere safe" not in page.locator("body").inner_text()
        page.get_by_text("saved as you type, on the facilitator's computer, in your own "
                         "folder").first.wait_for()
        box.click()
        page.keyboard.type("Redlining maps shaped who could borrow.")
        page.get_by_text("Saved at").wait_for(timeout=15_000)
        kept = json.loads((participant_folder(folder, "ana") / ANSWERS_FILE)
                          .read_text(encoding="utf-8"))
        assert "Redlining maps shaped who could borrow." in json.dumps(kept["sets"][SET])
        page.reload(wait_until="load")
        box = page.get_by_role("textbox", name="Your answer")
        box.wait_for(timeout=60_000)
        page.wait_for_function(
            "() => [...document.querySelectorAll('textarea')].some(t => "
            "t.value === 'Redlining maps shaped who could borrow.')", timeout=30_000)
    finally:
        context.close()
