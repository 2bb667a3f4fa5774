"""A participant's own data: read it, type its columns, guess their roles, in plain language.

The one ingestion path of the course, shared by lab 6 (:mod:`equitylab.labs.byod`) and the
racial equity tool (:func:`equitylab.tool.typed_upload`):

1. read: :func:`read_csv_bytes`, :func:`read_csv_path`, :func:`read_csv_upload` give a
   table of text, or a :class:`DataProblem` saying what is wrong with the file;
2. type: :func:`type_columns` makes yes/no columns ``boolean``, whole numbers ``Int64``
   and leaves the rest as text; :func:`as_flags` and :func:`as_counts` check one column
   chosen for a role and say which row is wrong;
3. guess roles: :func:`guess_roles` proposes the group, outcome and denominator columns.

Pure functions with no widgets.
"""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "ENCODINGS",
    "HEADLESS_HINT",
    "MAX_BYTES",
    "NO",
    "SEPARATORS",
    "YES",
    "ColumnRoles",
    "DataProblem",
    "as_counts",
    "as_flags",
    "guess_roles",
    "read_csv_bytes",
    "read_csv_path",
    "read_csv_upload",
    "safe_csv_name",
    "sniff_separator",
    "too_big",
    "type_columns",
]

#: Largest file the lab reads (bigger files should be aggregated first).
MAX_BYTES = 50 * 1024 * 1024

SEPARATORS = {"Comma (,)": ",", "Semicolon (;)": ";", "Tab": "\t", "Pipe (|)": "|"}
ENCODINGS = {"UTF-8 (most files)": "utf-8", "Windows / Latin-1 (older Excel exports)": "cp1252"}
#: Values (lower case, stripped) read as "yes" and as "no" in a 0/1 column.
YES = frozenset({"1", "1.0", "yes", "y", "true", "t"})
NO = frozenset({"0", "0.0", "no", "n", "false", "f"})


class DataProblem(ValueError):
    """A problem with the user's file or choices, explained in plain language."""


def _size_text(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:,.0f} KB"


#: Where a file over :data:`MAX_BYTES` can still be analysed: lab 6 run headless.
HEADLESS_HINT = (
    "A larger file, CSV or Parquet, can be analysed by running the lab without the app "
    "(papermill: see 'Running it for many files' in the lab), where DuckDB or Polars count it "
    "without loading it whole."
)


def too_big(size: int, name: str, *, headless: bool = False) -> DataProblem:
    """Return the message for a file of ``size`` bytes over :data:`MAX_BYTES`.

    With ``headless=True`` (the lab's app), the message also points to the headless run,
    which takes files of any size (:data:`HEADLESS_HINT`).
    """
    return DataProblem(
        f"The file {name} is {_size_text(size)}; the course reads files up to "
        f"{_size_text(MAX_BYTES)}. Aggregate it first (one row per group with a count of "
        "events and a count of people), or take a sample, and upload that."
        + (f" {HEADLESS_HINT}" if headless else "")
    )


