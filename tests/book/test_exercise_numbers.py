"""The built book numbers exercises within each chapter (4.1, 4.2), as the exercise sets do."""

from __future__ import annotations

import re
import sys
from types import SimpleNamespace

import pytest

from tests.conftest import BOOK_HTML, ROOT

CAPTION = re.compile(r'<span class="caption-number">Exercise ([0-9.]+) </span>')
CHAPTERS = sorted(ROOT.glob("book/[01][0-9]-*.md"))


def _built(path: str):
    page = BOOK_HTML / path
    if not page.exists():
        pytest.fail("The book is not built: run `make book` (or `make test`, which builds it).")
    return page.read_text(encoding="utf-8")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_exercises_are_numbered_within_the_chapter(chapter) -> None:
    count = chapter.read_text(encoding="utf-8").count("```{exercise}")
    number = int(chapter.stem[:2])
    numbers = CAPTION.findall(_built(f"book/{chapter.stem}.html"))
    assert numbers == [f"{number}.{k}" for k in range(1, count + 1)]


def test_lab_exercises_start_from_one() -> None:
    numbers = CAPTION.findall(_built("notebooks/04-lending.html"))
    assert numbers and numbers == [str(k) for k in range(1, len(numbers) + 1)]


def test_the_book_numbers_exercises_within_each_chapter() -> None:
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    import exercise_numbers

    env = SimpleNamespace(toc_fignumbers={
        "book/04-government-role-three-eras": {"exercise": {"b": (9,), "a": (8,)},
                                               "figure": {"f": (3,)}},
        "notebooks/04-lending": {"exercise": {"x": (20,)}},
        "book/00-welcome": {"figure": {"g": (1,)}},
    })
    changed = exercise_numbers.renumber(env)
    assert env.toc_fignumbers["book/04-government-role-three-eras"]["exercise"] == {
        "a": (4, 1), "b": (4, 2)}
    assert env.toc_fignumbers["book/04-government-role-three-eras"]["figure"] == {"f": (3,)}
    assert env.toc_fignumbers["notebooks/04-lending"]["exercise"] == {"x": (1,)}
    assert sorted(changed) == ["book/04-government-role-three-eras", "notebooks/04-lending"]
    assert exercise_numbers.renumber(env) == []
