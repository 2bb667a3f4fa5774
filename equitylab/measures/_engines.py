"""The group-by in the engine that holds the data: Polars, DuckDB, PySpark, or a file.

One code path, through narwhals, for every input that is not a pandas DataFrame: a Polars
DataFrame or LazyFrame, a DuckDB relation, a PySpark DataFrame, or the path of a Parquet or
CSV file (scanned lazily by DuckDB, or by Polars when DuckDB is not installed). The engine
does the work; only the small counts table (one row per stratum x group) comes back, as
pandas. Nothing here imports an engine until it is given one: the package works without
any of them (the in-browser course has none).
"""

from __future__ import annotations

import functools
import importlib.util
import operator
import os
from pathlib import Path
from typing import Any

import pandas as pd

from equitylab.escape import missing_file

from ._errors import (
    ColumnNotFoundError,
    DataSourceError,
    NegativeCountError,
    NonBinaryOutcomeError,
)
from ._indicator import Unit

__all__ = ["CSV_SUFFIXES", "PARQUET_SUFFIXES", "ROW", "column_names", "distinct_rows",
           "groupby_engine", "scan", "scan_text"]

PARQUET_SUFFIXES = (".parquet", ".pq")
CSV_SUFFIXES = (".csv", ".csv.gz", ".tsv")
_PREFIX = "__equitylab_"

#: What count() takes, for messages.
_ACCEPTED = (
    "a pandas DataFrame, a Polars DataFrame or LazyFrame, a DuckDB relation, a PySpark "
    "DataFrame, or the path of a Parquet or CSV file"
)


def _kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(CSV_SUFFIXES):
        return "csv"
    raise DataSourceError(
        f"The file {path.name!r} is neither Parquet (.parquet) nor CSV (.csv, .csv.gz, .tsv). "
        "Save it in one of those formats, or read it yourself and pass the table."
    )


def scan(path: str | os.PathLike[str]) -> tuple[Any, Any]:
    """Open a Parquet or CSV file lazily: nothing is read until the group-by runs.

    DuckDB scans it if DuckDB is installed, otherwise Polars.

    Parameters
    ----------
    path : str or path-like
        A ``.parquet``/``.pq`` file, or a ``.csv``/``.csv.gz``/``.tsv`` file with a header row.

    Returns
    -------
    tuple
        The lazy table (a DuckDB relation or a Polars LazyFrame) and the DuckDB connection
        that owns it (``None`` for Polars): keep it open until the result is collected.

    Raises
    ------
    DataSourceError
        If there is no such file, its type is not Parquet or CSV, or neither DuckDB nor
        Polars is installed.
    """
    p = Path(path)
    if not p.is_file():
        raise DataSourceError(missing_file(p))
    kind = _kind(p)
    if importlib.util.find_spec("duckdb") is not None:
        import duckdb

        # No progress bar: in a notebook DuckDB would draw one with ipywidgets in the output.
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        # A SQL scan rather than con.read_csv: DuckDB 2.0 turns that relation back into SQL
        # with options that read a yes/no column as numbers.
        literal = "'" + str(p).replace("'", "''") + "'"
        if kind == "parquet":
            return con.sql(f"select * from read_parquet({literal})"), con
        tab = ", delim = '\\t'" if p.name.lower().endswith(".tsv") else ""
        return con.sql(f"select * from read_csv({literal}{tab})"), con
    try:
        import polars as pl
    except ImportError:
        raise DataSourceError(
            f"Reading {p.name!r} without loading it whole needs DuckDB or Polars, and neither "
            "is installed. Install one (pip install duckdb), or read the file with pandas and "
            "pass the table."
        ) from None
    if kind == "parquet":
        return pl.scan_parquet(p), None
    sep = "\t" if p.name.lower().endswith(".tsv") else ","
    return pl.scan_csv(p, separator=sep), None


def _lazy(data: Any) -> Any:
    """Wrap a native table as a narwhals LazyFrame, or say plainly what is accepted."""
    try:
        import narwhals as nw
    except ImportError:  # the in-browser course ships no engine, hence no narwhals
        raise DataSourceError(
            f"count() takes {_ACCEPTED}; it was given a {type(data).__name__}, and the "
            "library that reads other tables (narwhals) is not installed here."
        ) from None
    try:
        frame = nw.from_native(data)
    except TypeError:
        raise DataSourceError(
            f"count() takes {_ACCEPTED}; it was given a {type(data).__name__}."
        ) from None
    if isinstance(frame, nw.DataFrame):
        frame = frame.lazy()
    if not isinstance(frame, nw.LazyFrame):  # a Series
        raise DataSourceError(
            f"count() takes {_ACCEPTED}; it was given a {type(data).__name__}."
        )
    return frame


