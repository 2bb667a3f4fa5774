"""Lab 6 headless on files too big for the app: Parquet, and CSV over the size limit, are
counted by DuckDB (or Polars) and give the same results as the app's own reading."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from equitylab import userdata
from equitylab.labs import byod
from equitylab.userdata import DataProblem

FILES = Path(__file__).parent / "files"
RUNS = {
    "individual": dict(group_column="owner_race_ethnicity", outcome_column="awarded",
                       area_column="district", direction="favourable", reference="best"),
    "counts": dict(group_column="race_ethnicity", outcome_column="searches",
                   denominator_column="stops", area_column="district", reference="White"),
}
SOURCES = {"individual": "synthetic_grants_individual.csv",
           "counts": "synthetic_justice_counts.csv"}


def same_analysis(got: byod.Analysis, want: byod.Analysis) -> None:
    pd.testing.assert_frame_equal(got.comparison.tidy, want.comparison.tidy)
    pd.testing.assert_frame_equal(got.by_area, want.by_area)
    assert got.notices == want.notices


@pytest.mark.parametrize("kind", RUNS)
def test_parquet_is_counted_by_the_engine_with_the_same_results(kind, tmp_path, monkeypatch):
    csv = FILES / SOURCES[kind]
    want = byod.run(csv, **RUNS[kind])
    parquet = tmp_path / "data.parquet"
    pl.read_csv(csv).write_parquet(parquet)
    assert byod.in_engine(parquet) and not byod.in_engine(csv)

    def refuse(*args, **kwargs):
        raise AssertionError("the file was read into pandas")

    monkeypatch.setattr(byod, "read_csv_path", refuse)
    same_analysis(byod.run(parquet, **RUNS[kind]), want)


def test_csv_over_the_size_limit_goes_to_the_engine(tmp_path, monkeypatch):
    csv = FILES / SOURCES["individual"]
    want = byod.run(csv, **RUNS["individual"])
    monkeypatch.setattr(byod, "MAX_BYTES", 1000)  # this small file now counts as big
    assert byod.in_engine(csv)
    monkeypatch.setattr(byod, "read_csv_path", lambda *a, **k: pytest.fail("read here"))
    got = byod.run(csv, **RUNS["individual"], output_dir=str(tmp_path / "out"))
    same_analysis(got, want)
    assert (tmp_path / "out" / "disparities.csv").is_file()


def test_engine_reads_values_as_the_app_does_and_problems_are_plain(tmp_path):
    words = tmp_path / "words.parquet"
    pl.DataFrame({"race": ["A", "B", "B"], "served": ["yes", "no", "Y"]}).write_parquet(words)
    table = byod.run(words, "race", "served").comparison.tidy
    small = tmp_path / "words.csv"
    small.write_text("race,served\nA,yes\nB,no\nB,Y\n")
    pd.testing.assert_frame_equal(table, byod.run(small, "race", "served").comparison.tidy)
    with pytest.raises(DataProblem, match=r"no column called 'rce' .*columns are: 'race', "
                                          r"'served'"):
        byod.run(words, "rce", "served")
    with pytest.raises(DataProblem, match="must not repeat"):
        byod.run(words, "race", "race")
    with pytest.raises(DataProblem, match=r"There is no file at .*nowhere\.parquet"):
        byod.run(tmp_path / "nowhere.parquet", "race", "served")


def test_app_points_big_files_to_the_headless_run(tmp_path):
    from equitylab.widgets.byod import byod_app

    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(userdata.MAX_BYTES + 1)  # sparse: nothing written
    app = byod_app()
    assert not app.load_path(str(big))
    assert f"up to {userdata.MAX_BYTES // 2**20} MB" in app.error and "papermill" in app.error \
        and "Parquet" in app.error
    assert "papermill" in app.message.value
