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
    with pytest.raises(DataProblem, match=r"There is no file named 'nowhere\.parquet'"):
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


def test_a_large_file_names_the_row_at_fault_as_the_file_numbers_it(tmp_path):
    """Over the size limit (read by DuckDB in parallel blocks), the row named is exact."""
    big = tmp_path / "big.csv"
    rows = 700_000
    big.write_bytes(b"race,served\n" + b"Black,1\nWhite,0\n" * (rows // 2) + b"White,maybe\n"
                    + b"Black,1\n" * 5)
    assert byod.in_engine(big)
    with pytest.raises(DataProblem, match=rf"row {rows + 2} holds 'maybe'\. If the file"):
        byod.run(big, "race", "served")


def test_blank_lines_are_said_when_the_engine_names_rows(tmp_path, monkeypatch):
    path = tmp_path / "blank.csv"
    path.write_text("race,served\nA,1\n\nB,0\n\n\nA,x\nB,1\n")
    want = "row 7 holds 'x'"
    with pytest.raises(DataProblem, match=want):
        byod.run(path, "race", "served")
    monkeypatch.setattr(byod, "MAX_BYTES", 0)
    with pytest.raises(DataProblem, match=r"row 4 holds 'x'.*do not count the file's 3 blank "
                                          r"lines"):
        byod.run(path, "race", "served")


def test_too_many_combinations_are_refused_plainly(tmp_path, monkeypatch):
    monkeypatch.setattr(byod, "MAX_BYTES", 0)
    monkeypatch.setattr(byod, "MAX_COMBINATIONS", 30)
    path = tmp_path / "ids.csv"
    path.write_text("id,race,served\n" + "".join(f"p{i},{'AB'[i % 2]},{i % 2}\n"
                                                for i in range(500)))
    with pytest.raises(DataProblem, match=r"Column 'id' has over 30 different values, such as "
                                          r"'p0', 'p1', 'p2'; the course compares up to 20"):
        byod.run(path, "id", "served")
    counts = tmp_path / "counts.csv"
    counts.write_text("race,events,people\n" + "".join(f"{'AB'[i % 2]},{i},{i + 10}\n"
                                                      for i in range(500)))
    with pytest.raises(DataProblem, match=r"have 500 different combinations"):
        byod.run(counts, "race", "events", denominator_column="people")


def test_without_duckdb_polars_numbers_rows_as_the_file_does(tmp_path, monkeypatch):
    from equitylab.measures import _engines

    path = tmp_path / "blank.csv"
    path.write_text("race,served,note\nA,1,\n\nB,0,\n,,\n\nA,x,\nB,1,\n")
    messages = []
    for limit in (10**9, 0):  # the app's reader, then Polars
        monkeypatch.setattr(byod, "MAX_BYTES", limit)
        real = _engines.importlib.util.find_spec
        monkeypatch.setattr(_engines.importlib.util, "find_spec",
                            lambda name, *a, real=real: None if name == "duckdb"
                            else real(name, *a))
        with pytest.raises(DataProblem) as err:
            byod.run(path, "race", "served")
        messages.append(str(err.value))
    assert "row 7 holds 'x'" in messages[0] and messages[1] == messages[0]
    path.write_text("race,served,note\nA,1,\n\nB,0,\n,,\n\nA,0,\nB,1,\n")
    assert byod.run(path, "race", "served").notices == []  # blank lines are not rows
