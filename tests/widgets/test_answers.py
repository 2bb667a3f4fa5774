"""The answer forms judge through the same checks: every right answer of every exercise set
is accepted when entered in its form, and the common wrong answers get the check's own hint."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import pytest

from equitylab import checks
from equitylab.checks.forms import Field
from equitylab.checks.saved import ANSWERS_FILE, read_answers
from equitylab.widgets import answer_box, notes_box
from equitylab.widgets.answers import AnswerBox, NotesBox

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


# --- answers kept as they are given (my-exercise-answers.json) ------------------------


def _saved_file(folder) -> dict:
    import json

    return json.loads((folder / ANSWERS_FILE).read_text(encoding="utf-8"))


def test_a_written_answer_is_saved_and_restored_on_reload(tmp_path) -> None:
    box = NotesBox("4.5", "ch04-governments-role", folder=tmp_path, save_delay=0)
    assert "saved as you type" in box.children[1].value
    assert "Copy it somewhere safe" not in box.children[1].value
    box.text.value = "Redlining maps <b>shaped</b> lending for decades."
    assert "Saved at" in box.status.value
    again = NotesBox("4.5", "ch04-governments-role", folder=tmp_path, save_delay=0)
    assert again.text.value == "Redlining maps <b>shaped</b> lending for decades."
    assert NotesBox("4.6", "ch04-governments-role", folder=tmp_path).text.value == ""


def test_chosen_and_ticked_answers_come_back_as_chosen(tmp_path) -> None:
    box = AnswerBox("check_eras", "4.4", "ch04-governments-role", folder=tmp_path,
                    save_delay=0)
    fill(box, _right("check_eras"))
    picked = box.values()
    again = AnswerBox("check_eras", "4.4", "ch04-governments-role", folder=tmp_path)
    assert again.values() == picked and again.check().correct
    ticks = AnswerBox("check_strategies", "5.3", "ch05-transformational-strategies",
                      folder=tmp_path, save_delay=0)
    fill(ticks, _right("check_strategies"))
    back = AnswerBox("check_strategies", "5.3", "ch05-transformational-strategies",
                     folder=tmp_path)
    assert back.values() == ticks.values() and back.check().correct
    # The file says in words what was chosen, set by set.
    assert set(_saved_file(tmp_path)["sets"]) == {"ch04-governments-role",
                                                 "ch05-transformational-strategies"}


def test_two_sets_and_two_kernels_keep_each_others_answers(tmp_path) -> None:
    first = NotesBox("1.2", "ch01-what-racial-equity-means", folder=tmp_path, save_delay=0)
    second = NotesBox("1.2", "lab-first-look", folder=tmp_path, save_delay=0)
    first.text.value = "Equity: outcomes no longer predicted by race."
    second.text.value = "The rates differ by group."
    first.text.value = "Equity: outcomes no longer predicted by race (revised)."
    sets = read_answers(tmp_path / ANSWERS_FILE)
    assert sets["ch01-what-racial-equity-means"]["1.2"] == {
        "": "Equity: outcomes no longer predicted by race (revised)."}
    assert sets["lab-first-look"]["1.2"] == {"": "The rates differ by group."}


def test_saving_waits_for_a_pause_in_typing(tmp_path) -> None:
    box = NotesBox("4.5", "ch04-governments-role", folder=tmp_path, save_delay=60)
    for text in ("R", "Re", "Red"):
        box.text.value = text
    assert not (tmp_path / ANSWERS_FILE).exists()
    box.keeper.flush()  # as at kernel exit
    assert read_answers(tmp_path / ANSWERS_FILE)["ch04-governments-role"]["4.5"] == {"": "Red"}


@pytest.mark.parametrize("damage", [b"{not json", b"\xff\xfe\x00", b'{"format": "other"}',
                                    b'{"format": "equitylab-exercise-answers", "sets": '
                                    b'{"ch04-governments-role": {"4.5": {"": 3}}}}'])
def test_a_damaged_file_gives_a_plain_message_and_loses_nothing(tmp_path, damage) -> None:
    path = tmp_path / ANSWERS_FILE
    path.write_bytes(damage)
    box = NotesBox("4.5", "ch04-governments-role", folder=tmp_path, save_delay=0)
    assert "could not be read" in box.status.value and "Traceback" not in box.status.value
    assert path.read_bytes() == damage  # reading it changed nothing
    box.text.value = "My answer"
    assert box.text.value == "My answer"
    asides = list(tmp_path.glob("my-exercise-answers.damaged-*.json"))
    assert [p.read_bytes() for p in asides] == [damage]
    assert asides[0].name in box.status.value
    assert read_answers(path)["ch04-governments-role"]["4.5"] == {"": "My answer"}


@pytest.mark.parametrize(("code", "why"), [("EROFS", "the folder is read-only"),
                                           ("ENOSPC", "the disk is full")])
def test_a_fault_keeps_the_text_and_says_so_plainly(tmp_path, monkeypatch, code, why) -> None:
    import errno

    from equitylab.tool import _storage

    def fault(path, data):
        raise OSError(getattr(errno, code), "from the file system", str(path))

    monkeypatch.setattr(_storage, "_atomic_write", fault)
    notes = NotesBox("4.5", "ch04-governments-role", folder=tmp_path, save_delay=0)
    notes.text.value = "Kept on the page"
    assert f"Your answer could not be saved: {why}" in notes.status.value
    assert "still on this page" in notes.status.value and "Errno" not in notes.status.value
    assert notes.text.value == "Kept on the page"
    box = AnswerBox("check_graduation_gap", "1.4", "ch01-what-racial-equity-means",
                    folder=tmp_path, save_delay=0)
    box.inputs[""].value = "12.5"
    assert why in box.status.value and box.inputs[""].value == "12.5"
    assert not (tmp_path / ANSWERS_FILE).exists()


def test_without_a_set_nothing_is_kept(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    box = notes_box("4.5")
    box.text.value = "x"
    assert "Copy it somewhere safe" in box.children[1].value and list(tmp_path.iterdir()) == []
