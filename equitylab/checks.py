"""Self-checks for the exercise sets: feedback that teaches, hints that do not give it away.

Every ``check_...`` function takes a learner's answer and returns a :class:`Feedback`. A
right answer says *why* it is right. A wrong answer gets a hint aimed at the most likely
mistake (a sign, a scale, the wrong reference group, a classic misconception) without
stating the answer. An answer left as ``...`` (the placeholder in learner copies) gets a
gentle "not answered yet". Checks never raise on a learner's input.

Answers to data tasks are recomputed here from the course's datasets with
:mod:`equitylab.measures`, so a check and the lab that teaches it can never disagree.
Answers to concept questions are written below: the checks are an aid to learning, not an
exam, and a curious reader of this file learns the reasons along with the answers.

Examples
--------
>>> check_two_goals("b").correct
True
>>> fb = check_two_goals("a")
>>> fb.correct, fb.code
(False, 'gap_closed_by_levelling_down')
>>> check_two_goals(...).code
'not_answered'
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

__all__ = [
    "Feedback",
    "check_accountability_measure",
    "check_allocation_kinds",
    "check_cannot_support",
    "check_column_mapping",
    "check_complement_ratio",
    "check_denial_ratio",
    "check_engagement_throughout",
    "check_equity_or_equality",
    "check_eras",
    "check_four_fifths_flag",
    "check_geographic_score",
    "check_graduation_gap",
    "check_implicit_bias_meaning",
    "check_indicator_or_measure",
    "check_levels_of_racism",
    "check_measure_types",
    "check_missing_race_share",
    "check_overall_ratio",
    "check_precinct_ratio",
    "check_rba_questions",
    "check_read_both_gaps",
    "check_reference_choice",
    "check_search_ratio",
    "check_share_scenario",
    "check_strategies",
    "check_suppressed_groups",
    "check_three_prongs",
    "check_thrive_outcomes",
    "check_tool_order",
    "check_tool_steps",
    "check_two_goals",
    "check_unemployment_goal_gap",
    "check_uninsured_ratio",
    "check_universal_goal",
    "check_why_counts",
    "registry",
]


@dataclass(frozen=True)
class Feedback:
    """The result of a self-check.

    Parameters
    ----------
    correct : bool
        Whether the answer is right.
    message : str
        What is right and why, or a hint. Never the answer itself when wrong.
    code : str
        A short identifier of the situation (``"correct"``, ``"not_answered"``, or the
        mistake the hint addresses). Tests and facilitators use it; learners need not.
    details : tuple of str
        Extra lines (one per part of a multi-part answer).

    Examples
    --------
    >>> fb = Feedback(True, "Right.", "correct")
    >>> bool(fb), str(fb)
    (True, 'Correct. Right.')
    """

    correct: bool
    message: str
    code: str
    details: tuple[str, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return self.correct

    @property
    def label(self) -> str:
        """``"Correct."``, ``"Not yet."`` or ``"Not answered yet."``."""
        if self.correct:
            return "Correct."
        return "Not answered yet." if self.code == "not_answered" else "Not yet."

    def __str__(self) -> str:
        lines = [f"{self.label} {self.message}", *(f"- {d}" for d in self.details)]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        colour, mark = ("#0b6e4f", "&#10003;") if self.correct else ("#8a3b00", "&#9675;")
        if self.code == "not_answered":
            colour = "#444444"
        items = "".join(f"<li>{html.escape(d)}</li>" for d in self.details)
        extra = f"<ul>{items}</ul>" if items else ""
        return (
            f'<div class="equitylab-feedback" role="status" style="border-left:4px solid '
            f'{colour};padding:0.4em 0.8em;margin:0.5em 0;color:#111">'
            f'<strong style="color:{colour}">{mark} {html.escape(self.label)}</strong> '
            f"{html.escape(self.message)}{extra}</div>"
        )


# --------------------------------------------------------------------------- helpers


def _unanswered(value: Any) -> bool:
    if value is ... or value is None:
        return True
    if isinstance(value, str) and not value.strip():
        return True
    if isinstance(value, Mapping | list | tuple | set) and len(value) == 0:
        return True
    if isinstance(value, Mapping) and all(v is ... for v in value.values()):
        return True
    return False


def _not_answered(what: str = "Replace the `...` with your answer") -> Feedback:
    return Feedback(False, f"{what}, then run this cell again.", "not_answered")


def _norm(value: Any) -> str:
    return " ".join(str(value).strip().lower().replace("_", " ").replace("-", " ").split())


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _numeric_answer(answer: Any, *, example: str) -> float | Feedback:
    """Read a numeric answer, or return the feedback for a missing or non-numeric one."""
    if _unanswered(answer):
        return _not_answered()
    value = _number(answer)
    if value is None:
        return Feedback(False, f"Give a number, such as {example}.", "not_a_number")
    return value


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol


def _choice(
    answer: Any,
    *,
    options: Iterable[str],
    correct: str,
    why: str,
    hints: Mapping[str, tuple[str, str]],
) -> Feedback:
    """Check a single choice among ``options``; ``hints`` maps a wrong option to (code, hint)."""
    if _unanswered(answer):
        return _not_answered("Replace the `...` with the letter of your choice")
    chosen = _norm(answer).strip("() .")
    valid = {_norm(o) for o in options}
    if chosen not in valid:
        return Feedback(
            False,
            f"Answer with one of: {', '.join(sorted(valid))}.",
            "not_an_option",
        )
    if chosen == _norm(correct):
        return Feedback(True, why, "correct")
    code, hint = hints[chosen]
    return Feedback(False, hint, code)


def _labels(
    answers: Any,
    *,
    key: Mapping[str, str | frozenset[str]],
    allowed: Iterable[str],
    why: Mapping[str, str],
    hints: Mapping[tuple[str, str], str],
    generic_hint: str,
    aliases: Mapping[str, str] | None = None,
) -> Feedback:
    """Check a mapping of item -> label against ``key``.

    ``key`` values may be a frozenset when several labels are defensible (a contested
    case). ``hints`` maps (item, wrong label) to a targeted hint.
    """
    if _unanswered(answers):
        return _not_answered("Fill in a label for each item")
    if not isinstance(answers, Mapping):
        return Feedback(False, "Give your answers as a dictionary, e.g. {'A': 'label'}.",
                        "wrong_type")
    allowed_norm = {_norm(a) for a in allowed}
    alias = {_norm(k): _norm(v) for k, v in (aliases or {}).items()}
    given = {str(k).strip().upper(): v for k, v in answers.items()}
    missing = [item for item in key if given.get(item, ...) is ...]
    if len(missing) == len(key):
        return _not_answered("Fill in a label for each item")
    unknown = []
    wrong: list[tuple[str, str]] = []
    details = []
    for item, expected in key.items():
        raw = given.get(item, ...)
        if raw is ...:
            continue
        label = _norm(raw)
        label = alias.get(label, label)
        if label not in allowed_norm:
            unknown.append(item)
            continue
        ok = {_norm(expected)} if isinstance(expected, str) else {_norm(e) for e in expected}
        if label in ok:
            details.append(f"{item}: right. {why[item]}")
        else:
            wrong.append((item, label))
    if unknown:
        return Feedback(
            False,
            f"Use only these labels: {', '.join(sorted(allowed_norm))} "
            f"(check {', '.join(unknown)}).",
            "unknown_label",
        )
    if missing:
        return Feedback(False, f"Still to answer: {', '.join(missing)}.", "incomplete",
                        tuple(details))
    if not wrong:
        return Feedback(True, "Every item is labelled correctly.", "correct", tuple(details))
    item, label = wrong[0]
    hint = hints.get((item, label), generic_hint)
    others = f" ({len(wrong)} items to revisit.)" if len(wrong) > 1 else ""
    return Feedback(False, f"Look again at {item}. {hint}{others}", f"wrong_{item}")


# ------------------------------------------------------------------- data (cached)


@cache
def _education_2024() -> dict[str, tuple[int, int]]:
    from . import datasets

    ed = datasets.load("tallow_education", show_caveats=False)
    latest = ed[ed["year"] == ed["year"].max()]
    sums = latest.groupby("race_ethnicity", observed=True)[
        ["graduated_on_time", "cohort_students"]
    ].sum()
    return {str(g): (int(r.graduated_on_time), int(r.cohort_students)) for g, r in sums.iterrows()}


@cache
def _education_disparities():
    import pandas as pd

    from . import measures

    table = pd.DataFrame(
        [(g, e, n) for g, (e, n) in _education_2024().items()],
        columns=["race_ethnicity", "graduated_on_time", "cohort_students"],
    )
    counts = measures.from_counts(table, "race_ethnicity", "graduated_on_time", "cohort_students")
    return measures.disparities(counts, reference="White",
                                measures=("estimate", "difference", "ratio"))


@cache
def _health_uninsured() -> dict[str, float]:
    from . import datasets

    h = datasets.load("tallow_health", show_caveats=False)
    latest = h[h["year"] == h["year"].max()]
    sums = latest.groupby("race_ethnicity", observed=True)[["uninsured", "population"]].sum()
    return {str(g): float(r.uninsured / r.population) for g, r in sums.iterrows()}


@cache
def _stops_summary() -> dict[str, float]:
    from . import datasets, measures

    stops = datasets.load("mpls_stops", show_caveats=False)
    rates = measures.rates_by_group(stops, "race", "person_searched").set_index("group")
    return {
        "rows": float(len(stops)),
        "missing": float(stops["race"].isna().sum()),
        "unknown": float((stops["race"] == "Unknown").sum()),
        "black": float(rates.loc["Black", "events"] / rates.loc["Black", "n"]),
        "white": float(rates.loc["White", "events"] / rates.loc["White", "n"]),
    }


@cache
def _hmda() -> dict[str, float]:
    from . import datasets, measures

    h = datasets.load("boston_hmda", show_caveats=False)
    h["applicant"] = h["african_american"].map({True: "Black", False: "Other"})
    r = measures.rates_by_group(h, "applicant", "denied").set_index("group")
    black = float(r.loc["Black", "events"] / r.loc["Black", "n"])
    other = float(r.loc["Other", "events"] / r.loc["Other", "n"])
    return {"black": black, "other": other}


@cache
def _unemployment_2025() -> dict[str, float]:
    from . import datasets

    t = datasets.load("tallow_trends", show_caveats=False)
    sel = t[(t["indicator"] == "Unemployment") & (t["year"] == t["year"].max())]
    return {str(r.race_ethnicity): 100 * r.numerator / r.denominator for r in sel.itertuples()}


# ------------------------------------------------------------ chapter 1: equity


def check_equity_or_equality(answers: Any) -> Feedback:
    """Label each scenario "equality" or "equity" (chapter 1).

    Parameters
    ----------
    answers : dict
        ``{"A": "equality" | "equity", "B": ..., "C": ..., "D": ...}``.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> check_equity_or_equality({"A": "equality", "B": "equity", "C": "equality",
    ...                           "D": "equity"}).correct
    True
    >>> check_equity_or_equality({"A": "equity", "B": "equity", "C": "equality",
    ...                           "D": "equity"}).code
    'wrong_A'
    """
    return _labels(
        answers,
        key={"A": "equality", "B": "equity", "C": "equality", "D": "equity"},
        allowed=("equality", "equity"),
        why={
            "A": "The same amount everywhere is equal treatment, whatever the starting point.",
            "B": "Extra hours go where access is lowest, so effort follows need.",
            "C": "One price for everyone treats people the same; it is equal, not targeted.",
            "D": "Outreach is shaped to the residents the program is reaching least.",
        },
        hints={
            ("A", "equity"): "Does the rule look at where each neighbourhood starts? Equal "
            "shares can keep an old gap in place.",
            ("C", "equity"): "Ask whether the rule changes with anyone's situation.",
            ("B", "equality"): "Would every branch get the same thing under this plan?",
            ("D", "equality"): "Is the effort the same for every group, or aimed somewhere?",
        },
        generic_hint="Equality gives everyone the same; equity gives people what they need "
        "to reach the same goal.",
    )


def check_graduation_gap(gap_points: Any) -> Feedback:
    """Check the graduation gap in percentage points (chapter 1, data task).

    How many percentage points lower is the Black or African American on-time graduation
    rate than the White rate in the Tallow River Region (2024)?

    Parameters
    ----------
    gap_points : float
        The gap in percentage points, as a positive number.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> check_graduation_gap(0.183).code
    'proportion_not_points'
    """
    value = _numeric_answer(gap_points, example="12.5")
    if isinstance(value, Feedback):
        return value
    d = _education_disparities()
    row = d[(d["group"] == "Black or African American") & (d["measure"] == "difference")]
    ratio = d[(d["group"] == "Black or African American") & (d["measure"] == "ratio")]
    truth = -100 * float(row["estimate"].iloc[0])
    if _close(value, truth, 0.15):
        return Feedback(
            True,
            f"The gap is {truth:.1f} percentage points. An absolute gap says how many students "
            "per hundred are affected, which is what a program has to change.",
            "correct",
        )
    if _close(value, -truth, 0.15):
        return Feedback(False, "Right size, wrong sign: the question asks how much *lower*, "
                        "as a positive number.", "sign")
    if _close(value * 100, truth, 0.15):
        return Feedback(False, "That looks like a proportion. Percentage points are "
                        "proportions times 100.", "proportion_not_points")
    if _close(value, float(ratio["estimate"].iloc[0]), 0.01):
        return Feedback(False, "That is a ratio (a relative gap). The question asks for the "
                        "absolute difference in percentage points.", "ratio_not_difference")
    return Feedback(False, "Use measures.disparities with reference='White' and read the "
                    "'difference' row for Black or African American students.", "other")


def check_two_goals(choice: Any) -> Feedback:
    """Which result meets GARE's two-part goal? (chapter 1, concept).

    Parameters
    ----------
    choice : str
        ``"a"``, ``"b"`` or ``"c"``.

    Returns
    -------
    Feedback
    """
    return _choice(
        choice,
        options="abc",
        correct="b",
        why="Both parts are met: the gap closes so race predicts less, and every group is "
        "better off than before.",
        hints={
            "a": ("gap_closed_by_levelling_down", "A gap can close because one group got "
                  "worse. Is everyone better off here?"),
            "c": ("all_improved_gap_widened", "Everyone improved, but does race still "
                  "predict the result as strongly as before?"),
        },
    )


# ------------------------------------------------------------ chapter 2: domains


def check_uninsured_ratio(ratio: Any) -> Feedback:
    """Check the uninsured rate ratio (chapter 2, data task).

    The uninsured rate of Black or African American residents divided by the White rate,
    Tallow River Region, latest year.

    Parameters
    ----------
    ratio : float

    Returns
    -------
    Feedback
    """
    value = _numeric_answer(ratio, example="1.5")
    if isinstance(value, Feedback):
        return value
    rates = _health_uninsured()
    black, white = rates["Black or African American"], rates["White"]
    truth = black / white
    if _close(value, truth, 0.02):
        return Feedback(
            True,
            f"About {truth:.2f}: for every uninsured White resident per hundred there are "
            f"{truth:.2f} uninsured Black residents per hundred. Report it next to the "
            f"rates ({100 * black:.1f}% and {100 * white:.1f}%) so readers see both gaps.",
            "correct",
        )
    if value > 0 and _close(1 / value, truth, 0.02):
        return Feedback(False, "Upside down: put the Black or African American rate on top "
                        "and the White (reference) rate underneath.", "inverted")
    if _close(value, 100 * (black - white), 0.2) or _close(value, black - white, 0.002):
        return Feedback(False, "That is a difference. A ratio divides one rate by the other.",
                        "difference_not_ratio")
    return Feedback(False, "Add up uninsured and population by group for the latest year, "
                    "divide to get each rate, then divide the two rates.", "other")


def check_why_counts(choice: Any) -> Feedback:
    """Why does every chart in this course show counts beside rates? (chapter 2, concept).

    Parameters
    ----------
    choice : str
        ``"a"``, ``"b"`` or ``"c"``.

    Returns
    -------
    Feedback
    """
    return _choice(
        choice,
        options="abc",
        correct="b",
        why="A rate from 3 of 12 and a rate from 300 of 1,200 look the same but deserve very "
        "different trust; counts let readers judge that.",
        hints={
            "a": ("counts_more_important", "Rates matter; the question is what a rate alone "
                  "hides."),
            "c": ("counts_for_privacy", "Showing counts can work against privacy; that is why "
                  "small counts are hidden. What do the other counts add?"),
        },
    )


def check_read_both_gaps(answers: Any) -> Feedback:
    """Check which program has the larger absolute and relative gap (chapter 2, concept).

    Parameters
    ----------
    answers : dict
        ``{"absolute": "X" | "Y", "relative": "X" | "Y"}``.

    Returns
    -------
    Feedback
    """
    if _unanswered(answers):
        return _not_answered("Fill in 'X' or 'Y' for both")
    if not isinstance(answers, Mapping):
        return Feedback(False, "Give a dictionary: {'absolute': ..., 'relative': ...}.",
                        "wrong_type")
    a = _norm(answers.get("absolute", "")).upper()
    r = _norm(answers.get("relative", "")).upper()
    if a not in {"X", "Y"} or r not in {"X", "Y"}:
        return Feedback(False, "Answer 'X' or 'Y' for both parts.", "incomplete")
    if a == "X" and r == "Y":
        return Feedback(True, "X's gap is 20 points (60% vs 40%); Y's is 4 points but a ratio "
                        "of 3 (6% vs 2%). Neither number alone tells the whole story.",
                        "correct")
    if a == "Y" and r == "X":
        return Feedback(False, "You may have swapped them. Absolute = subtract; relative = "
                        "divide.", "swapped")
    return Feedback(False, "Work out both: subtract the two rates for the absolute gap, "
                    "divide them for the relative gap.", "one_wrong")


# --------------------------------------------------- chapter 3: levels of racism

_LEVELS = ("individual", "institutional", "structural")


def check_levels_of_racism(answers: Any) -> Feedback:
    """Label each scenario "individual", "institutional" or "structural" (chapter 3).

    Parameters
    ----------
    answers : dict
        ``{"A": ..., "B": ..., "C": ..., "D": ...}``.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> check_levels_of_racism({"A": "individual", "B": "institutional",
    ...                         "C": "structural", "D": "institutional"}).correct
    True
    """
    return _labels(
        answers,
        key={"A": "individual", "B": "institutional", "C": "structural", "D": "institutional"},
        allowed=_LEVELS,
        aliases={"interpersonal": "individual", "internalized": "individual"},
        why={
            "A": "One person's prejudice acted out toward another person.",
            "B": "One agency's rule, neutral on its face, works worse for people of colour.",
            "C": "Several institutions (lending, schools, transport) add up over time.",
            "D": "A practice inside one institution produces unequal results without anyone "
            "intending it.",
        },
        hints={
            ("B", "individual"): "No single person needs to be biased for this rule to do "
            "harm. Where does the harm come from?",
            ("B", "structural"): "How many institutions are involved here?",
            ("C", "institutional"): "Count the institutions in the story. Is it one, or "
            "several reinforcing each other?",
            ("D", "individual"): "Would the result change if a different clerk did the job?",
            ("A", "institutional"): "Is a policy or practice involved, or one person's act?",
        },
        generic_hint="Individual: one person's bias. Institutional: the policies and practices "
        "of one institution. Structural: many institutions together, over time.",
    )


def check_implicit_bias_meaning(choice: Any) -> Feedback:
    """In GARE's history of government, what does "implicit bias" describe? (chapter 3).

    Parameters
    ----------
    choice : str
        ``"a"``, ``"b"`` or ``"c"``.

    Returns
    -------
    Feedback
    """
    return _choice(
        choice,
        options="abc",
        correct="b",
        why="GARE uses the term at the level of institutions: policies that say nothing about "
        "race but keep producing unequal results. That is different from a person's "
        "unconscious associations.",
        hints={
            "a": ("individual_psychology", "That is the psychological meaning. GARE's story "
                  "of government uses the phrase about something else: what kind of thing "
                  "keeps inequity going after explicit discrimination became illegal?"),
            "c": ("explicit", "Written rules that name race are *explicit*. What came after?"),
        },
    )


# --------------------------------------------------- chapter 4: government's role

_ERAS = ("explicit", "race-neutral", "working for equity")


def check_eras(answers: Any) -> Feedback:
    """Place each example in one of GARE's three eras of government's role (chapter 4).

    Parameters
    ----------
    answers : dict
        ``{"A": ..., "B": ..., "C": ..., "D": ..., "E": ...}`` with labels "explicit",
        "race-neutral" or "working for equity".

    Returns
    -------
    Feedback
    """
    both = frozenset({"explicit", "race neutral"})
    return _labels(
        answers,
        key={
            "A": "explicit",
            "B": "explicit",
            "C": "race-neutral",
            "D": "working for equity",
            "E": both,
        },
        allowed=_ERAS,
        aliases={"implicit": "race neutral", "race neutral": "race neutral"},
        why={
            "A": "The grades drew openly on the race of residents.",
            "B": "Courts enforced clauses that named race; government backed private "
            "discrimination.",
            "C": "The law's text did not mention race, but local administration excluded "
            "many Black veterans.",
            "D": "The government changes its own process to look for racial impacts before "
            "deciding.",
            "E": "Sources disagree: some read the routing as deliberate, others as a "
            "race-neutral program that followed the path of least political resistance. "
            "Be ready to defend your reading.",
        },
        hints={
            ("C", "explicit"): "Read the text of the law again: does it mention race? Where "
            "did the exclusion happen?",
            ("B", "race neutral"): "Did the clauses themselves mention race?",
            ("D", "race neutral"): "Is the government only avoiding harm here, or acting on "
            "purpose to find and fix it?",
        },
        generic_hint="Explicit: the rule names race. Race-neutral: the rule is silent on race "
        "but the results are not. Working for equity: government acts on purpose to "
        "find and undo inequity.",
    )


# ---------------------------------------- chapter 5: transformational strategies

_STRATEGIES = ("framework", "capacity", "tools", "data", "partnerships", "urgency")


def check_strategies(answers: Any) -> Feedback:
    """Match each action to one of GARE's six strategies (chapter 5).

    Parameters
    ----------
    answers : dict
        ``{"A": ..., ..., "F": ...}`` with labels "framework", "capacity", "tools",
        "data", "partnerships" or "urgency".

    Returns
    -------
    Feedback
    """
    return _labels(
        answers,
        key={"A": "framework", "B": "capacity", "C": "tools", "D": "data",
             "E": "partnerships", "F": "urgency"},
        allowed=_STRATEGIES,
        why={
            "A": "Shared definitions of racial equity and of the levels of racism are the "
            "framework everything else stands on.",
            "B": "Training staff and forming change teams builds the organisation's capacity.",
            "C": "A required analysis of every budget request is a racial equity tool in use.",
            "D": "Setting baselines and disaggregating results by race is being data-driven.",
            "E": "Working with community organisations and other institutions is "
            "partnership.",
            "F": "Public commitments with dates and reports are how urgency and "
            "accountability show.",
        },
        hints={
            ("B", "framework"): "Is this about what words mean, or about people's skills and "
            "structures to do the work?",
            ("C", "data"): "The analysis uses data, but what is being put to use on every "
            "decision?",
            ("F", "data"): "Publishing results is about something more than measuring. Who "
            "is being answered to, and by when?",
        },
        generic_hint="Ask what the action mainly builds: shared meaning, people's skills, "
        "a decision process, evidence, relationships, or accountability with deadlines.",
    )


# -------------------------------------------------- chapter 6: the racial equity tool


def check_tool_order(steps: Any) -> Feedback:
    """Put the six steps of the racial equity tool in order (chapter 6).

    Parameters
    ----------
    steps : list of str
        The letters of the shuffled steps in the order they are done.

    Returns
    -------
    Feedback
    """
    if _unanswered(steps):
        return _not_answered("Replace the `...` with the six letters in order")
    if isinstance(steps, str):
        steps = list(steps.replace(",", " ").split()) if " " in steps or "," in steps else list(
            steps)
    try:
        given = [_norm(s).upper() for s in steps]
    except TypeError:
        return Feedback(False, "Give a list of letters, e.g. ['A', 'B', ...].", "wrong_type")
    truth = ["D", "F", "A", "E", "C", "B"]
    if sorted(given) != sorted(truth):
        return Feedback(False, "Use each of the six letters A to F exactly once.",
                        "not_a_permutation")
    if given == truth:
        return Feedback(True, "Results first, then data, engagement, analysis, a plan, and "
                        "accountability. Engagement does not stop at step 3: it runs through "
                        "every step.", "correct")
    if given[0] != "D":
        return Feedback(False, "Start from the end you want. Which step says what success "
                        "would look like?", "not_results_first")
    if given.index("E") < given.index("F"):
        return Feedback(False, "Can you say who benefits or is burdened before you have "
                        "looked at the data?", "analysis_before_data")
    return Feedback(False, "The first step is right. The tool moves from evidence and "
                    "voices, to analysis, to action, to reporting back.", "order")


def check_tool_steps(answers: Any) -> Feedback:
    """Which step of the tool is each action from the fare-enforcement case? (chapter 6).

    Parameters
    ----------
    answers : dict
        ``{"A": step number, ...}`` with step numbers 1 to 6.

    Returns
    -------
    Feedback
    """
    if isinstance(answers, Mapping):
        answers = {k: (str(int(v)) if _number(v) is not None else v) for k, v in answers.items()}
    return _labels(
        answers,
        key={"A": "2", "B": "3", "C": "4", "D": "6", "E": "1"},
        allowed=("1", "2", "3", "4", "5", "6"),
        why={
            "A": "Disaggregating the citations by race is step 2, data.",
            "B": "Listening sessions with riders are step 3, community engagement.",
            "C": "Naming who is burdened and how to reduce it is step 4, analysis and "
            "strategies.",
            "D": "A public quarterly report is step 6, accountability and communication.",
            "E": "Stating what riders should experience is step 1, desired results.",
        },
        hints={
            ("C", "2"): "This uses data, but what is the team deciding here?",
            ("D", "5"): "Is this about carrying out the change, or reporting on it?",
            ("E", "4"): "Is this a strategy, or the result the strategies should serve?",
        },
        generic_hint="1 desired results; 2 data; 3 community engagement; 4 analysis and "
        "strategies; 5 implementation plan; 6 accountability and communication.",
    )


# ------------------------------------------------------ chapter 7: being data-driven


def check_indicator_or_measure(answers: Any) -> Feedback:
    """Label each as a "population indicator" or a "performance measure" (chapter 7).

    Parameters
    ----------
    answers : dict
        ``{"A": ..., "B": ..., "C": ..., "D": ...}``.

    Returns
    -------
    Feedback
    """
    return _labels(
        answers,
        key={"A": "population indicator", "B": "performance measure",
             "C": "population indicator", "D": "performance measure"},
        allowed=("population indicator", "performance measure"),
        aliases={"indicator": "population indicator", "measure": "performance measure"},
        why={
            "A": "It describes everyone living in the region, whether or not they use a "
            "program.",
            "B": "It describes the clients of one program.",
            "C": "A region-wide rate is about the whole population.",
            "D": "It is about what one agency did and for whom.",
        },
        hints={
            ("A", "performance measure"): "Whose well-being is being counted: a program's "
            "clients, or everyone who lives there?",
            ("B", "population indicator"): "Would this number exist without the program?",
        },
        generic_hint="Population indicators describe a whole population in a place; "
        "performance measures describe a program's or agency's own clients and work.",
    )


def check_rba_questions(answers: Any) -> Feedback:
    """Sort performance measures by Results-Based Accountability question (chapter 7).

    Parameters
    ----------
    answers : dict
        ``{"A": ..., "B": ..., "C": ...}`` with "how much", "how well" or "better off".

    Returns
    -------
    Feedback
    """
    return _labels(
        answers,
        key={"A": "how much", "B": "how well", "C": "better off"},
        allowed=("how much", "how well", "better off"),
        aliases={"is anyone better off": "better off", "how much did we do": "how much",
                 "how well did we do it": "how well"},
        why={
            "A": "A count of services delivered answers 'how much did we do?'.",
            "B": "Timeliness and quality answer 'how well did we do it?'.",
            "C": "A change in people's lives answers 'is anyone better off?'.",
        },
        hints={
            ("C", "how well"): "Is this about the service, or about the people after it?",
            ("A", "how well"): "Does this number say anything about quality?",
        },
        generic_hint="How much: quantity of effort. How well: quality of effort. Better off: "
        "the difference it made to people.",
    )


def check_suppressed_groups(groups: Any) -> Feedback:
    """Check which groups the 2024 graduation table hides (chapter 7, data task).

    :func:`equitylab.measures.disparities` suppresses small cells and their complements.

    Parameters
    ----------
    groups : set of str
        The names of the suppressed groups.

    Returns
    -------
    Feedback
    """
    if _unanswered(groups):
        return _not_answered()
    if isinstance(groups, str):
        groups = {groups}
    try:
        given = {str(g).strip() for g in groups}
    except TypeError:
        return Feedback(False, "Give a set of group names.", "wrong_type")
    d = _education_disparities()
    hidden = d[d["suppressed"]]
    truth = set(hidden["group"].astype(str))
    small = set(hidden[hidden["flags"].str.contains("small_cell")]["group"].astype(str))
    if given == truth:
        return Feedback(True, "One group has a small count (privacy), and a second is hidden "
                        "so that the first cannot be worked out by subtraction from the "
                        "total. That is complementary suppression.", "correct")
    if given == small:
        return Feedback(False, "You found the small cell. If only that one were hidden, could "
                        "someone recover it from the total? Look at the 'flags' column.",
                        "missed_complementary")
    if given < truth:
        return Feedback(False, "Some, not all. Filter the table on its 'suppressed' column.",
                        "some")
    return Feedback(False, "Filter the table on its 'suppressed' column and read the "
                    "'group' values.", "other")


# ------------------------------------- chapter 8: engagement and accountability


def check_accountability_measure(measure: Any) -> Feedback:
    """Check that an accountability measure is complete and points the right way.

    Chapter 8, scenario task.

    Parameters
    ----------
    measure : dict
        Keys ``name``, ``kind`` ("population indicator" or "performance measure"),
        ``baseline``, ``target``, ``target_year``, ``higher_is_better`` (bool).

    Returns
    -------
    Feedback
    """
    if _unanswered(measure):
        return _not_answered("Fill in the dictionary")
    if not isinstance(measure, Mapping):
        return Feedback(False, "Give a dictionary with the keys shown.", "wrong_type")
    needed = ("name", "kind", "baseline", "target", "target_year", "higher_is_better")
    missing = [k for k in needed if _unanswered(measure.get(k, ...))]
    if missing:
        return Feedback(False, f"Still missing: {', '.join(missing)}. A measure without a "
                        "baseline and a target cannot show progress.", "incomplete")
    if _norm(measure["kind"]) not in {"population indicator", "performance measure"}:
        return Feedback(False, "kind must be 'population indicator' or 'performance "
                        "measure'.", "kind")
    baseline, target = _number(measure["baseline"]), _number(measure["target"])
    year = _number(measure["target_year"])
    if baseline is None or target is None or year is None:
        return Feedback(False, "baseline, target and target_year must be numbers.",
                        "not_numbers")
    if not 2025 <= year <= 2060:
        return Feedback(False, "Pick a target year in the next few decades, close enough "
                        "for someone to be answerable for it.", "year")
    better = bool(measure["higher_is_better"])
    if (target > baseline) != better or target == baseline:
        return Feedback(False, "Compare the target with the baseline: does reaching it mean "
                        "things got better, given the direction of good?", "direction")
    if "race" not in _norm(measure["name"]) and "by group" not in _norm(measure["name"]):
        return Feedback(False, "The measure is complete, but will you report it "
                        "disaggregated? Say so in its name (e.g. '... by race and "
                        "ethnicity').", "not_disaggregated")
    return Feedback(True, "Complete: a named measure, its kind, a baseline, a target that is "
                    "better than the baseline, a date, and a commitment to report it by race.",
                    "correct")


def check_engagement_throughout(choice: Any) -> Feedback:
    """When does community engagement happen in the racial equity tool? (chapter 8).

    Parameters
    ----------
    choice : str
        ``"a"``, ``"b"`` or ``"c"``.

    Returns
    -------
    Feedback
    """
    return _choice(
        choice,
        options="abc",
        correct="c",
        why="Engagement is step 3 on paper, but GARE treats it as running through every "
        "step: communities help set the desired results, read the data, weigh benefits and "
        "burdens, and hold the agency to account.",
        hints={
            "a": ("only_step_three", "Step 3 is where engagement is named. Could the desired "
                  "results in step 1 be right without hearing from the people affected?"),
            "b": ("only_at_the_end", "Asking for comments on a finished plan is informing. "
                  "What could communities change if they came in earlier?"),
        },
    )


# ------------------------------------------------- chapter 9: building a movement


def check_three_prongs(answers: Any) -> Feedback:
    """Match each description to a prong of GARE's approach (chapter 9).

    Parameters
    ----------
    answers : dict
        ``{"A": ..., "B": ..., "C": ...}`` with "cohort", "pathway" or "collaboration".

    Returns
    -------
    Feedback
    """
    return _labels(
        answers,
        key={"A": "cohort", "B": "pathway", "C": "collaboration"},
        allowed=("cohort", "pathway", "collaboration"),
        why={
            "A": "Jurisdictions committed to the work learn together as a cohort.",
            "B": "Jurisdictions just starting need a way in: a pathway for entry.",
            "C": "Work across sectors (community, philanthropy, universities) builds a "
            "regional movement beyond government.",
        },
        hints={
            ("B", "cohort"): "Is this jurisdiction already committed, or just starting?",
            ("C", "cohort"): "Are all the partners here governments?",
        },
        generic_hint="A cohort deepens the work of committed jurisdictions; a pathway brings "
        "new ones in; collaborations reach beyond government.",
    )


# ------------------------------------------------ chapter 10: the Metropolitan Council


def check_thrive_outcomes(chosen: Any) -> Feedback:
    """Which of these are Thrive MSP 2040's five outcomes? (chapter 10).

    Parameters
    ----------
    chosen : set of str

    Returns
    -------
    Feedback
    """
    if _unanswered(chosen):
        return _not_answered()
    try:
        given = {_norm(c) for c in chosen} if not isinstance(chosen, str) else {_norm(chosen)}
    except TypeError:
        return Feedback(False, "Give a set of words.", "wrong_type")
    truth = {"stewardship", "prosperity", "equity", "livability", "sustainability"}
    principles = {"integration", "collaboration", "accountability"}
    if given == truth:
        return Feedback(True, "Equity is one of five outcomes, alongside stewardship, "
                        "prosperity, livability and sustainability. Integration, "
                        "collaboration and accountability are Thrive's principles.", "correct")
    if given & principles:
        return Feedback(False, "Some of your choices are how the Council works (principles), "
                        "not what it aims for (outcomes).", "principles_not_outcomes")
    if len(given) != 5:
        return Feedback(False, "There are exactly five outcomes.", "count")
    return Feedback(False, "Check each word against the Thrive outcomes in the chapter.",
                    "other")


def check_measure_types(answers: Any) -> Feedback:
    """Sort measures into Imagine 2050's three measure types (chapter 10).

    Parameters
    ----------
    answers : dict
        ``{"A": ..., "B": ..., "C": ...}`` with "regional indicator", "regional measure"
        or "council measure".

    Returns
    -------
    Feedback
    """
    return _labels(
        answers,
        key={"A": "regional indicator", "B": "regional measure", "C": "council measure"},
        allowed=("regional indicator", "regional measure", "council measure"),
        aliases={"met council measure": "council measure"},
        why={
            "A": "A condition of the whole region that no one organisation controls.",
            "B": "Regional, and moved only with partners such as cities and counties.",
            "C": "Something the Council itself delivers and answers for.",
        },
        hints={
            ("C", "regional measure"): "Who runs this service? Does it need partners to "
            "move the number?",
            ("A", "regional measure"): "Could any set of partners claim this number as "
            "their own work?",
        },
        generic_hint="Indicator: the whole region. Regional measure: needs partners. Council "
        "measure: the Council's own work.",
    )


# ------------------------------------------------------ labs: first look, stops


def check_missing_race_share(percent: Any) -> Feedback:
    """Check the percentage of 2017 Minneapolis stops with no recorded race (first-look lab).

    Parameters
    ----------
    percent : float
        A percentage (0 to 100).

    Returns
    -------
    Feedback
    """
    value = _numeric_answer(percent, example="12.3")
    if isinstance(value, Feedback):
        return value
    s = _stops_summary()
    truth = 100 * s["missing"] / s["rows"]
    with_unknown = 100 * (s["missing"] + s["unknown"]) / s["rows"]
    if _close(value, truth, 0.1):
        return Feedback(True, f"{truth:.1f}% have no race at all. 'Unknown' is a different "
                        "thing: the officer entered it. Report both before any rate.",
                        "correct")
    if _close(value, with_unknown, 0.1):
        return Feedback(False, "You counted 'Unknown' as missing. The question is about stops "
                        "with no race recorded at all (isna()).", "included_unknown")
    if _close(value / 100, truth / 100, 0.001) or _close(value * 100, truth, 0.1):
        return Feedback(False, "Check the scale: give a percentage, not a proportion.",
                        "scale")
    return Feedback(False, "Count rows where race is missing (isna), divide by all rows, "
                    "times 100.", "other")


def check_search_ratio(ratio: Any) -> Feedback:
    """Check the ratio of person-search rates, Black vs White people stopped (first-look lab).

    Parameters
    ----------
    ratio : float

    Returns
    -------
    Feedback
    """
    value = _numeric_answer(ratio, example="1.7")
    if isinstance(value, Feedback):
        return value
    s = _stops_summary()
    truth = s["black"] / s["white"]
    if _close(value, truth, 0.02):
        return Feedback(True, f"About {truth:.1f} times. A ratio is a signal to look at "
                        "policies and practice; without a field on what searches found, "
                        "this data cannot say whether searches were justified.", "correct")
    if value > 0 and _close(1 / value, truth, 0.02):
        return Feedback(False, "Upside down: Black rate on top, White rate underneath.",
                        "inverted")
    if _close(value, 100 * (s["black"] - s["white"]), 0.2):
        return Feedback(False, "That is a difference in points; divide instead.",
                        "difference_not_ratio")
    return Feedback(False, "Use measures.rates_by_group(stops, 'race', 'person_searched') "
                    "and divide the Black rate by the White rate.", "other")


# ------------------------------------------------------------------ lab: lending


def check_denial_ratio(ratio: Any) -> Feedback:
    """Check the ratio of denial rates, Black vs other applicants, Boston HMDA (lending lab).

    Parameters
    ----------
    ratio : float

    Returns
    -------
    Feedback
    """
    value = _numeric_answer(ratio, example="1.7")
    if isinstance(value, Feedback):
        return value
    h = _hmda()
    truth = h["black"] / h["other"]
    if _close(value, truth, 0.03):
        return Feedback(True, f"About {truth:.1f}. This is the raw gap; the lab then asks "
                        "how much of it runs through criteria that look race-neutral.",
                        "correct")
    if value > 0 and _close(1 / value, truth, 0.03):
        return Feedback(False, "Upside down: Black applicants' rate on top.", "inverted")
    approve = (1 - h["black"]) / (1 - h["other"])
    if _close(value, approve, 0.02):
        return Feedback(False, "That is the ratio of *approval* rates. Framing matters: the "
                        "question asks about denials.", "complement")
    return Feedback(False, "Use rates_by_group(hmda, 'applicant', 'denied') and divide the "
                    "Black applicants' rate by the other applicants' rate.", "other")


def check_four_fifths_flag(flagged: Any) -> Feedback:
    """Check whether Black applicants' approval rate is below four-fifths of others' (lending lab).

    Parameters
    ----------
    flagged : bool

    Returns
    -------
    Feedback
    """
    if _unanswered(flagged):
        return _not_answered("Replace the `...` with True or False")
    if not isinstance(flagged, bool):
        return Feedback(False, "Answer True or False.", "wrong_type")
    h = _hmda()
    ratio = (1 - h["black"]) / (1 - h["other"])
    truth = ratio < 0.8
    if flagged == truth:
        return Feedback(True, f"The approval ratio is {ratio:.2f}, "
                        f"{'below' if truth else 'above'} 0.8, while the denial ratio is "
                        f"{h['black'] / h['other']:.1f}. The same data reads as a small or a "
                        "large gap depending on the framing, so report both.", "correct")
    return Feedback(False, "Compute approval rates (1 minus denial) for both groups and "
                    "divide. Is the result under 0.8?", "wrong")


# ------------------------------------------------------------ lab: goals, trends


def check_universal_goal(choice: Any) -> Feedback:
    """Check which statement is a universal goal, in targeted universalism (goals lab).

    Parameters
    ----------
    choice : str
        ``"a"``, ``"b"`` or ``"c"``.

    Returns
    -------
    Feedback
    """
    return _choice(
        choice,
        options="abc",
        correct="c",
        why="One goal for everyone, stated as a level to reach by a date. Groups then need "
        "different paces and strategies to get there.",
        hints={
            "a": ("gap_only", "Closing the gap alone could be met by everyone getting worse. "
                  "Where is the level everyone should reach?"),
            "b": ("group_specific", "A goal for one group is a targeted strategy's goal. "
                  "What would apply to all?"),
        },
    )


def check_unemployment_goal_gap(gaps: Any) -> Feedback:
    """Check each group's distance to a universal goal of 3% unemployment (goals lab).

    Parameters
    ----------
    gaps : dict
        ``{"Black or African American": points, "White": points}``.

    Returns
    -------
    Feedback
    """
    if _unanswered(gaps):
        return _not_answered()
    if not isinstance(gaps, Mapping):
        return Feedback(False, "Give a dictionary of group -> points.", "wrong_type")
    rates = _unemployment_2025()
    truth = {g: max(rates[g] - 3.0, 0.0) for g in ("Black or African American", "White")}
    values = {g: _number(gaps.get(g)) for g in truth}
    if any(v is None for v in values.values()):
        return Feedback(False, "Give a number for both groups.", "incomplete")
    if all(_close(values[g], truth[g], 0.01) for g in truth):
        return Feedback(True, "Both groups have a distance to go, and one much further: the "
                        "same goal, different journeys.", "correct")
    black_vs_white = rates["Black or African American"] - rates["White"]
    if _close(values["Black or African American"], black_vs_white, 0.01):
        return Feedback(False, "That is the gap to the White rate. Under targeted "
                        "universalism, measure each group against the goal.",
                        "gap_to_reference")
    if all(_close(values[g], -truth[g], 0.01) for g in truth):
        return Feedback(False, "Sign: for unemployment, lower is better, so the distance to "
                        "go is the rate minus the goal.", "sign")
    return Feedback(False, "Compute each group's 2025 rate (numerator / denominator x 100) "
                    "and subtract the goal.", "other")


# ------------------------------------------------------- lab: seeing inequity


@cache
def _known_stops():
    from . import datasets

    stops = datasets.load("mpls_stops", show_caveats=False)
    return stops[stops["race"].notna() & (stops["race"] != "Unknown")]


def _black_row(reference: str, measure: str) -> float:
    from . import measures

    d = measures.disparities(_known_stops(), "race", "person_searched", reference=reference,
                             measures=("estimate", "ratio", "ratio_complement"))
    row = d[(d["group"] == "Black") & (d["measure"] == measure)]
    return float(row["estimate"].iloc[0])


def check_reference_choice(answers: Any) -> Feedback:
    """Check which reference answers each question (seeing-inequity lab, concept).

    Parameters
    ----------
    answers : dict
        ``{"A": ..., "B": ..., "C": ..., "D": ...}`` with "named", "best", "overall" or
        "others".

    Returns
    -------
    Feedback
    """
    return _labels(
        answers,
        key={"A": "named", "B": "best", "C": "overall", "D": "others"},
        allowed=("named", "best", "overall", "others"),
        why={
            "A": "A question about one named group needs that group as the reference.",
            "B": "'The group doing best' is the best-off group's rate: a demanding target.",
            "C": "'The city as a whole' is the overall rate, which includes the group itself.",
            "D": "'Everyone else' leaves the group out of its own comparison.",
        },
        hints={
            ("C", "others"): "Does 'the city as a whole' include the group you are asking "
            "about?",
            ("D", "overall"): "If the group is part of its own reference, is that "
            "'everyone else'?",
            ("B", "named"): "Is the group named in the question, or chosen by its result?",
        },
        generic_hint="Named: one group you choose. Best: whoever does best. Overall: "
        "everyone, including the group. Others: everyone except the group.",
    )


def check_overall_ratio(ratio: Any) -> Feedback:
    """Check the Black search rate divided by the overall rate (seeing-inequity lab, data).

    Parameters
    ----------
    ratio : float

    Returns
    -------
    Feedback
    """
    value = _numeric_answer(ratio, example="1.2")
    if isinstance(value, Feedback):
        return value
    truth = _black_row("overall", "ratio")
    if _close(value, truth, 0.02):
        return Feedback(True, f"About {truth:.2f}. Against the overall rate the ratio is much "
                        "smaller than against the White rate, partly because Black people "
                        "stopped are a large share of the overall rate itself. Always say "
                        "which reference you used.", "correct")
    if _close(value, _black_row("White", "ratio"), 0.02):
        return Feedback(False, "That is the ratio against White people stopped. The question "
                        "asks for the overall rate: use reference='overall'.", "used_white")
    if _close(value, _black_row("others", "ratio"), 0.02):
        return Feedback(False, "That compares with everyone *else*. The overall rate includes "
                        "Black people stopped too.", "used_others")
    return Feedback(False, "Use measures.disparities(..., reference='overall') and read the "
                    "'ratio' row for Black.", "other")


def check_complement_ratio(ratio: Any) -> Feedback:
    """Check the ratio of *not* being searched, Black vs White (seeing-inequity lab, data).

    Parameters
    ----------
    ratio : float

    Returns
    -------
    Feedback
    """
    value = _numeric_answer(ratio, example="0.9")
    if isinstance(value, Feedback):
        return value
    truth = _black_row("White", "ratio_complement")
    if _close(value, truth, 0.01):
        searched = _black_row("White", "ratio")
        return Feedback(True, f"About {truth:.2f}: 'not searched' looks nearly equal while "
                        f"'searched' differs by a factor of about {searched:.1f}. The same "
                        "data, framed two ways, tells stories of very different size; report "
                        "the difference in points as well.", "correct")
    if _close(value, _black_row("White", "ratio"), 0.02):
        return Feedback(False, "That is the ratio of being searched. Use the rate of *not* "
                        "being searched (1 minus the rate) for both groups.",
                        "outcome_not_complement")
    if value > 0 and _close(1 / value, truth, 0.01):
        return Feedback(False, "Upside down: Black rate on top.", "inverted")
    return Feedback(False, "Compute 1 - rate for each group, then divide.", "other")


# ------------------------------------------------------ lab: Minneapolis stops


def check_precinct_ratio(ratio: Any) -> Feedback:
    """Check the Black/White search-rate ratio within precinct 4 (Minneapolis stops lab).

    Parameters
    ----------
    ratio : float

    Returns
    -------
    Feedback
    """
    value = _numeric_answer(ratio, example="1.4")
    if isinstance(value, Feedback):
        return value
    stops = _known_stops()
    p4 = stops[stops["precinct"] == 4]
    rates = p4.groupby("race", observed=True)["person_searched"].mean()
    truth = float(rates["Black"] / rates["White"])
    citywide = _black_row("White", "ratio")
    if _close(value, truth, 0.02):
        return Feedback(True, f"About {truth:.1f} in precinct 4, against {citywide:.1f} "
                        "citywide. Part of the citywide gap comes from *where* stops happen, "
                        "but a gap remains within the precinct: the check does not make it "
                        "go away.", "correct")
    if _close(value, citywide, 0.02):
        return Feedback(False, "That is the citywide ratio. Keep only the stops in precinct 4 "
                        "first.", "citywide")
    if value > 0 and _close(1 / value, truth, 0.02):
        return Feedback(False, "Upside down: Black rate on top.", "inverted")
    return Feedback(False, "Filter to precinct 4, compute the search rate for Black and for "
                    "White people stopped, and divide.", "other")


def check_cannot_support(choice: Any) -> Feedback:
    """Check which question the stops data cannot answer (Minneapolis stops lab, concept).

    Parameters
    ----------
    choice : str
        ``"a"``, ``"b"`` or ``"c"``.

    Returns
    -------
    Feedback
    """
    return _choice(
        choice,
        options="abc",
        correct="b",
        why="The data records who was searched, not what searches found, so it cannot compare "
        "how often searches of each group turned something up (an 'outcome test').",
        hints={
            "a": ("rates_are_answerable", "The data has a searched field and a race field. "
                  "Can you compute search rates by race from those?"),
            "c": ("places_are_answerable", "The data has precincts, neighbourhoods and "
                  "coordinates. Which question needs a field the data lacks?"),
        },
    )


# ------------------------------------------------------------- lab: budget


def check_geographic_score(points: Any) -> Feedback:
    """Check a neighbourhood's geographic disparity score in points (budget lab, concept).

    Parameters
    ----------
    points : float
        Share of spending minus share of residents, in percentage points.

    Returns
    -------
    Feedback
    """
    value = _numeric_answer(points, example="0.5")
    if isinstance(value, Feedback):
        return value
    if _close(value, -0.8, 0.01):
        return Feedback(True, "-0.8 points: the neighbourhood gets less than its share of "
                        "spending. The score describes a place, not the people in it.",
                        "correct")
    if _close(value, 0.8, 0.01):
        return Feedback(False, "Right size, wrong sign: share of spending *minus* share of "
                        "residents.", "sign")
    if _close(value, 0.6, 0.01):
        return Feedback(False, "That is a ratio. The score subtracts the two shares.",
                        "ratio_not_difference")
    return Feedback(False, "Subtract the share of residents from the share of spending.",
                    "other")


def check_allocation_kinds(answers: Any) -> Feedback:
    """Check how each allocation of new money is classified (budget lab, scenario).

    Parameters
    ----------
    answers : dict
        ``{"A": ..., "B": ..., "C": ...}`` with "universal", "targeted" or
        "targeted universal".

    Returns
    -------
    Feedback
    """
    return _labels(
        answers,
        key={"A": "universal", "B": "targeted", "C": "targeted universal"},
        allowed=("universal", "targeted", "targeted universal"),
        aliases={"targeted universalism": "targeted universal"},
        why={
            "A": "The same amount per resident everywhere: one rule for all.",
            "B": "All the money goes to the places doing worst, with no goal for everyone.",
            "C": "One goal for every resident, with money allocated by each place's distance "
            "from it.",
        },
        hints={
            ("C", "targeted"): "Is there a goal that applies to every resident here?",
            ("B", "targeted universal"): "What goal does every resident share in this plan?",
            ("A", "targeted universal"): "Does the money depend on how far each place is "
            "from a goal?",
        },
        generic_hint="Universal: same for all. Targeted: aimed at some, with no shared goal. "
        "Targeted universal: one goal for all, strategies by distance to it.",
    )


# ----------------------------------------------------- lab: bring your own data


def check_column_mapping(mapping: Any) -> Feedback:
    """Check a column mapping for a one-row-per-application file (own-data lab, scenario).

    Parameters
    ----------
    mapping : dict
        ``{"group": ..., "outcome": ..., "denominator": ..., "area": ...}``; use ``""``
        for a role no column plays.

    Returns
    -------
    Feedback
    """
    if _unanswered(mapping):
        return _not_answered("Fill in the dictionary")
    if not isinstance(mapping, Mapping):
        return Feedback(False, "Give a dictionary with the four roles.", "wrong_type")
    roles = ("group", "outcome", "denominator", "area")
    given = {r: ("" if mapping.get(r) in (None, ...) else str(mapping.get(r)).strip())
             for r in roles}
    truth = {"group": "applicant_race", "outcome": "approved", "denominator": "",
             "area": "ward"}
    columns = {"permit_id", "applicant_race", "approved", "ward", "fee_usd"}
    unknown = [v for v in given.values() if v and v not in columns]
    if unknown:
        return Feedback(False, f"Use the file's column names exactly (not {unknown[0]!r}).",
                        "unknown_column")
    if given == truth:
        return Feedback(True, "Group, outcome and area are mapped, and no denominator is "
                        "needed: with one row per application, each row counts once.",
                        "correct")
    if given["denominator"]:
        return Feedback(False, "With one row per application, is there a column of counts "
                        "to divide by? Leave the denominator empty.", "denominator_not_needed")
    if given["group"] == "ward":
        return Feedback(False, "Which column says who the applicant is, rather than where?",
                        "area_as_group")
    if given["outcome"] == "fee_usd":
        return Feedback(False, "The outcome must be yes or no. Which column is 0 or 1?",
                        "outcome_not_binary")
    return Feedback(False, "Check each role against the file's columns: who, what happened, "
                    "and where.", "other")


def check_share_scenario(choice: Any) -> Feedback:
    """Check what to share from an own-data analysis with a public audience (own-data lab).

    Parameters
    ----------
    choice : str
        ``"a"``, ``"b"`` or ``"c"``.

    Returns
    -------
    Feedback
    """
    return _choice(
        choice,
        options="abc",
        correct="c",
        why="The exports hide small counts (and the cells that would let someone work them "
        "out), and a note on how race was recorded and what is missing lets readers judge "
        "the numbers.",
        hints={
            "a": ("raw_file", "Could anyone be identified from a row-level file, or from a "
                  "group with three people in it?"),
            "b": ("rates_only", "Rates alone hide how many people stand behind each one. "
                  "What else does the course show beside every rate?"),
        },
    )


def registry() -> dict[str, Any]:
    """Every check function by name.

    Returns
    -------
    dict

    Examples
    --------
    >>> "check_two_goals" in registry()
    True
    """
    return {name: globals()[name] for name in __all__ if name.startswith("check_")}
