"""Choice and label questions as data, read by one generic checker.

Each chapter or lab has a file ``questions/<module>.json``: one entry per question with
its kind, its options, the feedback for each recognised mistake, and the explanation
shown after a right answer. Answer keys are stored only as salted digests
(:func:`~equitylab.checks._core.digest` of the question's salt and a normalised *feature*
of the answer), and so are the mistakes that hints are attached to, so that the key
cannot be read from the file, nor worked out from which options carry a hint.

Kinds and the features they compare (all normalised with :func:`~._core.norm`):

``choice``
    One option. Feature: the option, e.g. ``b``.
``labels``
    A dictionary item -> label. Features: ``item=label`` for each item, and
    ``all:item=label;...`` for the whole answer (for hints on a pattern such as a swap).
``order``
    A sequence of all the options. Features: the sequence joined by spaces (the key),
    ``first=x`` and ``x<y`` for each pair in the learner's order.
``set``
    Some of the options. Features: the sorted options joined by commas (the key) and
    ``has:x`` for each chosen option.

Hints are tried in the order of the learner's features; ``require`` entries fire when the
learner's answer lacks every listed feature. To write a new key or hint, compute digests
with ``python tools/make_exercises.py digest <module> <question> <feature>``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from ._core import Feedback, digest, norm, not_answered, unanswered

__all__ = ["ask", "load", "question_check"]

Question = dict[str, Any]


@cache
def load(module: str) -> dict[str, Question]:
    """Read the questions of one chapter or lab (``questions/<module>.json``).

    Parameters
    ----------
    module : str
        E.g. ``"ch01"`` or ``"lab_stops"``.

    Returns
    -------
    dict
        Question id -> question.
    """
    text = resources.files(__package__).joinpath("questions", f"{module}.json").read_text(
        encoding="utf-8")
    return json.loads(text)


def _hint_for(question: Question, features: Iterable[str]) -> dict[str, str] | None:
    salt = question["salt"]
    table = {d: entry for entry in question.get("hints", []) for d in entry["when"]}
    for feature in features:
        entry = table.get(digest(salt, feature))
        if entry is not None:
            return entry
    return None


def _missing_requirement(question: Question, features: set[str]) -> dict[str, str] | None:
    have = {digest(question["salt"], f) for f in features}
    for entry in question.get("require", []):
        if not have & set(entry["when"]):
            return entry
    return None


def _otherwise(question: Question) -> Feedback:
    other = question["otherwise"]
    return Feedback(False, other["hint"], other.get("code", "other"))


def _is_key(question: Question, feature: str) -> bool:
    return digest(question["salt"], feature) == question["key"]


def _ask_choice(question: Question, answer: Any) -> Feedback:
    if unanswered(answer):
        return not_answered(question.get("prompt", "Replace the `...` with the letter of your "
                                                   "choice"))
    chosen = norm(answer).strip("() .")
    options = [norm(o) for o in question["options"]]
    if chosen not in options:
        return Feedback(False, f"Answer with one of: {', '.join(options)}.", "not_an_option")
    if _is_key(question, chosen):
        return Feedback(True, question["right"], "correct")
    entry = _hint_for(question, [chosen])
    return Feedback(False, entry["hint"], entry["code"]) if entry else _otherwise(question)


def _read_labels(question: Question, answers: Mapping[Any, Any]) -> dict[str, Any]:
    """Map the declared items to the learner's raw labels (``...`` when not given)."""
    by_norm = {norm(k): v for k, v in answers.items()}
    blank = question.get("blank")
    out = {}
    for item in question["items"]:
        raw = by_norm.get(norm(item), ...)
        if blank is not None and (raw is ... or raw is None or unanswered(raw)):
            raw = blank
        out[item] = raw
    return out


def _ask_labels(question: Question, answers: Any) -> Feedback:
    prompt = question.get("prompt", "Fill in a label for each item")
    if unanswered(answers):
        return not_answered(prompt)
    if not isinstance(answers, Mapping):
        example = question.get("example", "{'A': 'label'}")
        return Feedback(False, f"Give your answers as a dictionary, e.g. {example}.",
                        "wrong_type")
    given = _read_labels(question, answers)
    missing = [item for item, raw in given.items() if raw is ...]
    if len(missing) == len(given):
        return not_answered(prompt)
    allowed = {norm(a): a for a in question["labels"]}
    aliases = {norm(k): norm(v) for k, v in question.get("aliases", {}).items()}
    labels = {item: aliases.get(norm(raw), norm(raw)) for item, raw in given.items()
              if raw is not ...}
    unknown = [item for item, label in labels.items() if label not in allowed]
    if unknown:
        shown = ", ".join(a or "''" for a in question["labels"])
        return Feedback(False, f"Use only these labels: {shown} (check {', '.join(unknown)}).",
                        "unknown_label")
    salt = question["salt"]
    right = {item: digest(salt, f"{norm(item)}={label}") in question["key"][item]
             for item, label in labels.items()}
    details = tuple(f"{item}: right. {question['why'][item]}" for item, ok in right.items()
                    if ok)
    if missing:
        return Feedback(False, f"Still to answer: {', '.join(missing)}.", "incomplete", details)
    wrong = [item for item, ok in right.items() if not ok]
    if not wrong:
        return Feedback(True, question["right"], "correct", details)
    whole = "all:" + ";".join(f"{norm(i)}={labels[i]}" for i in question["items"])
    entry = _hint_for(question, [whole])
    if entry:
        return Feedback(False, entry["hint"], entry["code"])
    others = f" ({len(wrong)} items to revisit.)" if len(wrong) > 1 else ""
    for item in wrong:
        entry = _hint_for(question, [f"{norm(item)}={labels[item]}"])
        if entry:
            return Feedback(False, f"Look again at {item}. {entry['hint']}{others}",
                            entry.get("code", f"wrong_{item}"))
    item = wrong[0]
    return Feedback(False, f"Look again at {item}. {question['otherwise']['hint']}{others}",
                    f"wrong_{item}")


