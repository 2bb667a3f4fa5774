"""Every check accepts its right answers (kept in tests/answers.py), and the installed
package does not hold any answer key as plain text."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from equitylab import checks
from equitylab.checks import _questions

from .answers import COMPUTED, WRITTEN

ALL = checks.registry()
PACKAGE = Path(checks.__file__).parent
HEX = re.compile(r"^[0-9a-f]{24}$")


def _question(name: str) -> dict[str, Any] | None:
    module = ALL[name].__module__.rsplit(".", 1)[-1]
    try:
        return _questions.load(module).get(name.removeprefix("check_"))
    except FileNotFoundError:
        return None


QUESTIONS = {name: q for name in ALL if (q := _question(name)) is not None}


def _mentions(text: str, phrase: str) -> bool:
    words = re.escape(phrase.lower()).replace(r"\ ", r"[\s_-]+").replace(r"\-", r"[\s_-]+")
    return re.search(rf"(?<![\w-]){words}(?![\w-])", text.lower()) is not None


def test_every_check_has_right_answers_in_the_tests() -> None:
    assert set(WRITTEN) | set(COMPUTED) == set(ALL)
    assert not set(WRITTEN) & set(COMPUTED)


@pytest.mark.parametrize("name", sorted(WRITTEN))
def test_written_right_answers_are_accepted(name) -> None:
    for answer in WRITTEN[name]:
        feedback = ALL[name](answer)
        assert feedback.correct and feedback.code == "correct", (answer, str(feedback))


@pytest.mark.parametrize("name", sorted(COMPUTED))
def test_independently_computed_answers_are_accepted(name) -> None:
    feedback = ALL[name](COMPUTED[name]())
    assert feedback.correct and feedback.code == "correct", str(feedback)


def test_choice_and_label_questions_are_data() -> None:
    kinds = {q["kind"] for q in QUESTIONS.values()}
    assert kinds == {"choice", "labels", "order", "set"}
    assert len(QUESTIONS) >= 20
    for name, question in QUESTIONS.items():
        assert ALL[name].__doc__ and question["summary"] in ALL[name].__doc__


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_the_key_is_stored_only_as_digests(name) -> None:
    question = QUESTIONS[name]
    keys = question["key"] if isinstance(question["key"], dict) else {"": [question["key"]]}
    for digests in keys.values():
        for d in digests if isinstance(digests, list) else [digests]:
            assert HEX.match(d), d
    for entry in question.get("hints", []) + question.get("require", []):
        assert all(HEX.match(d) for d in entry["when"])
    # Apart from the vocabulary the question itself shows, no stored string is an answer.
    shown = {k: v for k, v in question.items()
             if k not in ("options", "labels", "items", "aliases", "summary", "answer",
                          "blank")}
    stored = {s.strip().lower() for s in _strings(shown)}
    right = WRITTEN[name][0]
    if isinstance(right, str):
        assert right.lower() not in stored
    if isinstance(right, dict):
        for item, label in right.items():
            assert f"{item}={label}".lower() not in stored


def _package_text() -> str:
    files = [p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".json")]
    data = resources.files("equitylab.checks").joinpath("questions")
    assert any(p.name.endswith(".json") for p in data.iterdir())
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def test_no_right_answer_is_plain_text_anywhere_in_the_package() -> None:
    text = _package_text()
    squashed = re.sub(r"[\s\"',\[\]]", "", text).lower()
    for name, answers in WRITTEN.items():
        right = answers[0]
        if isinstance(right, dict):
            for item, label in right.items():
                if isinstance(label, str) and label:
                    pattern = rf"[\"']{item}[\"']\s*:\s*[\"']{re.escape(label)}[\"']"
                    assert not re.search(pattern, text), (name, item)
        if isinstance(right, list | set) and name in QUESTIONS:
            ordered = "".join(sorted(right) if isinstance(right, set) else right).lower()
            assert ordered not in squashed, name
    assert "dfaecb" not in squashed


def _labels_questions() -> list[str]:
    return sorted(n for n, q in QUESTIONS.items() if q["kind"] == "labels")


@pytest.mark.parametrize("name", _labels_questions())
def test_explanations_do_not_restate_the_key(name) -> None:
    question, right = QUESTIONS[name], WRITTEN[name][0]
    for item, why in question["why"].items():
        label = str(right[item] if item in right else "")
        if label:
            assert not _mentions(why, label), (item, why)


@pytest.mark.parametrize("name", _labels_questions())
def test_hints_for_one_wrong_label_do_not_state_it(name) -> None:
    question, right = QUESTIONS[name], WRITTEN[name][0]
    generic = question["otherwise"]["hint"]
    for item in question["items"]:
        good = str(right.get(item, ""))
        for label in question["labels"]:
            if label.lower() == good.lower().replace("_", " ").replace("-", " ") or (
                    label.lower() == good.lower()):
                continue
            feedback = ALL[name]({**right, item: label})
            if feedback.correct:  # a contested item accepts more than one label
                continue
            if generic in feedback.message or not good:
                continue
            assert not _mentions(feedback.message, good), (item, label, feedback.message)


@pytest.mark.parametrize("name", sorted(n for n, q in QUESTIONS.items()
                                        if q["kind"] == "choice"))
def test_every_option_but_one_is_wrong(name) -> None:
    question = QUESTIONS[name]
    verdicts = {o: ALL[name](o).correct for o in question["options"]}
    assert sum(verdicts.values()) == 1, verdicts
    for option, right in verdicts.items():
        if not right:
            message = ALL[name](option).message.lower()
            key = WRITTEN[name][0]
            assert f'"{key}"' not in message and f"({key})" not in message, message


def test_question_files_are_valid_json_with_the_fields_the_checker_reads() -> None:
    for path in (PACKAGE / "questions").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for qid, question in data.items():
            needed = {"summary", "kind", "answer", "right", "otherwise", "salt", "key"}
            assert needed <= set(question), (path.name, qid)
            assert question["salt"].startswith(f"{path.stem}.{qid}.")
