"""Read a participant's own CSV file safely, or say in plain language what is wrong with it.

Pure functions with no widgets, shared by lab 6 (:mod:`equitylab.widgets.byod`) and the
racial equity tool (:func:`equitylab.tool.typed_upload`).
"""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "ENCODINGS",
    "MAX_BYTES",
    "NO",
    "SEPARATORS",
    "YES",
    "DataProblem",
    "read_csv_bytes",
    "read_csv_path",
    "read_csv_upload",
    "safe_csv_name",
    "sniff_separator",
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


def _too_big(size: int, name: str) -> DataProblem:
    return DataProblem(
        f"The file {name} is {_size_text(size)}; the course reads files up to "
        f"{_size_text(MAX_BYTES)}. Aggregate it first (one row per group with a count of "
        "events and a count of people), or take a sample, and upload that."
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
        Every column as text (typed later by :func:`equitylab.widgets.byod.prepare` or
        :func:`equitylab.tool.typed_upload`).

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
        raise _too_big(len(data), name)
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
        raise _too_big(size, p.name)
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
