"""Build the counts table: one vectorised group-by in the engine that holds the data."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._engines import groupby_engine
from ._errors import (
    AllMissingGroupsError,
    ColumnNotFoundError,
    EmptyDataError,
    EventsExceedDenominatorError,
    NegativeCountError,
    NonBinaryOutcomeError,
)
from ._indicator import Indicator, Unit

__all__ = ["Counts", "count", "from_counts"]

_EXCLUDED_COLUMNS = ["reason", "group", "rows"]


@dataclass(frozen=True)
class Counts:
    """A counts table: one row per stratum x group, plus the rows that were left out.

    Attributes
    ----------
    table : pandas.DataFrame
        Columns: the strata, ``group``, ``n`` (people or rows with a known outcome, or the
        population), ``events`` (sum of the outcome), ``exposure`` (person-time or
        population for rates; equal to ``n`` otherwise), ``sum_sq`` (sum of squared
        values, for means) and ``missing_outcome``.
    excluded : pandas.DataFrame
        Columns ``reason``, ``group``, ``rows``: rows left out because the group, a
        stratum or the outcome was missing or unknown. Never dropped silently.
    indicator : Indicator
        What was measured, its direction of good and its unit.
    group : str
        Name of the group column in the source data (the table calls it ``group``).
    strata : tuple of str
        Names of the stratum columns (e.g. an area), possibly empty.
    """

    table: pd.DataFrame
    excluded: pd.DataFrame
    indicator: Indicator
    group: str = "group"
    strata: tuple[str, ...] = field(default_factory=tuple)

    @property
    def excluded_rows(self) -> int:
        """Return the total number of source rows left out of the measures."""
        return int(self.excluded["rows"].sum()) if len(self.excluded) else 0


def _check_columns(columns: Iterable[Any], wanted: Sequence[str], what: str) -> None:
    have = list(columns)
    for name in wanted:
        if name not in have:
            raise ColumnNotFoundError(
                f"Column {name!r} ({what}) is not in the data. Available columns: "
                f"{', '.join(map(str, have))}. Check the spelling, or rename the column."
            )


def _strata_tuple(strata: str | Sequence[str] | None) -> tuple[str, ...]:
    if strata is None:
        return ()
    if isinstance(strata, str):
        return (strata,)
    return tuple(strata)


def _indicator_for(indicator: Indicator | str | None, outcome: str, unit: Unit | None) -> Indicator:
    if isinstance(indicator, Indicator):
        if unit is not None and unit != indicator.unit:
            raise ValueError(
                f"unit={unit!r} disagrees with the indicator's unit {indicator.unit!r}; "
                "give one or the other."
            )
        return indicator
    name = outcome if indicator is None else str(indicator)
    return Indicator(name, "adverse", unit or "proportion")


def _is_pandas(data: Any) -> bool:
    return isinstance(data, pd.DataFrame)


def _validate_outcome_pandas(data: pd.DataFrame, outcome: str, unit: Unit) -> None:
    col = data[outcome]
    if pd.api.types.is_bool_dtype(col.dtype):
        return
    inferred = pd.api.types.infer_dtype(col, skipna=True) if col.dtype == object else ""
    if inferred == "boolean":  # Python True/False with None for missing
        return
    numeric_objects = inferred in ("integer", "floating", "mixed-integer-float")
    if not pd.api.types.is_numeric_dtype(col.dtype) and not numeric_objects:
        example = col.dropna().iloc[0] if col.notna().any() else None
        hint = (
            f"convert it first, e.g. data[{outcome!r}].eq({example!r})"
            if unit == "proportion"
            else f"convert it with pandas.to_numeric(data[{outcome!r}])"
        )
        raise NonBinaryOutcomeError(
            f"Column {outcome!r} holds text (e.g. {example!r}), but a {unit} needs "
            f"{'yes/no values (True/False or 0/1)' if unit == 'proportion' else 'numbers'}: "
            f"{hint}."
        )
    values = col.to_numpy(dtype=np.float64, na_value=np.nan)
    _validate_values(values, outcome, unit)


def _validate_values(values: np.ndarray, outcome: str, unit: Unit) -> None:
    known = values[~np.isnan(values)]
    if unit == "proportion":
        bad = (known != 0) & (known != 1)
        if bad.any():
            raise NonBinaryOutcomeError(
                f"Column {outcome!r} must be yes/no (True/False or 0/1) to compute a "
                f"proportion, but it holds other values such as {known[bad][0]:g}. "
                "Recode it to 0/1, or use unit='rate' for counts or unit='mean' for values."
            )
    elif unit == "rate" and (known < 0).any():
        raise NegativeCountError(
            f"Column {outcome!r} has negative event counts (e.g. {known[known < 0][0]:g}); "
            "counts of events cannot be negative. Fix or remove those rows."
        )


def _codes(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes (NA as the last code) and the values they stand for, in sorted order."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = col.cat.codes.to_numpy()
        values = np.asarray(col.cat.categories, dtype=object)
    else:
        codes, uniques = pd.factorize(col, sort=True, use_na_sentinel=True)
        values = np.asarray(uniques, dtype=object)
    k = len(values)
    codes = np.where(codes < 0, k, codes).astype(np.int64)
    return codes, np.append(values, np.array([None], dtype=object))


def _groupby_pandas(
    data: pd.DataFrame, keys: list[str], outcome: str, unit: Unit, person_time: str | None,
    weights: str | None = None,
) -> pd.DataFrame:
    """Sum, count and size per cell with one pass of ``numpy.bincount`` over cell codes.

    With ``weights``, each row stands for that many identical rows (a summary of a file).
    """
    parts = [_codes(data[k]) for k in keys]
    sizes = [len(v) for _, v in parts]
    cells = int(np.prod(sizes))
    if cells > 20_000_000:  # too many possible cells for a dense table: let pandas do it
        if weights is not None:
            data = data.loc[data.index.repeat(data[weights].to_numpy(np.int64))]
        return _groupby_pandas_fallback(data, keys, outcome, unit, person_time)
    code = parts[0][0]
    for (c, _), size in zip(parts[1:], sizes[1:], strict=True):
        code = code * size + c
    code = code.astype(np.intp, copy=False)  # bincount wants the platform's index type (wasm32)
    y = data[outcome].to_numpy(dtype=np.float64, na_value=np.nan)
    known = ~np.isnan(y)
    y0 = np.where(known, y, 0.0)
    w = (np.ones(len(data)) if weights is None
         else data[weights].to_numpy(dtype=np.float64, na_value=0.0))
    rows = np.bincount(code, weights=w, minlength=cells).round().astype(np.int64)
    out = {
        "events": np.bincount(code, weights=y0 * w, minlength=cells),
        "n": np.bincount(code, weights=known * w, minlength=cells),
        "rows": rows,
    }
    if unit == "mean":
        out["sum_sq"] = np.bincount(code, weights=y0 * y0 * w, minlength=cells)
    if person_time is not None:
        pt = data[person_time].to_numpy(dtype=np.float64, na_value=np.nan)
        out["exposure"] = np.bincount(code, weights=np.where(known, pt, 0.0) * w,
                                      minlength=cells)
    seen = np.flatnonzero(rows)
    frame = {}
    rest = seen
    for k, (_, values), size in reversed(list(zip(keys, parts, sizes, strict=True))):
        frame[k] = values[rest % size]
        rest = rest // size
    result = pd.DataFrame({k: frame[k] for k in keys})
    for name, arr in out.items():
        result[name] = arr[seen]
    return result


def _groupby_pandas_fallback(
    data: pd.DataFrame, keys: list[str], outcome: str, unit: Unit, person_time: str | None
) -> pd.DataFrame:
    y = data[outcome]
    if unit == "mean":
        y = y.astype("float64") if not pd.api.types.is_extension_array_dtype(y.dtype) else y
    by = [data[k] for k in keys]
    grouped = y.groupby(by, observed=True, dropna=False, sort=True)
    out = grouped.agg(["sum", "count", "size"])
    out.columns = ["events", "n", "rows"]
    if unit == "mean":
        out["sum_sq"] = (y * y).groupby(by, observed=True, dropna=False, sort=True).sum()
    if person_time is not None:
        pt = data[person_time].where(y.notna())
        out["exposure"] = pt.groupby(by, observed=True, dropna=False, sort=True).sum()
    return out.reset_index()


def _label(values: pd.Series) -> pd.Series:
    """Turn group values of any type into string labels, keeping NA."""
    return values.astype("object").where(values.notna(), None).map(
        lambda v: v if v is None else str(v)
    )


def _finish(
    raw: pd.DataFrame,
    *,
    group: str,
    strata: tuple[str, ...],
    indicator: Indicator,
    unknown: Sequence[Any],
) -> Counts:
    """Split off missing and unknown keys, report them, and return the counts table."""
    raw = raw.rename(columns={group: "group"})
    raw["group"] = _label(raw["group"])
    for s in strata:
        raw[s] = _label(raw[s])
    missing_group = raw["group"].isna().to_numpy()
    unknown_labels = {str(u) for u in unknown}
    unknown_group = raw["group"].isin(unknown_labels).to_numpy() & ~missing_group
    missing_stratum = (
        raw[list(strata)].isna().any(axis=1).to_numpy() if strata else np.zeros(len(raw), bool)
    )
    drop = missing_group | unknown_group | missing_stratum
    pieces = []
    if missing_group.any():
        pieces.append(("missing group", None, raw.loc[missing_group, "rows"].sum()))
    if unknown_group.any():
        sub = raw.loc[unknown_group].groupby("group", sort=True)["rows"].sum()
        pieces += [("unknown group", g, r) for g, r in sub.items()]
    if (missing_stratum & ~missing_group & ~unknown_group).any():
        sel = missing_stratum & ~missing_group & ~unknown_group
        pieces.append((f"missing {', '.join(strata)}", None, raw.loc[sel, "rows"].sum()))
    kept = raw.loc[~drop].copy()
    if kept.empty:
        unknown_note = (
            f" (or is an unknown value: {', '.join(sorted(unknown_labels))})"
            if unknown_labels
            else ""
        )
        raise AllMissingGroupsError(
            f"Every row is missing its group in column {group!r}"
            f"{unknown_note}"
            f"{' or a stratum in ' + ', '.join(map(repr, strata)) if strata else ''}, so there is "
            "nothing to compare. Check that the right column was named and that it was loaded."
        )
    kept["missing_outcome"] = (kept["rows"] - kept["n"]).astype("int64")
    missing_outcome = kept.loc[kept["missing_outcome"] > 0]
    if len(missing_outcome):
        sub = missing_outcome.groupby("group", sort=True)["missing_outcome"].sum()
        pieces += [("missing outcome", g, r) for g, r in sub.items()]
    if int(kept["n"].sum()) == 0:
        raise AllMissingGroupsError(
            f"Every row with a group in {group!r} is missing its outcome, so there is nothing "
            "to measure. Check that the outcome column was loaded."
        )
    excluded = pd.DataFrame(pieces, columns=_EXCLUDED_COLUMNS)
    excluded["rows"] = excluded["rows"].astype("int64")
    kept["n"] = kept["n"].astype("float64")
    kept["events"] = kept["events"].astype("float64")
    kept["exposure"] = kept["exposure"].astype("float64") if "exposure" in kept else kept["n"]
    kept["sum_sq"] = kept["sum_sq"].astype("float64") if "sum_sq" in kept else np.nan
    cols = [*strata, "group", "n", "events", "exposure", "sum_sq", "missing_outcome"]
    return Counts(kept[cols].reset_index(drop=True), excluded, indicator, group, strata)


def count(
    data: Any,
    group: str,
    outcome: str,
    *,
    strata: str | Sequence[str] | None = None,
    indicator: Indicator | str | None = None,
    unit: Unit | None = None,
    person_time: str | None = None,
    unknown: Sequence[Any] = (),
    weights: str | None = None,
) -> Counts:
    """Count people and events by group (and strata) from individual rows.

    The group-by runs where the data lives: in pandas for a pandas DataFrame; in Polars,
    DuckDB or Spark for their tables, through narwhals; and for the path of a Parquet or
    CSV file, in DuckDB (or Polars), which scans the file without loading it whole. Only
    the small counts table comes back, and it is the same table, with the same dtypes and
    order, whichever engine made it. The caller's data is never changed.

    Parameters
    ----------
    data : pandas or Polars DataFrame, Polars LazyFrame, DuckDB relation, Spark DataFrame, path
        One row per person, event or observation. A path (``str`` or
        :class:`pathlib.Path`) names a ``.parquet`` or ``.csv`` file with a header row.
    group : str
        Column holding the group (e.g. race). Text, category and bool columns all work.
    outcome : str
        Column holding the outcome: yes/no (bool or 0/1) for a proportion, a count for a
        rate, or a value for a mean.
    strata : str or list of str, optional
        Extra columns to break the table down by, e.g. an area.
    indicator : Indicator or str, optional
        What is measured. A string names an adverse indicator. Defaults to the outcome
        column's name, adverse.
    unit : {"proportion", "rate", "mean"}, optional
        Shortcut for ``Indicator(..., unit=unit)``.
    person_time : str, optional
        For rates: column of person-time at risk; otherwise the rate is per row.
    unknown : sequence, optional
        Group values that mean "unknown" (e.g. ``["Unknown"]``). Their rows are left out
        and reported in ``excluded``, like rows with a missing group.
    weights : str, optional
        pandas only: a column of whole numbers saying how many identical rows each row
        stands for (a summary of a larger file, one row per distinct combination).

    Returns
    -------
    Counts

    Raises
    ------
    ColumnNotFoundError
        If a named column is missing.
    DataSourceError
        If a path is not a Parquet or CSV file, or ``data`` is not a table an engine holds.
    NonBinaryOutcomeError
        If a proportion is asked for and the outcome is not yes/no.
    NegativeCountError
        If a rate's event counts are negative.
    EmptyDataError, AllMissingGroupsError
        If there is nothing to measure.

    Examples
    --------
    >>> df = pd.DataFrame({"race": ["A", "A", "B", None, "B"], "searched": [1, 0, 1, 1, None]})
    >>> c = count(df, "race", "searched")
    >>> c.table[["group", "n", "events", "missing_outcome"]]
      group    n  events  missing_outcome
    0     A  2.0     1.0                0
    1     B  1.0     1.0                1
    >>> c.excluded[["reason", "rows"]]
                reason  rows
    0    missing group     1
    1  missing outcome     1
    """
    strata_t = _strata_tuple(strata)
    ind = _indicator_for(indicator, outcome, unit)
    keys = [*strata_t, group]
    if _is_pandas(data):
        needed = [*keys, outcome] + ([person_time] if person_time else [])
        needed += [weights] if weights else []
        _check_columns(data.columns, needed, "named in the call")
        if len(data) == 0:
            raise EmptyDataError(
                "The data has no rows. Check the filter or the file that was loaded."
            )
        _validate_outcome_pandas(data, outcome, ind.unit)
        raw = _groupby_pandas(data, keys, outcome, ind.unit, person_time, weights)
    elif weights is not None:
        raise ValueError("weights= is for a pandas DataFrame (a summary of a file).")
    else:
        raw = groupby_engine(data, keys, outcome, ind.unit, person_time)
        if raw.empty or raw["rows"].sum() == 0:
            raise EmptyDataError(
                "The data has no rows. Check the filter or the file that was loaded."
            )
    if person_time is not None and (raw["exposure"] < 0).any():
        bad = raw.loc[raw["exposure"] < 0, group].iloc[0]
        raise NegativeCountError(
            f"Person-time in column {person_time!r} adds up to a negative number for group "
            f"{bad!r}. Person-time cannot be negative: fix those rows."
        )
    return _finish(raw, group=group, strata=strata_t, indicator=ind, unknown=unknown)


def from_counts(
    table: pd.DataFrame,
    group: str,
    events: str | None = None,
    denominator: str | None = None,
    *,
    strata: str | Sequence[str] | None = None,
    indicator: Indicator | str | None = None,
    unit: Unit | None = None,
    person_time: str | None = None,
    mean: str | None = None,
    sd: str | None = None,
    unknown: Sequence[Any] = (),
) -> Counts:
    """Use an already aggregated table: one row per group (and stratum) with counts.

    Parameters
    ----------
    table : pandas.DataFrame
        Aggregated counts. Several rows for the same group and stratum are added up.
    group : str
        Column holding the group.
    events : str
        Column of event counts (numerators).
    denominator : str
        Column of people (for proportions) or population (for rates).
    strata : str or list of str, optional
        Extra columns the table is broken down by.
    indicator : Indicator or str, optional
        What is measured; defaults to the ``events`` column's name, adverse.
    unit : {"proportion", "rate", "mean"}, optional
        Shortcut for the indicator's unit.
    person_time : str, optional
        For rates: person-time at risk, used instead of ``denominator``.
    mean, sd : str, optional
        For means: columns of each group's mean and standard deviation; ``denominator``
        then holds the number of observations.
    unknown : sequence, optional
        Group values that mean "unknown"; reported in ``excluded`` and left out.

    Returns
    -------
    Counts

    Raises
    ------
    ColumnNotFoundError, NegativeCountError, EventsExceedDenominatorError, EmptyDataError

    Examples
    --------
    >>> t = pd.DataFrame({"race": ["Black", "White"], "searched": [45, 30], "stops": [300, 400]})
    >>> from_counts(t, "race", "searched", "stops").table[["group", "n", "events"]]
       group      n  events
    0  Black  300.0    45.0
    1  White  400.0    30.0
    """
    strata_t = _strata_tuple(strata)
    name = events if events is not None else (mean or "value")
    ind = _indicator_for(indicator, name, unit or ("mean" if mean else None))
    if denominator is None:
        raise ValueError(
            "from_counts needs denominator=: the column of people (for proportions), "
            "population (for rates) or observations (for means)."
        )
    if ind.unit == "mean":
        if mean is None or sd is None:
            raise ValueError("For means, give mean= and sd= columns (and denominator= for n).")
        value_cols = [mean, sd, denominator]
    else:
        if events is None:
            raise ValueError("from_counts needs events=: the column of event counts.")
        value_cols = [events, denominator] + ([person_time] if person_time else [])
    _check_columns(table.columns, [*strata_t, group, *value_cols], "named in the call")
    if len(table) == 0:
        raise EmptyDataError("The table has no rows. Check the filter or the file that was loaded.")
    for col in value_cols:
        if not pd.api.types.is_numeric_dtype(table[col].dtype):
            raise ValueError(
                f"Column {col!r} must hold numbers, but it has type {table[col].dtype}. "
                f"Convert it with pandas.to_numeric(table[{col!r}])."
            )
        if col == (mean if ind.unit == "mean" else None):
            continue
        neg = table[col] < 0
        if neg.any():
            g = table.loc[neg, group].iloc[0]
            raise NegativeCountError(
                f"Column {col!r} is negative ({table.loc[neg, col].iloc[0]!r}) for group {g!r}. "
                "Counts, denominators and person-time cannot be negative: fix that row."
            )
    keys = [*strata_t, group]
    if ind.unit == "mean":
        nn = table[denominator].astype("float64")
        m = table[mean].astype("float64")
        s = table[sd].astype("float64")
        frame = pd.DataFrame(
            {
                **{k: table[k] for k in keys},
                "events": m * nn,
                "sum_sq": s * s * (nn - 1) + nn * m * m,
                "n": nn,
            }
        )
    else:
        frame = pd.DataFrame(
            {
                **{k: table[k] for k in keys},
                "events": table[events].astype("float64"),
                "n": table[denominator].astype("float64"),
            }
        )
        if person_time:
            frame["exposure"] = table[person_time].astype("float64")
    known = frame["events"].notna() & frame["n"].notna()
    frame["rows"] = 1
    frame["known"] = known.astype("int64")
    grouped = frame.groupby(keys, observed=True, dropna=False, sort=True)
    raw = grouped.sum(min_count=1).reset_index()
    raw["rows"] = raw["rows"].astype("int64")
    # One aggregated row counts as its denominator's worth of people; a row with a missing
    # value is reported as a missing outcome.
    raw["missing_outcome_rows"] = raw["rows"] - raw["known"]
    if ind.unit == "proportion":
        over = raw["events"] > raw["n"]
        if over.any():
            row = raw.loc[over].iloc[0]
            raise EventsExceedDenominatorError(
                f"Group {row[group]!r} has {row['events']:g} events in {events!r} but only "
                f"{row['n']:g} in {denominator!r}; a proportion cannot exceed 1. Check that "
                "the columns are not swapped and that both count the same people."
            )
    raw = raw.rename(columns={"rows": "_r"})
    raw["rows"] = raw["n"].fillna(0)
    raw["n"] = raw["n"].where(raw["known"] > 0, 0.0)
    raw["events"] = raw["events"].fillna(0.0)
    counts = _finish(
        raw.drop(columns=["_r", "known"]).rename(columns={"missing_outcome_rows": "_mo"}),
        group=group,
        strata=strata_t,
        indicator=ind,
        unknown=unknown,
    )
    return counts


def counts_of(source: Any, group: str | None, outcome: str | None, **count_kwargs: Any) -> Counts:
    """Return ``source`` if it is already a :class:`Counts`, else :func:`count` its rows.

    The one door through which the measures accept either a counts table or individual rows.

    Raises
    ------
    ValueError
        If rows are given without ``group`` and ``outcome`` column names.

    Examples
    --------
    >>> rows = pd.DataFrame({"g": ["a", "a", "b"], "y": [True, False, True]})
    >>> counts_of(rows, "g", "y").table[["group", "n", "events"]].to_dict("list")
    {'group': ['a', 'b'], 'n': [2.0, 1.0], 'events': [1.0, 1.0]}
    >>> counts_of(rows, None, None)
    Traceback (most recent call last):
    ...
    ValueError: Give group= and outcome= column names when passing individual rows, ...
    """
    if isinstance(source, Counts):
        return source
    if group is None or outcome is None:
        raise ValueError(
            "Give group= and outcome= column names when passing individual rows, or pass "
            "the result of count() or from_counts()."
        )
    return count(source, group, outcome, **count_kwargs)
