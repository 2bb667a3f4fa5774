"""The core of the self-checks: feedback, unanswered input, answer reading, numeric judging.

Every check returns a :class:`Feedback` and never raises on a learner's input. An answer
left as ``...`` gets "not answered yet". Numbers are read by one tolerant helper,
:func:`read_number`, and judged by :func:`judge_number`: the right value, then known
mistakes (a sign, a scale, the wrong reference) each with its own hint.
"""

from __future__ import annotations

import hashlib
import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Feedback",
    "Mistake",
    "close",
    "digest",
    "inverse_of",
    "judge_number",
    "near",
    "norm",
    "not_answered",
    "number",
    "read_number",
    "unanswered",
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


def unanswered(value: Any) -> bool:
    """Whether ``value`` is still a placeholder: ``...``, ``None``, empty, or all ``...``.

    Examples
    --------
    >>> unanswered(...), unanswered({"A": ...}), unanswered({"A": 1})
    (True, True, False)
    """
    if value is ... or value is None:
        return True
    if isinstance(value, str) and not value.strip():
        return True
    if isinstance(value, Mapping | list | tuple | set | frozenset) and len(value) == 0:
        return True
    return isinstance(value, Mapping) and all(v is ... for v in value.values())


def not_answered(what: str = "Replace the `...` with your answer") -> Feedback:
    """Return the feedback for an answer not given yet."""
    return Feedback(False, f"{what}, then run this cell again.", "not_answered")


def norm(value: Any) -> str:
    """Normalise a word answer: lower case, ``_`` and ``-`` as spaces, single spaces.

    Whole numbers (``2``, ``2.0``) read as ``"2"``.

    Examples
    --------
    >>> norm("  Race_Neutral "), norm(2.0), norm(True)
    ('race neutral', '2', 'true')
    """
    n = number(value)
    if n is not None and n == int(n):
        return str(int(n))
    return " ".join(str(value).strip().lower().replace("_", " ").replace("-", " ").split())


def number(value: Any) -> float | None:
    """Read ``value`` as a finite number, or ``None`` (booleans are not numbers).

    Examples
    --------
    >>> number("1.5"), number(True), number(float("nan")), number("x")
    (1.5, None, None, None)
    """
    if isinstance(value, bool):
        return None
    try:
        result = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return result if math.isfinite(result) else None


def read_number(answer: Any, *, example: str) -> float | Feedback:
    """Read a numeric answer, or return the feedback for a missing or non-numeric one.

    Examples
    --------
    >>> read_number("2.5", example="1.0")
    2.5
    >>> read_number("lots", example="1.0").code
    'not_a_number'
    """
    if unanswered(answer):
        return not_answered()
    value = number(answer)
    if value is None:
        return Feedback(False, f"Give a number, such as {example}.", "not_a_number")
    return value


def close(a: float, b: float, tol: float) -> bool:
    """Whether ``a`` is within ``tol`` of ``b``."""
    return abs(a - b) <= tol


def digest(salt: str, answer: str) -> str:
    """Return the salted digest that stores a normalised answer (sha256, 24 hex digits).

    Answer keys are stored only as digests, so a learner reading the installed package
    does not read the key.

    Examples
    --------
    >>> len(digest("salt", "b"))
    24
    """
    return hashlib.sha256(f"{salt}\x1f{answer}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Mistake:
    """A known wrong value and the hint it gets.

    Parameters
    ----------
    matches : callable
        Takes the learner's number; true when the number is this mistake.
    code : str
        The mistake's code.
    hint : str
        What to look at again (never the answer).
    """

    matches: Callable[[float], bool]
    code: str
    hint: str


def near(target: float, tol: float) -> Callable[[float], bool]:
    """Return a test: the learner's number is within ``tol`` of ``target``."""
    return lambda value: close(value, target, tol)


def inverse_of(target: float, tol: float) -> Callable[[float], bool]:
    """Return a test: one over the learner's number is within ``tol`` of ``target``."""
    return lambda value: value > 0 and close(1 / value, target, tol)


def judge_number(
    answer: Any,
    *,
    example: str,
    truth: float,
    tol: float,
    right: str,
    mistakes: Sequence[Mistake] = (),
    other: str,
) -> Feedback:
    """Judge a numeric answer: right, a known mistake (first match wins), or another value.

    Parameters
    ----------
    answer : Any
        The learner's answer, read with :func:`read_number`.
    example : str
        An example number for the "give a number" hint.
    truth : float
        The right value, computed by the lab's own functions.
    tol : float
        Accepted distance from ``truth``.
    right : str
        The message for a right answer.
    mistakes : sequence of Mistake
        Known wrong values, in priority order.
    other : str
        The hint for any other value (code ``"other"``).

    Returns
    -------
    Feedback

    Examples
    --------
    >>> judge_number(-2, example="1", truth=2, tol=0.1, right="Yes.", other="Add.",
    ...              mistakes=[Mistake(near(-2, 0.1), "sign", "Sign.")]).code
    'sign'
    """
    value = read_number(answer, example=example)
    if isinstance(value, Feedback):
        return value
    if close(value, truth, tol):
        return Feedback(True, right, "correct")
    for mistake in mistakes:
        if mistake.matches(value):
            return Feedback(False, mistake.hint, mistake.code)
    return Feedback(False, other, "other")
