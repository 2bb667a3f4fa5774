"""The racial equity tool as an app: a thin ipywidgets view over :mod:`equitylab.tool`.

Every change is written to the worksheet model and saved (debounced) to the participant's
own folder; the save status is always visible. Reports and the worksheet file download to
the participant's own device in one click, wherever the kernel runs: in the reader's
browser (JupyterLite, Voici), on a facilitator's Voilà server, or in JupyterLab. All logic
(steps, checks, analysis, storage, reports, file names) lives in :mod:`equitylab.tool`.
"""

from __future__ import annotations

import getpass
import logging
import os
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from equitylab import present, tool
from equitylab.present import escape as h
from equitylab.tool import (
    ENGAGEMENT_SPECTRUM,
    EXPORT_FORMATS,
    IMPACTS,
    KINDS,
    MEASURE_KINDS,
    RBA_QUESTIONS,
    STEPS,
    STRATEGY_KINDS,
    EngagementEntry,
    Impact,
    Measure,
    PlanItem,
    Strategy,
    Worksheet,
    WorksheetFileError,
    WorksheetStore,
)
from equitylab.userdata import DataProblem, read_csv_upload, safe_csv_name, show

from ._base import app_style
from ._list_editor import Field, ListEditor
from ._runtime import (
    after_loading,
    call_later,
    flush_at_exit,
    in_browser,
    kernel_loop,
    participant_from_env,
    pending,
    share_identical_looks,
    still_loading,
    under_voila,
)

__all__ = ["EquityTool", "equity_tool"]

_CSS = """<style>
.equity-tool .eq-question{flex-flow:column;align-items:stretch;width:100%;height:auto}
.equity-tool .eq-question .widget-label{width:100%;font-weight:600;margin-bottom:.2rem;
  text-align:left}
.equity-tool .eq-question textarea{width:100%;min-height:5em}
.equity-tool .eq-status{font-weight:600}
body a:not(.anchor-link):not(.eq-download){text-decoration:underline !important}
.equity-tool table{border-collapse:collapse;margin:.4rem 0}
.equity-tool th,.equity-tool td{border:1px solid #666;padding:.2rem .4rem;text-align:left;
  vertical-align:top}
.equity-tool caption{text-align:left;font-weight:600}
.equity-tool .eq-hint{color:#3d3d3d}
.equity-tool .equitylab-error{color:#a40000;font-weight:600}
.equity-tool .eq-heading{font-size:1.25rem;font-weight:700;margin:.6rem 0 .3rem;
  padding:.2rem .3rem;line-height:1.3;height:auto}
.equity-tool .jupyter-widget-tab > .lm-TabBar .lm-TabBar-tab{color:#1a1a1a !important;
  flex:0 0 auto !important;background:#e8e8e8}
.equity-tool .jupyter-widget-tab > .lm-TabBar .lm-TabBar-tab.lm-mod-current{background:#fff}
.equity-tool .lm-TabBar-content{flex-wrap:wrap}
.equity-tool .eq-bar{position:sticky;top:0;z-index:10;background:#fff;
  border-bottom:1px solid #999;padding:.2rem 0}
.equity-tool .eq-downloads{display:flex;flex-wrap:wrap;gap:.6rem;margin:.4rem 0;
  line-height:1.35}
.equity-tool a.eq-download{display:inline-block;box-sizing:border-box;max-width:100%;
  min-height:44px;padding:.45rem .8rem;border-radius:4px;background:#1f4e79;color:#fff;
  font-weight:600;line-height:1.35;text-decoration:none;white-space:normal;
  overflow-wrap:anywhere}
.equity-tool a.eq-download:hover{background:#163a5a;text-decoration:underline}
.equity-tool a.eq-download:focus-visible{outline:3px solid #1f4e79;outline-offset:3px}
.equity-tool a.eq-download .eq-file{display:block;font-weight:400;font-size:.85em}
.equity-tool .eq-storage{border-left:4px solid #1f4e79;padding:.1rem .6rem;max-width:46em;
  line-height:1.4;white-space:normal}
</style>"""

_SHORT = {"results": "Results", "data": "Data", "engagement": "Engagement",
          "analysis": "Analysis", "implementation": "Plan", "accountability": "Accountability"}
_NO_DENOMINATOR = "(none: one row per person)"
# The first choice stands for "not chosen yet": a participant's own file starts there (the
# tool does not guess which way it reads). Without it the menu kept showing the last choice
# while the value was empty, and choosing that same option again changed nothing.
_DIRECTIONS = (("Choose…", ""),
               ("Higher is worse (e.g. searched)", "adverse"),
               ("Higher is better (e.g. hired)", "favourable"))
#: Dataset choices that are a participant's own file start with this.
_UPLOAD = "upload:"
#: In the reader's browser, the one person's worksheets are in this folder of the working
#: directory (under /drive, kept in the browser's storage).
PERSONAL_FOLDER = "my-worksheets"
#: Where worksheets are kept, for each place the app runs (see ``EquityTool.runtime``).
_WHERE = {"browser": "in this browser's storage on this device",
          "voila": "on the facilitator's computer",
          "jupyter": "on the computer that runs Jupyter"}
#: Downloads: format -> what the link says.
#: What to do when work cannot be written where it is kept.
_ONLY_NOW = ("Your work is still on this page. To keep it, download the worksheet file (.json) "
             "in Check and report, and keep working: the app saves again at your next "
             "change.")
_ANALYSIS_LOADING = ("The comparison appears here in a moment: the part of Python that "
                     "computes its intervals is still loading in your browser.")
_REPORTS_LOADING = ("The reports appear here in a moment: the part of Python that draws their "
                    "charts is still loading in your browser. The worksheet file is ready.")
_DOWNLOADS = {"html": "Report as a web page (.html)", "md": "Report as Markdown (.md)",
              "json": "Worksheet file (.json), to import elsewhere",
              "docx": "Report as a Word document (.docx)"}


def heading_html(text: str, focus: int = 0) -> str:
    """Return a step's heading (``h2``, focusable from script only); ``focus`` asks for focus.

    ipywidgets cannot focus an element inside an HTML widget, so a request for focus comes
    with the heading: an image that cannot load (``data:,``), whose error handler focuses
    the heading just before it and removes itself. ``focus`` numbers the request, so that
    each one changes the widget's value and runs once.

    Examples
    --------
    >>> heading_html("Step 1. <Results>")
    '<h2 class="eq-heading" tabindex="-1">Step 1. &lt;Results&gt;</h2>'
    >>> "focus()" in heading_html("Step 1.", focus=2)
    True
    """
    grab = ("" if not focus else
            f'<img alt="" hidden src="data:," data-focus="{int(focus)}" '
            'onerror="this.previousElementSibling.focus();this.remove()">')
    return f'<h2 class="eq-heading" tabindex="-1">{h(text)}</h2>{grab}'