def read_csv_bytes(data: bytes, *, name: str = "the file", separator: str = ",",
                   encoding: str = "utf-8") -> pd.DataFrame:
    r"""Read CSV bytes into a table of text, or raise :class:`DataProblem` saying what is wrong.

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        The file name, used in messages.
    separator : str, default ","
        The character between values.
    encoding : str, default "utf-8"
        The text encoding.

    Returns
    -------
    pandas.DataFrame
        Every column as text (typed later by :func:`type_columns`).

    Raises
    ------
    DataProblem
        Empty, too big, not text, wrong separator, no header, ragged rows.

    Examples
    --------
    >>> read_csv_bytes(b"race,searched\nA,1\n").columns.tolist()
    ['race', 'searched']
    >>> try:
    ...     read_csv_bytes(b"", name="my.csv")
    ... except DataProblem as problem:
    ...     print(str(problem).split(".")[0])
    The file my
    """
    if len(data) > MAX_BYTES:
        raise too_big(len(data), name)
    if len(data) == 0:
        raise DataProblem(f"The file {name} is empty (0 bytes). Choose a CSV file that has a "
                          "header row and at least one row of data.")
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DataProblem(f"The file {name} looks like an Excel workbook, not a CSV file. In "
                          "Excel, choose File > Save As > CSV UTF-8, and upload that file.")
    if b"\x00" in data[:4096]:
        raise DataProblem(f"The file {name} is not plain text (it holds binary data). Save it "
                          "as CSV and try again.")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise DataProblem(
            f"The file {name} is not {'UTF-8' if encoding.startswith('utf') else encoding} "
            f"text: byte {err.start + 1:,} cannot be read. It was probably saved by an older "
            "program; choose 'Windows / Latin-1' under Encoding, or save it again as "
            "'CSV UTF-8'."
        ) from None
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise DataProblem(f"The file {name} has no text in it (only blank lines). Choose a "
                          "CSV file with a header row and data.")
    first = text.splitlines()[0]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, index_col=False,
                                keep_default_na=True, skip_blank_lines=True)
    except pd.errors.ParserWarning:
        raise DataProblem(
            f"Some rows of {name} have more values than the header row has column names. "
            "Check for extra separators at the ends of rows, or text containing the "
            "separator that is not in quotes."
        ) from None
    except pd.errors.ParserError as err:
        match = re.search(r"line (\d+)", str(err))
        where = f" (line {match.group(1)})" if match else ""
        raise DataProblem(
            f"Some rows of {name} have more values than the header row{where}. Check for "
            "extra separators, or text with the separator inside it that is not in quotes."
        ) from None
    except pd.errors.EmptyDataError:
        raise DataProblem(f"The file {name} has no columns. Check that it is a CSV file.") \
            from None
    if frame.shape[1] == 1:
        for label, sep in SEPARATORS.items():
            if sep != separator and first.count(sep) >= 1:
                chosen = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "pipes"}.get(
                    separator, repr(separator))
                raise DataProblem(
                    f"The file {name} seems to use {label.lower()} between values, not "
                    f"{chosen}: the header reads {first[:60]!r}. Choose '{label}' under "
                    "Separator."
                )
    numeric_names = [c for c in frame.columns if re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", str(c))]
    unnamed = [c for c in frame.columns if str(c).startswith("Unnamed:")]
    if numeric_names:
        raise DataProblem(
            f"The first row of {name} looks like data, not column names (it contains "
            f"{numeric_names[0]!r}). Add a header row with a name for each column, such as "
            "race,searched."
        )
    if len(unnamed) == frame.shape[1] or (unnamed and frame.shape[1] > 1 and
                                          len(unnamed) >= frame.shape[1] / 2):
        raise DataProblem(f"Most columns of {name} have no name in the first row. Add a header "
                          "row with a name for each column.")
    if frame.empty:
        raise DataProblem(f"The file {name} has column names ({', '.join(map(str, frame.columns))})"
                          " but no rows of data.")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def read_csv_path(path: str | os.PathLike[str], **kwargs: Any) -> pd.DataFrame:
    """Read a CSV file from disk, checking its size *before* reading it.

    Raises
    ------
    DataProblem
        If the file does not exist, is too big, or fails :func:`read_csv_bytes`.
    """
    p = Path(path)
    if not p.is_file():
        raise DataProblem(f"There is no file at {str(p)!r}. Check the path and the spelling.")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise too_big(size, p.name)
    return read_csv_bytes(p.read_bytes(), name=p.name, **kwargs)


def sniff_separator(sample: str, candidates: Sequence[str] = (",", ";", "\t", "|")) -> str:
    r"""Guess the separator of a CSV sample (comma if unsure).

    Examples
    --------
    >>> sniff_separator("a;b\n1;2\n")
    ';'
    """
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(candidates)).delimiter
    except csv.Error:
        return ","


def read_csv_upload(data: bytes, *, name: str = "the file") -> pd.DataFrame:
    r"""Read an uploaded CSV file when nobody is there to choose its separator or encoding.

    The separator is guessed from the first line (:func:`sniff_separator`); the encoding is
    UTF-8 if the bytes are valid UTF-8, and Windows / Latin-1 (older Excel exports)
    otherwise. Everything else is :func:`read_csv_bytes`.

    Raises
    ------
    DataProblem
        As :func:`read_csv_bytes`.

    Examples
    --------
    >>> read_csv_upload("race;served\nA;1\nB;0\n".encode("cp1252")).columns.tolist()
    ['race', 'served']
    >>> read_csv_upload("name,town\nJosé,Sète\n".encode("cp1252"))["town"].iloc[0]
    'Sète'
    """
    try:
        data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "cp1252"
    head = data[:4096].decode(encoding, errors="replace").lstrip("\ufeff")
    first = head.splitlines()[0] if head.strip() else ""
    return read_csv_bytes(data, name=name, separator=sniff_separator(first), encoding=encoding)