def collect(lazy: Any) -> pd.DataFrame:
    """Bring a small narwhals result into pandas, row by row (no pyarrow needed)."""
    native = lazy.to_native()
    if hasattr(native, "fetchall") and hasattr(native, "columns"):  # DuckDB relation
        return pd.DataFrame.from_records(native.fetchall(), columns=list(native.columns))
    if hasattr(native, "toPandas"):  # PySpark DataFrame: Rows are tuples
        rows = [tuple(r) for r in native.collect()]
        return pd.DataFrame.from_records(rows, columns=list(native.columns))
    frame = lazy.collect() if hasattr(lazy, "collect") else lazy
    return pd.DataFrame(frame.to_dict(as_series=False))


def _outcome(dtype: Any, outcome: str, unit: Unit) -> Any:
    """Return the outcome as an expression to sum: bools as 0/1, NaN as missing."""
    import narwhals as nw

    if dtype != nw.Boolean and not dtype.is_numeric():
        raise NonBinaryOutcomeError(
            f"Column {outcome!r} has type {dtype}, but a {unit} needs numbers"
            f"{' (yes/no as True/False or 0/1)' if unit == 'proportion' else ''}. Cast it first."
        )
    y = nw.col(outcome)
    if dtype.is_float():  # NaN means missing, as in pandas
        y = nw.when(~y.is_nan()).then(y)
    if dtype == nw.Boolean:
        return y.cast(nw.Int64)
    return y.cast(nw.Float64) if unit == "mean" else y


def _validate(out: pd.DataFrame, outcome: str, unit: Unit) -> None:
    """Check the outcome from each cell's smallest and largest value (and fraction part)."""
    if unit == "mean" or "_lo" not in out or out["_lo"].isna().all():
        return
    lo, hi = float(out["_lo"].min()), float(out["_hi"].max())
    frac = float(out["_frac"].max()) if "_frac" in out else 0.0
    if unit == "proportion" and (lo < 0 or hi > 1 or frac > 0):
        raise NonBinaryOutcomeError(
            f"Column {outcome!r} must be yes/no (True/False or 0/1) to compute a "
            f"proportion, but it holds values between {lo:g} and {hi:g}. Recode it to 0/1, "
            "or use unit='rate' for counts or unit='mean' for values."
        )
    if unit == "rate" and lo < 0:
        raise NegativeCountError(
            f"Column {outcome!r} has negative event counts (as low as {lo:g}); counts of "
            "events cannot be negative. Fix or remove those rows."
        )


