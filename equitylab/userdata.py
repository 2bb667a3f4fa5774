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

import codecs
import csv
import gzip
import io
import os
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from equitylab.escape import missing_file

__all__ = [
    "ENCODINGS",
    "HEAD_BYTES",
    "HEADLESS_HINT",
    "MAX_BYTES",
    "NO",
    "SEPARATORS",
    "YES",
    "ColumnRoles",
    "DataProblem",
    "MAX_CELL",
    "MAX_COLUMNS",
    "MAX_COUNT",
    "MAX_GROUPS",
    "MAX_LABEL",
    "MAX_NAME",
    "check_mapping",
    "check_roles",
    "group_labels",
    "engine_problem",
    "guess_encoding",
    "name_list",
    "show",
    "where",
    "as_counts",
    "as_flags",
    "guess_roles",
    "near_misses",
    "read_csv_bytes",
    "read_csv_path",
    "read_csv_upload",
    "read_header",
    "safe_csv_name",
    "sniff_separator",
    "too_big",
    "type_columns",
]

#: Largest file the course reads (bigger files should be aggregated first).
MAX_BYTES = 5 * 1024 * 1024
#: Most columns a file may have (a file of counts or of people needs a handful).
MAX_COLUMNS = 100
#: Longest column name, in characters.
MAX_NAME = 100
#: Longest value in any cell, in characters (longer values are cut, with a notice).
MAX_CELL = 1_000
#: Longest group name, in characters.
MAX_LABEL = 100
#: Most groups a column of groups may have (a comparison of more is unreadable).
MAX_GROUPS = 20
#: Largest count the course accepts (every count up to it is exact in floating point).
MAX_COUNT = 10**15

SEPARATORS = {"Comma (,)": ",", "Semicolon (;)": ";", "Tab": "\t", "Pipe (|)": "|"}
ENCODINGS = {"UTF-8 (most files)": "utf-8", "Windows / Latin-1 (older Excel exports)": "cp1252",
             "UTF-16 (some Excel 'Unicode text' files)": "utf-16"}
#: Values (lower case, stripped) read as "yes" and as "no" in a 0/1 column.
YES = frozenset({"1", "1.0", "yes", "y", "true", "t"})
NO = frozenset({"0", "0.0", "no", "n", "false", "f"})
_SEP_WORDS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "pipes"}


class DataProblem(ValueError):
    """A problem with the user's file or choices, explained in plain language."""

    def _render_traceback_(self) -> list[str]:
        # IPython (and so a papermill run) shows the message alone, not a traceback.
        return [str(self)]


# --- the words of every message: values, names and rows, short and printable -------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


def show(value: Any, limit: int = 40) -> str:
    r"""Quote a value from the file for a message: printable, and at most ``limit`` characters.

    Examples
    --------
    >>> show("ten"), show(" Black ")
    ("'ten'", "' Black '")
    >>> show("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (100 characters)"
    >>> show("a\x00b"), show("race\tserved")
    ("'a?b'", "'race[tab]served'")
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _CONTROL.sub("?", str(value)).replace("\n", " ").replace("\r", " ")
    text = text.replace("\t", "[tab]")
    if len(text) > limit:
        return f"'{text[:limit - 1]}…' ({len(text):,} characters)"
    return f"'{text}'"


def name_list(names: Sequence[Any], limit: int = 8) -> str:
    """List column or group names for a message, at most ``limit`` of them.

    Examples
    --------
    >>> name_list(["race", "served"])
    "'race', 'served'"
    >>> name_list(["c" + str(i) for i in range(10_000)], limit=3)
    "'c0', 'c1', 'c2' and 9,997 more"
    """
    shown = ", ".join(show(n, 30) for n in list(names)[:limit])
    rest = len(names) - limit
    return f"{shown} and {rest:,} more" if rest > 0 else shown


def where(values: pd.Series, bad: Any, limit: int = 3, weights: Any = None) -> str:
    """Say which rows of the file hold bad values, and what they hold (the first few).

    Rows are numbered as in the file, the header being row 1 (a table read by
    :func:`read_csv_bytes` keeps those numbers in its index). ``weights`` (optional) says
    how many rows of the file each row of ``values`` stands for (a summary of a file, each
    row indexed by the first row holding it), so that the total is counted in the file's rows.

    Examples
    --------
    >>> where(pd.Series(["1", "ten", "n/a", "x", "y"]), [False, True, True, True, True])
    "row 3 holds 'ten', row 4 'n/a', row 5 'x' (4 rows in all)"
    """
    mask = np.asarray(bad, dtype=bool)
    rows = [int(i) + 2 if isinstance(i, (int, np.integer)) else i for i in values.index[mask]]
    vals = values.to_numpy(object)[mask]
    parts = [f"row {r} holds {show(v)}" if k == 0 else f"row {r} {show(v)}"
             for k, (r, v) in enumerate(zip(rows[:limit], vals[:limit], strict=True))]
    total = len(rows) if weights is None else int(np.asarray(weights)[mask].sum())
    more = f" ({total:,} rows in all)" if total > min(len(rows), limit) else ""
    return ", ".join(parts) + more


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
        f"The file {show(name)} is {_size_text(size)}; the course reads files up to "
        f"{_size_text(MAX_BYTES)}. Aggregate it first (one row per group with a count of "
        "events and a count of people), or take a sample, and upload that."
        + (f" {HEADLESS_HINT}" if headless else "")
    )


def _size_text(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n / 1024:,.0f} KB"
    return f"{n / 1024 / 1024:,.2f}".rstrip("0").rstrip(".") + " MB"  # 10 MB, 10.02 MB


# --- reading ------------------------------------------------------------------------------

_RESAVE = ("Open it in Excel or another spreadsheet and choose File > Save As > "
           "'CSV UTF-8 (comma delimited)', then use that file.")


def _utf16(sample: bytes) -> str | None:
    """Return "utf-16-le"/"utf-16-be" if the bytes look like UTF-16 text without a BOM."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= 0.7 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.7 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def _not_text(name: str) -> DataProblem:
    return DataProblem(f"The file {show(name)} is not a text (CSV) file: it holds binary "
                       f"data, such as a picture, a PDF or a program. {_RESAVE}")


