"""Knowledge checks for the book: one short call per quiz.

A chapter keeps its questions as a plain, JSON-able list and calls :func:`show` in a code
cell tagged ``remove-input``. The quiz renders with jupyterquiz, which embeds its questions
and script in the page, so it works in the static HTML without a kernel.
"""

from __future__ import annotations

from typing import Any

__all__ = ["mc", "show", "validate"]

Question = dict[str, Any]


def mc(question: str, answers: list[tuple[str, bool, str]]) -> Question:
    """Build one multiple-choice question.

    Parameters
    ----------
    question : str
        The question text.
    answers : list of (answer, correct, feedback)
        Each answer, whether it is correct, and the feedback shown when it is chosen.

    Returns
    -------
    dict
        A question in jupyterquiz's JSON format.

    Examples
    --------
    >>> q = mc("2 + 2?", [("4", True, "Yes."), ("5", False, "No.")])
    >>> q["type"], len(q["answers"])
    ('multiple_choice', 2)
    """
    return {
        "question": question,
        "type": "multiple_choice",
        "answers": [
            {"answer": text, "correct": correct, "feedback": feedback}
            for text, correct, feedback in answers
        ],
    }


def validate(questions: list[Question]) -> list[Question]:
    """Check that every question has at least one correct answer.

    Parameters
    ----------
    questions : list of dict
        Questions in jupyterquiz's JSON format.

    Returns
    -------
    list of dict
        The same questions.

    Raises
    ------
    ValueError
        If the list is empty or a question has no correct answer.

    Examples
    --------
    >>> validate([mc("Q?", [("a", False, "no")])])
    Traceback (most recent call last):
    ...
    ValueError: question 1 has no correct answer
    """
    if not questions:
        raise ValueError("a quiz needs at least one question")
    for i, q in enumerate(questions, start=1):
        if not any(a.get("correct") for a in q.get("answers", [])):
            raise ValueError(f"question {i} has no correct answer")
    return questions


def show(questions: list[Question]) -> None:  # pragma: no cover - display only
    """Display a quiz with jupyterquiz after validating it.

    Parameters
    ----------
    questions : list of dict
        Questions in jupyterquiz's JSON format (see :func:`mc`).
    """
    from jupyterquiz import display_quiz

    display_quiz(validate(questions))
