"""Completeness and quality checks that point to what would make a worksheet stronger."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from ._model import Worksheet
from ._steps import STEPS

__all__ = ["Finding", "answered", "check", "progress"]

# Figures in free text: percentages, "2.3 times", "x of y", or plain numbers of 2+ digits.
_CLAIM = re.compile(r"\d+(?:\.\d+)?\s*(?:%|percent|per cent|times)\b|\b\d+ of \d+\b", re.I)


@dataclass(frozen=True)
class Finding:
    """One result of :func:`check`.

    Attributes
    ----------
    step : int
        The step it concerns (0 for the metadata).
    level : {"todo", "warning"}
        ``"todo"``: something still missing. ``"warning"``: something present that may
        mislead (e.g. a claim without evidence).
    message : str
        What to do, in plain words.
    """

    step: int
    level: str
    message: str


def check(ws: Worksheet, steps: Collection[int] | None = None) -> list[Finding]:
    """Check a worksheet and say what is missing or may mislead, step by step.

    Parameters
    ----------
    ws : Worksheet
        The worksheet to check.
    steps : collection of int, optional
        Only the findings about these steps (``0`` is the worksheet's About section), e.g.
        ``(0, 1, 2, 4)`` for a task that asks for steps 1, 2 and 4. Default: every step.

    Returns
    -------
    list of Finding
        Empty when nothing is left to do.

    Examples
    --------
    >>> from equitylab.tool import Worksheet
    >>> [f.message for f in check(Worksheet()) if f.step == 2][:1]
    ['Answer question 2.1.']
    """
    out: list[Finding] = []
    md = ws.metadata
    if not md.title.strip():
        out.append(Finding(0, "todo", "Give the worksheet a title."))
    if not md.department.strip():
        out.append(Finding(0, "todo", "Name the department responsible."))
    for s in STEPS:
        for q in s.guiding(ws.fast_track):
            if not ws.answer(q.id).strip():
                out.append(Finding(s.number, "todo", f"Answer question {q.id}."))
    if not ws.affected_groups:
        out.append(Finding(1, "todo", "List the groups affected by the decision."))

    # Step 2: evidence broken down by group.
    if not any(e.disaggregated and len(e.table.rows) >= 2 for e in ws.evidence):
        out.append(Finding(2, "todo", "Add at least one evidence item with data broken down "
                                      "by race or ethnicity."))
    for e in ws.evidence:
        if e.suppressed_cells and not e.notes.strip():
            out.append(Finding(2, "warning", f"Evidence '{e.outcome} by {e.group}' has "
                                             f"{e.suppressed_cells} suppressed cell(s): say "
                                             "which groups the data cannot describe."))
    for qid in ("2.2", "4.1", "4.3"):
        claim = _CLAIM.search(ws.answer(qid))
        if claim and not ws.evidence:
            out.append(Finding(int(qid[0]), "warning",
                               f"The answer to {qid} cites figures ('{claim[0]}') "
                               "but no evidence item backs them: add the analysis in step 2."))

    # Step 3: a log of engagement.
    if not ws.engagement:
        out.append(Finding(3, "todo", "Record at least one engagement in the log."))
    elif all(e.level == "inform" for e in ws.engagement):
        out.append(Finding(3, "warning", "Every engagement so far only informs people; plan "
                                         "one that lets communities shape the decision."))
    if ws.engagement and not any(e.changed.strip() for e in ws.engagement):
        out.append(Finding(3, "warning", "Say what changed because of what you heard."))

    # Step 4: who benefits and who is burdened.
    if not any(i.impact in ("burden", "mixed") and i.group.strip() for i in ws.impacts):
        out.append(Finding(4, "todo", "Name who would be burdened (or say why no group is) in "
                                      "the benefit/burden matrix."))
    ids = {e.id for e in ws.evidence}
    for i in ws.impacts:
        if i.impact in ("benefit", "burden", "mixed") and not (set(i.evidence) & ids):
            out.append(Finding(4, "warning", f"The {i.impact} for '{i.group}' is a claim "
                                             "without evidence: link an evidence item or a "
                                             "conversation that supports it."))
        if not i.reasoning.strip():
            out.append(Finding(4, "todo", f"Give the reasoning for '{i.group}'."))
    burdened = [i for i in ws.impacts if i.impact in ("burden", "mixed")]
    if burdened and not any(s.kind == "mitigate harm" for s in ws.strategies):
        out.append(Finding(4, "todo", "Add a strategy that mitigates the burden you found."))
    if not ws.strategies:
        out.append(Finding(4, "todo", "Add at least one strategy."))

    # Step 5: a plan with owners and dates.
    if not ws.plan:
        out.append(Finding(5, "todo", "Add plan items: action, owner, date and resources."))
    for p in ws.plan:
        if not p.owner.strip() or not p.date.strip():
            out.append(Finding(5, "todo", f"Give '{p.action}' an owner and a date."))

    # Step 6: measures with a baseline and a target.
    if not any(m.baseline is not None and m.target is not None for m in ws.measures):
        out.append(Finding(6, "todo", "Add at least one measure with a baseline and a target."))
    kinds = {m.kind for m in ws.measures}
    if ws.measures and len(kinds) < 2:
        missing = ({"population indicator", "performance measure"} - kinds).pop()
        out.append(Finding(6, "warning", f"All measures are of one kind; add a {missing}."))
    for m in ws.measures:
        if m.kind == "performance measure" and not m.rba:
            out.append(Finding(6, "todo", f"Say whether '{m.name}' answers how much, how well "
                                          "or is anyone better off."))
    return out if steps is None else [f for f in out if f.step in steps]


def answered(ws: Worksheet) -> dict[int, tuple[int, int]]:
    """Return, for each step, how many of its guiding questions have an answer, and of how many.

    Fast track counts only the central questions.

    Examples
    --------
    >>> from equitylab.tool import Worksheet
    >>> ws = Worksheet(fast_track=True)
    >>> ws.set_answer("1.1", "A new bus route.")
    >>> answered(ws)[1]
    (1, 2)
    """
    out = {}
    for s in STEPS:
        qs = s.guiding(ws.fast_track)
        out[s.number] = (sum(bool(ws.answer(q.id).strip()) for q in qs), len(qs))
    return out


def progress(ws: Worksheet) -> dict[int, float]:
    """Return, for each step, the share of its guiding questions that have an answer.

    Examples
    --------
    >>> from equitylab.tool import Worksheet
    >>> ws = Worksheet(fast_track=True)
    >>> ws.set_answer("1.1", "A new bus route.")
    >>> progress(ws)[1]
    0.5
    """
    return {step: done / total for step, (done, total) in answered(ws).items()}
