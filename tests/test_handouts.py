"""Printable handouts: every exercise set and the blank worksheet, made from the same data
as the answer forms, escaped, and never with a solution."""

from __future__ import annotations

import json
import sys

import pytest

from equitylab import handouts
from equitylab.checks.forms import answer_form
from equitylab.tool import STEPS

from .browser.pagecheck import unreachable_overflow
from .exercises.conftest import ROOT, load, make_exercises, source_paths

SOURCES = source_paths()


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_each_set_prints_every_exercise_with_its_number_and_format_and_no_solution(path) -> None:
    notebook = load(path)
    page = handouts.exercise_handout_html(notebook)
    headings = [n for c in notebook["cells"] if c["cell_type"] == "markdown"
                for n in make_exercises.EXERCISE_HEADING.findall("".join(c["source"]))]
    for number in headings:
        assert f"Exercise {number}:" in page
        assert f"Your answer to exercise {number}<" in page
    for cell in notebook["cells"]:
        if "check" in cell["metadata"].get("tags", []):
            form = answer_form(make_exercises.check_name(cell))
            assert handouts.html.escape(form.how) in page
    for fragment in make_exercises.solution_fragments(notebook):
        assert handouts.html.escape(fragment, quote=False) not in page, fragment
    assert "How to use this notebook" not in page and "Run All" not in page


def test_markdown_is_escaped() -> None:
    page = handouts.markdown_html('<script>alert(1)</script> **"x"** `<b>`\n\n'
                                  '| a | <i> |\n|---|---|\n| 1 | 2 |')
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<code>&lt;b&gt;</code>" in page and "<th scope=\"col\">&lt;i&gt;</th>" in page


def test_blank_worksheet_has_every_question_of_the_tool() -> None:
    page = handouts.worksheet_handout_html()
    for step in STEPS:
        assert f"Step {step.number}: {handouts.html.escape(step.title)}" in page
        for q in step.questions:
            assert handouts.html.escape(q.text) in page
    assert "Engagement log" in page and "Implementation plan" in page


def test_a_code_solution_without_a_check_is_refused() -> None:
    notebook = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "## Exercise 1.1: A (concept)"},
        {"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": "a = 1",
         "outputs": []},
    ]}
    with pytest.raises(ValueError, match="exercise 1.1"):
        handouts.exercise_handout_html(notebook)


@pytest.mark.browser
def test_make_handouts_prints_a_pdf_and_nothing_is_clipped(tmp_path, browser) -> None:
    """One set and the worksheet go through Chromium's print to PDF (a few seconds); their
    HTML is then checked on a phone and on paper for clipped text."""
    sys.path.insert(0, str(ROOT / "tools"))
    import make_handouts

    assert make_handouts.main(["make_handouts.py", str(tmp_path), "ch06-racial-equity-tool"]) == 0
    pdf = (tmp_path / "ch06-racial-equity-tool.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") + pdf.count(b"/Type/Page") >= 1
    assert (tmp_path / f"{make_handouts.WORKSHEET}.pdf").read_bytes().startswith(b"%PDF")
    context = browser.new_context()
    page = context.new_page()
    clipped = []
    for viewport, media in (({"width": 390, "height": 844}, "screen"),
                            ({"width": 816, "height": 1056}, "print")):
        page.set_viewport_size(viewport)
        page.emulate_media(media=media)
        for name in ("ch06-racial-equity-tool", make_handouts.WORKSHEET):
            page.goto((tmp_path / f"{name}.html").as_uri())
            clipped += page.evaluate("""() => [...document.querySelectorAll(
                'h1, h2, h3, p, li, th, td, caption, label, button, .answer, pre')]
                .filter(e => e.scrollWidth > e.clientWidth + 1)
                .map(e => e.tagName + ': ' + e.textContent.slice(0, 40))""")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, (name, viewport, overflow)
            assert unreachable_overflow(page) == [], (name, viewport)
    context.close()
    assert clipped == []


def test_tools_writes_html_for_the_chosen_sets(tmp_path) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    import make_handouts

    pages = make_handouts.write_html(tmp_path, ["ch04-governments-role"])
    assert [p.name for p in pages] == ["ch04-governments-role.html",
                                       "racial-equity-tool-worksheet.html"]
    with pytest.raises(SystemExit, match="No exercise set called nope"):
        make_handouts.write_html(tmp_path, ["nope"])
    assert json.loads((ROOT / "exercises" / "ch04-governments-role.ipynb").read_text())