def safe_csv_name(name: str) -> str:
    r"""Return a name to save an uploaded CSV file under: no folders, no hidden files.

    Only letters, digits, ``-``, ``_`` and ``.`` are kept, and the name ends in ``.csv``.

    Examples
    --------
    >>> safe_csv_name("My data (2024).CSV")
    'My-data-2024.csv'
    >>> safe_csv_name("../../etc/passwd"), safe_csv_name("C:\\Users\\ana\\x.csv")
    ('passwd.csv', 'x.csv')
    >>> safe_csv_name("...")
    'upload.csv'
    """
    base = re.split(r"[\\/]", name)[-1]
    stem = re.sub(r"\.csv$", "", base, flags=re.IGNORECASE)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")[:60].strip(".-_")
    return f"{stem or 'upload'}.csv"


# --- types --------------------------------------------------------------------------------

#: A whole number, with or without thousands commas: 12, -3, 1,234,567.
_WHOLE = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)")


def _flags(text: pd.Series) -> pd.Series:
    lower = text.str.lower()
    flags = pd.Series(pd.NA, index=text.index, dtype="boolean")
    flags[lower.isin(YES).fillna(False).to_numpy(bool)] = True
    flags[lower.isin(NO).fillna(False).to_numpy(bool)] = False
    return flags


def _text(col: pd.Series) -> pd.Series:
    text = col.astype("string").str.strip()
    return text.mask(text == "")


