"""No-code answer forms for the self-checks: what to ask for, and how to read what was given.

A participant answers an exercise by choosing, ticking and typing, never by writing Python.
Each check has one :class:`AnswerForm`: its fields (a choice, ticks, a number, a line of
text, yes or no), the sentence that says what format is expected (shown before any try),
and how the fields' values become the answer the check takes (:func:`collect`). The form
and the check are the same check: :func:`submit` calls the function in
:func:`equitylab.checks.registry`, so a widget (:mod:`equitylab.widgets.answers`), a
printed handout (:mod:`equitylab.handouts`) and a notebook cell cannot disagree.

Choice and label questions take their forms from their data (``questions/<module>.json``);
the data tasks' forms are declared here, one line each.

Examples
--------
>>> form = answer_form("check_two_goals")
>>> form.how
'Choose one: a, b or c.'
>>> submit(form, {"": "b"}).correct
True
>>> submit(form, {}).code
'not_answered'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ._core import Feedback

__all__ = ["AnswerForm", "Field", "answer_form", "collect", "forms", "submit"]

#: The kinds of field: one of several options, several ticks, a number, a line of text,
#: or yes or no.
FIELD_KINDS = ("pick", "ticks", "number", "text", "yesno")

Option = tuple[str, Any]

#: What an empty form gets (the checks' own words speak of code cells).
NOT_ANSWERED = "Choose or type your answer above, then press Check."


@dataclass(frozen=True)
class Field:
    """One input of an answer form.

    Parameters
    ----------
    key : str
        Where the value goes in the answer (a dictionary key, or ``""`` for a form whose
        answer is one value).
    label : str
        What the participant reads beside the input.
    kind : {"pick", "ticks", "number", "text", "yesno"}
        The kind of input.
    options : tuple of (str, object)
        For ``pick`` and ``ticks``: what is shown, and the value the check receives.
    example : str
        For ``number`` and ``text``: an example shown in the empty input.
    """

    key: str
    label: str
    kind: str
    options: tuple[Option, ...] = ()
    example: str = ""


@dataclass(frozen=True)
class AnswerForm:
    """The answer form of one check.

    Parameters
    ----------
    check : str
        The name of the check in :func:`equitylab.checks.registry`, e.g. ``"check_eras"``.
    shape : {"value", "dict", "list", "set"}
        What the check takes: one value, a dictionary of the fields' keys, a list in the
        fields' order, or the set of ticked options.
    fields : tuple of Field
        The inputs, in the order shown.
    how : str
        The expected format, in plain words, shown before any try.
    """

    check: str
    shape: str
    fields: tuple[Field, ...]
    how: str


def _listing(words: list[str], conjunction: str = "or") -> str:
    """Join words as ``a``, ``a or b``, ``a, b or c``."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def _shown(label: str) -> str:
    return label if label else "(no column)"


def _from_question(name: str, question: Mapping[str, Any]) -> AnswerForm:
    kind = question["kind"]
    if kind == "choice":
        options = tuple((o, o) for o in question["options"])
        return AnswerForm(name, "value", (Field("", "Your answer", "pick", options),),
                          f"Choose one: {_listing(list(question['options']))}.")
    if kind == "labels":
        options = tuple((_shown(a), a) for a in question["labels"])
        fields = tuple(Field(item, item, "pick", options) for item in question["items"])
        shown = [f'"{_shown(a)}"' for a in question["labels"]]
        return AnswerForm(name, "dict", fields,
                          f"For each of {_listing(list(question['items']), 'and')}, choose one of "
                          f"{_listing(shown)}.")
    if kind == "order":
        letters = list(question["options"])
        options = tuple((o, o) for o in letters)
        fields = tuple(Field(str(i), f"Place {i}", "pick", options)
                       for i in range(1, len(letters) + 1))
        return AnswerForm(name, "list", fields,
                          f"Choose a letter for each place, 1 to {len(letters)}: use each of "
                          f"{_listing(letters)} exactly once.")
    options = tuple((o, o) for o in question["options"])
    return AnswerForm(name, "set", (Field("", "Tick your answers", "ticks", options),),
                      "Tick every option that belongs (one or more).")


def _number(name: str, example: str, unit: str) -> AnswerForm:
    return AnswerForm(name, "value", (Field("", f"Your answer ({unit})", "number",
                                            example=example),),
                      f"Type a number such as {example}: digits, a decimal point and, if "
                      "needed, a minus sign (no % sign, no spaces).")


def _suppressed_groups() -> AnswerForm:
    from . import _labs

    groups = list(dict.fromkeys(_labs.education_disparities()["group"].astype(str)))
    options = tuple((g, g) for g in groups)
    return AnswerForm("check_suppressed_groups", "set",
                      (Field("", "Hidden groups", "ticks", options),),
                      "Tick every group whose numbers the table hides (one or more).")


def _lending_grade() -> AnswerForm:
    from . import _labs

    options = tuple((g, g) for g in _labs.capital_by_grade()["grade"])
    return AnswerForm("check_budget_most_per_resident", "value",
                      (Field("", "Lending grade", "pick", options),),
                      f"Choose one: {_listing([o for o, _ in options])}.")


def _goal_gap() -> AnswerForm:
    from .lab_goals import _GROUPS

    fields = tuple(Field(g, f"{g} (points to go)", "number", example="2.5") for g in _GROUPS)
    return AnswerForm("check_unemployment_goal_gap", "dict", fields,
                      "Type a number of percentage points for each group, such as 2.5 "
                      "(digits and a decimal point, no % sign).")