class StepHeading(widgets.HTML):
    """The heading on top of one tab of the tool (a real ``h2``), where focus can be sent.

    Parameters
    ----------
    text : str
        The heading, e.g. ``"Step 1. Results"``.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._requests = 0
        super().__init__(heading_html(text))

    def focus(self) -> None:
        """Move keyboard focus to the heading (see :func:`heading_html`)."""
        self._requests += 1
        self.value = heading_html(self.text, self._requests)


def _upload_hint(where: str) -> str:
    return ("<p class='eq-hint'>Or upload your own CSV file: one row per person with a 0/1 "
            "(or yes/no) outcome column, or one row per group with a count column and a "
            "column of people, plus a column of groups such as race. A copy is kept with "
            f"your worksheets, {h(where)} (in <code>uploads</code>), and counts from 1 to 10 "
            "are suppressed in tables and reports.</p>")


def _system_user() -> str | None:
    """Return the account's user name, or None when the system cannot tell (never raise)."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - OSError, KeyError or ImportError, by platform
        return None


def _size(n: int) -> str:
    return f"{n / 1000:,.0f} kB" if n >= 1000 else f"{n} bytes"


def _read_upload(data: bytes, name: str, saved_as: str) -> Any:
    """Read and type a participant's CSV: ``name`` in messages, ``saved_as`` in reports."""
    return tool.typed_upload(read_csv_upload(data, name=name), name=saved_as)