def _as_words(answer: Any, *, split_letters: bool) -> list[str] | None:
    """Read a list, set or string of options as normalised words (``None`` if unreadable)."""
    if isinstance(answer, str):
        text = answer.replace(",", " ")
        parts = text.split() if (" " in text.strip() or not split_letters) else list(text)
        return [norm(p) for p in parts]
    if isinstance(answer, Mapping) or not isinstance(answer, Iterable):
        return None
    try:
        return [norm(p) for p in answer]
    except TypeError:
        return None


def _ask_order(question: Question, answer: Any) -> Feedback:
    if unanswered(answer):
        return not_answered(question.get("prompt", "Replace the `...` with the letters in "
                                                   "order"))
    given = _as_words(answer, split_letters=True)
    if given is None:
        return Feedback(False, "Give a list of letters, e.g. ['A', 'B', ...].", "wrong_type")
    options = [norm(o) for o in question["options"]]
    if sorted(given) != sorted(options):
        return Feedback(False, f"Use each of the letters {', '.join(question['options'])} "
                        "exactly once.", "not_a_permutation")
    if _is_key(question, " ".join(given)):
        return Feedback(True, question["right"], "correct")
    features = [f"first={given[0]}"] + [f"{a}<{b}" for i, a in enumerate(given)
                                        for b in given[i + 1:]]
    entry = _missing_requirement(question, set(features)) or _hint_for(question, features)
    return Feedback(False, entry["hint"], entry["code"]) if entry else _otherwise(question)


def _ask_set(question: Question, answer: Any) -> Feedback:
    if unanswered(answer):
        return not_answered(question.get("prompt", "Replace the `...` with your answer"))
    given = _as_words(answer, split_letters=False)
    if given is None:
        return Feedback(False, "Give a set of words.", "wrong_type")
    options = {norm(o) for o in question["options"]}
    unknown = sorted(set(given) - options)
    if unknown:
        return Feedback(False, f"Choose only words from the list (not {unknown[0]!r}).",
                        "not_an_option")
    chosen = sorted(set(given))
    if _is_key(question, ",".join(chosen)):
        return Feedback(True, question["right"], "correct")
    entry = _hint_for(question, [f"has:{w}" for w in chosen])
    if entry:
        return Feedback(False, entry["hint"], entry["code"])
    size = question.get("size")
    if size and len(chosen) != size["n"]:
        return Feedback(False, size["hint"], size["code"])
    return _otherwise(question)


_KINDS: dict[str, Callable[[Question, Any], Feedback]] = {
    "choice": _ask_choice,
    "labels": _ask_labels,
    "order": _ask_order,
    "set": _ask_set,
}


def ask(question: Question, answer: Any) -> Feedback:
    """Check ``answer`` against one question; never raises on a learner's input.

    Parameters
    ----------
    question : dict
        One entry of a ``questions/<module>.json`` file.
    answer : Any
        The learner's answer.

    Returns
    -------
    Feedback
    """
    return _KINDS[question["kind"]](question, answer)


_DOC = """{summary}

Parameters
----------
answer : {type}
    {answer}

Returns
-------
Feedback
    Why a right answer is right, or a hint aimed at the likely mistake.
"""

_TYPES = {"choice": "str", "labels": "dict", "order": "list of str", "set": "set of str"}


def question_check(module: str, qid: str) -> Callable[[Any], Feedback]:
    """Make the public ``check_<qid>`` function of one question.

    Parameters
    ----------
    module : str
        The chapter or lab module, e.g. ``"ch01"``; the questions are read from
        ``questions/<module>.json``.
    qid : str
        The question's id in that file.

    Returns
    -------
    callable
        ``check_<qid>(answer) -> Feedback``, documented from the question's data.
    """
    question = load(module)[qid]

    def check(answer: Any) -> Feedback:
        return ask(question, answer)

    check.__name__ = check.__qualname__ = f"check_{qid}"
    check.__module__ = f"{__package__}.{module}"
    check.__doc__ = _DOC.format(summary=question["summary"], type=_TYPES[question["kind"]],
                                answer=question["answer"])
    return check
