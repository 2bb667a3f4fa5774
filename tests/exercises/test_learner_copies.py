"""Learner copies: generated from every source, leak-free, and runnable as they are."""

from __future__ import annotations

import copy

import pytest

from equitylab.checks import Feedback

from .conftest import EXERCISES, load, make_exercises, run_cells, source_paths

SOURCES = source_paths()


def test_there_is_an_exercise_set_per_chapter_and_some_labs() -> None:
    names = [p.name for p in SOURCES]
    assert sum(n.startswith("ch") for n in names) >= 10
    assert sum(n.startswith("lab") for n in names) >= 3
    text = "".join(p.read_text(encoding="utf-8") for p in SOURCES)
    for kind in ("(concept)", "(data)", "(scenario)"):
        assert text.count(kind) >= 8, kind


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_source_is_a_mix_with_solutions_and_checks(path) -> None:
    notebook = load(path)
    tags = [t for c in notebook["cells"] for t in c.get("metadata", {}).get("tags", [])]
    assert tags.count("solution") >= 2
    assert tags.count("check") >= 1
    text = "".join("".join(c["source"]) for c in notebook["cells"])
    kinds = {kind for kind in ("(concept)", "(data)", "(scenario)") if kind in text}
    assert len(kinds) >= 2, f"only {kinds}: mix concept, data and scenario tasks"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_learner_copy_has_no_solution_and_a_form_for_every_check(path, learner_dir) -> None:
    source = load(path)
    learner = load(learner_dir / path.name)
    assert make_exercises.find_leaks(source, learner) == []
    assert learner["metadata"]["equitylab"]["learner_copy"] is True
    source_checks = [make_exercises.check_name(c) for c in source["cells"]
                     if "check" in c["metadata"].get("tags", [])]
    forms = ["".join(c["source"]) for c in learner["cells"]
             if "answer" in c["metadata"].get("tags", [])]
    assert [n for n in source_checks if any(repr(n) in f for f in forms)] == source_checks
    solutions = sum("solution" in c["metadata"].get("tags", []) for c in source["cells"])
    assert len(forms) == solutions
    assert not any("check" in c["metadata"].get("tags", []) for c in learner["cells"])


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_learner_copy_runs_and_every_form_waits_for_an_answer(path, learner_dir) -> None:
    from equitylab.widgets.answers import AnswerBox, NotesBox

    results = run_cells(load(learner_dir / path.name), tag="answer")
    assert results, "no answer form ran"
    for index, box in results:
        assert isinstance(box, AnswerBox | NotesBox), f"cell {index} shows no answer form"
        if isinstance(box, AnswerBox):
            feedback = box.check()
            assert isinstance(feedback, Feedback) and not feedback.correct
            assert feedback.code == "not_answered", (index, feedback)


def test_leak_detector_catches_a_leak() -> None:
    """The guard itself must be able to fail: plant a solution line and an output."""
    source = load(SOURCES[0])
    learner = make_exercises.learner_copy(source)
    solution_line = make_exercises.solution_fragments(source)[0]
    leaky = copy.deepcopy(learner)
    leaky["cells"][1]["source"] = solution_line
    assert any("solution text" in leak for leak in make_exercises.find_leaks(source, leaky))
    with_output = copy.deepcopy(learner)
    code = next(c for c in with_output["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "Correct."}]
    assert any("outputs" in leak for leak in make_exercises.find_leaks(source, with_output))
    tagged = copy.deepcopy(learner)
    tagged["cells"][0]["metadata"]["tags"] = ["solution"]
    assert any("still tagged" in leak for leak in make_exercises.find_leaks(source, tagged))


def test_leak_detector_catches_an_answer_key_in_code() -> None:
    """A check called on a literal, or a solution's value assigned elsewhere, is a leak."""
    source = load(next(p for p in SOURCES if p.name.startswith("ch01")))
    learner = make_exercises.learner_copy(source)
    assert make_exercises.key_leaks(source, learner) == []
    form = next(c for c in learner["cells"] if "answer" in c["metadata"].get("tags", []))
    literal = copy.deepcopy(learner)
    cell = literal["cells"][learner["cells"].index(form)]
    cell["source"] = "checks.check_two_goals('a')"
    assert any("literal" in leak for leak in make_exercises.find_leaks(source, literal))
    assigned = copy.deepcopy(learner)
    value = make_exercises.solution_values(source)[0]
    assigned["cells"][1]["source"] = f"hint = {value!r}"
    assert any("solution's value" in leak
               for leak in make_exercises.find_leaks(source, assigned))


def test_make_all_refuses_a_source_without_solutions(tmp_path) -> None:
    source = load(SOURCES[0])
    for cell in source["cells"]:
        cell.get("metadata", {}).pop("tags", None)
    (tmp_path / "src").mkdir()
    import json

    (tmp_path / "src" / "bad.ipynb").write_text(json.dumps(source), encoding="utf-8")
    with pytest.raises(ValueError, match="no cell tagged"):
        make_exercises.make_all(tmp_path / "src", tmp_path / "out")


def test_placeholders_are_forms_numbered_like_their_exercise() -> None:
    cell = {"cell_type": "code", "metadata": {"tags": ["solution", "hide-input"]},
            "source": "x = compute()\nanswer = x * 2", "outputs": [], "execution_count": 3}
    stub = make_exercises.placeholder(cell, "4.4", "check_eras", "ch04-governments-role")
    assert "compute" not in stub["source"]
    assert "answer_box('check_eras', '4.4', 'ch04-governments-role')" in stub["source"]
    assert stub["metadata"]["tags"] == ["answer"]
    notes = make_exercises.placeholder({"cell_type": "markdown", "source": "Model answer"}, "4.5",
                                       set_name="ch04-governments-role")
    assert "notes_box('4.5', 'ch04-governments-role')" in notes["source"]
    assert "Model" not in notes["source"]
    with pytest.raises(ValueError, match="needs a check"):
        make_exercises.placeholder(cell, "4.4")


def test_learner_copies_are_not_collected_by_nbval() -> None:
    conftest = (EXERCISES / "conftest.py").read_text(encoding="utf-8")
    assert "learner" in conftest and "collect_ignore" in conftest