def _accountability_measure() -> AnswerForm:
    from .ch08 import _KINDS

    yes_no: tuple[Option, ...] = (("Yes", True), ("No", False))
    fields = (
        Field("name", "Name of the measure", "text",
              example="Share of ... by race and ethnicity"),
        Field("kind", "Kind", "pick", tuple((k, k) for k in _KINDS)),
        Field("baseline", "Baseline (a number)", "number", example="75"),
        Field("target", "Target (a number)", "number", example="85"),
        Field("target_year", "Target year", "number", example="2030"),
        Field("higher_is_better", "Is higher better?", "yesno", yes_no),
    )
    return AnswerForm("check_accountability_measure", "dict", fields,
                      "Write a name, choose its kind, type the baseline, the target and the "
                      "year as numbers (e.g. 75, 85, 2030), and say whether higher is better.")


#: The data tasks' forms: a number with an example and its unit, or a form of its own.
_DECLARED: dict[str, Callable[[], AnswerForm]] = {
    "check_graduation_gap": lambda: _number("check_graduation_gap", "12.5",
                                            "percentage points"),
    "check_uninsured_ratio": lambda: _number("check_uninsured_ratio", "1.5",
                                             "a ratio: how many times"),
    "check_geographic_score": lambda: _number("check_geographic_score", "0.5",
                                              "percentage points"),
    "check_missing_race_share": lambda: _number("check_missing_race_share", "12.3",
                                                "percent, one decimal place"),
    "check_search_ratio": lambda: _number("check_search_ratio", "1.7",
                                          "a ratio: how many times"),
    "check_denial_ratio": lambda: _number("check_denial_ratio", "1.7",
                                          "a ratio: how many times"),
    "check_overall_ratio": lambda: _number("check_overall_ratio", "1.2",
                                           "a ratio: how many times"),
    "check_complement_ratio": lambda: _number("check_complement_ratio", "0.9",
                                              "a ratio: how many times"),
    "check_precinct_ratio": lambda: _number("check_precinct_ratio", "1.4",
                                            "a ratio: how many times"),
    "check_four_fifths_flag": lambda: AnswerForm(
        "check_four_fifths_flag", "value",
        (Field("", "Below four-fifths?", "yesno", (("Yes", True), ("No", False))),),
        "Choose Yes or No."),
    "check_suppressed_groups": _suppressed_groups,
    "check_budget_most_per_resident": _lending_grade,
    "check_unemployment_goal_gap": _goal_gap,
    "check_accountability_measure": _accountability_measure,
}


def _question_of(name: str, check: Callable[..., Any]) -> Mapping[str, Any] | None:
    from ._questions import load

    module = check.__module__.rsplit(".", 1)[-1]
    try:
        return load(module).get(name.removeprefix("check_"))
    except FileNotFoundError:
        return None


@cache
def answer_form(check: str) -> AnswerForm:
    """Return the answer form of one check.

    Parameters
    ----------
    check : str
        A name from :func:`equitylab.checks.registry`, e.g. ``"check_eras"``.

    Returns
    -------
    AnswerForm

    Raises
    ------
    ValueError
        If there is no such check, or it has no form yet.

    Examples
    --------
    >>> [f.key for f in answer_form("check_eras").fields]
    ['A', 'B', 'C', 'D', 'E']
    """
    from . import registry

    checks = registry()
    if check not in checks:
        raise ValueError(f"There is no check called {check!r}.")
    if check in _DECLARED:
        return _DECLARED[check]()
    question = _question_of(check, checks[check])
    if question is None:
        raise ValueError(f"{check} has no answer form: declare one in equitylab/checks/forms.py.")
    return _from_question(check, question)


def forms() -> dict[str, AnswerForm]:
    """Return the answer form of every check, by check name.

    Examples
    --------
    >>> "check_two_goals" in forms()
    True
    """
    from . import registry

    return {name: answer_form(name) for name in registry()}


def _blank(value: Any) -> bool:
    if value is None or value is ...:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, tuple | list | set | frozenset) and len(value) == 0


def collect(form: AnswerForm, values: Mapping[str, Any]) -> Any:
    """Turn the values of a form's inputs into the answer its check takes.

    Parameters
    ----------
    form : AnswerForm
    values : mapping
        Field key -> the input's value (``None`` or ``""`` for an input left empty).

    Returns
    -------
    object
        ``...`` when nothing was given (the check then says "not answered yet"); otherwise
        one value, a dictionary (empty inputs as ``...``), a list or a set.

    Examples
    --------
    >>> collect(answer_form("check_eras"), {"A": "race-neutral"})["B"]
    Ellipsis
    >>> collect(answer_form("check_tool_order"), {"1": "A", "2": "B"})
    ['A', 'B', Ellipsis, Ellipsis, Ellipsis, Ellipsis]
    """
    given = {f.key: values.get(f.key) for f in form.fields}
    if all(_blank(v) for v in given.values()):
        return ...
    read = {k: (... if _blank(v) else v.strip() if isinstance(v, str) else v)
            for k, v in given.items()}
    if form.shape == "value":
        return read[""]
    if form.shape == "set":
        ticked = read[""]
        return set(ticked) if isinstance(ticked, Iterable) else {ticked}
    if form.shape == "list":
        return [read[f.key] for f in form.fields]
    return read


def submit(form: AnswerForm, values: Mapping[str, Any]) -> Feedback:
    """Check a form's values with the form's own check (never raises on input).

    Parameters
    ----------
    form : AnswerForm
    values : mapping
        Field key -> the input's value.

    Returns
    -------
    Feedback
    """
    from . import registry

    answer = collect(form, values)
    feedback = registry()[form.check](answer)
    if feedback.code == "not_answered":
        return Feedback(False, NOT_ANSWERED, "not_answered")
    if form.shape == "list" and answer is not ... and ... in answer and feedback.code in (
            "not_a_permutation", "wrong_type"):
        return Feedback(False, "Choose a letter for every place, then check again.",
                        "incomplete")
    return feedback
