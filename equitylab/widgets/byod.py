"""Lab 6 app: bring your own data.

Upload a CSV (or pick a file), map its columns, read plain-language messages about any
problem, see the same analysis as the other labs, and export tables and charts with small
counts suppressed. The same steps run headless (see :func:`run`), which is what the lab
notebook does when papermill passes it ``data_path``, ``group_column``, ``outcome_column``
and ``reference``.

Reading a file lives in :mod:`equitylab.userdata` (:func:`read_csv_bytes`,
:func:`read_csv_path`, re-exported here); checking the column mapping is :func:`prepare`.
Every number still comes from :func:`equitylab.measures.disparities`.
"""

from __future__ import annotations

import base64
import html
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from equitylab import measures
from equitylab.userdata import (
    ENCODINGS,
    MAX_BYTES,
    SEPARATORS,
    DataProblem,
    _too_big,
    read_csv_bytes,
    read_csv_path,
    sniff_separator,
)
from equitylab.userdata import NO as _NO
from equitylab.userdata import YES as _YES
from equitylab.widgets import _views as views

__all__ = [
    "MAX_BYTES",
    "Analysis",
    "ByodApp",
    "DataProblem",
    "analyse",
    "byod_app",
    "export",
    "guess_columns",
    "prepare",
    "read_csv_bytes",
    "read_csv_path",
    "run",
    "sniff_separator",
    "write_sample",
]

_NONE = ""


def guess_columns(frame: pd.DataFrame) -> dict[str, str]:
    """Guess the group, outcome and (for aggregated files) denominator columns.

    Examples
    --------
    >>> f = pd.DataFrame({"race": ["A", "B"], "searched": ["1", "0"]})
    >>> guess_columns(f)["group"], guess_columns(f)["outcome"]
    ('race', 'searched')
    """
    binary, numeric, text = [], [], []
    totals: dict[str, float] = {}
    for col in frame.columns:
        vals = frame[col].dropna().astype(str).str.strip().str.lower()
        uniq = set(vals.unique()[:1000])
        nums = pd.to_numeric(vals.str.replace(",", "", regex=False), errors="coerce")
        if uniq and uniq <= (_YES | _NO):
            binary.append(col)
        elif len(vals) and nums.notna().mean() >= 0.5:
            numeric.append(col)
            totals[col] = float(nums.sum())
        else:
            text.append(col)
    hints = ("race", "ethnic", "group", "colour", "color")
    ranked = sorted(text, key=lambda c: not any(h in c.lower() for h in hints))
    group = next((c for c in ranked if frame[c].nunique() <= 50), text[0] if text else
                 frame.columns[0])
    if binary:
        return {"group": group, "outcome": binary[0], "denominator": _NONE}
    if len(numeric) >= 2:
        events, people = sorted(numeric[:2], key=lambda c: totals[c])
        return {"group": group, "outcome": events, "denominator": people}
    rest = [c for c in frame.columns if c != group]
    return {"group": group, "outcome": rest[0] if rest else group, "denominator": _NONE}


def _to_binary(col: pd.Series, name: str) -> pd.Series:
    text = col.astype("string").str.strip().str.lower()
    out = pd.Series(pd.NA, index=col.index, dtype="boolean")
    out[text.isin(_YES).fillna(False).to_numpy(bool)] = True
    out[text.isin(_NO).fillna(False).to_numpy(bool)] = False
    bad = text.notna() & ~text.isin(_YES | _NO)
    if bad.any():
        examples = ", ".join(repr(v) for v in col[bad].drop_duplicates().head(3))
        raise DataProblem(
            f"Column {name!r} should say whether each person had the outcome: 0 or 1 (or "
            f"yes/no, true/false). It also holds {examples} ({int(bad.sum()):,} rows). If "
            "the file has one row per group with counts, choose the column of people under "
            "'People (denominator)'; otherwise recode those values to 0 or 1."
        )
    return out


def _to_counts(col: pd.Series, name: str) -> pd.Series:
    text = col.astype("string").str.strip().str.replace(",", "", regex=False)
    nums = pd.to_numeric(text, errors="coerce")
    bad = text.notna() & nums.isna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy(bool))[0]) + 2
        raise DataProblem(
            f"Column {name!r} should hold counts (whole numbers), but row {row} holds "
            f"{col[bad].iloc[0]!r}. Replace text such as 'ten' or 'n/a' with a number, or "
            "leave the cell empty if it is unknown."
        )
    if (nums < 0).any():
        row = int(np.flatnonzero((nums < 0).fillna(False).to_numpy(bool))[0]) + 2
        raise DataProblem(f"Column {name!r} has a negative count ({nums[nums < 0].iloc[0]:g} in "
                          f"row {row}). Counts cannot be negative: fix that row.")
    return nums.astype("Float64")