def type_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Type a table of text: yes/no columns, whole-number columns, and text.

    A column whose non-empty values are all yes/no-like (0/1, yes/no, true/false, y/n,
    t/f, in any case) becomes nullable ``boolean``; a column of whole numbers (thousands
    commas and surrounding spaces allowed) becomes ``Int64``; any other column stays text
    (``string``, stripped, with empty cells missing). Empty cells stay missing.

    Parameters
    ----------
    frame : pandas.DataFrame
        Every column as text, as :func:`read_csv_bytes` returns it.

    Returns
    -------
    pandas.DataFrame
        A new table (the input is not changed), with the same ``attrs``.

    Examples
    --------
    >>> raw = pd.DataFrame({"race": ["A", "B", "B"], "served": ["Yes", "no", None],
    ...                     "people": ["1,200", " 30 ", "4"]})
    >>> [str(d) for d in type_columns(raw).dtypes]
    ['string', 'boolean', 'Int64']
    """
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        text = _text(frame[column])
        values = text.dropna()
        out[column] = text
        if values.empty:
            continue
        if values.str.lower().isin(YES | NO).all():
            out[column] = _flags(text)
        elif values.str.fullmatch(_WHOLE.pattern).all():
            try:
                out[column] = pd.to_numeric(text.str.replace(",", "", regex=False)
                                            ).astype("Int64")
            except (TypeError, ValueError, OverflowError):
                pass  # too large for a count: keep it as text
    out.attrs.update(frame.attrs)
    return out


def as_flags(col: pd.Series, name: str) -> pd.Series:
    """Read a column chosen as a 0/1 outcome, or say which values are not 0 or 1.

    Raises
    ------
    DataProblem
        If a non-empty value is not yes/no-like.

    Examples
    --------
    >>> as_flags(pd.Series(["1", "no", None]), "hit").tolist()
    [True, False, <NA>]
    """
    text = _text(col)
    bad = text.notna() & ~text.str.lower().isin(YES | NO)
    if bad.any():
        examples = ", ".join(repr(v) for v in col[bad.to_numpy(bool)].drop_duplicates().head(3))
        raise DataProblem(
            f"Column {name!r} should say whether each person had the outcome: 0 or 1 (or "
            f"yes/no, true/false). It also holds {examples} ({int(bad.sum()):,} rows). If "
            "the file has one row per group with counts, choose the column of people under "
            "'People (denominator)'; otherwise recode those values to 0 or 1."
        )
    return _flags(text)


def as_counts(col: pd.Series, name: str) -> pd.Series:
    """Read a column chosen as counts, or say which row is not a count.

    Raises
    ------
    DataProblem
        If a value is not a number, or is negative (the row is named as in the file,
        counting the header as row 1).

    Examples
    --------
    >>> as_counts(pd.Series(["1,200", "3", None]), "people").tolist()
    [1200.0, 3.0, <NA>]
    """
    text = _text(col).str.replace(",", "", regex=False)
    nums = pd.to_numeric(text, errors="coerce")
    bad = text.notna() & nums.isna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy(bool))[0]) + 2
        raise DataProblem(
            f"Column {name!r} should hold counts (whole numbers), but row {row} holds "
            f"{col[bad.to_numpy(bool)].iloc[0]!r}. Replace text such as 'ten' or 'n/a' with "
            "a number, or leave the cell empty if it is unknown."
        )
    negative = (nums < 0).fillna(False).to_numpy(bool)
    if negative.any():
        row = int(np.flatnonzero(negative)[0]) + 2
        raise DataProblem(f"Column {name!r} has a negative count ({nums[negative].iloc[0]:g} in "
                          f"row {row}). Counts cannot be negative: fix that row.")
    return nums.astype("Float64")


# --- roles --------------------------------------------------------------------------------

#: Integer columns that name a time or a place: groups or strata, never counts.
_LABEL_INTEGERS = ("year", "fiscal_year", "quarter", "district")
#: Words in a column name that suggest it holds the groups to compare.
_GROUP_HINTS = ("race", "ethnic", "group", "colour", "color")


@dataclass(frozen=True)
class ColumnRoles:
    """Which columns could play each role, and a first guess for each.

    Attributes
    ----------
    groups : list of str
        Text or category columns with at most ``max_groups`` values, and integer columns
        naming a year, quarter or district.
    outcomes : list of str
        Yes/no columns and whole-number columns.
    denominators : list of str
        Whole-number columns.
    group : str
        The first guess for the group column (a participant checks it).
    outcome : str
        The first guess for the outcome column (a participant checks it).
    denominator : str
        The guessed column of people for a table of counts, or ``""`` for one row per
        person.
    """

    groups: list[str]
    outcomes: list[str]
    denominators: list[str]
    group: str
    outcome: str
    denominator: str = ""


def guess_roles(frame: pd.DataFrame, *, max_groups: int = 20) -> ColumnRoles:
    """Propose the group, outcome and denominator columns of a typed table.

    Parameters
    ----------
    frame : pandas.DataFrame
        A typed table: from :func:`type_columns`, or a bundled dataset.
    max_groups : int, default 20
        Most values a column of groups may have.

    Returns
    -------
    ColumnRoles
        The guess prefers a group column whose name mentions race, ethnicity or group; a
        yes/no outcome (one row per person); otherwise two count columns, the smaller
        total being the events and the larger the people.

    Examples
    --------
    >>> t = pd.DataFrame({"race": ["A", "B"], "hit": [True, False], "n": [3, 4]})
    >>> r = guess_roles(t)
    >>> r.groups, r.outcomes, r.denominators, r.group, r.outcome
    (['race'], ['hit', 'n'], ['n'], 'race', 'hit')
    >>> c = type_columns(pd.DataFrame({"area": ["x", "y"], "race": ["A", "B"],
    ...                                "people": ["300", "400"], "cited": ["45", "30"]}))
    >>> r = guess_roles(c)
    >>> r.group, r.outcome, r.denominator
    ('race', 'cited', 'people')
    """
    groups, outcomes, denominators, flags, texts = [], [], [], [], []
    for name, col in frame.items():
        name = str(name)
        if name == "synthetic":
            continue
        dtype = col.dtype
        if pd.api.types.is_bool_dtype(dtype):
            outcomes.append(name)
            flags.append(name)
        elif pd.api.types.is_integer_dtype(dtype):
            if name in _LABEL_INTEGERS:
                groups.append(name)
                continue
            outcomes.append(name)
            denominators.append(name)
        elif isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(dtype):
            texts.append(name)
            if col.nunique(dropna=True) <= max_groups:
                groups.append(name)

    def hinted(c: str) -> bool:
        return any(h in c.lower() for h in _GROUP_HINTS)

    usable = [c for c in groups if frame[c].nunique(dropna=True) >= 2]
    ranked = sorted(usable, key=lambda c: not hinted(c)) + [c for c in groups if c not in usable]
    fallback = [c for c in texts if hinted(c)] + texts + [str(c) for c in frame.columns]
    group = (ranked or fallback)[0]
    counts = [c for c in denominators if c != group]
    if [c for c in flags if c != group]:
        outcome, people = next(c for c in flags if c != group), ""
    elif len(counts) >= 2:
        totals = {c: float(frame[c].sum()) for c in counts[:2]}
        outcome, people = sorted(counts[:2], key=lambda c: totals[c])
    else:
        rest = [str(c) for c in frame.columns if str(c) != group]
        outcome, people = (rest[0] if rest else group), ""
    return ColumnRoles(groups, outcomes, denominators, group, outcome, people)