class EquityTool(widgets.VBox):
    """The app: metadata, the six steps, checks and reports, saved as you type.

    Use :func:`equity_tool` to build it. Attributes hold the controls, so tests (and
    notebooks) can drive it exactly as a person would.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None, *,
                 participant: str | None = None, save_delay: float = 1.0) -> None:
        #: Where the kernel runs: "browser" (Pyodide), "voila" or "jupyter".
        self.runtime = ("browser" if in_browser() else "voila" if under_voila()
                        else "jupyter")
        default = Path.cwd() if self.runtime == "browser" else Path("worksheets")
        self.root = Path(folder if folder is not None
                         else os.environ.get("EQUITYLAB_WORKSHEETS", default))
        self.save_delay = save_delay
        self.store: WorksheetStore | None = None
        self.worksheet = Worksheet()
        self._loading = False
        self._pending: Any = None
        self._frames: dict[str, Any] = {}
        self._preview: tool.EvidenceItem | None = None
        self._quiet = False
        self._listing = False
        self.last_saved: float | None = None

        self.status = widgets.HTML(layout=widgets.Layout(min_width="14em"))
        #: The heading of each tab, in order (see :meth:`go_to`).
        self.headings: list[StepHeading] = []
        self.progress_text = widgets.HTML()
        self._build_start()
        self._build_files()
        self._build_about()
        self._build_steps()
        self._build_report()
        self.tabs = widgets.Tab(children=[self.about_box, *self.step_boxes, self.report_box])
        self.tabs.observe(self._on_tab, names="selected_index")
        self.main = widgets.VBox([self.files_box, self.tabs])
        header = widgets.HTML(
            _CSS + '<p><strong>Racial equity tool</strong>: six steps, saved as you go. '
            "Questions paraphrase GARE's Racial Equity Toolkit (Nelson and Brooks, 2016).</p>")
        bar = widgets.HBox([self.status, self.progress_text],
                           layout=widgets.Layout(justify_content="space-between",
                                                 flex_flow="row wrap"))
        bar.add_class("eq-bar")
        super().__init__([app_style(self), header, bar, self.start_box, self.main])
        self.add_class("equity-tool")
        # These layouts change on their own (shown or hidden), so they must not be shared.
        share_identical_looks(self, own_layout=[self.main, self.start_box, self.conflict_box,
                                                *self.answers.values()])
        flush_at_exit(self)
        if self.runtime == "browser":
            # One person, in their own browser: no name to ask, and the user name and
            # environment mean nothing there.
            who: str | None = participant or PERSONAL_FOLDER
        else:
            who = participant or participant_from_env()
            if who is None and self.runtime == "jupyter":
                who = _system_user()
        if who:
            self.open_participant(who)
        else:
            self.main.layout.display = "none"
            self._status("Enter your name to start.")

    # --- building ---------------------------------------------------------------------

    def _build_start(self) -> None:
        self.name_input = widgets.Text(description="Your name",
                                       placeholder="Keeps your worksheets apart",
                                       style={"description_width": "initial"})
        self.start_button = widgets.Button(description="Open my worksheets", icon="folder-open")
        self.start_button.on_click(lambda _b: self._start())
        self.start_message = widgets.HTML(
            '<p class="eq-hint">Each name has its own folder of worksheets, kept '
            f"{h(_WHERE[self.runtime])}. Use the same name next time to find your work "
            "again.</p>")
        self.start_box = widgets.VBox([self.start_message,
                                       widgets.HBox([self.name_input, self.start_button])])

    def _build_files(self) -> None:
        style = {"description_width": "initial"}
        self.sheet_choice = widgets.Dropdown(description="Worksheet", options=[], style=style,
                                             layout=widgets.Layout(width="min(100%, 34em)"))
        self.sheet_choice.observe(self._on_sheet_choice, names="value")
        self.new_button = widgets.Button(description="New worksheet", icon="file")
        self.new_button.on_click(lambda _b: self.new_worksheet())
        self.example_choice = widgets.Dropdown(
            description="Example (synthetic)", style=style,
            layout=widgets.Layout(width="min(100%, 34em)"),
            options=[(f"{k.capitalize()}: {tool.load_example(k).metadata.title}"[:60], k)
                     for k in (*tool.EXAMPLES, *tool.MODEL_ANSWERS)])
        self.example_button = widgets.Button(description="Open a copy", icon="copy",
                                             tooltip="Copy the example into your worksheets")
        self.example_button.on_click(lambda _b: self.open_example(self.example_choice.value))
        self.upload = widgets.FileUpload(accept=".json", multiple=False,
                                         description="Import a worksheet file",
                                         layout=widgets.Layout(width="auto"))
        self.upload.observe(self._on_upload, names="value")
        self.files_message = widgets.HTML()
        self.storage_note = widgets.HTML()
        self._conflict: tool.WorksheetConflictError | None = None
        self.conflict_message = widgets.HTML()
        self.keep_both_button = widgets.Button(
            description="Keep both", icon="copy",
            tooltip="Save this page's version as a worksheet of its own",
            layout=widgets.Layout(width="auto"))
        self.keep_both_button.on_click(lambda _b: self.keep_both())
        self.use_mine_button = widgets.Button(
            description="Use this page's version", icon="save",
            tooltip="Save this page's version; the other one is kept as a copy",
            layout=widgets.Layout(width="auto"))
        self.use_mine_button.on_click(lambda _b: self.use_mine())
        self.conflict_box = widgets.VBox([
            self.conflict_message,
            widgets.HBox([self.keep_both_button, self.use_mine_button], layout=_wrap())],
            layout=widgets.Layout(display="none"))
        self.files_box = widgets.VBox([
            self.conflict_box,
            self.storage_note,
            widgets.HBox([self.sheet_choice, self.new_button], layout=_wrap()),
            widgets.HBox([self.example_choice, self.example_button, self.upload],
                         layout=_wrap()),
            self.files_message,
        ])

    def _build_about(self) -> None:
        style = {"description_width": "11em"}
        wide = widgets.Layout(width="min(100%, 46em)")
        self.meta = {
            "title": widgets.Text(description="Title", style=style, layout=wide),
            "jurisdiction": widgets.Text(description="Jurisdiction", style=style, layout=wide),
            "department": widgets.Text(description="Department", style=style, layout=wide),
            "kind": widgets.Dropdown(description="Kind of decision", options=list(KINDS),
                                     style=style, layout=wide),
            "team": widgets.Textarea(description="Team (one per line)", style=style,
                                     layout=wide, rows=3),
            "decision_date": widgets.Text(description="Decision date", style=style,
                                          placeholder="YYYY-MM-DD", layout=wide),
        }
        for key, w in self.meta.items():
            w.observe(lambda ch, key=key: self._on_meta(key, ch["new"]), names="value")
        self.fast_track = widgets.Checkbox(description="Fast track: central questions only",
                                           indent=False)
        self.fast_track.observe(self._on_fast_track, names="value")
        self.dates = widgets.HTML()
        self.about_box = widgets.VBox([
            self._heading("About this worksheet"),
            widgets.HTML("<p>What the worksheet is about and who is working on it. Fast "
                         "track keeps each step's central questions, for when a full "
                         "data-informed and participatory process cannot be run.</p>"),
            *self.meta.values(), self.fast_track, self.dates,
            self._nav(0),
        ])

    def _build_steps(self) -> None:
        self.answers: dict[str, widgets.Textarea] = {}
        self.step_intro: dict[int, widgets.HTML] = {}
        self.step_boxes: list[widgets.VBox] = []
        evidence = self._evidence_names
        style = {"description_width": "11em"}
        wide = widgets.Layout(width="min(100%, 46em)")
        self.groups_input = widgets.Textarea(description="Affected groups (one per line)",
                                             style=style, layout=wide, rows=3)
        self.places_input = widgets.Textarea(description="Places (one per line)",
                                             style=style, layout=wide, rows=2)
        self.groups_input.observe(lambda ch: self._on_lines("affected_groups", ch["new"]),
                                  names="value")
        self.places_input.observe(lambda ch: self._on_lines("geographies", ch["new"]),
                                  names="value")
        items = self._items
        self.engagement = ListEditor("engagement", EngagementEntry, [
            Field("who", "Who"), Field("date", "When", placeholder="YYYY-MM-DD"),
            Field("method", "How (meeting, survey...)"),
            Field("level", "Level of engagement", "choice", ENGAGEMENT_SPECTRUM),
            Field("heard", "What we heard", "area"), Field("changed", "What changed", "area"),
        ], items("engagement"), self._changed, evidence)
        self.impacts = ListEditor("impact", Impact, [
            Field("group", "Group"), Field("impact", "Expected impact", "choice", IMPACTS),
            Field("reasoning", "Reasoning", "area"),
            Field("evidence", "Evidence", "evidence"),
        ], items("impacts"), self._changed, evidence)
        self.strategies = ListEditor("strategy", Strategy, [
            Field("title", "Strategy"), Field("kind", "Kind", "choice", STRATEGY_KINDS),
            Field("description", "Description", "area"),
            Field("groups", "Groups (one per line)", "lines"),
        ], items("strategies"), self._changed, evidence)
        self.plan = ListEditor("plan item", PlanItem, [
            Field("action", "Action"), Field("owner", "Owner"),
            Field("date", "Date", placeholder="YYYY-MM-DD"), Field("resources", "Resources"),
        ], items("plan"), self._changed, evidence)
        self.measures = ListEditor("measure", Measure, [
            Field("name", "Measure"), Field("kind", "Kind", "choice", MEASURE_KINDS),
            Field("rba", "Answers (performance)", "choice", ("", *RBA_QUESTIONS)),
            Field("group", "Group"), Field("unit", "Unit"),
            Field("baseline", "Baseline", "number"),
            Field("baseline_date", "Baseline date"),
            Field("target", "Target", "number"), Field("target_date", "Target date"),
            Field("source", "Data source"),
        ], items("measures"), self._changed, evidence)
        self._build_analysis()
        extra = {
            1: [widgets.HTML("<h4>Affected groups and places</h4>"), self.groups_input,
                self.places_input],
            2: [widgets.HTML("<h4>Add evidence from a dataset</h4>"), self.analysis_box,
                widgets.HTML("<h4>Evidence in this worksheet</h4>"), self.evidence_list,
                widgets.HBox([self.evidence_remove, self.evidence_remove_button])],
            3: [widgets.HTML("<h4>Engagement log</h4>"), self.engagement],
            4: [widgets.HTML("<h4>Benefit and burden matrix</h4>"), self.impacts,
                widgets.HTML("<h4>Strategies and mitigations</h4>"), self.strategies],
            5: [widgets.HTML("<h4>Implementation plan</h4>"), self.plan],
            6: [widgets.HTML("<h4>Accountability measures</h4><p class='eq-hint'>Population "
                             "indicators describe the whole community; performance measures "
                             "answer how much, how well, and is anyone better off.</p>"),
                self.measures],
        }
        for s in STEPS:
            intro = widgets.HTML()
            self.step_intro[s.number] = intro
            boxes = [self._heading(f"Step {s.number}. {s.title}"), intro]
            for q in s.questions:
                area = widgets.Textarea(description=f"{q.id} {q.text}", placeholder=q.hint,
                                        layout=widgets.Layout(width="min(100%, 52em)"),
                                        rows=4)
                area.add_class("eq-question")
                area.observe(lambda ch, qid=q.id: self._on_answer(qid, ch["new"]), names="value")
                self.answers[q.id] = area
                boxes.append(area)
            self.step_boxes.append(widgets.VBox([*boxes, *extra[s.number], self._nav(s.number)]))

    def _build_analysis(self) -> None:
        from equitylab import datasets

        style = {"description_width": "11em"}
        wide = widgets.Layout(width="min(100%, 40em)")
        names = datasets.list()
        self._bundled = [(datasets.info(n).title, n) for n in names]
        self._default_dataset = ("tallow_business_grants" if "tallow_business_grants" in names
                                 else names[0])
        self.dataset = widgets.Dropdown(description="Dataset", options=self._bundled,
                                        value=self._default_dataset, style=style, layout=wide)
        self.data_upload = widgets.FileUpload(accept=".csv,text/csv", multiple=False,
                                              description="Upload CSV",
                                              layout=widgets.Layout(width="auto"))
        self.data_upload.observe(self._on_data_upload, names="value")
        self.upload_message = widgets.HTML()
        self.group_col = widgets.Dropdown(description="Group column", style=style, layout=wide)
        self.outcome_col = widgets.Dropdown(description="Outcome column", style=style,
                                            layout=wide)
        self.denominator_col = widgets.Dropdown(description="Out of (denominator)",
                                                style=style, layout=wide)
        self.reference = widgets.Dropdown(description="Compare with", style=style, layout=wide)
        self.direction = widgets.Dropdown(description="Direction", options=_DIRECTIONS,
                                          style=style, layout=wide)
        self.merge_spellings = widgets.Checkbox(
            value=True, indent=False, description="Count group names that differ only in "
            "capitals or spaces as one group", layout=widgets.Layout(width="auto"))
        self.add_evidence_button = widgets.Button(description="Add as evidence", icon="plus",
                                                  button_style="primary",
                                                  tooltip="Add this analysis to step 2")
        self.add_evidence_button.on_click(lambda _b: self.add_evidence())
        self.analysis_view = widgets.HTML()
        self.dataset.observe(lambda _c: None if self._listing else self._on_dataset(),
                             names="value")
        for w in (self.group_col, self.outcome_col, self.denominator_col, self.reference,
                  self.direction, self.merge_spellings):
            w.observe(lambda _c: self._analyse(), names="value")
        self.group_col.observe(lambda _c: self._reference_options(), names="value")
        self.outcome_col.observe(self._on_outcome, names="value")
        self.analysis_box = widgets.VBox([
            widgets.HBox([self.dataset, self.data_upload], layout=_wrap()),
            widgets.HTML(_upload_hint(_WHERE[self.runtime])), self.upload_message,
            self.group_col, self.outcome_col, self.denominator_col, self.reference,
            self.direction, self.merge_spellings, self.analysis_view,
            self.add_evidence_button,
        ])
        self.evidence_list = widgets.HTML()
        self.evidence_remove = widgets.Dropdown(description="Remove evidence", options=[],
                                                style=style, layout=wide)
        self.evidence_remove_button = widgets.Button(description="Remove", icon="trash",
                                                     tooltip="Remove the chosen evidence")
        self.evidence_remove_button.on_click(lambda _b: self.remove_evidence())
        self._on_dataset()

    def _build_report(self) -> None:
        self.checks_view = widgets.HTML()
        #: Download links for the report (web page, Word, Markdown) and the worksheet file,
        #: each the download itself (one click), remade from the worksheet when this step
        #: is opened and after each save while it is on screen (never while typing
        #: elsewhere: a Word file takes about half a second to make).
        self.downloads = widgets.HTML()
        self._downloads_current = False
        self.export_message = widgets.HTML()
        self.report_box = widgets.VBox([
            self._heading("Check and report"),
            widgets.HTML("<h4>What would make this worksheet stronger</h4>"),
            self.checks_view,
            widgets.HTML("<h4>Download</h4><p>Each link saves a file on the device you are "
                         "using, in one click: your browser puts it where it keeps "
                         "downloads (usually the Downloads folder). The report holds every "
                         "question, answer, "
                         "evidence table, log, matrix, plan and measure. The worksheet file "
                         "holds everything you typed: import it with <em>Import a worksheet "
                         "file</em> to continue on another computer, or to share it with "
                         "your team.</p>"),
            self.downloads,
            self.export_message,
        ])

    def _heading(self, text: str) -> StepHeading:
        """Return the heading on top of a tab, where *Next step* moves keyboard focus."""
        heading = StepHeading(text)
        self.headings.append(heading)
        return heading

    def go_to(self, index: int) -> None:
        """Show tab ``index`` (0 is About) and move keyboard focus to its heading."""
        self.tabs.selected_index = index
        # The browser applies the new tab a moment after this message; a focus request
        # sent with it would find the heading still hidden.
        loop = kernel_loop()
        if loop is None:
            self.headings[index].focus()
        else:
            loop.call_later(0.2, self.headings[index].focus)

    def _nav(self, index: int) -> widgets.HBox:
        last = len(STEPS) + 1
        buttons = []
        if index > 0:
            prev = widgets.Button(description="Previous step", icon="arrow-left")
            prev.on_click(lambda _b: self.go_to(index - 1))
            buttons.append(prev)
        if index < last:
            nxt = widgets.Button(description="Next step", icon="arrow-right")
            nxt.on_click(lambda _b: self.go_to(index + 1))
            buttons.append(nxt)
        return widgets.HBox(buttons)

    def _items(self, name: str) -> Callable[[], list[Any]]:
        return lambda: getattr(self.worksheet, name)

    def _evidence_names(self) -> list[tuple[str, str]]:
        return self.worksheet.evidence_labels()

    # --- participants and files -----------------------------------------------------

    def _start(self) -> None:
        try:
            self.open_participant(self.name_input.value)
        except ValueError as err:
            self.start_message.value = present.message_html(str(err), kind="error")

    def open_participant(self, name: str) -> None:
        """Open (or create) this participant's folder and their most recent worksheet.

        If the folder cannot be made (a read-only or full disk), the app still opens: work
        is kept for this session in a temporary folder, and the message says how to keep a
        copy (download the worksheet file).
        """
        # In the reader's browser there is one person, whose folder has a fixed name.
        folder = (self.root / PERSONAL_FOLDER if self.runtime == "browser"
                  and name == PERSONAL_FOLDER else tool.participant_folder(self.root, name))
        fallback = ""
        try:
            self.store = WorksheetStore(folder)
        except OSError as err:
            import tempfile

            self.store = WorksheetStore(tempfile.mkdtemp(prefix="equitylab-session-"))
            fallback = (tool.fault_message(err, "Your worksheets cannot be kept "
                                           f"{_WHERE[self.runtime]}") + " " + _ONLY_NOW)
        self.participant = name
        self.storage_note.value = self._storage_note()
        self._frames = {k: v for k, v in self._frames.items() if not k.startswith(_UPLOAD)}
        self.upload_message.value = ""
        self._refresh_datasets()
        self.start_box.layout.display = "none"
        self.main.layout.display = None
        summaries = [s for s in self.store.list() if not s.error]
        if summaries:
            self.open_path(summaries[0].path)
        else:
            self.new_worksheet()
        if fallback:
            self.files_message.value = present.message_html(fallback, kind="error")

    def _refresh_sheets(self) -> None:
        assert self.store is not None
        options = []
        for s in self.store.list():
            label = (f"{s.title or 'Untitled'} ({s.kind}, {s.updated})" if not s.error
                     else f"{s.path.name} (cannot be opened)")
            options.append((label[:70], str(s.path)))
        self._loading = True
        try:
            self.sheet_choice.options = options
            current = str(self.store.path_for(self.worksheet))
            self.sheet_choice.value = current if current in dict(options).values() else None
        finally:
            self._loading = False

    def _on_sheet_choice(self, change: dict[str, Any]) -> None:
        if self._loading or not change["new"]:
            return
        if self.store and change["new"] == str(self.store.path_for(self.worksheet)):
            return
        self.open_path(Path(change["new"]))

    def new_worksheet(self) -> None:
        """Start a new, empty worksheet in the participant's folder."""
        self.flush()
        ws = Worksheet()
        ws.metadata.title = "Untitled worksheet"
        self._show(ws)
        self.save_now()

    def open_path(self, path: Path) -> None:
        """Open a worksheet file from the participant's folder."""
        self.flush()
        assert self.store is not None
        try:
            ws = self.store.load(path)
        except WorksheetFileError as err:
            recovered = self._recover(path)
            self.files_message.value = present.message_html(
                f"{err} {recovered}" if recovered else str(err), kind="error")
            self._refresh_sheets()
            return
        self.files_message.value = ""
        self._show(ws)
        self._status(f"Opened {time.strftime('%H:%M')}")
        self._refresh_sheets()

    def open_example(self, name: str) -> None:
        """Copy an example worksheet into the participant's folder and open it."""
        self.flush()
        self._show(tool.load_example(name, copy=True))
        self.save_now()
        self.files_message.value = ("<p>Opened a copy of the example. It uses SYNTHETIC "
                                    "data; change anything, it is yours.</p>")

    def _on_upload(self, change: dict[str, Any]) -> None:
        """Import a worksheet file (the one *Download* gives) as a new worksheet."""
        files = change["new"]
        if not files or self.store is None:
            return
        upload = files[0]
        self.flush()  # the worksheet on screen is saved first, whatever the file holds
        try:
            ws = tool.import_worksheet_file(self.store, bytes(upload["content"]),
                                            str(upload.get("name") or "worksheet.json"))
        except (WorksheetFileError, OSError) as err:
            problem = (str(err) if isinstance(err, WorksheetFileError)
                       else tool.fault_message(err, "The imported worksheet could not be "
                                               "saved"))
            self.files_message.value = present.message_html(
                f"{problem} Your current worksheet was not changed.", kind="error")
        else:
            self._show(ws)
            self._refresh_sheets()
            self._status(f"Imported {time.strftime('%H:%M')}")
            self.files_message.value = (
                f'<p role="status">Imported {h(ws.metadata.title or "Untitled worksheet")}. '
                f"It is now one of your worksheets, saved {h(_WHERE[self.runtime])}.</p>")
        # Let the same file be chosen again (an unchanged value would not be noticed).
        self.upload.value = ()

    # --- model <-> widgets ----------------------------------------------------------

    def _show(self, ws: Worksheet) -> None:
        """Put a worksheet on screen without triggering saves."""
        self.worksheet = ws
        self._loading = True
        try:
            md = ws.metadata
            for key, w in self.meta.items():
                value = getattr(md, key)
                w.value = "\n".join(value) if isinstance(value, list) else value
            self.fast_track.value = ws.fast_track
            for qid, area in self.answers.items():
                area.value = ws.answer(qid)
            self.groups_input.value = "\n".join(ws.affected_groups)
            self.places_input.value = "\n".join(ws.geographies)
        finally:
            self._loading = False
        for editor in (self.engagement, self.impacts, self.strategies, self.plan, self.measures):
            editor.refresh()
        self._refresh_evidence()
        self._refresh_view()
        self._downloads_changed()

    def _on_meta(self, key: str, value: Any) -> None:
        if self._loading:
            return
        setattr(self.worksheet.metadata, key, tool.split_lines(value) if key == "team" else value)
        self._changed()

    def _on_fast_track(self, change: dict[str, Any]) -> None:
        if self._loading:
            return
        self.worksheet.fast_track = bool(change["new"])
        self._changed()

    def _on_answer(self, qid: str, text: str) -> None:
        if self._loading:
            return
        self.worksheet.set_answer(qid, text)
        self._changed()

    def _on_lines(self, name: str, text: str) -> None:
        if self._loading:
            return
        setattr(self.worksheet, name, tool.split_lines(text))
        self._changed()

    def _on_tab(self, _change: dict[str, Any]) -> None:
        self.flush()
        if self._report_shown() and not self._downloads_current:
            self.refresh_downloads()

    def _refresh_view(self) -> None:
        ws = self.worksheet
        counts = tool.answered(ws)
        titles = ["About"]
        for s in STEPS:
            done, of = counts[s.number]
            mark = "✓" if done == of else f"{done}/{of}"
            titles.append(f"{s.number}. {_SHORT[s.key]} ({mark})")
        titles.append("Check and report")
        self.tabs.titles = titles
        answered = sum(done for done, _of in counts.values())
        total = sum(of for _done, of in counts.values())
        self.progress_text.value = (f"<span>Progress: {answered} of {total} questions "
                                    "answered</span>")
        for s in STEPS:
            shown = s.guiding(ws.fast_track)
            for q in s.questions:
                self.answers[q.id].layout.display = (
                    None if q in shown or ws.answer(q.id).strip() else "none")
            self.step_intro[s.number].value = (
                f"<p>{h(s.purpose)}</p>"
                f"<p class='eq-hint'>Estimated effort: {h(s.effort_for(ws.fast_track))}.</p>")
        self.dates.value = (f"<p class='eq-hint'>Created {h(ws.metadata.created)}; last "
                            f"saved {h(ws.metadata.updated)}.</p>")
        findings = tool.check(ws)
        if findings:
            items = "".join(
                f"<li>{'Overview' if f.step == 0 else f'Step {f.step}'}: "
                f"{'<strong>Warning:</strong> ' if f.level == 'warning' else ''}{h(f.message)}"
                "</li>" for f in findings)
            self.checks_view.value = f"<ul>{items}</ul>"
        else:
            self.checks_view.value = "<p>Every check passes.</p>"

    # --- saving ---------------------------------------------------------------------

    def _status(self, text: str) -> None:
        self.status.value = (f'<span class="eq-status" role="status" aria-live="polite">'
                             f"{h(text)}</span>")

    def _changed(self) -> None:
        """Record a change: refresh what depends on it and schedule a save."""
        if self._loading:
            return
        self._refresh_view()
        self._status("Saving…")
        if self.save_delay <= 0:
            self.save_now()
            return
        self._cancel()
        self._pending = call_later(self.save_delay, self.save_now)

    def _cancel(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    def flush(self) -> None:
        """Save now if a save is waiting."""
        if self._pending is not None:
            self.save_now()

    def _recover(self, path: Path) -> str:
        """Open the previous version of a damaged file as a new worksheet; say so, or ""."""
        assert self.store is not None
        backup = path.with_name(path.name + ".bak")
        try:
            ws = tool.load(backup)
        except WorksheetFileError:
            return ""
        ws.id = Worksheet().id  # a file of its own: the damaged one is left as it is
        self._show(ws)
        self.save_now()
        return ("Its previous version is open now, as a worksheet of its own; the damaged "
                "file is left as it is.")

    def _show_conflict(self, conflict: tool.WorksheetConflictError) -> None:
        self._conflict = conflict
        self._status("Not saved: see the message")
        self.conflict_message.value = present.message_html(
            "This worksheet was also changed in another tab or window since you opened it "
            "here, so it was not saved over. Nothing is lost: choose what to keep. Until "
            "then, your changes stay on this page.", kind="error")
        self.conflict_box.layout.display = None

    def keep_both(self) -> None:
        """Resolve a conflict: save this page's version as a worksheet of its own."""
        if self._conflict is None:
            return
        self._conflict = None
        self.conflict_box.layout.display = "none"
        self.worksheet.id = Worksheet().id
        title = self.worksheet.metadata.title or "Untitled worksheet"
        self.worksheet.metadata.title = f"{title} (copy from {time.strftime('%H:%M')})"
        self._show(self.worksheet)
        self.save_now()
        self.files_message.value = (
            f'<p role="status">Both versions are kept. This page now shows your version, '
            f"saved as <strong>{h(self.worksheet.metadata.title)}</strong>; the other one "
            f"is still <strong>{h(title)}</strong> in the Worksheet list.</p>")

    def use_mine(self) -> None:
        """Resolve a conflict: save this page's version, keeping the other as a copy first."""
        if self._conflict is None or self.store is None:
            return
        conflict, self._conflict = self._conflict, None
        self.conflict_box.layout.display = "none"
        try:
            other = self.store.keep_other_version(conflict)
        except (OSError, WorksheetFileError) as err:
            self._conflict = conflict
            self.conflict_box.layout.display = None
            self.files_message.value = present.message_html(
                tool.fault_message(err, "The other version could not be kept")
                if isinstance(err, OSError) else str(err), kind="error")
            return
        self._save(overwrite=True)
        if other is not None:
            self.files_message.value = (
                f'<p role="status">Saved your version. The other one is kept as '
                f"<strong>{h(other.metadata.title)}</strong> in the Worksheet list.</p>")

    def save_now(self) -> None:
        """Save the worksheet to the participant's folder and show when."""
        self._save()

    def _save(self, *, overwrite: bool = False) -> None:
        self._cancel()
        if self.store is None:
            return
        if self._conflict is not None:
            self._status("Not saved: see the message")
            return
        try:
            self.store.save(self.worksheet, overwrite=overwrite)
        except tool.WorksheetConflictError as conflict:
            self._show_conflict(conflict)
            return
        except WorksheetFileError as err:
            # The file on disk is damaged: never saved over. This work gets a file of its own.
            self.worksheet.id = Worksheet().id
            try:
                self.store.save(self.worksheet)
            except (OSError, WorksheetFileError):
                self._status("Not saved!")
                self.files_message.value = present.message_html(f"{err} {_ONLY_NOW}",
                                                                kind="error")
                return
            self.files_message.value = present.message_html(
                f"{err} Your work is saved as a new file instead.", kind="error")
        except OSError as err:
            self._status("Not saved!")
            self.files_message.value = present.message_html(
                tool.fault_message(err, "Your worksheet could not be saved") + " " + _ONLY_NOW,
                kind="error")
            return
        self.last_saved = time.time()
        self._status(f"Saved {time.strftime('%H:%M')}")
        self._refresh_sheets()
        self._downloads_changed()

    # --- step 2: analysis -------------------------------------------------------------

    def _uploads(self) -> Path | None:
        """Return the participant's folder of uploaded CSV files (None before a name)."""
        return None if self.store is None else self.store.folder / "uploads"

    def _frame(self, name: str) -> Any:
        """Return a bundled dataset by name, or the participant's file (``"upload:<file>"``)."""
        from equitylab import datasets

        if name not in self._frames:
            if name.startswith(_UPLOAD):
                folder = self._uploads()
                if folder is None:
                    raise DataProblem("Enter your name first: uploads are kept in your folder.")
                path = folder / name.removeprefix(_UPLOAD)
                try:
                    data = path.read_bytes()
                except OSError:
                    raise DataProblem(f"The file {path.name} is no longer in your uploads "
                                      "folder. Upload it again.") from None
                self._frames[name] = _read_upload(data, path.name, path.name)
            else:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self._frames[name] = datasets.load(name, show_caveats=False)
        return self._frames[name]

    def _refresh_datasets(self) -> None:
        """List the bundled datasets and this participant's uploads; keep the choice if it can.

        Runs the analysis again only if the choice had to change.
        """
        folder = self._uploads()
        files = sorted(folder.glob("*.csv")) if folder is not None and folder.is_dir() else []
        options = [*self._bundled,
                   *[(f"Your file: {f.name}", f"{_UPLOAD}{f.name}") for f in files]]
        before = self.dataset.value
        keep = before if before in {v for _l, v in options} else self._default_dataset
        self._listing = True
        try:
            self.dataset.options = options
            self.dataset.value = keep
        finally:
            self._listing = False
        if keep != before:
            self._on_dataset()

    def _on_data_upload(self, change: dict[str, Any]) -> None:
        """Read an uploaded CSV, keep a copy in the participant's folder, and analyse it."""
        files = change["new"]
        folder = self._uploads()
        if not files or folder is None:
            return
        upload = files[0]
        name = str(upload.get("name") or "upload.csv")
        saved_as = safe_csv_name(name)
        data = bytes(upload["content"])
        try:
            frame = _read_upload(data, name, saved_as)
        except DataProblem as err:
            self.upload_message.value = present.message_html(str(err), kind="error")
            return
        try:
            tool.keep_upload(folder, saved_as, data)
        except OSError as err:
            self.upload_message.value = present.message_html(
                tool.fault_message(err, f"{saved_as} could not be kept with your worksheets")
                + " Use a bundled dataset for now, or ask your facilitator.", kind="error")
            return
        key = f"{_UPLOAD}{saved_as}"
        self._frames[key] = frame
        self._refresh_datasets()
        notices = "".join(f"<p class='eq-hint'>{h(n)}</p>"
                          for n in frame.attrs.get("notices", []))
        self.upload_message.value = (
            f'<p role="status">Read {len(frame):,} rows of {h(show(name))}. A copy is kept '
            f"with your worksheets, {h(_WHERE[self.runtime])}, as uploads/{h(saved_as)}.</p>"
            + notices)
        if self.dataset.value == key:
            self._on_dataset()  # the same name again: the file may have changed
        else:
            self.dataset.value = key

    def _on_dataset(self) -> None:
        try:
            frame = self._frame(self.dataset.value)
        except DataProblem as err:
            self._quiet = True
            try:
                for w in (self.group_col, self.outcome_col, self.denominator_col,
                          self.reference):
                    w.options = []
            finally:
                self._quiet = False
            self._preview = None
            self.add_evidence_button.disabled = True
            self.analysis_view.value = present.message_html(str(err), kind="error")
            return
        cols = tool.candidate_columns(frame)
        titled = self._column_titles(self.dataset.value)
        self._quiet = True
        try:
            self.group_col.options = titled(cols["group"])
            self.outcome_col.options = titled(cols["outcome"])
            self.denominator_col.options = [(_NO_DENOMINATOR, _NO_DENOMINATOR),
                                            *titled(cols["denominator"])]
            self.group_col.value, self.outcome_col.value = tool.default_columns(cols)
            self.denominator_col.value = _NO_DENOMINATOR
            if str(self.dataset.value).startswith(_UPLOAD):
                self.direction.value = ""  # the participant's own file: they say which way
        finally:
            self._quiet = False
        self._reference_options()
        self._analyse()

    @staticmethod
    def _column_titles(choice: str) -> Callable[[list[str]], list[tuple[str, str]]]:
        """Return a function giving dropdown options for columns.

        A bundled dataset's columns are named in words (as its datasheet describes them),
        a participant's own file's as they are in the file.
        """
        from equitylab import datasets

        if choice.startswith(_UPLOAD):
            return lambda names: [(n, n) for n in names]
        meta = datasets.info(choice)
        return lambda names: [(meta.column_title(n), n) for n in names]

    def _on_outcome(self, change: dict[str, Any]) -> None:
        if str(self.dataset.value).startswith(_UPLOAD):
            self.direction.value = ""  # the participant's own file: they say which way
        elif change["new"]:
            self.direction.value = tool.likely_direction(change["new"]) or ""

    def _reference_options(self) -> None:
        groups: list[str] = []
        if self.group_col.value:
            frame = self._frame(self.dataset.value)
            groups = tool.reference_groups(frame, self.group_col.value)
        quiet, self._quiet = self._quiet, True
        try:
            self.reference.options = [("Largest group", "largest"), ("Best-off group", "best"),
                                      *[(g, g) for g in groups]]
            self.reference.value = "largest"
        finally:
            self._quiet = quiet

    def _analyse(self) -> None:
        if self._quiet:
            return
        self._preview = None
        if not (self.group_col.value and self.outcome_col.value):
            self.analysis_view.value = "<p>Choose a group column and an outcome column.</p>"
            return
        if not self.direction.value:
            self.analysis_view.value = (
                f"<p role='status'>Is a higher {h(show(self.outcome_col.value))} worse or "
                "better for the people it happens to? Choose under <em>Direction</em>: the "
                "comparison and its headline depend on it.</p>")
            self.add_evidence_button.disabled = True
            return
        if pending():  # in the browser, the statistics (scipy) are still arriving
            self.analysis_view.value = present.message_html(_ANALYSIS_LOADING)
            self.add_evidence_button.disabled = True
            after_loading(self._analyse)
            return
        denominator = self.denominator_col.value
        try:
            item = tool.analyse(self._frame(self.dataset.value), self.outcome_col.value,
                                self.group_col.value,
                                denominator=None if denominator in (None, _NO_DENOMINATOR)
                                else denominator,
                                reference=self.reference.value or "largest",
                                direction=self.direction.value or None,
                                label=(None if self.outcome_col.label == self.outcome_col.value
                                       else self.outcome_col.label),
                                merge_spellings=self.merge_spellings.value)
        except DataProblem as err:  # written for participants: names column, row and value
            self.analysis_view.value = present.message_html(str(err), kind="error")
            self.add_evidence_button.disabled = True
            return
        except Exception as err:  # noqa: BLE001 - the app stays usable; developers get the log
            loading = still_loading(err)
            if loading:
                after_loading(self._analyse)
            else:
                logging.getLogger(__name__).exception("An analysis failed.")
            self.analysis_view.value = present.message_html(_ANALYSIS_LOADING) if loading \
                else (present.message_html("This combination cannot be analyzed.", kind="error")
                      + "<p>Check that the outcome column holds 0 or 1 for each person, or, if "
                      "it is a count, choose what it counts out of in <em>Out of "
                      "(denominator)</em>.</p>")
            self.add_evidence_button.disabled = True
            return
        item.dataset = item.dataset or self.dataset.value  # "uploaded: <file>" for uploads
        self._preview = item
        self.add_evidence_button.disabled = False
        self.analysis_view.value = (
            f"<p>{h(item.sentence)}</p>"
            + present.html_table(item.table.rows, columns=item.table.columns,
                                 caption=item.table.caption)
            + (f"<p class='eq-hint'>{h(item.notes)}</p>" if item.notes else "")
            + "<p class='eq-hint'>Counts from 1 to 10, and figures computed from them, are "
            "suppressed to protect privacy.</p>")

    def add_evidence(self) -> None:
        """Add the analysis on screen to the worksheet (one click)."""
        if self._preview is None:
            return
        self.worksheet.add_evidence(self._preview)
        self._refresh_evidence()
        self._changed()

    def remove_evidence(self) -> None:
        """Remove the chosen evidence item (and its links from the matrix)."""
        index = self.evidence_remove.value
        if index is None:
            return
        self.worksheet.remove_evidence(index)
        self._refresh_evidence()
        self._changed()

    def _refresh_evidence(self) -> None:
        ws = self.worksheet
        parts = []
        for i, e in enumerate(ws.evidence, 1):
            parts.append(f"<h5>Evidence {i}</h5><p>{h(e.sentence)}</p>"
                         + present.html_table(e.table.rows, columns=e.table.columns,
                                              caption=e.table.caption))
        self.evidence_list.value = "".join(parts) or "<p>No evidence yet.</p>"
        self.evidence_remove.options = [(label[:70], i) for i, (_k, label)
                                        in enumerate(self._evidence_names())]
        self.evidence_remove.value = None
        self.impacts.refresh()

    # --- reports ----------------------------------------------------------------------

    def _storage_note(self) -> str:
        """Say, plainly, where this person's worksheets are kept and how to move them."""
        move = ("download the worksheet file (.json) in <em>Check and report</em> and import "
                "it there with <em>Import a worksheet file</em>.")
        if self.runtime == "browser":
            text = ("Your worksheets are saved in this browser's storage on this device. They "
                    "stay when you reload or come back in this browser, but not in a private "
                    "window or if you clear this site's data. To continue on another "
                    f"computer, {move}")
        elif self.runtime == "voila":
            text = ("Your worksheets are saved on the facilitator's computer, in the folder "
                    f"for the name <strong>{h(self.participant)}</strong>: open the app with "
                    "the same name to find them again. To keep a copy on your own device, or "
                    f"to continue on another computer, {move}")
        else:
            assert self.store is not None
            text = (f"Your worksheets are saved as files in <code>{h(str(self.store.folder))}"
                    "</code>, on the computer that runs Jupyter. To continue on another "
                    f"computer, {move}")
        return f'<p class="eq-hint eq-storage">{text}</p>'

    def _report_shown(self) -> bool:
        return self.tabs.selected_index == len(self.tabs.children) - 1

    def _downloads_changed(self) -> None:
        """Remake the downloads if they are on screen: the worksheet was saved or replaced.

        Otherwise they are remade when *Check and report* is opened, so typing elsewhere
        costs no report rendering (charts take a tenth of a second each).
        """
        self._downloads_current = False
        if self._report_shown():
            self.refresh_downloads()

    def _link(self, fmt: str) -> tuple[str, bool]:
        """Return a download link (styled as a button) for one format, or why there is none.

        The flag says whether the export waits for a package still arriving in the reader's
        browser (then the links are remade when it is there).
        """
        try:
            name, data = tool.export_bytes(self.worksheet, fmt)
        except Exception as err:  # noqa: BLE001 - one format failing must not stop the rest
            loading = still_loading(err)
            return present.message_html(
                loading or f"The {_DOWNLOADS[fmt]} could not be made: {err}",
                kind="error"), loading is not None
        href = tool.data_url(data, EXPORT_FORMATS[fmt])
        return (f'<a class="eq-download" download="{h(name)}" href="{href}">'
                f"Download: {h(_DOWNLOADS[fmt])}<span class='eq-file'>{h(name)}, "
                f"{_size(len(data))}</span></a>"), False

    def refresh_downloads(self) -> None:
        """Remake the downloads (web page, Word, Markdown, worksheet file) from the worksheet.

        In the reader's browser the reports wait while matplotlib (their charts) is still
        arriving: the worksheet file is offered at once, and the reports are made as soon
        as the package is there (:func:`~equitylab.widgets._runtime.after_loading`).
        """
        if self.store is None:
            return
        if "matplotlib" in pending():
            made = [(present.message_html(_REPORTS_LOADING), True)]
        else:
            made = [self._link(fmt) for fmt in ("html", "docx", "md")]
        made.append(self._link("json"))
        if any(waits for _, waits in made):
            after_loading(self._downloads_changed)
        links = "".join(link for link, _ in made)
        self.downloads.value = (
            f'<div class="eq-downloads">{links}</div><p class="eq-hint">As saved at '
            f"{time.strftime('%H:%M')}; the links are remade after every save.</p>")
        self._downloads_current = True

    def export(self, fmt: str) -> Path | None:
        """Write a report (``"html"``, ``"md"``, ``"docx"``) or the worksheet file (``"json"``).

        For notebooks: the file goes to an ``exports`` folder next to the worksheets (where
        the kernel runs, which under Voilà is the facilitator's computer). Participants use
        the download links in *Check and report* instead, which save to their own device.

        Returns
        -------
        pathlib.Path or None
            The file written, or None if the folder cannot be written (a read-only or full
            disk): the message then says so and points to the download links.
        """
        self.flush()
        assert self.store is not None
        try:
            path = tool.export_worksheet(self.worksheet, self.store.folder / "exports", fmt)
        except OSError as err:
            self.export_message.value = present.message_html(
                tool.fault_message(err, "No copy could be kept with the worksheets") + " The "
                "download links above still work: they save the file on the device you are "
                "using.", kind="error")
            return None
        self.export_message.value = (
            f'<p role="status">A copy of {h(path.name)} is kept with the worksheets, '
            f"{h(_WHERE[self.runtime])}, in the <code>exports</code> folder. The download "
            "links above save it on the device you are using.</p>")
        return path


def _wrap() -> widgets.Layout:
    return widgets.Layout(flex_flow="row wrap", align_items="center")


def equity_tool(folder: str | os.PathLike[str] | None = None, *, participant: str | None = None,
                save_delay: float = 1.0) -> EquityTool:
    """Build the racial equity tool app.

    Parameters
    ----------
    folder : path-like, optional
        Where worksheets live; each participant gets a subfolder. Defaults to
        ``$EQUITYLAB_WORKSHEETS`` or ``./worksheets``.
    participant : str, optional
        Whose worksheets to open. Otherwise taken from the Voilà URL
        (``?participant=ana``); under Voilà without one, the app asks for a name; in
        JupyterLab it is the system user.
    save_delay : float, default 1.0
        Seconds of quiet before a change is saved; 0 saves at once.

    Returns
    -------
    EquityTool
        An ``ipywidgets.VBox``.

    Examples
    --------
    >>> import tempfile
    >>> app = equity_tool(tempfile.mkdtemp(), participant="ana", save_delay=0)
    >>> app.answers["1.1"].value = "Open libraries on Sundays."
    >>> app.status.value.endswith("</span>") and "Saved" in app.status.value
    True
    """
    return EquityTool(folder, participant=participant, save_delay=save_delay)