def _decode(data: bytes, name: str, encoding: str, *, partial: bool = False) -> str:
    """Decode the file's bytes, recognizing UTF-16 and binary data, or say what is wrong.

    With ``partial=True``, ``data`` is the start of a file: a character cut at its end is
    left out.
    """
    head = data[:4096]
    if head[:4] == b"PK\x03\x04" or head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DataProblem(f"The file {show(name)} looks like an Excel workbook (or a zip "
                          f"file), not a CSV file. {_RESAVE}")
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or _utf16(head):
        encoding = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else str(_utf16(head))
    elif b"\x00" in head:
        raise _not_text(name)
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(data, final=not partial)
    except (UnicodeDecodeError, LookupError) as err:
        if encoding.startswith("utf-16"):
            raise DataProblem(f"The file {show(name)} looks like UTF-16 text but cannot be "
                              f"read as such. {_RESAVE}") from None
        start = getattr(err, "start", 0)
        raise DataProblem(
            f"The file {show(name)} is not {'UTF-8' if encoding.startswith('utf') else encoding}"
            f" text: byte {start + 1:,} cannot be read. It was probably saved by an older "
            "program; choose 'Windows / Latin-1' under Encoding, or save it again as "
            "'CSV UTF-8'."
        ) from None
    text = text.lstrip("\ufeff")
    sample = text[:4096]
    if sample and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        raise _not_text(name)
    return text


def _split_line(line: str, separator: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=separator), [])
    except csv.Error:
        return line.split(separator)


def _header_names(first: str, name: str, separator: str) -> list[str]:
    """Check the header row and return its column names, or say what is wrong with it.

    Refuses too many columns, overlong names, a name used twice, a header that seems to use
    another separator, a first row of numbers rather than names, and mostly empty names.
    An empty name is called ``Unnamed: i`` (``i`` from 0), as pandas calls it.
    """
    names = [c.strip() for c in _split_line(first, separator)]
    if len(names) > MAX_COLUMNS:
        raise DataProblem(
            f"The file {show(name)} has {len(names):,} columns; the course reads up to "
            f"{MAX_COLUMNS:,}. Keep only the columns you need (the groups, the outcome and, "
            "for counts, the people), save the file again and use that.")
    for i, col in enumerate(names, 1):
        if len(col) > MAX_NAME:
            raise DataProblem(
                f"Column {i} of {show(name)} has a name {len(col):,} characters long "
                f"({show(col)}); names can be up to {MAX_NAME} characters. Give it a short "
                "name in the header row.")
    seen: dict[str, int] = {}
    for i, col in enumerate(names, 1):
        if col and col in seen:
            raise DataProblem(
                f"Two columns of {show(name)} have the same name, {show(col)} (columns "
                f"{seen[col]} and {i}). Give each column its own name in the header row, so "
                "that the right one is used.")
        seen[col] = i
    if len(names) == 1:
        for label, sep in SEPARATORS.items():
            if sep != separator and first.count(sep) >= 1:
                chosen = _SEP_WORDS.get(separator, show(separator))
                raise DataProblem(
                    f"The file {show(name)} seems to use {label.lower()} between values, not "
                    f"{chosen}: the header reads {show(first, 60)}. Choose '{label}' under "
                    "Separator.")
    numeric = [c for c in names if re.fullmatch(r"-?\d+(\.\d+)?", c)]
    if numeric:
        raise DataProblem(
            f"The first row of {show(name)} looks like data, not column names (it contains "
            f"{show(numeric[0])}). Add a header row with a name for each column, such "
            "as race,searched.")
    unnamed = [c for c in names if not c]
    if len(unnamed) == len(names) or (unnamed and len(names) > 1 and
                                      len(unnamed) >= len(names) / 2):
        raise DataProblem(f"Most columns of {show(name)} have no name in the first row. Add a "
                          "header row with a name for each column.")
    return [c or f"Unnamed: {i}" for i, c in enumerate(names)]


