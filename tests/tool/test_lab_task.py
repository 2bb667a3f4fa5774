"""The tool lab's task: a model answer that the tool opens and its own checks pass for the
steps the task asks for, and a notebook that states the same task."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from equitylab import tool
from equitylab.tool import LAB_TASK, MODEL_ANSWERS, Worksheet, check, load_example

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "equity-tool.ipynb"
TASK_STEPS = (0, *LAB_TASK["steps"])


def test_the_task_asks_for_steps_one_two_and_four() -> None:
    assert LAB_TASK["steps"] == (1, 2, 4)


@pytest.mark.parametrize("name", list(MODEL_ANSWERS))
def test_model_answer_passes_the_checks_for_the_task_steps_only(name, tmp_path) -> None:
    ws = load_example(name)
    assert check(ws, steps=TASK_STEPS) == []
    later = {f.step for f in check(ws)}
    assert later and later <= {3, 5, 6}, later
    assert "SYNTHETIC" in ws.notes and "(synthetic)" in ws.metadata.jurisdiction
    assert all(e.synthetic and e.dataset.startswith("tallow_") for e in ws.evidence)
    copy = load_example(name, copy=True)
    assert tool.load(tool.WorksheetStore(tmp_path).save(copy)) == copy


def test_check_can_be_limited_to_some_steps() -> None:
    blank = Worksheet()
    every = check(blank)
    some = check(blank, steps=(0, 2))
    assert some and {f.step for f in some} == {0, 2}
    assert some == [f for f in every if f.step in (0, 2)]


def test_a_worksheet_missing_step_four_does_not_meet_the_criteria() -> None:
    ws = load_example("lab task")
    ws.impacts = []
    ws.strategies = []
    messages = [f.message for f in check(ws, steps=TASK_STEPS)]
    assert any("burdened" in m for m in messages) and any("strategy" in m for m in messages)


def test_the_notebook_states_the_task_criteria_and_peer_review() -> None:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    text = " ".join(" ".join("".join(c["source"]).split()) for c in cells
                    if c["cell_type"] == "markdown")
    assert " ".join(LAB_TASK["decision"].split()) in text
    for needed in ("Success criteria", "Compare with the model answer", "Peer review",
                   "Check and report", "steps 1, 2 and 4"):
        assert needed in text, needed
    title = load_example("lab task").metadata.title
    assert f"Lab task: {title}" in text.replace("*", "")


def test_the_app_offers_the_model_answer_and_opens_a_copy(tmp_path) -> None:
    from equitylab.widgets import equity_tool

    app = equity_tool(tmp_path, save_delay=0)
    assert "lab task" in [value for _, value in app.example_choice.options]
    app.open_example("lab task")
    assert app.worksheet.metadata.title == "Copy of " + load_example("lab task").metadata.title
    assert check(app.worksheet, steps=TASK_STEPS) == []