def groupby_engine(
    data: Any, keys: list[str], outcome: str, unit: Unit, person_time: str | None
) -> pd.DataFrame:
    """Sum, count and size per cell in the engine that holds ``data``; return them as pandas.

    One pass over the data: the cell's smallest and largest outcome (to check it) are
    aggregated with its counts. The result is sorted by the keys, missing keys last.

    Parameters
    ----------
    data : polars.DataFrame, polars.LazyFrame, duckdb relation, pyspark DataFrame or path
        The rows, where they live.
    keys : list of str
        Stratum columns, then the group column.
    outcome : str
        The outcome column.
    unit : {"proportion", "rate", "mean"}
        What is measured.
    person_time : str or None
        For rates: the person-time column.

    Returns
    -------
    pandas.DataFrame
        The keys, ``events``, ``n``, ``rows`` (int64) and, as needed, ``sum_sq`` and
        ``exposure``; every sum as float64.
    """
    owner = None
    if isinstance(data, str | os.PathLike):
        data, owner = scan(data)
    try:
        frame = _lazy(data)
        import narwhals as nw

        schema = frame.collect_schema()
        needed = [*keys, outcome] + ([person_time] if person_time else [])
        names = schema.names()
        missing = [c for c in needed if c not in names]
        if missing:
            raise ColumnNotFoundError(
                f"Column {missing[0]!r} (named in the call) is not in the data. Available "
                f"columns: {', '.join(map(str, names))}. Check the spelling, or rename the column."
            )
        y = _outcome(schema[outcome], outcome, unit)
        aggs = {"events": y.sum(), "n": y.count()}
        if unit != "mean" and schema[outcome] != nw.Boolean:
            aggs |= {"_lo": y.min(), "_hi": y.max()}
            if unit == "proportion" and schema[outcome].is_float():
                aggs["_frac"] = (y * (1 - y)).abs().max()
        if unit == "mean":
            aggs["sum_sq"] = (y * y).sum()
        if person_time is not None:
            aggs["exposure"] = nw.when(~y.is_null()).then(nw.col(person_time)).sum()
        # Private names for the results: DuckDB's CSV scan mixes up an aggregate named like
        # a column of the file (e.g. "events").
        grouped = frame.group_by(keys, drop_null_keys=False).agg(
            nw.len().alias(_PREFIX + "rows"), *[e.alias(_PREFIX + k) for k, e in aggs.items()])
        # Cast after aggregating: DuckDB sums integers to HUGEINT (Decimal in Python), and
        # casting inside the aggregation is slower on some engines.
        grouped = grouped.with_columns(nw.col(_PREFIX + "rows").cast(nw.Int64),
                                       *[nw.col(_PREFIX + c).cast(nw.Float64) for c in aggs])
        out = collect(grouped)
    finally:
        if owner is not None:
            owner.close()
    out = out.rename(columns={_PREFIX + c: c for c in ["rows", *aggs]})
    _validate(out, outcome, unit)
    out = out.drop(columns=[c for c in ("_lo", "_hi", "_frac") if c in out])
    for c in out.columns.difference(keys):
        out[c] = out[c].astype("int64" if c == "rows" else "float64")
    return out.sort_values(keys, na_position="last", kind="stable").reset_index(drop=True)



#: Name of the row-number column added by :func:`scan_text`.
ROW = _PREFIX + "row"


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def scan_text(path: str | os.PathLike[str], names: list[str], *, separator: str = ",",
              encoding: str = "utf-8") -> tuple[Any, Any]:
    """Open a CSV or Parquet file lazily with every column as text and a row number.

    For checking a file's values before counting it (as the app checks a small file): a
    CSV file is read strictly (no guessing of types or of the dialect), with ``names`` as
    its columns; the row number (column :data:`ROW`, from 0 for the first row of data)
    follows the file.

    Parameters
    ----------
    path : str or path-like
        A CSV (``.csv``, ``.csv.gz``, ``.tsv``) or Parquet file.
    names : list of str
        The CSV file's column names, as read from its header row (ignored for Parquet).
    separator, encoding : str
        The CSV file's separator and text encoding (utf-8, cp1252 or utf-16).

    Returns
    -------
    tuple
        The lazy table (DuckDB relation or Polars LazyFrame) and the DuckDB connection that
        owns it (``None`` for Polars).

    Raises
    ------
    DataSourceError
        No such file, not CSV or Parquet, no engine, or an encoding Polars cannot read.
    """
    p = Path(path)
    if not p.is_file():
        raise DataSourceError(missing_file(p))
    kind = _kind(p)
    if importlib.util.find_spec("duckdb") is not None:
        import duckdb

        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        con.execute("SET preserve_insertion_order = true")
        if kind == "parquet":
            return con.sql(f"select *, file_row_number as {ROW} from read_parquet("
                           f"{_sql_text(str(p))}, file_row_number = true)"), con
        columns = ", ".join(f"{_sql_text(n)}: 'VARCHAR'" for n in names)
        enc = {"cp1252": "latin-1"}.get(encoding, encoding)
        # row_number() over () is a streaming window: it numbers rows in the file's order.
        return con.sql(
            f"select *, row_number() over () - 1 as {ROW} from read_csv({_sql_text(str(p))}, "
            f"auto_detect = false, header = true, columns = {{{columns}}}, "
            f"delim = {_sql_text(separator)}, quote = '\"', escape = '\"', "
            f"strict_mode = true, null_padding = false, encoding = {_sql_text(enc)})"), con
    try:
        import polars as pl
    except ImportError:
        raise DataSourceError(
            f"Reading {p.name!r} without loading it whole needs DuckDB or Polars, and neither "
            "is installed. Install one (pip install duckdb)."
        ) from None
    if kind == "parquet":
        return pl.scan_parquet(p, row_index_name=ROW), None
    if encoding not in ("utf-8", "utf8"):
        raise DataSourceError(
            f"{p.name!r} is not UTF-8 text, which Polars needs to read it without loading it "
            "whole. Save it as 'CSV UTF-8', or install DuckDB (pip install duckdb)."
        )
    return pl.scan_csv(p, separator=separator, has_header=True, infer_schema=False,
                       quote_char='"', row_index_name=ROW, new_columns=names), None


