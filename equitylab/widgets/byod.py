"""Lab 6 app: bring your own data.

Upload a CSV (or pick a file), map its columns, read plain-language messages about any
problem, see the same analysis as the other labs, and export tables and charts with small
counts suppressed. Reading, typing and guessing the columns is :mod:`equitylab.userdata`;
checking the mapping, analysing and exporting is the lab model :mod:`equitylab.labs.byod`.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from equitylab import measures, present
from equitylab.escape import missing_file
from equitylab.labs.byod import (
    Analysis,
    Prepared,
    analyse,
    by_area_table,
    export,
    export_bytes,
    prepare,
    reference_choice,
)
from equitylab.userdata import (
    ENCODINGS,
    MAX_BYTES,
    SEPARATORS,
    check_mapping,
    guess_roles,
    read_csv_bytes,
    too_big,
    type_columns,
)
from equitylab.widgets._base import LabApp, reference_options

__all__ = ["ByodApp", "by_area_html", "byod_app", "export_files"]

_NONE = ""


def export_files(analysis: Analysis, folder: str, *, title: str) -> list[Path]:
    """Export with the course's chart, table and sentences (:func:`equitylab.labs.byod.export`)."""
    return export(analysis, folder, title=title, chart=present.gap_chart,
                  table=present.display_table, sentences=present.sentences)


def by_area_html(by_area: pd.DataFrame, *, area_label: str) -> str:
    """Render :func:`by_area_table` as an accessible table."""
    table = by_area_table(by_area).rename(columns={"area": area_label})
    return present.html_table(table, caption=f"Rate by {area_label} and group (counts from 1 "
                            "to 10 and the cells that would reveal them are hidden)",
                            row_header=area_label)


def _download_link(data: bytes, filename: str, mime: str, text: str) -> str:
    b64 = base64.b64encode(data).decode("ascii")
    return (f'<a download="{html.escape(filename)}" href="data:{mime};base64,{b64}">'
            f"{html.escape(text)}</a>")