@dataclass
class Prepared:
    """A checked file ready for :mod:`equitylab.measures`."""

    counts: measures.Counts
    notices: list[str] = field(default_factory=list)
    strata_counts: measures.Counts | None = None


def prepare(frame: pd.DataFrame, group: str, outcome: str, *, denominator: str = _NONE,
            area: str = _NONE, direction: str = "adverse", label: str | None = None
            ) -> Prepared:
    """Check the column mapping and build the counts, or raise :class:`DataProblem`.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`read_csv_bytes` (all text).
    group : str
        The column of groups (e.g. race).
    outcome : str
        One row per person: a 0/1 column. One row per group: the column of event counts.
    denominator : str, optional
        One row per group: the column of people. Empty for one row per person.
    area : str, optional
        A column of areas, for a table by area and group (suppressed).
    direction : {"adverse", "favourable"}
        Whether the outcome is bad or good.
    label : str, optional
        A verb phrase for sentences, e.g. "were searched".

    Returns
    -------
    Prepared
    """
    cols = list(frame.columns)
    for role, col in (("group", group), ("outcome", outcome), ("people", denominator),
                      ("area", area)):
        if col and col not in cols:
            raise DataProblem(f"There is no column called {col!r} (chosen as the {role} "
                              f"column). The file's columns are: {', '.join(cols)}.")
    if not group or not outcome:
        raise DataProblem("Choose a group column and an outcome column.")
    chosen = [c for c in (group, outcome, denominator, area) if c]
    if len(set(chosen)) < len(chosen):
        raise DataProblem("Each role needs a different column: the group, outcome, people and "
                          "area columns must not repeat.")
    groups = frame[group].astype("string").str.strip().replace("", pd.NA)
    if groups.isna().all():
        raise DataProblem(f"Every row is missing a value in the group column {group!r}, so "
                          "there is nothing to compare. Choose another column.")
    name = label or f"had the outcome “{outcome}”"
    ind = measures.Indicator(outcome.replace("_", " "), direction, "proportion", 100.0, name)
    data = pd.DataFrame({"group": groups})
    if area:
        data["area"] = frame[area].astype("string").str.strip()
    notices: list[str] = []
    try:
        if denominator:
            data["events"] = _to_counts(frame[outcome], outcome)
            data["people"] = _to_counts(frame[denominator], denominator)
            empty = data.groupby("group")["people"].sum()
            empty = empty[empty == 0]
            if len(empty):
                notices.append(
                    f"Group(s) {', '.join(map(str, empty.index))} have no people (0 in "
                    f"{denominator!r}), so they have no rate and are left out of the "
                    "comparison.")
                data = data.loc[~data["group"].isin(empty.index)]
            counts = measures.from_counts(data, "group", "events", "people", indicator=ind)
            strata = (measures.from_counts(data, "group", "events", "people", strata="area",
                                           indicator=ind) if area else None)
        else:
            data["outcome"] = _to_binary(frame[outcome], outcome)
            counts = measures.count(data, "group", "outcome", indicator=ind)
            strata = (measures.count(data, "group", "outcome", strata="area", indicator=ind)
                      if area else None)
    except measures.EventsExceedDenominatorError as err:
        raise DataProblem(f"{err} (outcome column {outcome!r}, people column "
                          f"{denominator!r}).") from None
    except measures.MeasureInputError as err:
        raise DataProblem(str(err)) from None
    if counts.excluded_rows:
        notices.append(f"{counts.excluded_rows:,} rows are left out because the group or the "
                       "outcome is missing (see the note under the table).")
    return Prepared(counts, notices, strata)


@dataclass
class Analysis:
    """The result of :func:`analyse`: the comparison and any by-area table."""

    comparison: views.Comparison
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
            f"There are no rows for the reference group {ref_name!r}. Groups in the file: "
            f"{', '.join(map(str, groups))}. Choose one of them, or the best-off group, "
            "everyone, or everyone else.")
    comp = views.compare(prepared.counts, reference=reference, gap=gap)
    by_area = None
    if prepared.strata_counts is not None:
        by_area = measures.disparities(prepared.strata_counts, reference=reference,
                                       measures=("estimate",))
    return Analysis(comp, list(prepared.notices), by_area)


