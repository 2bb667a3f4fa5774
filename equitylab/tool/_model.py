"""The worksheet: plain dataclasses that turn into JSON-ready dictionaries and back."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re
import types
import typing
import uuid
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ._steps import ENGAGEMENT_SPECTRUM, KINDS, question

__all__ = [
    "IMPACTS",
    "MEASURE_KINDS",
    "RBA_QUESTIONS",
    "STRATEGY_KINDS",
    "ChartBar",
    "EngagementEntry",
    "EvidenceItem",
    "EvidenceTable",
    "Impact",
    "Measure",
    "Metadata",
    "PlanItem",
    "Strategy",
    "Worksheet",
    "WorksheetDataError",
]

#: Expected impact of a decision on a group (the benefit/burden matrix).
IMPACTS = ("benefit", "burden", "mixed", "unclear")
#: Kinds of accountability measure (Results-Based Accountability).
MEASURE_KINDS = ("population indicator", "performance measure")
#: The three questions a performance measure answers; population indicators use "".
RBA_QUESTIONS = ("how much", "how well", "better off")
#: Strategies either advance equity or mitigate a harm.
STRATEGY_KINDS = ("advance equity", "mitigate harm")

T = TypeVar("T")


class WorksheetDataError(ValueError):
    """A worksheet dictionary does not have the expected shape."""


def _today() -> str:
    return dt.date.today().isoformat()


def _new_id() -> str:
    return uuid.uuid4().hex[:12]


#: A worksheet id: letters, digits, ``-`` and ``_`` (it becomes part of file names).
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass
class Metadata:
    """What the worksheet is about and who is working on it.

    Dates are ISO strings (``"2026-11-29"``); ``decision_date`` may be empty.
    """

    title: str = ""
    jurisdiction: str = ""
    department: str = ""
    kind: str = "policy"
    team: list[str] = field(default_factory=list)
    created: str = field(default_factory=_today)
    updated: str = field(default_factory=_today)
    decision_date: str = ""


@dataclass
class EvidenceTable:
    """A small table already fit to show people: suppression applied, cells as text."""

    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    caption: str = ""


@dataclass
class ChartBar:
    """One bar of an evidence chart: a group's estimate on the item's ``per`` scale, unsuppressed.

    As :mod:`equitylab.measures` gives it: 15.0 is 15% when ``per`` is 100.
    """

    group: str = ""
    estimate: float = 0.0
    lower: float | None = None
    upper: float | None = None
    n: float | None = None
    events: float | None = None


@dataclass
class EvidenceItem:
    """A saved analysis: the data, the comparison, the (suppressed) table and its sentence.

    ``disaggregated`` is true when the table breaks the outcome down by group.
    """

    id: str = field(default_factory=_new_id)
    dataset: str = ""
    outcome: str = ""
    group: str = ""
    denominator: str = ""
    reference: str = ""
    groups: list[str] = field(default_factory=list)
    table: EvidenceTable = field(default_factory=EvidenceTable)
    sentence: str = ""
    notes: str = ""
    source: str = ""
    synthetic: bool = False
    disaggregated: bool = True
    suppressed_cells: int = 0
    chart: list[ChartBar] = field(default_factory=list)
    per: float = 100.0
    chart_alt: str = ""
    created: str = field(default_factory=_today)


@dataclass
class EngagementEntry:
    """One conversation with a community: who, when, how, how deep, what was heard and changed."""

    who: str = ""
    date: str = ""
    method: str = ""
    level: str = "inform"
    heard: str = ""
    changed: str = ""


@dataclass
class Impact:
    """One row of the benefit/burden matrix."""

    group: str = ""
    impact: str = "unclear"
    reasoning: str = ""
    evidence: list[str] = field(default_factory=list)


@dataclass
class Strategy:
    """A strategy to advance racial equity, or a mitigation of a harm."""

    title: str = ""
    kind: str = "advance equity"
    description: str = ""
    groups: list[str] = field(default_factory=list)


@dataclass
class PlanItem:
    """One action of the implementation plan."""

    action: str = ""
    owner: str = ""
    date: str = ""
    resources: str = ""


@dataclass
class Measure:
    """An accountability measure with its baseline and target.

    ``kind`` is a population indicator (a condition of the whole community) or a
    performance measure (about a program's clients), which also answers one of
    ``RBA_QUESTIONS``.
    """

    name: str = ""
    kind: str = "population indicator"
    rba: str = ""
    group: str = ""
    unit: str = ""
    baseline: float | None = None
    baseline_date: str = ""
    target: float | None = None
    target_date: str = ""
    source: str = ""


@dataclass
class Worksheet:
    """A racial equity tool worksheet: metadata, answers and the structured parts.

    Examples
    --------
    >>> ws = Worksheet(Metadata(title="Fare enforcement", kind="policy"))
    >>> ws.set_answer("1.1", "Replace fare citations with warnings.")
    >>> Worksheet.from_dict(ws.to_dict()) == ws
    True
    """

    metadata: Metadata = field(default_factory=Metadata)
    id: str = field(default_factory=_new_id)
    fast_track: bool = False
    answers: dict[str, str] = field(default_factory=dict)
    affected_groups: list[str] = field(default_factory=list)
    geographies: list[str] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)
    engagement: list[EngagementEntry] = field(default_factory=list)
    impacts: list[Impact] = field(default_factory=list)
    strategies: list[Strategy] = field(default_factory=list)
    plan: list[PlanItem] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    notes: str = ""

    def set_answer(self, qid: str, text: str) -> None:
        """Store the answer to question ``qid`` (an empty answer removes it)."""
        question(qid)
        if text.strip():
            self.answers[qid] = text
        else:
            self.answers.pop(qid, None)

    def answer(self, qid: str) -> str:
        """Return the answer to ``qid``, or an empty string."""
        return self.answers.get(qid, "")

    def add_evidence(self, item: EvidenceItem) -> EvidenceItem:
        """Add a copy of ``item`` with an id of its own; return the copy.

        The same analysis can be added twice (e.g. before and after a change of data),
        and each copy is linked and removed on its own.
        """
        added = dataclasses.replace(copy.deepcopy(item), id=_new_id())
        self.evidence.append(added)
        return added

    def remove_evidence(self, index: int) -> EvidenceItem:
        """Remove the evidence item at ``index`` and its links from the impact matrix.

        Raises
        ------
        IndexError
            If there is no item at ``index``.
        """
        gone = self.evidence.pop(index)
        for impact in self.impacts:
            impact.evidence = [e for e in impact.evidence if e != gone.id]
        return gone

    def evidence_labels(self) -> list[tuple[str, str]]:
        """Return ``(id, label)`` for each evidence item, numbered from 1 as on screen."""
        return [(e.id, f"{i}. {e.table.caption or e.outcome}")
                for i, e in enumerate(self.evidence, 1)]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dictionary (lists, dicts, strings, numbers, booleans, None)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Worksheet:
        """Build a worksheet from :meth:`to_dict` output, checking every field's type.

        Raises
        ------
        WorksheetDataError
            If a field is missing its expected type or holds an unknown choice.
        """
        ws = _build(cls, data, "worksheet")
        ws.validate()
        return ws

    def validate(self) -> None:
        """Check the id and the choice fields (kind, level, impact, measure kind).

        The id names the worksheet's files, so one read from a file must be letters,
        digits, ``-`` or ``_`` (never ``../``).

        Raises
        ------
        WorksheetDataError
            Naming the field and the allowed values.
        """
        if not _ID.fullmatch(self.id):
            raise WorksheetDataError(
                f"id is {self.id!r}; it must be 1 to 64 letters, digits, '-' or '_'.")
        _choice(self.metadata.kind, KINDS, "metadata.kind")
        for i, e in enumerate(self.engagement):
            _choice(e.level, ENGAGEMENT_SPECTRUM, f"engagement[{i}].level")
        for i, m in enumerate(self.impacts):
            _choice(m.impact, IMPACTS, f"impacts[{i}].impact")
        for i, s in enumerate(self.strategies):
            _choice(s.kind, STRATEGY_KINDS, f"strategies[{i}].kind")
        for i, ms in enumerate(self.measures):
            _choice(ms.kind, MEASURE_KINDS, f"measures[{i}].kind")
            if ms.rba:
                _choice(ms.rba, RBA_QUESTIONS, f"measures[{i}].rba")
        for qid in self.answers:
            try:
                question(qid)
            except ValueError as err:
                raise WorksheetDataError(str(err)) from None


def _choice(value: str, allowed: tuple[str, ...], where: str) -> None:
    if value not in allowed:
        raise WorksheetDataError(
            f"{where} is {value!r}; it must be one of {', '.join(map(repr, allowed))}."
        )


def _build(cls: type[T], data: Any, where: str) -> T:
    """Build dataclass ``cls`` from a dictionary, strictly (unknown keys are errors)."""
    if not isinstance(data, dict):
        raise WorksheetDataError(f"{where} should be an object, not {type(data).__name__}.")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = set(data) - names
    if unknown:
        raise WorksheetDataError(f"{where} has unknown field(s): {', '.join(sorted(unknown))}.")
    kwargs = {name: _value(hints[name], data[name], f"{where}.{name}") for name in data}
    return cls(**kwargs)


def _value(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _value(inner, value, where)
    if origin is list:
        if not isinstance(value, list):
            raise WorksheetDataError(f"{where} should be a list.")
        (inner,) = typing.get_args(tp)
        return [_value(inner, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise WorksheetDataError(f"{where} should be an object.")
        _, inner = typing.get_args(tp)
        return {str(k): _value(inner, v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _build(tp, value, where)
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise WorksheetDataError(f"{where} should be a number, not {value!r}.")
        return float(value)
    if tp is bool:
        if not isinstance(value, bool):
            raise WorksheetDataError(f"{where} should be true or false, not {value!r}.")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise WorksheetDataError(f"{where} should be a whole number, not {value!r}.")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise WorksheetDataError(f"{where} should be text, not {value!r}.")
        return value
    raise TypeError(f"Unsupported field type {tp!r} at {where}.")  # pragma: no cover
