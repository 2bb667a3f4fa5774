"""A worksheet with every field filled, different from the defaults, shared by the tool tests."""

from __future__ import annotations

import pytest

from equitylab.tool import (
    STEPS,
    ChartBar,
    EngagementEntry,
    EvidenceItem,
    EvidenceTable,
    Impact,
    Measure,
    Metadata,
    PlanItem,
    Strategy,
    Worksheet,
)

#: Payloads that must come out of every report as harmless text.
INJECTIONS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![pic](http://evil.example/x.png)",
    "# Heading\n\n| a | b |\n|---|---|",
    "**bold** _it_ `code` {role}`x`",
    "</td></tr></table><h1>broken</h1>",
    "control \x00\x0b\x1f chars",
]


def full_worksheet(text: str = "") -> Worksheet:
    """Every field set to a non-default value; ``text`` is appended to every free-text field."""
    t = text
    ws = Worksheet(
        Metadata(f"Bus fare pilot{t}", f"Tallow River Region (synthetic){t}", f"Transit{t}",
                 "program", [f"Ana{t}", "Ben"], "2026-01-02", "2026-01-03", "2026-06-30"),
        id="abc123def456",
        fast_track=True,
        affected_groups=[f"Riders on low incomes{t}", "Black riders"],
        geographies=[f"Heron Line corridor{t}"],
        evidence=[EvidenceItem(
            id="ev1", dataset="tallow_fare_policy", outcome="citations", group="race_ethnicity",
            denominator="inspections", reference="White", groups=["White", "Black"],
            table=EvidenceTable(["Group", "Inspections", f"Citations{t}"],
                                [["White", "100", "5"], [f"Black{t}", "80", "suppressed (1–10)"]],
                                f"citations by race{t}"),
            sentence=f"Black riders were cited at 2.0 times the rate{t}.", notes=f"Small{t}",
            source="synthetic", synthetic=True, disaggregated=False, suppressed_cells=1,
            chart=[ChartBar("White", 0.05, 0.03, 0.08, 100.0, 5.0)], per=1000.0,
            chart_alt=f"Bar chart{t}", created="2026-01-04")],
        engagement=[EngagementEntry(f"Rider council{t}", "2026-02-01", f"Meeting{t}",
                                    "collaborate", f"Too many fines{t}", f"Warnings first{t}")],
        impacts=[Impact(f"Black riders{t}", "burden", f"Cited more often{t}", ["ev1"]),
                 Impact("Riders on low incomes", "benefit", "Cheaper fares", ["ev1"])],
        strategies=[Strategy(f"Warnings first{t}", "mitigate harm", f"No fine at first{t}",
                             ["Black riders"])],
        plan=[PlanItem(f"Train inspectors{t}", f"Ops{t}", "2026-03-01", f"$10,000{t}")],
        measures=[
            Measure(f"Citation rate{t}", "population indicator", "", "Black riders",
                    "per 100", 9.5, "2025", 4.0, "2028", f"Records{t}"),
            Measure("Inspectors trained", "performance measure", "how much", "", "percent",
                    0.0, "2026", 100.0, "2027", "Log"),
        ],
        notes=f"Notes{t}",
    )
    for s in STEPS:
        for q in s.questions:
            ws.answers[q.id] = f"Answer to {q.id}{t}\nsecond line"
    return ws


@pytest.fixture
def full() -> Worksheet:
    return full_worksheet()