class ByodApp(LabApp):
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
        ``message`` says what was read, or what is wrong, in plain words.
    frame : pandas.DataFrame or None
        The file as read.
    analysis : Analysis or None
        What is on screen.
    """

    def __init__(self, frame: pd.DataFrame | None = None, *, name: str = "sample data",
                 **kwargs: Any) -> None:
        self.setup()
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
                     ("The outcome is good (favorable)", "favourable")],
            description="Outcome is", style=style, value=None)
        self.merge_spellings = widgets.Checkbox(
            value=True, indent=False, description="Count spellings that differ only in capitals "
            "or spaces as one group", layout=widgets.Layout(width="auto"))
        self.reference = widgets.Dropdown(description="Compare with", style=style, layout=lay)
        self.gap = widgets.ToggleButtons(options=[("Relative gap (ratio)", "ratio"),
                                                  ("Absolute gap (difference)", "difference")],
                                         description="Gap", style=style)
        self.export_button = widgets.Button(description="Prepare downloads",
                                            tooltip="Make CSV and SVG files with small counts "
                                            "hidden")
        self.table = widgets.HTML()
        self.sentences = widgets.HTML()
        self.chart = widgets.HTML()
        self.downloads = widgets.HTML()
        self.frame: pd.DataFrame | None = None
        self.analysis: Analysis | None = None
        self._raw: tuple[bytes, str] | None = None
        self._prep: Prepared | None = None
        self.file_name = name
        self.upload.observe(self._on_upload, names="value")
        self.load_button.on_click(lambda _b: self.load_path(self.path.value))
        self.watch(self.separator, self.encoding, handler=self._on_format)
        self.outcome.observe(self._on_outcome, names="value")
        self.watch(self.group, self.outcome, self.denominator, self.area, self.direction,
                   self.merge_spellings, handler=self._on_mapping)
        self.watch(self.reference, self.gap)
        self.export_button.on_click(lambda _b: self.prepare_downloads())
        super().__init__([
            widgets.HTML("<h3>1. Choose a file</h3>"),
            widgets.HBox([self.upload]), widgets.HBox([self.path, self.load_button]),
            widgets.HBox([self.separator, self.encoding]),
            widgets.HTML("<h3>2. Map the columns</h3>"),
            self.group, self.outcome, self.denominator, self.area, self.direction,
            self.merge_spellings, widgets.HTML("<h3>3. Compare</h3>"), self.reference, self.gap,
            self.message, self.sentences, self.chart, self.table,
            widgets.HTML("<h3>4. Export</h3>"), self.export_button, self.downloads,
        ], **kwargs)
        if frame is not None:
            self._set_frame(frame, name)
        else:
            self.show_status("Upload a CSV file, or type a path and choose Load file.")

    # -- loading ----------------------------------------------------------------------
    #: The message for an error the package did not foresee.
    unexpected = ("Something unexpected went wrong while reading or analyzing the file. The "
                  "app is still running: check the file and the column choices, or try "
                  "another file.")

    def clear(self) -> None:
        """Empty the outputs after an error."""
        self.table.value = self.sentences.value = self.chart.value = ""
        self.downloads.value = ""
        self.analysis = None

    def load_bytes(self, data: bytes, name: str = "the file") -> bool:
        """Read uploaded bytes; show a message instead of raising.

        Returns True if the file was read and its guessed columns can be analysed (the
        analysis itself waits until the participant says whether the outcome is bad or
        good).
        """
        if self._raw != (data, name):
            with self.holding():
                self.direction.value = None  # a new file: the participant says which way is bad
        self._raw = (data, name)
        read: list[pd.DataFrame] = []
        if not self.attempt(lambda: read.append(read_csv_bytes(
                data, name=name, separator=self.separator.value,
                encoding=self.encoding.value))):
            return False
        self.error = ""
        self._set_frame(read[0], name)
        return not self.error

    def load_path(self, path: str) -> bool:
        """Read a file from disk (its size is checked first); show any problem."""
        p = Path(path.strip())
        if not p.is_file():
            self.show_error(missing_file(path))
            return False
        if p.stat().st_size > MAX_BYTES:
            self.show_error(str(too_big(p.stat().st_size, p.name, headless=True)))
            return False
        return self.load_bytes(p.read_bytes(), p.name)

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        f = files[0]
        if int(f.get("size", 0)) > MAX_BYTES:
            self.show_error(str(too_big(int(f["size"]), f.get("name", "the file"),
                                       headless=True)))
            return
        self.load_bytes(bytes(f["content"]), f.get("name", "the file"))

    def _on_outcome(self, _change: object = None) -> None:
        """Ask again whether the outcome is bad or good when it is changed by hand.

        A file read, or :meth:`set_mapping`, changes the outcome while held: no reset.
        """
        if self.held:
            return
        with self.holding():
            self.direction.value = None

    def _on_format(self, _change: object = None) -> None:
        if self._raw is not None:
            self.load_bytes(*self._raw)

    def _set_frame(self, frame: pd.DataFrame, name: str) -> None:
        self.frame = frame
        self.file_name = name
        guess = guess_roles(type_columns(frame))
        cols = list(frame.columns)
        with self.holding():
            pairs = [(c, c) for c in cols]
            self.group.options = pairs
            self.outcome.options = pairs
            self.denominator.options = [("(none: one row per person)", _NONE), *pairs]
            self.area.options = [("(none)", _NONE), *pairs]
            self.group.value = guess.group
            self.outcome.value = guess.outcome or None
            self.denominator.value = guess.denominator
            self.area.value = _NONE
        self._on_mapping()

    # -- analysis ---------------------------------------------------------------------
    def _prepared(self) -> Prepared:
        assert self.frame is not None
        return prepare(self.frame, self.group.value or "", self.outcome.value or "",
                       denominator=self.denominator.value or _NONE,
                       area=self.area.value or _NONE, direction=self.direction.value,
                       merge_spellings=self.merge_spellings.value)

    def _map(self) -> None:
        """Check the mapping and offer the groups found as references."""
        self._prep = self._prepared()
        groups = list(self._prep.counts.table["group"])
        old = self.reference.value
        opts = [("Largest group", "largest"), *reference_options(groups)]
        with self.holding():
            self.reference.options = opts
            self.reference.value = old if old in [v for _, v in opts] else "largest"

    def _on_mapping(self, _change: object = None) -> None:
        if self.held or self.frame is None:
            return
        self._prep = None
        if self.direction.value is None:
            self.clear()
            if not self.attempt(lambda: check_mapping(
                    self.frame, self.group.value or "", self.outcome.value or "",
                    self.denominator.value or _NONE,
                    merge_spellings=self.merge_spellings.value)):
                return
            self.show_status(f"Read {self.file_name}. Now choose under 'Outcome is' whether "
                             f"{self.outcome.value or 'the outcome'} is bad (adverse) or good "
                             "(favorable) for the people it happens to: the comparison "
                             "depends on it.")
            return
        if self.attempt(self._map):
            self.refresh()

    def render(self) -> None:
        """Compare the groups for the current mapping and show every output."""
        if self.frame is None or self._prep is None:
            return
        result = analyse(self._prep, reference=self.reference.value, gap=self.gap.value)
        self.analysis = result
        comp = result.comparison
        n_rows = len(self.frame)
        # An exact count of rows would give away the sum of hidden groups.
        rows = measures.rows_read(n_rows, any_hidden=bool(comp.wide["suppressed"].any()))
        text = (f"Read {self.file_name}: {rows + ', ' if rows else ''}"
                f"{len(self.frame.columns)} columns. Comparing {len(comp.wide)} groups."
                + ("" if rows else " " + measures.ROWS_NOT_SHOWN))
        self.show_status(" ".join([text, *self.frame.attrs.get("notices", []),
                                   *result.notices]))
        self.table.value = present.comparison_table_html(comp, group_label=self.group.value,
                                                       people="People")
        if result.by_area is not None:
            self.table.value += by_area_html(result.by_area, area_label=self.area.value)
        self.sentences.value = present.sentences_html(present.sentences(comp, noun="people"))
        title = f"{self.outcome.value} by {self.group.value}"
        self.draw_chart(self.chart, lambda: present.gap_chart(comp, title=title))
        self.downloads.value = ""

    def set_mapping(self, group: str, outcome: str, *, denominator: str = _NONE,
                    area: str = _NONE, direction: str = "adverse",
                    reference: Any = "largest") -> None:
        """Choose the columns and the reference, as a person would in the menus."""
        if self.frame is None:
            return
        cols = set(self.frame.columns)
        with self.holding():
            for widget, value in ((self.group, group), (self.outcome, outcome),
                                  (self.denominator, denominator), (self.area, area)):
                if value == _NONE or value in cols:
                    widget.value = value
            self.direction.value = direction
            # The reference menu lists the groups the mapping finds: chosen here, still on
            # hold, so the app compares the groups once, against the reference asked for.
            self._prep = None
            mapped = self.direction.value is not None and self.attempt(self._map)
            choice = reference_choice(reference)
            if mapped and choice in [v for _, v in self.reference.options]:
                self.reference.value = choice
        if mapped:
            self.refresh()
        elif self.direction.value is None:
            self._on_mapping()  # asks whether the outcome is bad or good for people

    def prepare_downloads(self) -> str:
        """Make download links for the suppressed table, the chart and the summary."""
        if self.analysis is None:
            self.downloads.value = present.message_html("Nothing to export yet: load a file "
                                                      "and map its columns first.")
            return self.downloads.value
        # Made in memory: no disk is written, so a read-only or full disk cannot stop it.
        made = export_bytes(self.analysis, title=f"{self.outcome.value} by {self.group.value}",
                            chart=present.gap_chart, table=present.display_table,
                            sentences=present.sentences)
        mimes = {"csv": "text/csv", "svg": "image/svg+xml", "txt": "text/plain",
                 "md": "text/markdown"}
        links = [_download_link(data, name, mimes[name.rsplit(".", 1)[1]], name)
                 for name, data in made.items()]
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
