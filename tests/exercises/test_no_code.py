"""Participants never write code, and "exercise 4.4" means one thing in the book, the
notebook and the handout."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from .conftest import EXERCISES, ROOT, load, make_exercises, source_paths

SOURCES = source_paths()
#: Markdown that asks for Python: a code span holding quotes, brackets, braces, calls or
#: assignments, or the words of a code cell's instructions.
CODE_SPAN = re.compile(r"`([^`]*)`")
PYTHON = re.compile(r"[\"'\[\]{}()=]")
CODE_WORDS = re.compile(r"dictionar|run the cell|replace the", re.I)
HEADING = make_exercises.EXERCISE_HEADING


def _text(cell: dict) -> str:
    return "".join(cell["source"])


def _tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def code_problems(notebook: dict) -> list[str]:
    """Every place where a participant would have to read or type Python."""
    problems = []
    for i, cell in enumerate(notebook["cells"]):
        text = _text(cell)
        if cell["cell_type"] == "markdown":
            found = [s for s in CODE_SPAN.findall(text) if PYTHON.search(s)]
            found += CODE_WORDS.findall(text)
            if found:
                problems.append(f"cell {i} asks for code: {found[0]!r}")
            continue
        if not cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
            problems.append(f"cell {i} shows its code")
        if any(isinstance(n, ast.Constant) and n.value is ... for n in ast.walk(ast.parse(text))):
            problems.append(f"cell {i} waits for a typed answer (...)")
    sections = re.split(r"(?m)^(?=## )", "\n".join(
        _text(c) if c["cell_type"] == "markdown" else ("<form>" if "answer" in _tags(c) else "")
        for c in notebook["cells"]))
    for section in sections:
        heading = HEADING.match(section)
        if heading and "<form>" not in section:
            problems.append(f"exercise {heading[1]} has no answer form")
    return problems


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_no_participant_facing_cell_requires_python(path, learner_dir) -> None:
    assert code_problems(load(learner_dir / path.name)) == []


def test_the_scan_finds_the_old_kind_of_answer_cell() -> None:
    old = {"cells": [
        {"cell_type": "markdown", "metadata": {},
         "source": "## Exercise 1.1: Gaps (concept)\n\nAnswer with a dictionary, e.g. "
                   '`{"absolute": "X"}`.'},
        {"cell_type": "code", "metadata": {"tags": ["answer"]}, "outputs": [],
         "source": "both_gaps = ..."},
    ]}
    problems = code_problems(old)
    assert any("asks for code" in p for p in problems)
    assert any("shows its code" in p for p in problems)
    assert any("(...)" in p for p in problems)


def in_text_exercises(stem: str) -> tuple[str, int]:
    """The prefix of a set's numbers and how many exercises its chapter or lab page has."""
    if stem.startswith("ch"):
        [page] = ROOT.glob(f"book/{stem[2:4]}-*.md")
        return f"{int(stem[2:4])}.", page.read_text(encoding="utf-8").count("```{exercise}")
    [page] = ROOT.glob(f"notebooks/[0-9][0-9]-{stem.removeprefix('lab-')}.ipynb")
    return "", page.read_text(encoding="utf-8").count("```{exercise}")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_exercises_continue_the_chapters_numbering(path) -> None:
    prefix, before = in_text_exercises(path.stem)
    numbers = [n for c in load(path)["cells"] if c["cell_type"] == "markdown"
               for n in HEADING.findall(_text(c))]
    assert numbers, "no '## Exercise N: ...' heading"
    assert numbers == [f"{prefix}{k}" for k in range(before + 1, before + 1 + len(numbers))]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_each_form_carries_its_exercise_number_and_set(path, learner_dir) -> None:
    current = None
    for cell in load(learner_dir / path.name)["cells"]:
        if cell["cell_type"] == "markdown":
            current = (HEADING.findall(_text(cell)) or [current])[-1]
        elif "answer" in _tags(cell):
            call = ast.parse(_text(cell)).body[-1].value
            assert isinstance(call, ast.Call)
            # (..., number, set): the set keeps the answer in my-exercise-answers.json.
            assert ast.literal_eval(call.args[-2]) == current
            assert ast.literal_eval(call.args[-1]) == path.stem


def test_exercise_sources_live_where_the_numbering_rule_looks() -> None:
    assert all(p.parent == EXERCISES and isinstance(p, Path) for p in SOURCES)


#: "exercise 4.4 of {doc}`/exercises/ch04-governments-role`" in the book's pages, or a list:
#: "exercises 4.4 and 4.5 of", "exercises 1.3, 1.4 and 1.5 of" (the facilitators' agendas).
REFERENCE = re.compile(r"[Ee]xercises? ((?:[0-9.]+(?:,\s*|\s+and\s+))*[0-9.]+)\s+of\s+"
                       r"\{doc\}`/exercises/([a-z0-9-]+)`")


def test_the_books_references_to_exercises_use_their_numbers() -> None:
    numbers = {p.stem: {n for c in load(p)["cells"] if c["cell_type"] == "markdown"
                        for n in HEADING.findall(_text(c))} for p in SOURCES}
    pages = [*ROOT.glob("book/**/*.md"), *ROOT.glob("notebooks/*.ipynb")]
    found = [(page.name, number, stem) for page in pages
             for listed, stem in REFERENCE.findall(page.read_text(encoding="utf-8"))
             for number in re.findall(r"[0-9.]*[0-9]", listed)]
    assert found, "no page refers to a numbered exercise"
    assert [f for f in found if f[1] not in numbers.get(f[2], set())] == []
    old = [page.name for page in pages if re.search(
        r"[Qq]uestion \d+\s+of\s+\{doc\}`/exercises", page.read_text(encoding="utf-8"))]
    assert old == [], "say 'exercise N.k of', with the exercise's number"
