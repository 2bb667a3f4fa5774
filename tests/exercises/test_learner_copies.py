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
def test_learner_copy_has_no_solution(path, learner_dir) -> None:
    source = load(path)
    learner = load(learner_dir / path.name)
    assert make_exercises.find_leaks(source, learner) == []
    assert len(learner["cells"]) == len(source["cells"])
    assert learner["metadata"]["equitylab"]["learner_copy"] is True
    kept_checks = [c for c in learner["cells"] if "check" in c["metadata"].get("tags", [])]
    source_checks = [c for c in source["cells"] if "check" in c["metadata"].get("tags", [])]
    assert [c["source"] for c in kept_checks] == [c["source"] for c in source_checks]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_learner_copy_runs_and_every_check_waits_for_an_answer(path, learner_dir) -> None:
    results = run_cells(load(learner_dir / path.name))
    assert results, "no check cell ran"
    for index, feedback in results:
        assert isinstance(feedback, Feedback), f"cell {index} did not return Feedback"
        assert not feedback.correct
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
    check = next(c for c in learner["cells"] if "check" in c["metadata"].get("tags", []))
    literal = copy.deepcopy(learner)
    cell = literal["cells"][learner["cells"].index(check)]
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


def test_placeholders_keep_the_names_the_checks_need() -> None:
    assert make_exercises.assigned_names("a = 1\nb: int = 2\nc, d = 3, 4") == ["a", "b", "c", "d"]
    cell = {"cell_type": "code", "metadata": {"tags": ["solution", "hide-input"]},
            "source": "x = compute()\nanswer = x * 2", "outputs": [], "execution_count": 3}
    stub = make_exercises.placeholder(cell)
    assert "compute" not in stub["source"]
    assert "answer = ..." in stub["source"] and "x = ..." in stub["source"]
    assert stub["metadata"]["tags"] == ["answer"]


def test_learner_copies_are_not_collected_by_nbval() -> None:
    conftest = (EXERCISES / "conftest.py").read_text(encoding="utf-8")
    assert "learner" in conftest and "collect_ignore" in conftest
