"""Lab 6 model: bring your own data, headless.

Read a file (:mod:`equitylab.userdata`), check the column mapping and build the counts
(:func:`prepare`), compare the groups (:func:`analyse`) and write the results
(:func:`export`); :func:`run` does all four, which is what the lab notebook does when
papermill passes it ``data_path``, ``group_column``, ``outcome_column`` and ``reference``.
Every number comes from :func:`equitylab.measures.disparities`. Nothing here imports
ipywidgets or matplotlib: :func:`export` is given the chart function to draw with.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from equitylab import measures
from equitylab.escape import csv_bytes, md_text, missing_file, strip_invalid
from equitylab.labs.comparison import Comparison, compare
from equitylab.userdata import (
    MAX_BYTES,
    DataProblem,
    check_mapping,
    check_roles,
    engine_problem,
    name_list,
    read_csv_path,
    read_header,
    show,
)

__all__ = ["Analysis", "Prepared", "analyse", "by_area_table", "export", "export_bytes",
           "in_engine", "prepare", "prepare_in_engine", "reference_choice", "run",
           "write_sample"]

_NONE = ""

#: A chart function: ``chart(comparison, title=...)`` -> an object with ``svg()`` (bytes) and
#: ``alt_text``, e.g. :func:`equitylab.present.gap_chart`.
Chart = Callable[..., Any]


@dataclass
class Prepared:
    """A checked file ready for :mod:`equitylab.measures`."""

    counts: measures.Counts
    notices: list[str] = field(default_factory=list)
    strata_counts: measures.Counts | None = None


def prepare(frame: pd.DataFrame, group: str, outcome: str, *, denominator: str = _NONE,
            area: str = _NONE, direction: measures.Direction | None = "adverse",
            label: str | None = None, merge_spellings: bool = True,
            weights: pd.Series | None = None) -> Prepared:
    """Check the mapping and build the counts, or raise :class:`~equitylab.userdata.DataProblem`.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`equitylab.userdata.read_csv_bytes` (all text) or
        :func:`equitylab.userdata.type_columns`.
    group : str
        The column of groups (e.g. race).
    outcome : str
        One row per person: a 0/1 column. One row per group: the column of event counts.
    denominator : str, optional
        One row per group: the column of people. Empty for one row per person.
    area : str, optional
        A column of areas, for a table by area and group (suppressed).
    direction : {"adverse", "favourable"}
        Whether the outcome is bad or good; ``None`` (not chosen yet) is refused with a
        message asking the participant to choose.
    label : str, optional
        A verb phrase for sentences, e.g. "were searched".
    merge_spellings : bool, default True
        Count group names that differ only in capitals or spaces as one group, with a
        notice (see :func:`equitylab.userdata.group_labels`).
    weights : pandas.Series, optional
        When ``frame`` summarises a larger file (one row per distinct combination of
        values, as :func:`prepare_in_engine` makes it): how many of the file's rows each
        row stands for. Messages and counts are then in the file's rows.

    Returns
    -------
    Prepared
    """
    check_roles(list(frame.columns), group, outcome, denominator, area)
    data, notices = check_mapping(frame, group, outcome, denominator,
                                  merge_spellings=merge_spellings, weights=weights)
    if direction not in ("adverse", "favourable"):
        raise DataProblem(f"Choose whether {show(outcome)} is bad (adverse) or good "
                          "(favorable) for the people it happens to: the comparison depends "
                          "on it.")
    name = label or f"had the outcome “{outcome}”"
    ind = measures.Indicator(outcome.replace("_", " "), direction, "proportion", 100.0, name)
    if area:
        data["area"] = frame[area].astype("string").str.strip()
    try:
        if denominator:
            if weights is not None:  # each row stands for that many identical rows
                data["events"] = data["events"] * weights
                data["people"] = data["people"] * weights
            empty = data.groupby("group")["people"].sum()
            empty = empty[empty == 0]
            if len(empty):
                notices.append(
                    f"Group(s) {name_list(list(empty.index))} have no people (0 in "
                    f"{show(denominator)}), so they have no rate and are left out of the "
                    "comparison.")
                data = data.loc[~data["group"].isin(empty.index)]
                if data["group"].nunique() < 2:
                    raise DataProblem(
                        f"Only one group has people in {show(denominator)}, and two are "
                        "needed to compare. Check the people column, or choose another one.")
            counts = measures.from_counts(data, "group", "events", "people", indicator=ind)
            strata = (measures.from_counts(data, "group", "events", "people", strata="area",
                                           indicator=ind) if area else None)
        else:
            w = None
            if weights is not None:
                data["rows"], w = weights.to_numpy(np.int64), "rows"
            counts = measures.count(data, "group", "outcome", indicator=ind, weights=w)
            strata = (measures.count(data, "group", "outcome", strata="area", indicator=ind,
                                     weights=w) if area else None)
    except measures.MeasureInputError as err:
        raise DataProblem(str(err)) from None
    if counts.excluded_rows:
        notices.append(f"{counts.excluded_rows:,} rows are left out because the group or the "
                       "outcome is missing (see the note under the table).")
    return Prepared(counts, notices, strata)


def in_engine(path: str | os.PathLike[str]) -> bool:
    """Whether the headless run hands ``path`` to an engine rather than reading it here.

    Parquet files always go to the engine, and so do CSV files over :data:`MAX_BYTES`: DuckDB
    (or Polars) counts them without loading them whole. Smaller CSV files are read here.
    """
    p = Path(path)
    name = p.name.lower()
    if name.endswith(measures.PARQUET_SUFFIXES):
        return True
    return name.endswith(measures.CSV_SUFFIXES) and p.is_file() and \
        p.stat().st_size > MAX_BYTES


#: Most distinct combinations of the chosen columns' values a large file may have (a file of
#: people has a few per group; more means the file is not what the mapping says).
MAX_COMBINATIONS = 200_000


def prepare_in_engine(path: str | os.PathLike[str], group: str, outcome: str, *,
                      denominator: str = _NONE, area: str = _NONE,
                      direction: measures.Direction | None = "adverse",
                      label: str | None = None, merge_spellings: bool = True,
                      separator: str = ",", encoding: str = "utf-8") -> Prepared:
    """Like :func:`prepare`, for a Parquet or large CSV file that the engine reads.

    The file is never loaded whole. Its start is checked as the app checks a small file
    (:func:`equitylab.userdata.read_header`); then DuckDB (or Polars) reads every chosen
    column as text and brings back one row per distinct combination of their values, with
    how many rows hold it and the first of them. :func:`prepare` checks and counts that
    summary: the same checks, the same messages (naming the file's rows) and the same
    counts as for a small file.

    Raises
    ------
    DataProblem
        With a plain-language message, for any problem with the file or the choices.
    """
    p = Path(path)
    csv = not p.name.lower().endswith(measures.PARQUET_SUFFIXES)
    if csv:
        names, encoding = read_header(p, separator=separator, encoding=encoding)
    else:
        names = _parquet_columns(p)
    check_roles(names, group, outcome, denominator, area)
    chosen = [c for c in (group, outcome, denominator, area) if c]
    try:
        summary, weights, total = measures.distinct_rows(
            p, chosen, names, separator=separator, encoding=encoding, limit=MAX_COMBINATIONS)
    except measures.MeasureInputError as err:
        raise DataProblem(str(err)) from None
    except Exception as err:  # the engine's own error: a file it cannot read as CSV
        if not type(err).__module__.startswith(("duckdb", "_duckdb", "polars")):
            raise
        raise engine_problem(str(err), p.name, separator) from None
    if summary.empty:
        raise DataProblem(f"The file {show(p.name)} has column names "
                          f"({name_list(names)}) but no rows of data.")
    try:
        prepared = prepare(summary, group, outcome, denominator=denominator, area=area,
                           direction=direction, label=label, merge_spellings=merge_spellings,
                           weights=weights)
    except DataProblem as problem:
        text = str(problem)
        if total > MAX_COMBINATIONS:  # the summary holds the first combinations only
            text = re.sub(r"has ([\d,]+) different values", r"has over \1 different values",
                          text)
        blank = (_blank_lines(p, encoding) if summary.attrs["skips_blank_lines"]
                 and re.search(r"\b[Rr]ows? \d", text) else 0)
        if blank:
            text += (f" (These row numbers do not count the file's {blank:,} blank "
                     f"line{'s' if blank > 1 else ''}: in a spreadsheet the row may be lower "
                     "down.)")
        raise DataProblem(text) from None
    if total > MAX_COMBINATIONS:
        raise DataProblem(
            f"The columns chosen in {show(p.name)} have {total:,} different combinations of "
            f"values; a file of people has a few per group. Check that {show(outcome)} is a "
            "0/1 outcome (or, with a column of people, that the file is one row per group), "
            "or add up the file by group first.")
    return prepared


def _blank_lines(path: str | os.PathLike[str], encoding: str = "utf-8") -> int:
    r"""Count the empty lines of a text file (which the engine skips when numbering rows).

    Read in blocks of 16 MB, only when a message names rows. Empty lines inside quoted
    values are counted too.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     p = Path(folder) / "x.csv"
    ...     _ = p.write_bytes(b"race,served\nA,1\n\n\r\nB,0\n\n")
    ...     _blank_lines(p)
    3
    """
    with Path(path).open("rb") as f:
        bom = f.read(2)
        if encoding.startswith("utf-16"):
            encoding = "utf-16-be" if bom == b"\xfe\xff" else "utf-16-le"
        patterns = ["\n\n".encode(encoding), "\n\r\n".encode(encoding)]
        step, keep = len("\n".encode(encoding)), len(patterns[1]) - 1
        count, carry = 0, bom
        while block := f.read(16 * 2**20):
            data = carry + block
            # Pairs found in the carried end of the last block were counted with it.
            count += sum(_overlapping(data, x, step) - _overlapping(carry, x, step)
                         for x in patterns)
            carry = data[-keep:]
    return count


def _overlapping(data: bytes, pattern: bytes, step: int) -> int:
    count, at = 0, data.find(pattern)
    while at >= 0:
        count += 1
        at = data.find(pattern, at + step)
    return count


def _parquet_columns(path: Path) -> list[str]:
    if not path.is_file():
        raise DataProblem(missing_file(path))
    try:
        return measures.column_names(path)
    except measures.MeasureInputError as err:
        raise DataProblem(str(err)) from None
    except Exception as err:
        if not type(err).__module__.startswith(("duckdb", "_duckdb", "polars")):
            raise
        raise DataProblem(f"The file {show(path.name)} could not be read as a Parquet file. "
                          "Check that it is one, or save the data as CSV.") from None


@dataclass
class Analysis:
    """The result of :func:`analyse`: the comparison and any by-area table."""

    comparison: Comparison
    notices: list[str]
    by_area: pd.DataFrame | None = None


def analyse(prepared: Prepared, *, reference: Any = "largest", gap: str = "ratio"
            ) -> Analysis:
    """Compare the groups (and, if an area was chosen, groups within areas).

    Raises
    ------
    DataProblem
        If the reference group has no rows.
    """
    groups = list(prepared.counts.table["group"])
    ref_name = reference[1] if isinstance(reference, tuple) else reference
    if isinstance(ref_name, str) and ref_name not in measures.REFERENCES and \
            ref_name not in groups:
        raise DataProblem(
            f"There are no rows for the reference group {show(ref_name)}. Groups in the "
            f"file: {name_list(groups)}. Choose one of them, or the best-off group, "
            "everyone, or everyone else.")
    comp = compare(prepared.counts, reference=reference, gap=gap)
    by_area = None
    if prepared.strata_counts is not None:
        by_area = measures.disparities(prepared.strata_counts, reference=reference,
                                       measures=("estimate",))
    return Analysis(comp, list(prepared.notices), by_area)


def export_bytes(analysis: Analysis, *, title: str = "Outcome by group",
                 chart: Chart | None = None,
                 table: Callable[[Comparison], pd.DataFrame] | None = None,
                 sentences: Callable[[Comparison], list[str]] | None = None
                 ) -> dict[str, bytes]:
    """Return the export files' names and bytes, without writing anything (see :func:`export`).

    For downloads: nothing touches the disk, so a read-only or full disk cannot stop them.
    """
    comp = analysis.comparison
    out = {"table.csv": csv_bytes(table(comp) if table is not None else comp.wide),
           "disparities.csv": csv_bytes(comp.tidy)}
    if chart is not None:
        drawn = chart(comp, title=title)
        out["chart.svg"] = drawn.svg()
        out["chart-alt-text.txt"] = (strip_invalid(drawn.alt_text) + "\n").encode("utf-8")
    if sentences is not None:
        out["summary.md"] = (f"# {md_text(title)}\n\n" + "".join(
            f"- {md_text(s)}\n" for s in sentences(comp))).encode("utf-8")
    if analysis.by_area is not None:
        out["by-area.csv"] = csv_bytes(analysis.by_area)
    return out


def export(analysis: Analysis, folder: str | os.PathLike[str], *,
           title: str = "Outcome by group", chart: Chart | None = None,
           table: Callable[[Comparison], pd.DataFrame] | None = None,
           sentences: Callable[[Comparison], list[str]] | None = None) -> list[Path]:
    """Write the tables (small counts suppressed) and, if given, the chart and sentences.

    The lab model draws nothing itself: the presentation layer passes what to draw with.
    Text from the file (group and column names) is made safe for each format
    (:mod:`equitylab.escape`): CSV cells never start a formula, the Markdown summary shows
    names as typed (no HTML, links or table breaks).

    Parameters
    ----------
    analysis : Analysis
        From :func:`analyse`.
    folder : path
        Where to write (created if needed).
    title : str
        Title of the chart and of the summary.
    chart : callable, optional
        ``chart(comparison, title=...)`` returning a chart with ``svg()`` and ``alt_text``,
        e.g. :func:`equitylab.present.gap_chart`.
    table : callable, optional
        ``table(comparison)`` returning the table a reader sees, e.g.
        ``equitylab.present.display_table``; without it ``table.csv`` is
        ``Comparison.wide``.
    sentences : callable, optional
        ``sentences(comparison)`` returning plain-language sentences, e.g.
        ``equitylab.present.sentences``.

    Returns
    -------
    list of pathlib.Path
        The files written: ``table.csv``, ``disparities.csv``, and with ``chart``
        ``chart.svg`` and ``chart-alt-text.txt``, with ``sentences`` ``summary.md``, and
        with an area ``by-area.csv``.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for name, data in export_bytes(analysis, title=title, chart=chart, table=table,
                                   sentences=sentences).items():
        files.append(out / name)
        files[-1].write_bytes(data)
    return files


def reference_choice(reference: Any) -> Any:
    """Read a reference as typed by a person: a group's name, or a kind such as "best".

    Examples
    --------
    >>> reference_choice("White"), reference_choice("best")
    (('group', 'White'), 'best')
    """
    if isinstance(reference, str) and reference not in measures.REFERENCES:
        return ("group", reference)
    return reference


#: Separator and encoding words a headless run accepts, besides the characters themselves.
_SEPARATOR_WORDS = {"comma": ",", "semicolon": ";", "tab": "\t", "\\t": "\t", "pipe": "|"}
_ENCODING_WORDS = {"utf-8": "utf-8", "utf8": "utf-8", "windows": "cp1252", "cp1252": "cp1252",
                   "latin-1": "cp1252", "latin1": "cp1252", "utf-16": "utf-16",
                   "utf16": "utf-16"}
#: How the app's words for a choice read in a headless run.
_HEADLESS = {"under Separator": "with the separator parameter (comma, semicolon, tab or pipe)",
             "under Encoding": "with the encoding parameter (utf-8, windows or utf-16)",
             "choose the column of people under 'People (denominator)'":
             "give the column of people as denominator_column",
             "turn off 'Count spellings that differ only in capitals or spaces as one group'":
             "set merge_spellings to False"}


def _choice(value: Any, words: dict[str, str], what: str) -> str:
    text = str(value)
    if text in words.values():
        return text
    if text.strip().lower() in words:
        return words[text.strip().lower()]
    raise DataProblem(f"The {what} {show(text)} is not one the lab knows: use one of "
                      f"{', '.join(sorted(set(words) - {chr(92) + 't'}))}.")


def run(data_path: str | os.PathLike[str], group_column: str, outcome_column: str, *,
        reference: Any = "largest", denominator_column: str = _NONE, area_column: str = _NONE,
        direction: measures.Direction = "adverse", gap: str = "ratio",
        output_dir: str | None = None, separator: str = ",", encoding: str = "utf-8",
        merge_spellings: bool | str = True, **presenters: Any) -> Analysis:
    """Run the whole lab headless: read, check, analyse and (optionally) export.

    A Parquet file, or a CSV file over :data:`~equitylab.userdata.MAX_BYTES`, is counted by
    DuckDB or Polars without being loaded (:func:`prepare_in_engine`); any other CSV file is
    read here (:func:`prepare`). ``separator`` is a character or a word (comma, semicolon,
    tab, pipe); ``encoding`` is utf-8, windows (cp1252) or utf-16. ``presenters``
    (``chart``, ``table``, ``sentences``) are passed to :func:`export`.

    Raises
    ------
    DataProblem
        With a plain-language message, for any problem with the file or the choices; a
        message that names a menu of the app names the run's parameter instead.
    """
    try:
        sep = _choice(separator, _SEPARATOR_WORDS, "separator")
        enc = _choice(encoding, _ENCODING_WORDS, "encoding")
        merge = str(merge_spellings).strip().lower() not in ("false", "no", "0")
        ref = reference_choice(reference)
        if in_engine(data_path):
            prepared = prepare_in_engine(data_path, group_column, outcome_column,
                                         denominator=denominator_column, area=area_column,
                                         direction=direction, merge_spellings=merge,
                                         separator=sep, encoding=enc)
        else:
            frame = read_csv_path(data_path, separator=sep, encoding=enc)
            prepared = prepare(frame, group_column, outcome_column,
                               denominator=denominator_column, area=area_column,
                               direction=direction, merge_spellings=merge)
            prepared.notices[:0] = frame.attrs.get("notices", [])  # e.g. long values cut
        result = analyse(prepared, reference=ref, gap=gap)
    except DataProblem as problem:
        text = str(problem)
        for app_words, run_words in _HEADLESS.items():
            text = text.replace(app_words, run_words)
        raise DataProblem(text) from None
    if output_dir:
        export(result, output_dir, title=f"{outcome_column} by {group_column}", **presenters)
    return result


def by_area_table(by_area: pd.DataFrame) -> pd.DataFrame:
    """Return rates by area (rows) and group (columns) as text, hidden cells saying so."""
    est = by_area.loc[by_area["measure"].isin(["proportion", "rate", "mean"])]
    text = [("hidden" if sup else f"{v:.1f}%") for v, sup in
            zip(est["estimate"], est["suppressed"], strict=True)]
    wide = est.assign(shown=text).pivot(index="area", columns="group", values="shown")
    wide = wide.fillna("no rows")
    wide.columns.name = None
    return wide.reset_index()


def write_sample(path: str | os.PathLike[str]) -> Path:
    """Write a SYNTHETIC sample CSV (Tallow River small-business grants, 2025) to ``path``.

    One row per application: ``application_id``, ``owner_race_ethnicity``, ``district``
    and ``awarded`` (0/1).
    """
    from equitylab import datasets

    grants = datasets.load("tallow_business_grants", show_caveats=False)
    grants = grants.loc[grants["year"] == grants["year"].max()]
    areas = datasets.load("tallow_neighbourhoods", show_caveats=False)
    merged = grants.merge(areas[["neighbourhood_id", "district"]], on="neighbourhood_id")
    out = pd.DataFrame({
        "application_id": merged["application_id"].astype(str),
        "owner_race_ethnicity": merged["owner_race_ethnicity"].astype(str),
        "district": "District " + merged["district"].astype(str),
        "awarded": merged["awarded"].astype(int),
    })
    p = Path(path)
    out.to_csv(p, index=False)
    return p

