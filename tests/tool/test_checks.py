from __future__ import annotations

from equitylab.tool import (
    EvidenceItem,
    EvidenceTable,
    Impact,
    Measure,
    Worksheet,
    check,
    progress,
)
from tests.tool.conftest import full_worksheet


def _messages(ws: Worksheet, step: int, level: str | None = None) -> list[str]:
    return [f.message for f in check(ws) if f.step == step and (level is None or f.level == level)]


def test_empty_worksheet_lists_work_for_every_step() -> None:
    findings = check(Worksheet())
    assert {f.step for f in findings} == {0, 1, 2, 3, 4, 5, 6}
    assert all(f.level == "todo" for f in findings)


def test_step2_needs_disaggregated_evidence() -> None:
    ws = Worksheet()
    one_row = EvidenceItem(table=EvidenceTable(["Group", "Rate"], [["All", "5%"]]),
                           disaggregated=False)
    ws.evidence = [one_row]
    assert any("broken down" in m for m in _messages(ws, 2))
    ws.evidence.append(EvidenceItem(table=EvidenceTable(["Group", "Rate"],
                                                        [["A", "5%"], ["B", "9%"]])))
    assert not any("broken down" in m for m in _messages(ws, 2))


def test_step4_names_who_is_burdened_and_needs_evidence() -> None:
    ws = Worksheet()
    ws.impacts = [Impact("Everyone", "benefit", "Cheaper fares.")]
    msgs = _messages(ws, 4)
    assert any("who would be burdened" in m for m in msgs)
    assert any("claim without evidence" in m for m in _messages(ws, 4, "warning"))
    ws.evidence = [EvidenceItem(id="e1")]
    ws.impacts = [Impact("Renters", "burden", "Rents may rise.", ["e1"])]
    msgs = _messages(ws, 4)
    assert not any("who would be burdened" in m for m in msgs)
    assert not _messages(ws, 4, "warning")
    assert any("mitigates the burden" in m for m in msgs)


def test_step6_needs_a_measure_with_baseline_and_target() -> None:
    ws = Worksheet()
    ws.measures = [Measure("Trees planted", "performance measure", "how much", target=1800.0)]
    assert any("baseline and a target" in m for m in _messages(ws, 6))
    ws.measures[0].baseline = 0.0
    assert not any("baseline and a target" in m for m in _messages(ws, 6))
    assert any("population indicator" in m for m in _messages(ws, 6, "warning"))


def test_claims_without_evidence_are_flagged() -> None:
    ws = Worksheet()
    ws.set_answer("2.2", "Black riders are cited 2.3 times as often.")
    assert any("2.3 times" in m for m in _messages(ws, 2, "warning"))
    ws.set_answer("2.2", "Black riders are cited more often.")
    assert not _messages(ws, 2, "warning")


def test_engagement_that_only_informs_is_flagged() -> None:
    ws = full_worksheet()
    ws.engagement[0].level = "inform"
    assert any("only informs" in m for m in _messages(ws, 3, "warning"))


def test_full_worksheet_passes_except_its_deliberate_gaps() -> None:
    ws = full_worksheet()
    ws.evidence[0].disaggregated = True
    assert check(ws) == []


def test_progress_follows_the_mode() -> None:
    ws = Worksheet()
    ws.set_answer("2.1", "x")
    ws.set_answer("2.3", "y")
    assert progress(ws)[2] == 2 / 3
    ws.fast_track = True
    assert progress(ws)[2] == 0.5
    assert progress(full_worksheet()) == dict.fromkeys(range(1, 7), 1.0)


def test_answered_counts_guiding_questions_per_step() -> None:
    from equitylab.tool import STEPS, answered

    ws = Worksheet()
    first, second = STEPS[0].questions[0].id, STEPS[1].questions[-1].id
    ws.set_answer(first, "An answer.")
    ws.set_answer(second, "   ")  # blank answers do not count
    counts = answered(ws)
    assert counts[1] == (1, len(STEPS[0].questions))
    assert counts[2] == (0, len(STEPS[1].questions))
    assert sum(done for done, _ in counts.values()) == 1
    assert progress(ws)[1] == 1 / len(STEPS[0].questions)


def test_answered_in_fast_track_counts_only_central_questions() -> None:
    from equitylab.tool import STEPS, answered

    ws = Worksheet(fast_track=True)
    non_central = [q for s in STEPS for q in s.questions if q not in s.guiding(True)]
    assert non_central
    ws.set_answer(non_central[0].id, "Answered anyway.")
    assert all(done == 0 for done, _ in answered(ws).values())
    assert [of for _, of in answered(ws).values()] == [len(s.guiding(True)) for s in STEPS]