def _ragged(text: str, separator: str, limit: int = 3) -> tuple[int, list[tuple[int, int]]]:
    """Return the header's number of values and the first lines with another number."""
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    width, bad = 0, []
    for row in reader:
        if reader.line_num == 1:
            width = len(row)
        elif row and len(row) != width:
            bad.append((reader.line_num, len(row)))
            if len(bad) >= limit:
                break
    return width, bad


def _ragged_problem(text: str, name: str, separator: str) -> DataProblem:
    width, bad = _ragged(text, separator)
    if not bad:
        return DataProblem(f"Some rows of {show(name)} have more values than the header row "
                           "has column names. Check for extra separators at the ends of rows.")
    return _ragged_message(name, width, bad, separator)


def _ragged_message(name: str, width: int, bad: list[tuple[int, int]], separator: str
                    ) -> DataProblem:
    line, got = bad[0]
    also = f" (also line{'s' if len(bad) > 2 else ''} " \
        f"{', '.join(str(b[0]) for b in bad[1:])})" if len(bad) > 1 else ""
    sep = _SEP_WORDS.get(separator, show(separator))
    return DataProblem(
        f"Line {line:,} of {show(name)} has {got} values but the header row names {width} "
        f"columns{also}. Check that line for an extra separator ({sep[:-1]}), for example "
        "inside a number such as 1,200 or a name, and put text that contains it in "
        "quotation marks, or remove the extra value.")


def _unclosed_quote(line: int, name: str) -> DataProblem:
    return DataProblem(
        f"Line {line:,} of {show(name)} opens a quotation mark (\") that is never closed, so "
        "the rest of the file reads as one value. Add the closing quotation mark, or remove "
        "the stray one, and save the file again.")


#: How much of a file :func:`read_header` reads.
HEAD_BYTES = 64 * 1024


def read_header(path: str | os.PathLike[str], *, separator: str = ",",
                encoding: str = "utf-8") -> tuple[list[str], str]:
    """Check the start of a file of any size as :func:`read_csv_bytes` would; return its columns.

    For a file that an engine reads (the headless run): only its first
    :data:`HEAD_BYTES` are read here, and checked for what the small-file path checks
    before reading the rest (binary data, a workbook, the encoding, the header row).

    Returns
    -------
    tuple of (list of str, str)
        The column names (see :func:`read_csv_bytes`) and the encoding to read the file
        with (UTF-16 is recognized whatever ``encoding`` says).

    Raises
    ------
    DataProblem
        No such file, an empty file, or any problem with its start or its header row.
    """
    p = Path(path)
    if not p.is_file():
        raise DataProblem(missing_file(p))
    with (gzip.open(p, "rb") if p.name.lower().endswith(".gz") else p.open("rb")) as f:
        head = f.read(HEAD_BYTES)
    if not head.strip():
        raise DataProblem(f"The file {show(p.name)} is empty. Choose a CSV file that has a "
                          "header row and at least one row of data.")
    text = _decode(head, p.name, encoding, partial=len(head) == HEAD_BYTES)
    first = text.lstrip("\r\n").splitlines()[0] if text.strip() else ""
    if not first.strip():
        raise DataProblem(f"The file {show(p.name)} has no header row. Add a header row with "
                          "a name for each column.")
    names = _header_names(first, p.name, separator)
    used = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else _utf16(head) or encoding
    return names, used


def engine_problem(message: str, name: str, separator: str) -> DataProblem:
    """Say in plain words why an engine (DuckDB or Polars) could not read a CSV file.

    The same messages as :func:`read_csv_bytes` gives for a small file, from the engine's
    own message (which is never shown: it is long and technical).

    Examples
    --------
    >>> print(engine_problem("CSV Error on Line: 6 ... Expected Number of Columns: 3 "
    ...                      "Found: 4", "big.csv", ",")) # doctest: +ELLIPSIS
    Line 6 of 'big.csv' has 4 values but the header row names 3 columns...
    """
    line = re.search(r"Line: (\d+)", message)
    at = int(line.group(1)) if line else 0
    width = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", message)
    if width and at:
        return _ragged_message(name, int(width.group(1)), [(at, int(width.group(2)))],
                               separator)
    if "unterminated quote" in message or "not properly escaped" in message:
        return _unclosed_quote(at, name) if at else DataProblem(
            f"A value of {show(name)} opens a quotation mark (\") that is never closed. Add "
            "the closing quotation mark, or remove the stray one, and save the file again.")
    if "unicode" in message.lower() or "utf" in message.lower():
        return DataProblem(
            f"The file {show(name)} is not UTF-8 text{f' (line {at:,})' if at else ''}. It "
            "was probably saved by an older program; choose 'Windows / Latin-1' under "
            "Encoding, or save it again as 'CSV UTF-8'.")
    return DataProblem(
        f"The file {show(name)} could not be read as a CSV file"
        f"{f' at line {at:,}' if at else ''}. Check that line, and that the separator is "
        f"right (choose it under Separator), then try again.")