def export(analysis: Analysis, folder: str | os.PathLike[str], *, title: str = "Outcome by group"
           ) -> list[Path]:
    """Write the tables (small counts suppressed), the chart and the sentences to a folder.

    Returns
    -------
    list of pathlib.Path
        The files written: ``table.csv``, ``disparities.csv``, ``chart.svg``,
        ``chart-alt-text.txt``, ``summary.md`` and, with an area, ``by-area.csv``.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    comp = analysis.comparison
    files = []
    table = views.display_table(comp)
    files.append(out / "table.csv")
    table.to_csv(files[-1], index=False)
    tidy = comp.tidy.copy()
    files.append(out / "disparities.csv")
    tidy.to_csv(files[-1], index=False)
    fig, alt = views.gap_chart(comp, title=title)
    files.append(out / "chart.svg")
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    files[-1].write_bytes(buf.getvalue())
    files.append(out / "chart-alt-text.txt")
    files[-1].write_text(alt + "\n", encoding="utf-8")
    lines = views.sentences(comp)
    files.append(out / "summary.md")
    files[-1].write_text(f"# {title}\n\n" + "".join(f"- {s}\n" for s in lines),
                         encoding="utf-8")
    if analysis.by_area is not None:
        files.append(out / "by-area.csv")
        analysis.by_area.to_csv(files[-1], index=False)
    return files


def run(data_path: str | os.PathLike[str], group_column: str, outcome_column: str, *,
        reference: Any = "largest", denominator_column: str = _NONE, area_column: str = _NONE,
        direction: str = "adverse", gap: str = "ratio", output_dir: str | None = None,
        separator: str = ",", encoding: str = "utf-8") -> Analysis:
    """Run the whole lab headless: read, check, analyse and (optionally) export.

    Raises
    ------
    DataProblem
        With a plain-language message, for any problem with the file or the choices.
    """
    frame = read_csv_path(data_path, separator=separator, encoding=encoding)
    ref = reference
    if isinstance(reference, str) and reference not in measures.REFERENCES:
        ref = ("group", reference)
    prepared = prepare(frame, group_column, outcome_column, denominator=denominator_column,
                       area=area_column, direction=direction)
    result = analyse(prepared, reference=ref, gap=gap)
    if output_dir:
        export(result, output_dir, title=f"{outcome_column} by {group_column}")
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


def by_area_html(by_area: pd.DataFrame, *, area_label: str) -> str:
    """Render :func:`by_area_table` as an accessible table."""
    table = by_area_table(by_area).rename(columns={"area": area_label})
    return views.html_table(table, caption=f"Rate by {area_label} and group (counts from 1 "
                            "to 10 and the cells that would reveal them are hidden)",
                            row_header=area_label)


def _download_link(data: bytes, filename: str, mime: str, text: str) -> str:
    b64 = base64.b64encode(data).decode("ascii")
    return (f'<a download="{html.escape(filename)}" href="data:{mime};base64,{b64}">'
            f"{html.escape(text)}</a>")


class ByodApp(widgets.VBox):
    """The lab 6 app.

    Attributes
    ----------
    upload : ipywidgets.FileUpload
    path, load_button : ipywidgets.Text, ipywidgets.Button
    separator, encoding : ipywidgets.Dropdown
    group, outcome, denominator, area, reference : ipywidgets.Dropdown
    direction, gap : ipywidgets.ToggleButtons
    export_button : ipywidgets.Button
    message, table, sentences, chart, downloads : ipywidgets.HTML
    frame : pandas.DataFrame or None
        The file as read.
    analysis : Analysis or None
        What is on screen.
    """

    def __init__(self, frame: pd.DataFrame | None = None, *, name: str = "sample data",
                 **kwargs: Any) -> None:
        style = {"description_width": "initial"}
        lay = widgets.Layout(width="26em")
        self.upload = widgets.FileUpload(accept=".csv,.txt,text/csv", multiple=False,
                                         description="Upload a CSV file",
                                         layout=widgets.Layout(width="16em"))
        self.path = widgets.Text(description="…or a file path", placeholder="data/my-file.csv",
                                 style=style, layout=lay)
        self.load_button = widgets.Button(description="Load file", tooltip="Read the file "
                                          "at this path")
        self.separator = widgets.Dropdown(options=list(SEPARATORS.items()),
                                          description="Separator", style=style)
        self.encoding = widgets.Dropdown(options=list(ENCODINGS.items()), description="Encoding",
                                         style=style)
        self.group = widgets.Dropdown(description="Group column", style=style, layout=lay)
        self.outcome = widgets.Dropdown(description="Outcome column (0/1, or events)",
                                        style=style, layout=lay)
        self.denominator = widgets.Dropdown(description="People (denominator), if counts",
                                            style=style, layout=lay)
        self.area = widgets.Dropdown(description="Area column (optional)", style=style,
                                     layout=lay)
        self.direction = widgets.ToggleButtons(
            options=[("The outcome is bad (adverse)", "adverse"),
                     ("The outcome is good (favourable)", "favourable")],
            description="Outcome is", style=style)
        self.reference = widgets.Dropdown(description="Compare with", style=style, layout=lay)
        self.gap = widgets.ToggleButtons(options=[("Relative gap (ratio)", "ratio"),
                                                  ("Absolute gap (difference)", "difference")],
                                         description="Gap", style=style)
        self.export_button = widgets.Button(description="Prepare downloads",
                                            tooltip="Make CSV and SVG files with small counts "
                                            "hidden")
        self.message = widgets.HTML()
        self.table = widgets.HTML()
        self.sentences = widgets.HTML()
        self.chart = widgets.HTML()
        self.downloads = widgets.HTML()
        self.frame: pd.DataFrame | None = None
        self.analysis: Analysis | None = None
        self._raw: tuple[bytes, str] | None = None
        self._hold = False
        self.upload.observe(self._on_upload, names="value")
        self.load_button.on_click(lambda _b: self.load_path(self.path.value))
        for w in (self.separator, self.encoding):
            w.observe(self._on_format, names="value")
        for w in (self.group, self.outcome, self.denominator, self.area, self.direction):
            w.observe(self._on_mapping, names="value")
        for w in (self.reference, self.gap):
            w.observe(self._refresh, names="value")
        self.export_button.on_click(lambda _b: self.prepare_downloads())
        super().__init__([
            widgets.HTML("<h3>1. Choose a file</h3>"),
            widgets.HBox([self.upload]), widgets.HBox([self.path, self.load_button]),
            widgets.HBox([self.separator, self.encoding]),
            widgets.HTML("<h3>2. Map the columns</h3>"),
            self.group, self.outcome, self.denominator, self.area, self.direction,
            widgets.HTML("<h3>3. Compare</h3>"), self.reference, self.gap,
            self.message, self.sentences, self.chart, self.table,
            widgets.HTML("<h3>4. Export</h3>"), self.export_button, self.downloads,
        ], **kwargs)
        if frame is not None:
            self._set_frame(frame, name)
        else:
            self.message.value = views.message_html("Upload a CSV file, or type a path and "
                                                    "choose Load file.")

    # -- loading ----------------------------------------------------------------------
    def _error(self, text: str) -> None:
        self.message.value = views.message_html(text, kind="error")
        self.table.value = self.sentences.value = self.chart.value = ""
        self.downloads.value = ""
        self.analysis = None

    def _unexpected(self, err: Exception) -> None:
        self._error(f"Something unexpected went wrong ({type(err).__name__}: {err}). The "
                    "app is still running: check the file and the column choices, or try "
                    "another file.")

    def load_bytes(self, data: bytes, name: str = "the file") -> bool:
        """Read uploaded bytes; show a message instead of raising. Return True if read."""
        self._raw = (data, name)
        try:
            frame = read_csv_bytes(data, name=name, separator=self.separator.value,
                                   encoding=self.encoding.value)
        except DataProblem as err:
            self._error(str(err))
            return False
        except Exception as err:  # noqa: BLE001 - the session must stay usable
            self._unexpected(err)
            return False
        self._set_frame(frame, name)
        return self.analysis is not None

    def load_path(self, path: str) -> bool:
        """Read a file from disk (its size is checked first); show any problem."""
        try:
            p = Path(path.strip())
            if not p.is_file():
                raise DataProblem(f"There is no file at {path!r}. Check the path.")
            if p.stat().st_size > MAX_BYTES:
                raise _too_big(p.stat().st_size, p.name)
        except DataProblem as err:
            self._error(str(err))
            return False
        return self.load_bytes(p.read_bytes(), p.name)

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        f = files[0]
        if int(f.get("size", 0)) > MAX_BYTES:
            self._error(str(_too_big(int(f["size"]), f.get("name", "the file"))))
            return
        self.load_bytes(bytes(f["content"]), f.get("name", "the file"))

    def _on_format(self, _change: object = None) -> None:
        if self._raw is not None:
            self.load_bytes(*self._raw)

    def _set_frame(self, frame: pd.DataFrame, name: str) -> None:
        self.frame = frame
        self.file_name = name
        guess = guess_columns(frame)
        cols = list(frame.columns)
        self._hold = True
        try:
            pairs = [(c, c) for c in cols]
            self.group.options = pairs
            self.outcome.options = pairs
            self.denominator.options = [("(none: one row per person)", _NONE), *pairs]
            self.area.options = [("(none)", _NONE), *pairs]
            self.group.value = guess["group"]
            self.outcome.value = guess["outcome"]
            self.denominator.value = guess["denominator"]
            self.area.value = _NONE
        finally:
            self._hold = False
        self._on_mapping()

    # -- analysis ---------------------------------------------------------------------
    def _prepared(self) -> Prepared:
        assert self.frame is not None
        return prepare(self.frame, self.group.value or "", self.outcome.value or "",
                       denominator=self.denominator.value or _NONE,
                       area=self.area.value or _NONE, direction=self.direction.value)

    def _on_mapping(self, _change: object = None) -> None:
        if self._hold or self.frame is None:
            return
        try:
            prepared = self._prepared()
        except DataProblem as err:
            self._error(str(err))
            return
        except Exception as err:  # noqa: BLE001 - the session must stay usable
            self._unexpected(err)
            return
        self._prep = prepared
        groups = list(prepared.counts.table["group"])
        old = self.reference.value
        opts = [("Largest group", "largest"), *views.reference_options(groups)]
        self._hold = True
        try:
            self.reference.options = opts
            self.reference.value = old if old in [v for _, v in opts] else "largest"
        finally:
            self._hold = False
        self._refresh()

    def _refresh(self, _change: object = None) -> None:
        if self._hold or self.frame is None or not hasattr(self, "_prep"):
            return
        try:
            result = analyse(self._prep, reference=self.reference.value, gap=self.gap.value)
        except DataProblem as err:
            self._error(str(err))
            return
        except Exception as err:  # noqa: BLE001 - the session must stay usable
            self._unexpected(err)
            return
        self.analysis = result
        comp = result.comparison
        n_rows = len(self.frame)
        text = (f"Read {self.file_name}: {n_rows:,} rows, {len(self.frame.columns)} columns. "
                f"Comparing {len(comp.wide)} groups.")
        self.message.value = views.message_html(" ".join([text, *result.notices]))
        self.table.value = views.comparison_table_html(comp, group_label=self.group.value,
                                                       people="People")
        if result.by_area is not None:
            self.table.value += by_area_html(result.by_area, area_label=self.area.value)
        self.sentences.value = views.sentences_html(views.sentences(comp, noun="people"))
        fig, alt = views.gap_chart(comp, title=f"{self.outcome.value} by {self.group.value}")
        self.chart.value = views.figure_html(fig, alt)
        self.downloads.value = ""

    def set_mapping(self, group: str, outcome: str, *, denominator: str = _NONE,
                    area: str = _NONE, direction: str = "adverse",
                    reference: Any = "largest") -> None:
        """Choose the columns and the reference, as a person would in the menus."""
        if self.frame is None:
            return
        cols = set(self.frame.columns)
        self._hold = True
        try:
            for widget, value in ((self.group, group), (self.outcome, outcome),
                                  (self.denominator, denominator), (self.area, area)):
                if value == _NONE or value in cols:
                    widget.value = value
            self.direction.value = direction
        finally:
            self._hold = False
        self._on_mapping()
        if isinstance(reference, str) and reference not in measures.REFERENCES:
            reference = ("group", reference)
        if reference in [v for _, v in self.reference.options]:
            self.reference.value = reference

    def prepare_downloads(self) -> str:
        """Make download links for the suppressed table, the chart and the summary."""
        if self.analysis is None:
            self.downloads.value = views.message_html("Nothing to export yet: load a file "
                                                      "and map its columns first.")
            return self.downloads.value
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            files = export(self.analysis, tmp,
                           title=f"{self.outcome.value} by {self.group.value}")
            mimes = {".csv": "text/csv", ".svg": "image/svg+xml", ".txt": "text/plain",
                     ".md": "text/markdown"}
            links = [_download_link(f.read_bytes(), f.name, mimes[f.suffix], f.name)
                     for f in files]
        self.downloads.value = ("<p>Small counts (1 to 10) are hidden in every file.</p><ul>"
                                + "".join(f"<li>{link}</li>" for link in links) + "</ul>")
        return self.downloads.value


def byod_app(frame: pd.DataFrame | None = None, *, name: str = "sample data") -> ByodApp:
    """Build the lab 6 app (bring your own data).

    Parameters
    ----------
    frame : pandas.DataFrame, optional
        A table to start with (e.g. a sample); otherwise the app waits for a file.
    name : str
        What to call that table in messages.

    Returns
    -------
    ByodApp
    """
    return ByodApp(frame, name=name)


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

