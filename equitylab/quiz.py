"""Knowledge checks for the book: one short call per quiz.

A chapter keeps its questions as a plain, JSON-able list and calls :func:`show` in a code
cell tagged ``remove-input``. The quiz renders with jupyterquiz, which embeds its questions
and script in the page, so it works in the static HTML without a kernel.
"""

from __future__ import annotations

from typing import Any

__all__ = ["KEYBOARD", "mc", "show", "validate"]

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


#: Keyboard use of jupyterquiz's answers, shown with every quiz (installed once a page).
#: Its answers are radio buttons hidden inside clickable labels, and a click answers: the
#: browser's arrow keys (which check the next radio button, so click it) answered with the
#: next option, and focus was invisible. Here the arrow keys only move focus between the
#: answers (Home and End to the first and last), Space or Enter answers with the focused
#: one, and the focused answer has a 3 px ring of 9:1 contrast.
KEYBOARD = """<style>
label.MCButton:focus-within{outline:3px solid #1f4e79 !important;outline-offset:2px}
</style>
<script>
(function () {
  if (window.equitylabQuizKeys) { return; }
  window.equitylabQuizKeys = true;
  var steps = {ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1};
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input || input.type !== "radio" || !input.closest || !input.closest(".MCButton")) {
      return;
    }
    var group = Array.prototype.slice.call(document.getElementsByName(input.name));
    var at = group.indexOf(input), next = null;
    if (event.key in steps) {
      next = group[(at + steps[event.key] + group.length) % group.length];
    } else if (event.key === "Home") {
      next = group[0];
    } else if (event.key === "End") {
      next = group[group.length - 1];
    } else if (event.key === "Enter") {
      event.preventDefault();
      input.click();
      return;
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    group.forEach(function (radio) { radio.tabIndex = radio === next ? 0 : -1; });
    next.focus();
  }, true);
})();
</script>"""


def show(questions: list[Question]) -> None:  # pragma: no cover - display only
    """Display a quiz with jupyterquiz after validating it, with :data:`KEYBOARD`.

    Parameters
    ----------
    questions : list of dict
        Questions in jupyterquiz's JSON format (see :func:`mc`).
    """
    from IPython.display import HTML, display
    from jupyterquiz import display_quiz

    display_quiz(validate(questions))
    display(HTML(KEYBOARD))