def distinct_rows(path: str | os.PathLike[str], columns: list[str], names: list[str], *,
                  separator: str = ",", encoding: str = "utf-8", limit: int = 200_000
                  ) -> tuple[pd.DataFrame, pd.Series, int]:
    """Summarise a file as its distinct combinations of ``columns`` (as text), in the engine.

    The engine reads the whole file once per query but brings back one row per distinct
    combination of the columns' values, with how many rows hold it and the first of them
    (rows whose every cell is empty are left out, as blank lines):
    for a file of people, a few rows per group. Checks written for a table of text (such as
    :func:`equitylab.userdata.check_mapping`) can then run on the summary.

    Parameters
    ----------
    path : str or path-like
        A CSV or Parquet file (see :func:`~equitylab.measures._engines.scan_text`).
    columns : list of str
        The columns to summarise.
    names : list of str
        The CSV file's column names, from its header row.
    separator, encoding : str
        As for :func:`~equitylab.measures._engines.scan_text`.
    limit : int, default 200,000
        Most combinations brought back: the first ``limit``, in the file's order.

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.Series, int)
        The combinations (the columns as text, missing where empty), indexed by the first
        row holding each (0 for the file's first row of data) and in that order; how many
        rows hold each (same index); and the number of distinct combinations in the file
        (possibly over ``limit``). ``attrs["skips_blank_lines"]`` says whether the row
        numbers leave out the file's empty lines (DuckDB's do).

    Raises
    ------
    DataSourceError
        As :func:`~equitylab.measures._engines.scan_text`.
    ColumnNotFoundError
        If a column is not in the file.
    Exception
        The engine's own error when the file cannot be read as CSV (the caller explains it).
    """
    import narwhals as nw

    native, owner = scan_text(path, names, separator=separator, encoding=encoding)
    # DuckDB numbers the rows of a CSV file without its empty lines; Polars (and pandas) with.
    skips_blank_lines = owner is not None and _kind(Path(path)) == "csv"
    try:
        frame = _lazy(native)
        have = frame.collect_schema().names()
        missing = [c for c in columns if c not in have]
        if missing:
            raise ColumnNotFoundError(
                f"Column {missing[0]!r} is not in the data. Available columns: "
                f"{', '.join(c for c in have if c != ROW)}."
            )
        keys = [_PREFIX + str(i) for i in range(len(columns))]
        # A row with every cell empty is a blank line: not a row of data (as in pandas).
        # (Or-ed one by one: any_horizontal's signature differs across narwhals 1.x and 2.x.)
        filled = functools.reduce(operator.or_, [~nw.col(c).is_null() for c in have if c != ROW],
                                  nw.lit(False))
        text = frame.filter(filled).select(*[nw.col(c).cast(nw.String).alias(k)
                              for c, k in zip(columns, keys, strict=True)], nw.col(ROW))
        grouped = text.group_by(keys, drop_null_keys=False).agg(
            nw.len().alias(_PREFIX + "rows"), nw.col(ROW).min().alias(_PREFIX + "first"))
        out = collect(grouped.sort(_PREFIX + "first").head(limit + 1))
        total = len(out)
        if total > limit:  # count them all (another pass), and keep the first ``limit``
            total = int(collect(grouped.select(nw.len().alias("n"))).iloc[0, 0])
            out = out.iloc[:limit]
    finally:
        if owner is not None:
            owner.close()
    first = out[_PREFIX + "first"].astype("int64")
    summary = pd.DataFrame({c: out[k].astype(object).where(out[k].notna(), None)
                            for c, k in zip(columns, keys, strict=True)})
    summary.index = pd.Index(first.to_numpy(), name=None)
    summary.attrs["skips_blank_lines"] = skips_blank_lines
    rows = pd.Series(out[_PREFIX + "rows"].astype("int64").to_numpy(), index=summary.index)
    return summary, rows, total


def column_names(path: str | os.PathLike[str]) -> list[str]:
    """Return the column names of a Parquet file (read from its metadata only)."""
    native, owner = scan_text(path, [])
    try:
        return [c for c in _lazy(native).collect_schema().names() if c != ROW]
    finally:
        if owner is not None:
            owner.close()
