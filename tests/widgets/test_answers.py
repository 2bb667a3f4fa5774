"""The answer forms judge through the same checks: every right answer of every exercise set
is accepted when entered in its form, and the common wrong answers get the check's own hint."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import pytest

from equitylab import checks
from equitylab.checks.forms import Field
from equitylab.widgets import answer_box, notes_box
from equitylab.widgets.answers import AnswerBox

from ..exercises.answers import COMPUTED, WRITTEN
from ..exercises.conftest import load, make_exercises, source_paths
from ..exercises.test_checks import WRONG


class NotEnterable(Exception):
    """The answer cannot be entered in the form (e.g. a letter that is not an option)."""


def _option(field: Field, value: Any) -> Any:
    for _, option in field.options:
        if option == value or (isinstance(option, str) and option == str(value)):
            return option
    raise NotEnterable(f"{value!r} is not an option of {field.label!r}")


def _enter(field: Field, control: widgets.Widget, value: Any) -> None:
    """Type, choose or tick ``value`` as a participant would (``...``: leave it empty)."""
    if value is ...:
        return
    if field.kind == "ticks":
        chosen = {_option(field, v) for v in value}
        for (_, option), box in zip(field.options, control.children, strict=True):
            box.value = option in chosen
    elif field.kind in ("number", "text"):
        control.value = str(value)
    else:
        control.value = _option(field, value)


def fill(box: AnswerBox, answer: Any) -> None:
    """Enter a check's answer (as tests/exercises/answers.py writes it) in its form."""
    form = box.form
    if form.shape in ("value", "set"):
        [field] = form.fields
        _enter(field, box.inputs[field.key], answer)
    elif form.shape == "list":
        if len(answer) != len(form.fields):
            raise NotEnterable("a form has one place per letter")
        for field, value in zip(form.fields, answer, strict=True):
            _enter(field, box.inputs[field.key], value)
    else:
        assert isinstance(answer, Mapping)
        given = {str(k).lower(): v for k, v in answer.items()}
        for field in form.fields:
            if field.key.lower() in given:
                _enter(field, box.inputs[field.key], given[field.key.lower()])


def _right(name: str) -> Any:
    return COMPUTED[name]() if name in COMPUTED else WRITTEN[name][0]


def _sets() -> dict[str, list[str]]:
    """Each exercise set's checks, read from the sources."""
    out = {}
    for path in source_paths():
        cells = load(path)["cells"]
        out[path.stem] = [make_exercises.check_name(c) for c in cells
                          if "check" in c["metadata"].get("tags", [])]
    return out


SETS = _sets()


@pytest.mark.parametrize("name", sorted(checks.registry()))
def test_every_right_answer_is_accepted_through_the_form(name) -> None:
    box = answer_box(name, "1.1")
    fill(box, _right(name))
    feedback = box.check()
    assert feedback.correct, (name, str(feedback))
    assert "Correct." in box.feedback.value


def _wrong_cases() -> list[tuple[str, Any, str]]:
    cases = []
    for name, answer, code, _ in WRONG:
        try:
            fill(answer_box(name), answer)
        except NotEnterable:
            continue
        cases.append((name, answer, code))
    return cases


WRONG_IN_FORMS = _wrong_cases()


@pytest.mark.parametrize(("name", "answer", "code"), WRONG_IN_FORMS,
                         ids=[f"{n}-{c}" for n, _, c in WRONG_IN_FORMS])
def test_wrong_answers_get_the_checks_own_hint_through_the_form(name, answer, code) -> None:
    box = answer_box(name)
    fill(box, answer)
    feedback = box.check()
    assert not feedback.correct
    assert feedback.code == code, str(feedback)
    assert feedback == checks.registry()[name](answer) or code == "incomplete"


def test_every_exercise_set_has_a_wrong_answer_rejected_through_its_forms() -> None:
    rejected = {name for name, _, _ in WRONG_IN_FORMS}
    assert [s for s, names in SETS.items() if not set(names) & rejected] == []


def test_the_format_is_shown_before_any_try() -> None:
    box = answer_box("check_graduation_gap", "1.4")
    shown = " ".join(c.value for c in box.children if isinstance(c, widgets.HTML))
    assert "Exercise 1.4" in shown
    assert "Type a number such as 12.5" in shown
    assert "Not" not in box.feedback.value


def test_an_empty_form_is_not_answered_and_a_partial_order_is_incomplete() -> None:
    assert answer_box("check_eras").check().code == "not_answered"
    box = answer_box("check_tool_order")
    box.inputs["1"].value = "D"
    assert box.check().code == "incomplete"


def test_a_typed_non_number_gets_a_plain_message() -> None:
    box = answer_box("check_search_ratio")
    box.inputs[""].value = "about 2"
    feedback = box.check()
    assert feedback.code == "not_a_number" and "Give a number" in feedback.message


def test_notes_box_takes_free_text() -> None:
    box = notes_box("4.5")
    box.text.value = "A written answer."
    assert "Exercise 4.5" in box.children[0].value and box.text.value == "A written answer."
