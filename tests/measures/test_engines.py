"""The same call gives the same tables (values, dtypes, order) on pandas, Polars, DuckDB and
files read lazily; bad sources get plain messages. Spark: test_engines_spark.py."""

from __future__ import annotations

import duckdb
import pandas as pd
import polars as pl
import pytest

from equitylab import measures as m
from equitylab.measures import _engines

from .engine_data import CALLS, pandas_frame, rows


@pytest.fixture(scope="module")
def data():
    return rows()


@pytest.fixture(scope="module")
def files(data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("engines")
    frame = pl.DataFrame(data)
    frame.write_parquet(folder / "stops.parquet")
    frame.write_csv(folder / "stops.csv")
    return folder


@pytest.fixture(scope="module")
def con():
    with duckdb.connect() as connection:  # open while its relations are used
        yield connection


def sources(data, files, con):
    """Every way the same rows can be given, by name."""
    polars_frame = pl.DataFrame(data)
    return {
        "polars": polars_frame,
        "polars lazy": polars_frame.lazy(),
        "duckdb relation": con.sql("select * from read_parquet(?)",
                                   params=[str(files / "stops.parquet")]),
        "parquet path": files / "stops.parquet",
        "parquet path as text": str(files / "stops.parquet"),
        "csv path": files / "stops.csv",
    }


@pytest.mark.parametrize("call", CALLS)
def test_every_engine_gives_the_pandas_tables(call, data, files, con):
    group, outcome, kwargs = CALLS[call]
    base = m.count(pandas_frame(data), group, outcome, **kwargs)
    base_d = m.disparities(base, reference="White")
    for name, source in sources(data, files, con).items():
        got = m.count(source, group, outcome, **kwargs)
        pd.testing.assert_frame_equal(got.table, base.table, obj=f"{name} table")
        pd.testing.assert_frame_equal(got.excluded, base.excluded, obj=f"{name} excluded")
        pd.testing.assert_frame_equal(m.disparities(got, reference="White"), base_d,
                                      obj=f"{name} disparities")


def test_a_file_is_never_read_into_pandas(files, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the whole file was read into pandas")

    for reader in ("read_csv", "read_parquet"):
        monkeypatch.setattr(pd, reader, refuse)
    raw = _engines.groupby_engine(files / "stops.parquet", ["area", "race"], "searched",
                                  "proportion", None)
    monkeypatch.undo()
    # one row per area x race cell (with missing ones), not one per stop
    assert len(raw) <= 4 * 6 and raw["rows"].sum() == len(rows()["race"])


def test_files_are_read_by_polars_without_duckdb(data, files, monkeypatch):
    real = _engines.importlib.util.find_spec
    monkeypatch.setattr(_engines.importlib.util, "find_spec",
                        lambda name, *a: None if name == "duckdb" else real(name, *a))
    lazy, owner = _engines.scan(files / "stops.csv")
    assert isinstance(lazy, pl.LazyFrame) and owner is None
    base = m.count(pandas_frame(data), "race", "searched", strata="area")
    got = m.count(files / "stops.parquet", "race", "searched", strata="area")
    pd.testing.assert_frame_equal(got.table, base.table)


def test_without_duckdb_or_polars_a_path_says_what_to_install(files, monkeypatch):
    monkeypatch.setattr(_engines.importlib.util, "find_spec", lambda name, *a: None)
    monkeypatch.setitem(__import__("sys").modules, "polars", None)
    with pytest.raises(m.DataSourceError, match=r"needs DuckDB or Polars.*pip install duckdb"):
        m.count(files / "stops.parquet", "race", "searched")


def test_bad_sources_get_plain_messages(files, tmp_path):
    with pytest.raises(m.DataSourceError, match=r"There is no file named 'nowhere\.parquet'"):
        m.count(tmp_path / "nowhere.parquet", "race", "searched")
    (tmp_path / "stops.xlsx").write_bytes(b"PK")
    with pytest.raises(m.DataSourceError, match=r"'stops\.xlsx' is neither Parquet"):
        m.count(tmp_path / "stops.xlsx", "race", "searched")
    with pytest.raises(m.DataSourceError, match=r"count\(\) takes a pandas DataFrame.*a list"):
        m.count([1, 2, 3], "race", "searched")
    with pytest.raises(m.ColumnNotFoundError, match=r"'rac'.*Available columns: race, area"):
        m.count(files / "stops.parquet", "rac", "searched")
    assert issubclass(m.DataSourceError, ValueError)


def test_bad_outcomes_in_an_engine_are_named(files, con):
    with pytest.raises(m.NonBinaryOutcomeError, match=r"'events' must be yes/no.*between 0"):
        m.count(files / "stops.parquet", "race", "events")
    with pytest.raises(m.NonBinaryOutcomeError, match=r"'race' has type String"):
        m.count(files / "stops.parquet", "area", "race")
    rel = con.sql("select 'a' as g, -1 as y")
    with pytest.raises(m.NegativeCountError, match=r"'y' has negative event counts"):
        m.count(rel, "g", "y", unit="rate")
    with pytest.raises(m.NonBinaryOutcomeError, match=r"'y' must be yes/no"):
        m.count(pl.LazyFrame({"g": ["a", "b"], "y": [0.0, 0.5]}), "g", "y")


def test_without_narwhals_pandas_works_and_an_engine_table_gets_a_plain_message(monkeypatch):
    """The in-browser course ships no engine and no narwhals: pandas tables never need it."""
    import sys

    monkeypatch.setitem(sys.modules, "narwhals", None)  # import narwhals now fails
    frame = pd.DataFrame({"g": ["a", "a", "b"], "y": [1, 0, 1]})
    assert m.count(frame, "g", "y").table["n"].tolist() == [2, 1]
    with pytest.raises(m.DataSourceError, match="narwhals"):
        m.count(pl.DataFrame({"g": ["a"], "y": [1]}), "g", "y")
