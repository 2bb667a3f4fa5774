"""Lab 6 model: prepare, analyse, export and run, headless."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from equitylab.labs import byod
from equitylab.userdata import DataProblem

FILES = Path(__file__).parent / "files"
COUNTS = FILES / "synthetic_justice_counts.csv"


def test_prepare_counts_by_hand() -> None:
    frame = pd.DataFrame({"race": ["A", "B", "A"], "hit": ["1", "0", "yes"]})
    prepared = byod.prepare(frame, "race", "hit")
    table = prepared.counts.table.set_index("group")
    assert table.loc["A", "n"] == 2 and table.loc["A", "events"] == 2
    assert table.loc["B", "events"] == 0


def test_prepare_refuses_a_repeated_column() -> None:
    frame = pd.DataFrame({"race": ["A"], "hit": ["1"]})
    with pytest.raises(DataProblem, match="Each role needs a different column"):
        byod.prepare(frame, "race", "hit", denominator="hit")


def test_export_writes_tables_and_only_what_it_is_given(tmp_path) -> None:
    result = byod.run(COUNTS, "race_ethnicity", "searches", denominator_column="stops",
                      reference="White", output_dir=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["disparities.csv", "table.csv"]
    table = pd.read_csv(tmp_path / "table.csv")
    assert len(table) == len(result.comparison.wide)


def test_export_draws_with_the_chart_it_is_given(tmp_path) -> None:
    class Drawn:
        alt_text = "alt"

        def svg(self) -> bytes:
            return b"<svg/>"

    result = byod.run(COUNTS, "race_ethnicity", "searches", denominator_column="stops")
    files = byod.export(result, tmp_path, title="T", chart=lambda comp, title: Drawn(),
                        sentences=lambda comp: ["one", "two"])
    assert (tmp_path / "chart.svg").read_bytes() == b"<svg/>"
    assert (tmp_path / "chart-alt-text.txt").read_text() == "alt\n"
    assert (tmp_path / "summary.md").read_text() == "# T\n\n- one\n- two\n"
    assert {f.name for f in files} >= {"chart-alt-text.txt", "summary.md"}
