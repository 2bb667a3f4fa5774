from __future__ import annotations

import dataclasses
import json

import pytest

from equitylab.tool import (
    KINDS,
    STEPS,
    Worksheet,
    WorksheetDataError,
    question,
    step,
)
from tests.tool.conftest import full_worksheet


def _set_fields(obj: object, where: str, seen: dict[str, bool]) -> None:
    """Record, per field path (without list indices), whether any instance is non-default."""
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if f.default is not dataclasses.MISSING:
            default = f.default
        else:
            default = f.default_factory()  # type: ignore[misc]
        generated = f.name in ("id", "created", "updated")
        key = f"{where}.{f.name}"
        seen[key] = seen.get(key, False) or generated or value != default
        for item in value if isinstance(value, list) else [value]:
            if dataclasses.is_dataclass(item):
                _set_fields(item, key, seen)


def test_fixture_sets_every_field() -> None:
    # If a field is added to the model, the round-trip fixture must be extended too.
    seen: dict[str, bool] = {}
    _set_fields(full_worksheet(), "ws", seen)
    assert [k for k, ok in seen.items() if not ok] == []
    assert len(seen) > 60


def test_round_trip_every_field_through_json(full: Worksheet) -> None:
    text = json.dumps(full.to_dict())
    back = Worksheet.from_dict(json.loads(text))
    assert back == full
    assert back.to_dict() == full.to_dict()
    assert back.measures[0].baseline == 9.5 and isinstance(back.measures[0].baseline, float)
    assert back.evidence[0].table.rows[1][2] == "suppressed (1–10)"


def test_none_numbers_survive() -> None:
    ws = full_worksheet()
    ws.measures[0].baseline = None
    back = Worksheet.from_dict(json.loads(json.dumps(ws.to_dict())))
    assert back.measures[0].baseline is None and back.measures[0].target == 4.0


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("metadata", "kind"), "memo", "metadata.kind"),
        (("metadata", "team"), "Ana, Ben", "should be a list"),
        (("fast_track",), "yes", "true or false"),
        (("engagement", 0, "level"), "tokenism", "engagement[0].level"),
        (("impacts", 0, "impact"), "good", "impacts[0].impact"),
        (("measures", 0, "kind"), "kpi", "measures[0].kind"),
        (("measures", 1, "rba"), "how fast", "measures[1].rba"),
        (("measures", 0, "baseline"), "9.5", "should be a number"),
        (("answers",), {"9.9": "x"}, "Unknown question"),
        # The id becomes part of file names: a file must not be able to name a path.
        (("id",), "../../../tmp/elsewhere", "id is '../../../tmp/elsewhere'"),
        (("id",), "a/b", "id is 'a/b'"),
        (("id",), "", "id is ''"),
    ],
)
def test_from_dict_rejects_bad_values(path: tuple, value: object, message: str) -> None:
    data = full_worksheet().to_dict()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(WorksheetDataError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Worksheet.from_dict(data)


def test_from_dict_rejects_unknown_fields() -> None:
    data = full_worksheet().to_dict()
    data["metadata"]["colour"] = "blue"
    with pytest.raises(WorksheetDataError, match="unknown field.*colour"):
        Worksheet.from_dict(data)


def test_answers() -> None:
    ws = Worksheet()
    ws.set_answer("2.2", "A gap.")
    ws.set_answer("2.2", "   ")
    assert ws.answer("2.2") == "" and "2.2" not in ws.answers
    with pytest.raises(ValueError, match="Unknown question"):
        ws.set_answer("7.1", "x")


def test_six_steps_with_central_questions_and_effort() -> None:
    assert [s.number for s in STEPS] == [1, 2, 3, 4, 5, 6]
    assert [s.key for s in STEPS] == ["results", "data", "engagement", "analysis",
                                      "implementation", "accountability"]
    ids = [q.id for s in STEPS for q in s.questions]
    assert len(ids) == len(set(ids))
    for s in STEPS:
        fast = s.guiding(fast_track=True)
        assert 1 <= len(fast) < len(s.guiding()) or len(s.questions) == len(fast) == 1
        assert all(q.central for q in fast)
        assert all(q.id.startswith(f"{s.number}.") for q in s.questions)
        assert s.effort and s.effort_fast and s.effort != s.effort_fast
    assert sum(len(s.guiding(True)) for s in STEPS) == 10
    assert step(4).guiding(True)[0].text.startswith("Who would benefit")
    assert question("6.2").central is False
    assert KINDS == ("budget", "policy", "program")
    with pytest.raises(ValueError):
        step(7)


def test_add_evidence_adds_a_copy_with_its_own_id() -> None:
    from equitylab.tool import EvidenceItem, EvidenceTable

    ws = Worksheet()
    item = EvidenceItem(outcome="awarded", table=EvidenceTable(["Group"], [["A"]], "Awards"))
    first, second = ws.add_evidence(item), ws.add_evidence(item)
    assert ws.evidence == [first, second]
    assert len({item.id, first.id, second.id}) == 3
    first.table.rows.append(["B"])  # a deep copy: the preview is not changed
    assert item.table.rows == [["A"]] and second.table.rows == [["A"]]
    assert ws.evidence_labels() == [(first.id, "1. Awards"), (second.id, "2. Awards")]


def test_remove_evidence_unlinks_it_from_impacts() -> None:
    from equitylab.tool import EvidenceItem, Impact

    ws = Worksheet()
    keep, gone = ws.add_evidence(EvidenceItem(outcome="a")), ws.add_evidence(EvidenceItem())
    ws.impacts = [Impact("G", "benefit", "r", [gone.id, keep.id]), Impact("H", evidence=[gone.id])]
    assert ws.remove_evidence(1) is gone
    assert ws.evidence == [keep]
    assert [i.evidence for i in ws.impacts] == [[keep.id], []]
    assert ws.evidence_labels() == [(keep.id, "1. a")]
    with pytest.raises(IndexError):
        ws.remove_evidence(5)
