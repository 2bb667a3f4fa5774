from __future__ import annotations

import pandas as pd
import pytest

from equitylab.tool import (
    EXAMPLES,
    SUPPRESSED,
    WorksheetStore,
    analyse,
    candidate_columns,
    check,
    example_path,
    load,
    load_example,
)


def _rows(spec: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """Individual rows: group -> (people, events)."""
    groups, hits = [], []
    for g, (n, e) in spec.items():
        groups += [g] * n
        hits += [True] * e + [False] * (n - e)
    return pd.DataFrame({"race": groups, "searched": hits})


def test_individual_rows_hand_computed() -> None:
    item = analyse(_rows({"A": (200, 50), "B": (400, 40)}), "searched", "race", reference="B")
    rows = {r[0]: r for r in item.table.rows}
    assert rows["A"][1:4] == ["200", "50", "25.0%"]
    assert rows["B"][1:4] == ["400", "40", "10.0%"]
    assert rows["A"][5] == "2.50" and rows["B"][5] == "1.00"
    assert item.reference == "B" and item.disaggregated and item.suppressed_cells == 0
    assert "A people" in item.sentence and "2.5 times the rate of B people" in item.sentence
    assert "50 of 200 vs 40 of 400" in item.sentence
    assert [round(b.estimate, 3) for b in item.chart] == [0.25, 0.1]


def test_small_counts_are_suppressed_everywhere() -> None:
    data = _rows({"A": (300, 60), "B": (250, 40), "C": (40, 4)})
    item = analyse(data, "searched", "race", reference="A")
    rows = {r[0]: r for r in item.table.rows}
    assert rows["C"][2:] == [SUPPRESSED] * 4
    assert item.suppressed_cells >= 2  # complementary suppression hides a second group
    shown = " ".join(" ".join(r) for r in item.table.rows)
    assert " 4 " not in f" {shown} " and "10.0%" not in shown
    assert "C" not in [b.group for b in item.chart]
    assert " 4 of " not in item.sentence and "C people" not in item.sentence
    assert "(4 of 40)" not in item.chart_alt


def test_aggregated_table_with_denominator_and_unknowns() -> None:
    t = pd.DataFrame({"race": ["A", "B", "Unknown"], "cited": [30, 90, 5],
                      "inspected": [1000, 1500, 50]})
    item = analyse(t, "cited", "race", denominator="inspected", direction="adverse")
    assert item.reference == "B"  # the largest group
    assert [r[0] for r in item.table.rows] == ["A", "B"]
    assert item.table.columns[1:3] == ["Inspected", "Cited"]
    assert "50 rows" in item.notes


def test_rate_when_events_exceed_denominator() -> None:
    t = pd.DataFrame({"race": ["A", "B"], "visits": [300, 900], "people": [200, 1000]})
    item = analyse(t, "visits", "race", denominator="people")
    assert item.table.columns[3] == "Rate per 1,000"
    assert item.table.rows[0][3] == "1500.0 per 1,000"


def test_bundled_dataset_by_name_is_marked_synthetic() -> None:
    item = analyse("tallow_business_grants", "awarded", "owner_race_ethnicity",
                   reference="White", direction="favourable")
    assert item.dataset == "tallow_business_grants" and item.synthetic
    assert "SYNTHETIC" in item.table.caption and "SYNTHETIC" in item.chart_alt
    assert "Prefer not to say" not in item.groups


def test_candidate_columns_of_a_bundled_dataset() -> None:
    from equitylab import datasets

    cols = candidate_columns(datasets.load("tallow_housing"))
    assert "race_ethnicity" in cols["group"]
    assert "cost_burdened_renters" in cols["outcome"] and "renter_households" in cols["denominator"]
    assert "synthetic" not in cols["outcome"]


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_examples_are_complete_and_synthetic(name: str, tmp_path) -> None:
    ws = load_example(name)
    assert ws.metadata.kind == name
    assert check(ws) == []
    assert "SYNTHETIC" in ws.notes and "(synthetic)" in ws.metadata.jurisdiction
    assert all(e.synthetic and e.dataset.startswith("tallow_") for e in ws.evidence)
    copy = load_example(name, copy=True)
    assert copy.id != ws.id and copy.metadata.title.startswith("Copy of")
    store = WorksheetStore(tmp_path)
    assert load(store.save(copy)) == copy
    assert example_path(name).read_text(encoding="utf-8").endswith("\n")


def test_shipped_examples_match_a_rebuild(tmp_path) -> None:
    from equitylab.tool._build_examples import build_examples

    built = build_examples(tmp_path)
    for name, path in built.items():
        assert path.read_text(encoding="utf-8") == example_path(name).read_text(
            encoding="utf-8"), (f"The {name} example is stale: run "
                                "`python -m equitylab.tool._build_examples`.")