def _cut_long_cells(frame: pd.DataFrame) -> list[str]:
    """Cut values longer than :data:`MAX_CELL` characters; say which, in a notice."""
    found: list[str] = []
    total = 0
    for col in frame.columns:
        text = frame[col]
        lengths = _by_value(text, lambda u: u.str.len(), "Int64")
        long = (lengths > MAX_CELL).fillna(False).to_numpy(bool)
        if long.any():
            total += int(long.sum())
            row = frame.index[long][0]
            found.append(f"row {int(row) + 2} of {show(col, 30)} "
                         f"({int(lengths[long].iloc[0]):,} characters)")
            frame[col] = text.mask(pd.Series(long, index=frame.index), text.str[:MAX_CELL])
    if not found:
        return []
    return [f"{total:,} value{'s' if total > 1 else ''} longer than {MAX_CELL:,} characters "
            f"{'were' if total > 1 else 'was'} cut to {MAX_CELL:,} characters: "
            f"{'; '.join(found[:3])}. If the full text matters, shorten it in the file."]


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
        The text encoding. UTF-16 (with or without a byte order mark) is recognized and
        read whatever is chosen.

    Returns
    -------
    pandas.DataFrame
        Every column as text (typed later by :func:`type_columns`). The index is the row
        number in the file minus 2 (the header is row 1), so messages can name rows;
        ``attrs["notices"]`` lists anything changed while reading (values cut to
        :data:`MAX_CELL` characters).

    Raises
    ------
    DataProblem
        Empty, too big, not text, wrong separator, no header, a header name used twice or
        too long, too many columns, ragged rows, an unclosed quotation mark.

    Examples
    --------
    >>> read_csv_bytes(b"race,searched\nA,1\n").columns.tolist()
    ['race', 'searched']
    >>> try:
    ...     read_csv_bytes(b"", name="my.csv")
    ... except DataProblem as problem:
    ...     print(str(problem).split(" is ")[0])
    The file 'my.csv'
    """
    if len(data) > MAX_BYTES:
        raise too_big(len(data), name)
    if len(data) == 0:
        raise DataProblem(f"The file {show(name)} is empty (0 bytes). Choose a CSV file that "
                          "has a header row and at least one row of data.")
    text = _decode(data, name, encoding)
    if not text.strip():
        raise DataProblem(f"The file {show(name)} has no text in it (only blank lines). Choose "
                          "a CSV file with a header row and data.")
    first = text.lstrip("\r\n").splitlines()[0]
    _header_names(first, name, separator)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, index_col=False,
                                keep_default_na=True, skip_blank_lines=False)
    except pd.errors.ParserWarning:
        raise _ragged_problem(text, name, separator) from None
    except pd.errors.ParserError as err:
        quote = re.search(r"EOF inside string starting at row (\d+)", str(err))
        if quote:
            raise _unclosed_quote(int(quote.group(1)) + 1, name) from None
        raise _ragged_problem(text, name, separator) from None
    except pd.errors.EmptyDataError:
        raise DataProblem(f"The file {show(name)} has no columns. Check that it is a CSV "
                          "file.") from None
    frame = frame.dropna(how="all")  # blank lines; the index keeps the file's row numbers
    if frame.empty:
        raise DataProblem(f"The file {show(name)} has column names "
                          f"({name_list(list(frame.columns))}) but no rows of data.")
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.attrs["notices"] = _cut_long_cells(frame)
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
        raise DataProblem(missing_file(p))
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
    encoding = guess_encoding(data)
    head = data[:4096].decode(encoding, errors="replace").lstrip("\ufeff")
    first = head.splitlines()[0] if head.strip() else ""
    return read_csv_bytes(data, name=name, separator=sniff_separator(first), encoding=encoding)


def guess_encoding(data: bytes) -> str:
    r"""Guess a file's encoding from its bytes.

    UTF-16 by its byte order mark or its zero bytes; UTF-8 if the bytes are valid UTF-8;
    else Windows (cp1252); else Latin-1.

    Examples
    --------
    >>> guess_encoding("a,b".encode("utf-16")), guess_encoding("José".encode("cp1252"))
    ('utf-16', 'cp1252')
    """
    head = data[:4096]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    found = _utf16(head)
    if found:
        return found
    for encoding in ("utf-8", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


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


def _by_value(col: pd.Series, read: Callable[[pd.Series], Any], dtype: str) -> pd.Series:
    """Apply ``read`` to each distinct value of ``col`` once, and spread the result back."""
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    values = pd.array(read(pd.Series(np.asarray(uniques, dtype=object), dtype="string")),
                      dtype=dtype)
    return pd.Series(values.take(codes, allow_fill=True), index=col.index)


def _strip(values: pd.Series) -> pd.Series:
    text = values.str.strip()
    return text.mask(text == "")


@dataclass(frozen=True)
class _Distinct:
    """A column as its distinct stripped values and, for each row, which one it holds.

    A file of a million rows has few distinct values per column (groups, 0/1, counts): the
    work on text is done once per value, and spread back to the rows with one ``take``.
    """

    codes: np.ndarray  #: per row, the position in ``labels``; -1 for an empty cell
    labels: pd.Series  #: the distinct non-empty values, stripped (``string``)
    index: pd.Index  #: the column's index
    weights: np.ndarray | None = None  #: rows of the file each row stands for (a summary)

    def spread(self, values: Any, dtype: str) -> pd.Series:
        """Give each row the value of its label."""
        return pd.Series(pd.array(values, dtype=dtype).take(self.codes, allow_fill=True),
                         index=self.index)

    def rows(self, per_label: Any) -> np.ndarray:
        """Return, for each row, ``per_label`` (booleans) of its label; False when empty."""
        flags = np.append(np.asarray(per_label, dtype=bool), False)
        return flags[self.codes]

    def counts(self) -> np.ndarray:
        """Return the number of rows holding each label."""
        # np.intp: in the browser (32-bit WebAssembly) bincount refuses int64 codes.
        known = self.codes >= 0
        w = None if self.weights is None else self.weights[known]
        return np.bincount(self.codes[known].astype(np.intp), weights=w,
                           minlength=len(self.labels)).astype(np.int64)

    def where(self, col: pd.Series, bad: np.ndarray) -> str:
        """:func:`where` for rows of this column, counting rows as the weights say."""
        return where(col, bad, weights=self.weights)


def _weights(weights: pd.Series | None) -> np.ndarray | None:
    return None if weights is None else weights.to_numpy(np.int64)


def _distinct(col: pd.Series, weights: pd.Series | None = None) -> _Distinct:
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    stripped = _strip(pd.Series(np.asarray(uniques, dtype=object).astype(str)
                                if len(uniques) else [], dtype="string"))
    inner, labels = pd.factorize(stripped, use_na_sentinel=True)
    inner = np.append(np.asarray(inner, dtype=np.int64), -1)
    return _Distinct(inner[np.asarray(codes)],
                     pd.Series(np.asarray(labels, dtype=object), dtype="string"), col.index,
                     _weights(weights))


def _yes_no(values: pd.Series) -> pd.Series:
    lower = values.str.lower()
    return lower.map(lambda v: True if v in YES else False if v in NO else pd.NA,
                     na_action="ignore")


def _flags(text: pd.Series) -> pd.Series:
    d = _distinct(text)
    return d.spread(_yes_no(d.labels), "boolean")


def _text(col: pd.Series) -> pd.Series:
    d = _distinct(col)
    return d.spread(d.labels, "string")


def type_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Type a table of text: yes/no columns, whole-number columns, and text.

    A column whose non-empty values are all yes/no-like (0/1, yes/no, true/false, y/n,
    t/f, in any case) becomes nullable ``boolean``; a column of whole numbers (thousands
    commas and surrounding spaces allowed) becomes ``Int64``; any other column stays text
    (``string``, stripped, with empty cells missing). Empty cells stay missing. Each
    column's distinct values are checked once, so the work grows with the file's size.

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
    out = {}
    for column in frame.columns:
        d = _distinct(frame[column])
        values, dtype = d.labels, "string"
        if values.empty:
            pass
        elif len(values) <= len(YES | NO) and values.str.lower().isin(YES | NO).all():
            values, dtype = _yes_no(values), "boolean"
        elif (values[:100].str.fullmatch(_WHOLE.pattern).all()  # a quick look first
              and values.str.fullmatch(_WHOLE.pattern).all()):
            try:
                values = pd.to_numeric(values.str.replace(",", "", regex=False))
                values, dtype = pd.array(values, dtype="Int64"), "Int64"
            except (TypeError, ValueError, OverflowError):
                values, dtype = d.labels, "string"  # too large for a count: keep it as text
        out[column] = d.spread(values, dtype)
    typed = pd.DataFrame(out, index=frame.index)
    typed.attrs.update(frame.attrs)
    return typed


def as_flags(col: pd.Series, name: str, *, weights: pd.Series | None = None) -> pd.Series:
    """Read a column chosen as a 0/1 outcome, or say which rows are not 0 or 1.

    ``weights`` (optional): how many rows of the file each row stands for (see :func:`where`).

    Raises
    ------
    DataProblem
        If a non-empty value is not yes/no-like (the first rows and values are named).

    Examples
    --------
    >>> as_flags(pd.Series(["1", "no", None]), "hit").tolist()
    [True, False, <NA>]
    """
    if pd.api.types.is_bool_dtype(col.dtype):
        return col.astype("boolean")
    d = _distinct(col, weights)
    bad = d.rows(~d.labels.str.lower().isin(YES | NO).to_numpy(bool))
    if bad.any():
        raise DataProblem(
            f"Column {show(name)} should say whether each person had the outcome: 0 or 1 "
            f"(or yes/no), but {d.where(col, bad)}. If the file has one row per group with "
            "counts, choose the column of people under 'People (denominator)'; otherwise "
            "change those values to 0 or 1 (or leave them empty if unknown).")
    return d.spread(_yes_no(d.labels), "boolean")


def as_counts(col: pd.Series, name: str, *, weights: pd.Series | None = None) -> pd.Series:
    """Read a column chosen as counts, or say which rows are not counts.

    A count is a whole number from 0 to :data:`MAX_COUNT` (thousands commas allowed, and
    ``12.0`` is 12); empty cells are unknown. ``weights`` (optional): how many rows of the
    file each row stands for (see :func:`where`).

    Raises
    ------
    DataProblem
        If a value is text, a fraction, negative or too large (the rows are named as in
        the file, counting the header as row 1, with their values).

    Examples
    --------
    >>> as_counts(pd.Series(["1,200", "3", None]), "people").tolist()
    [1200.0, 3.0, <NA>]
    """
    if pd.api.types.is_integer_dtype(col.dtype) and not len(col) or \
            pd.api.types.is_integer_dtype(col.dtype) and (col.dropna() >= 0).all() and \
            (col.dropna() <= MAX_COUNT).all():
        return col.astype("Float64")
    d = _distinct(col, weights)
    nums = d.spread(pd.to_numeric(d.labels.str.replace(",", "", regex=False),
                                  errors="coerce").astype("Float64"), "Float64")
    known = d.codes >= 0
    value = nums.to_numpy(float, na_value=np.nan)
    checks = (
        (known & ~np.isfinite(value), "text, not a number",
         "Replace text such as 'ten' with the number, or leave the cell empty if it is "
         "unknown."),
        (known & np.isfinite(value) & (value != np.floor(value)),
         "a number that is not whole",
         "Counts are whole numbers of people or events: if this column holds rates, "
         "percentages or averages, choose the columns of counts instead."),
        (known & (value < 0), "a negative number", "Counts cannot be negative: fix those rows."),
        (known & np.isfinite(value) & (value > MAX_COUNT), "a number too large to count",
         f"Counts up to {MAX_COUNT:,} can be read: check those rows."),
    )
    for bad, what, fix in checks:
        if bad.any():
            raise DataProblem(f"Column {show(name)} should hold counts, but {d.where(col, bad)}:"
                              f" {what}. {fix}")
    return nums


# --- groups and the mapping -----------------------------------------------------------------

def _spelling_key(text: pd.Series) -> pd.Series:
    return text.str.casefold().str.replace(r"\s+", " ", regex=True)


def group_labels(col: pd.Series, name: str, *, merge_spellings: bool = True,
                 weights: pd.Series | None = None) -> tuple[pd.Series, list[str]]:
    """Read a column chosen as groups: stripped text, spellings checked, two groups at least.

    Group names that differ only in capitals or spaces (``Black``, ``black``,
    ``" BLACK"``) are either counted as one group, under the most common spelling, with a
    notice saying so (``merge_spellings=True``), or refused with a message saying how to
    keep them apart or merge them.

    Parameters
    ----------
    col : pandas.Series
        The column as read.
    name : str
        Its name, for messages.
    merge_spellings : bool, default True
        Count spellings that differ only in capitals or spaces as one group.
    weights : pandas.Series, optional
        How many rows of the file each row stands for (a summary; see :func:`where`).

    Returns
    -------
    tuple of (pandas.Series, list of str)
        The groups (``string``, missing where empty) and notices for the participant.

    Raises
    ------
    DataProblem
        Every value missing; a group name longer than :data:`MAX_LABEL` characters; more
        than :data:`MAX_GROUPS` groups;
        spellings that differ only in capitals or spaces (with ``merge_spellings=False``);
        fewer than two groups.

    Examples
    --------
    >>> groups, notices = group_labels(pd.Series(["Black", "black ", "White"]), "race")
    >>> groups.tolist()
    ['Black', 'Black', 'White']
    >>> print(notices[0][:62])
    In 'race', some group names differ only in capitals or spaces:
    """
    d = _distinct(col, weights)
    labels = d.labels
    if labels.empty:
        raise DataProblem(f"Every row is missing a value in the group column {show(name)}, so "
                          "there is nothing to compare. Choose another column.")
    too_many = DataProblem(
        f"Column {show(name)} has {len(labels):,} different values, such as "
        f"{name_list(list(labels[:3]))}; the course compares up to {MAX_GROUPS} groups. "
        "Choose the column that holds the groups (such as race), or combine the smallest "
        "groups in the file.")
    if len(labels) > 20 * MAX_GROUPS:  # even merged spellings could not make it few enough
        raise too_many
    long = (labels.str.len() > MAX_LABEL).to_numpy(bool)
    if long.any():
        raise DataProblem(
            f"Group names in {show(name)} can be up to {MAX_LABEL} characters, but "
            f"{d.where(col, d.rows(long))}. Shorten those names in the file, or choose "
            "the column that holds the groups.")
    spelled = pd.DataFrame({"label": labels.to_numpy(object), "n": d.counts(),
                            "key": _spelling_key(labels).to_numpy(object)})
    clash = spelled["key"].duplicated(keep=False).to_numpy(bool)
    notices: list[str] = []
    if clash.any():
        variants = [g.sort_values("n", ascending=False, kind="stable")
                    for _, g in spelled.loc[clash].groupby("key", sort=False)]
        described = "; ".join(
            " and ".join(f"{show(r.label)} ({r.n:,} row{'s' if r.n > 1 else ''})"
                         for r in v.itertuples()) for v in variants[:3])
        if len(variants) > 3:
            described += f"; and {len(variants) - 3:,} more"
        if not merge_spellings:
            raise DataProblem(
                f"In {show(name)}, some group names differ only in capitals or spaces: "
                f"{described}. Make each group's name the same in the file, or choose to "
                "count such spellings as one group.")
        rename = {str(r.label): str(v["label"].iloc[0]) for v in variants
                  for r in v.iloc[1:].itertuples()}
        labels = labels.replace(rename)
        notices.append(
            f"In {show(name)}, some group names differ only in capitals or spaces: "
            f"{described}. Each set is counted as one group, under its most common spelling "
            "(the first named). If they are different groups, turn off 'Count spellings "
            "that differ only in capitals or spaces as one group'.")
    groups = labels.unique()
    if len(groups) > MAX_GROUPS:
        raise too_many
    if len(groups) < 2:
        raise DataProblem(
            f"Column {show(name)} has only one group ({show(groups[0])}), and two are needed "
            "to compare. Choose the column that holds the groups, such as race, or add the "
            "other groups' rows to the file.")
    return d.spread(labels, "string"), notices


def check_mapping(frame: pd.DataFrame, group: str, outcome: str, denominator: str = "", *,
                  merge_spellings: bool = True, weights: pd.Series | None = None
                  ) -> tuple[pd.DataFrame, list[str]]:
    """Check the columns chosen for each role and read them, or say what is wrong.

    The one check of a mapping, shared by lab 6 and the racial equity tool.

    Parameters
    ----------
    frame : pandas.DataFrame
        The file as read (text) or typed.
    group, outcome : str
        The columns of groups and of the outcome (0/1 per person, or event counts).
    denominator : str, optional
        The column of people, for one row per group with counts.
    merge_spellings : bool, default True
        See :func:`group_labels`.
    weights : pandas.Series, optional
        How many rows of the file each row of ``frame`` stands for, when ``frame`` is a
        summary of a larger file (one row per distinct combination of values, indexed by
        the first row holding it): rows are then counted in the file's rows.

    Returns
    -------
    tuple of (pandas.DataFrame, list of str)
        Columns ``group`` and ``outcome`` (boolean), or ``group``, ``events`` and
        ``people`` (counts), indexed like ``frame``; and notices for the participant.

    Raises
    ------
    DataProblem
        A column that does not exist or is chosen twice, or any problem found by
        :func:`group_labels`, :func:`as_flags` and :func:`as_counts`; or more events than
        people in a row.

    Examples
    --------
    >>> t = pd.DataFrame({"race": ["A", "B"], "cited": ["4", "30"], "n": ["9", "40"]})
    >>> check_mapping(t, "race", "cited", "n")[0]["events"].tolist()
    [4.0, 30.0]
    """
    check_roles(list(frame.columns), group, outcome, denominator)
    groups, notices = group_labels(frame[group], group, merge_spellings=merge_spellings,
                                   weights=weights)
    out = pd.DataFrame({"group": groups}, index=frame.index)
    if not denominator:
        out["outcome"] = as_flags(frame[outcome], outcome, weights=weights)
        return out, notices
    out["events"] = as_counts(frame[outcome], outcome, weights=weights)
    out["people"] = as_counts(frame[denominator], denominator, weights=weights)
    over = (out["events"] > out["people"]).fillna(False).to_numpy(bool)
    if over.any():
        first = out.index[over][0]
        n_over = int(over.sum() if weights is None else weights.to_numpy(np.int64)[over].sum())
        row = int(first) + 2 if isinstance(first, (int, np.integer)) else first
        raise DataProblem(
            f"Row {row} (group {show(out.at[first, 'group'])}) has more in {show(outcome)} "
            f"({out.at[first, 'events']:,.0f}) than in {show(denominator)} "
            f"({out.at[first, 'people']:,.0f})"
            f"{f' ({n_over:,} rows in all)' if n_over > 1 else ''}. "
            f"{show(outcome)} should count the "
            f"people among {show(denominator)} who had the outcome, each once: check that "
            "the two columns are the right way round, and that the outcome is not something "
            "that can happen more than once per person (such as visits).")
    return out, notices


def check_roles(columns: Sequence[Any], group: str, outcome: str, denominator: str = "",
                area: str = "") -> None:
    """Check that each chosen column exists and that no column is chosen twice.

    Raises
    ------
    DataProblem
        Naming the missing column, its role and the file's columns; or a repeated column.

    Examples
    --------
    >>> check_roles(["race", "served"], "race", "served")
    >>> try:
    ...     check_roles(["race", "served"], "rce", "served")
    ... except DataProblem as problem:
    ...     print(str(problem)[:61])
    There is no column called 'rce' (chosen as the group column).
    """
    cols = [str(c) for c in columns]
    for role, col in (("group", group), ("outcome", outcome), ("people", denominator),
                      ("area", area)):
        if col and col not in cols:
            raise DataProblem(f"There is no column called {show(col)} (chosen as the {role} "
                              f"column). The file's columns are: {name_list(cols)}.")
    if not group or not outcome:
        raise DataProblem("Choose a group column and an outcome column.")
    chosen = [c for c in (group, outcome, denominator, area) if c]
    if len(set(chosen)) < len(chosen):
        raise DataProblem("Each role needs a different column: the group, outcome, people and "
                          "area columns must not repeat.")


#: Columns with more distinct values than this are not looked at as near misses.
_NEAR_MISS_VALUES = 50_000


def near_misses(frame: pd.DataFrame, limit: int = 2) -> list[str]:
    """Say which text columns are almost 0/1 or almost counts, and which rows stop them.

    A column typed as text by :func:`type_columns` is not offered as an outcome or as
    people; when most of its values are yes/no or numbers, the participant learns which
    rows hold something else (the first few, with their values) and what to change.

    Examples
    --------
    >>> t = type_columns(pd.DataFrame({"race": ["A", "B", "A"], "n": ["3", "4.5", "5"]}))
    >>> print(near_misses(t)[0][:69])
    Column 'n' looks like counts, but row 3 holds '4.5': a number that is
    """
    found: list[str] = []
    for name, col in frame.items():
        if len(found) >= limit:
            break
        if not pd.api.types.is_string_dtype(col.dtype) or col.isna().all():
            continue
        d = _distinct(col)
        if len(d.labels) > _NEAR_MISS_VALUES:
            continue  # ids or free text: not an outcome or a count that is nearly right
        weight = d.counts() / max(int((d.codes >= 0).sum()), 1)
        flags = d.labels.str.lower().isin(YES | NO).to_numpy(bool)
        nums = pd.to_numeric(d.labels.str.replace(",", "", regex=False), errors="coerce"
                             ).to_numpy(float)
        numeric = ~np.isnan(nums)
        if weight[flags].sum() >= 0.5:
            found.append(f"Column {show(name)} looks like a 0/1 (yes/no) outcome, but "
                         f"{where(col, d.rows(~flags))}. Change those to 0 or 1, or leave them "
                         f"empty if unknown, to use {show(name)} as the outcome.")
        elif weight[numeric].sum() >= 0.5:
            text = (~numeric).any()
            bad = d.rows(~numeric if text else numeric & (nums != np.floor(nums)))
            what = "text, not a number" if text else "a number that is not whole"
            found.append(f"Column {show(name)} looks like counts, but {where(col, bad)}: "
                         f"{what}. Fix {'that row' if bad.sum() == 1 else 'those rows'} to "
                         f"use {show(name)} as counts (whole numbers of people or events).")
    return found


# --- roles --------------------------------------------------------------------------------

#: Integer columns that name a time or a place: groups or strata, never counts.
_LABEL_INTEGERS = ("year", "fiscal_year", "quarter", "district")
#: Words in a column name that suggest it holds the groups to compare.
_GROUP_HINTS = ("race", "ethnic", "group", "colour", "color")


def _hinted(column: str) -> bool:
    return any(h in column.lower() for h in _GROUP_HINTS)


@dataclass(frozen=True)
class ColumnRoles:
    """Which columns could play each role, and a first guess for each.

    Attributes
    ----------
    groups : list of str
        Text or category columns with at most ``max_groups`` values, integer columns
        naming a year, quarter or district, and integer columns of 2 to ``max_groups``
        codes that repeat across rows or whose name says they are groups (groups stored
        as numbers, such as race codes).
    outcomes : list of str
        Yes/no columns and whole-number columns.
    denominators : list of str
        Whole-number columns.
    group : str
        The first guess for the group column (a participant checks it).
    outcome : str
        The first guess for the outcome column (a participant checks it); never the group
        (``""`` when the table has no other column).
    denominator : str
        The guessed column of people for a table of counts, or ``""`` for one row per
        person; never the group or the outcome.
    """

    groups: list[str]
    outcomes: list[str]
    denominators: list[str]
    group: str
    outcome: str
    denominator: str = ""


def guess_roles(frame: pd.DataFrame, *, max_groups: int = MAX_GROUPS) -> ColumnRoles:
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
        total being the events and the larger the people. Each role gets its own column.

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
    groups, codes, outcomes, denominators, flags, texts = [], [], [], [], [], []
    distinct: dict[str, int] = {}
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
            distinct[name] = col.nunique(dropna=True)
            repeats = col.notna().sum() > distinct[name]
            if 2 <= distinct[name] <= max_groups and (repeats or _hinted(name)):
                codes.append(name)  # groups stored as numbers, e.g. race codes 1 to 5
        elif isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(dtype):
            texts.append(name)
            distinct[name] = col.nunique(dropna=True)
            if distinct[name] <= max_groups:
                groups.append(name)
    groups += codes
    hinted = _hinted
    usable = [c for c in groups if distinct.get(c, 2) >= 2]
    # Text first, then hinted number codes, then other codes (usually counts).
    ranked = (sorted([c for c in usable if c not in codes], key=lambda c: not hinted(c))
              + [c for c in codes if hinted(c)] + [c for c in codes if not hinted(c)]
              + [c for c in groups if c not in usable])
    fallback = [c for c in texts if hinted(c)] + texts + [str(c) for c in frame.columns]
    group = (ranked or fallback)[0]
    counts = [c for c in denominators if c != group]
    rest_flags = [c for c in flags if c != group]
    if rest_flags:
        outcome, people = rest_flags[0], ""
    elif len(counts) >= 2:
        totals = {c: float(frame[c].sum()) for c in counts[:2]}
        outcome, people = sorted(counts[:2], key=lambda c: totals[c])
    else:
        rest = [str(c) for c in frame.columns if str(c) != group]
        outcome, people = (counts or rest or [""])[0], ""  # "": no other column to offer
    return ColumnRoles(groups, outcomes, denominators, group, outcome, people)
