from __future__ import annotations

import base64
import datetime
import getpass
import html
import io
import json
import re
import sys
import zipfile
from pathlib import Path

import pytest

from equitylab import datasets, tool
from equitylab.tool import (
    EngagementEntry,
    Impact,
    Measure,
    Metadata,
    PlanItem,
    Strategy,
    Worksheet,
)
from equitylab.widgets import equity_tool
from equitylab.widgets.tool_app import EquityTool


def _comparable(ws: Worksheet) -> dict:
    """The worksheet as a dict, without generated ids and dates."""
    d = ws.to_dict()
    d.pop("id")
    for key in ("created", "updated"):
        d["metadata"].pop(key)
    ids = {e["id"]: f"evidence-{i}" for i, e in enumerate(d["evidence"])}
    for e in d["evidence"]:
        e.pop("created")
        e["id"] = ids[e["id"]]
    for imp in d["impacts"]:
        imp["evidence"] = [ids.get(x, x) for x in imp["evidence"]]
    return d


def _expected() -> Worksheet:
    ws = Worksheet(Metadata("Grants lottery", "Tallow River Region (synthetic)",
                            "Economic Development", "program", ["Ana", "Ben"],
                            decision_date="2027-02-01"))
    for s in tool.STEPS:
        for q in s.questions:
            ws.set_answer(q.id, f"Answer {q.id}, typed in the app.")
    ws.affected_groups = ["Black business owners", "Owners without bank accounts"]
    ws.geographies = ["Whole region"]
    # The app names a bundled dataset's outcome as its datasheet does.
    label = datasets.info("tallow_business_grants").column_title("awarded")
    evidence = tool.analyse("tallow_business_grants", "awarded", "owner_race_ethnicity",
                            reference="White", direction="favourable", label=label)
    evidence.dataset = "tallow_business_grants"
    ws.evidence = [evidence]
    ws.engagement = [EngagementEntry("Business association", "2026-06-10", "Workshop",
                                     "involve", "The form assumed a bank account.",
                                     "Requirement dropped.")]
    ws.impacts = [Impact("Black business owners", "benefit", "Least often awarded.",
                         [evidence.id]),
                  Impact("Fast applicants", "burden", "Lose their head start.", [])]
    ws.strategies = [Strategy("Lottery", "advance equity", "Speed no longer decides.",
                              ["Black business owners", "Owners without bank accounts"])]
    ws.plan = [PlanItem("Publish rules", "Analyst", "2027-01-31", "Staff time")]
    ws.measures = [
        Measure("Ownership rate", "population indicator", "", "Black residents", "percent",
                3.1, "2024", 5.0, "2030", "Registry"),
        Measure("Clinic sessions", "performance measure", "how much", "", "sessions", None, "",
                200.0, "2027", "Logs"),
    ]
    return ws


def _fill(app: EquityTool) -> None:
    """Everything a participant does, through the widgets only."""
    app.meta["title"].value = "Grants lottery"
    app.meta["jurisdiction"].value = "Tallow River Region (synthetic)"
    app.meta["department"].value = "Economic Development"
    app.meta["kind"].value = "program"
    app.meta["team"].value = "Ana\nBen\n"
    app.meta["decision_date"].value = "2027-02-01"
    for qid, area in app.answers.items():
        area.value = f"Answer {qid}, typed in the app."
    app.groups_input.value = "Black business owners\n\nOwners without bank accounts"
    app.places_input.value = "Whole region"
    app.dataset.value = "tallow_business_grants"
    app.group_col.value = "owner_race_ethnicity"
    app.outcome_col.value = "awarded"
    app.reference.value = "White"
    app.direction.value = "favourable"
    app.add_evidence_button.click()
    app.engagement.set_values(who="Business association", date="2026-06-10", method="Workshop",
                              level="involve", heard="The form assumed a bank account.",
                              changed="Requirement dropped.")
    app.engagement.add_button.click()
    evidence_id = app.worksheet.evidence[0].id
    app.impacts.set_values(group="Black business owners", impact="benefit",
                           reasoning="Least often awarded.", evidence=[evidence_id])
    app.impacts.add_button.click()
    app.impacts.set_values(group="Fast applicants", impact="burden",
                           reasoning="Lose their head start.")
    app.impacts.add_button.click()
    app.strategies.set_values(title="Lottery", kind="advance equity",
                              description="Speed no longer decides.",
                              groups="Black business owners\nOwners without bank accounts")
    app.strategies.add_button.click()
    app.plan.set_values(action="Publish rules", owner="Analyst", date="2027-01-31",
                        resources="Staff time")
    app.plan.add_button.click()
    app.measures.set_values(name="Ownership rate", kind="population indicator", rba="",
                            group="Black residents", unit="percent", baseline="3.1",
                            baseline_date="2024", target="5", target_date="2030",
                            source="Registry")
    app.measures.add_button.click()
    app.measures.set_values(name="Clinic sessions", kind="performance measure", rba="how much",
                            unit="sessions", baseline="", target="200", target_date="2027",
                            source="Logs")
    app.measures.add_button.click()


@pytest.fixture
def app(tmp_path: Path) -> EquityTool:
    return equity_tool(tmp_path, participant="Ana", save_delay=0)


def test_filling_every_step_matches_the_model(app: EquityTool, tmp_path: Path) -> None:
    _fill(app)
    assert _comparable(app.worksheet) == _comparable(_expected())
    # What is on disk is what is on screen.
    saved = tool.load(app.store.path_for(app.worksheet))
    assert saved == app.worksheet
    assert app.store.folder == tool.participant_folder(tmp_path, "Ana")
    assert "Saved" in app.status.value
    assert tool.check(saved) == [f for f in tool.check(_expected())]


def test_reopening_shows_every_answer(app: EquityTool, tmp_path: Path) -> None:
    _fill(app)
    again = equity_tool(tmp_path, participant="Ana", save_delay=0)
    assert again.worksheet == app.worksheet
    assert again.answers["4.1"].value == "Answer 4.1, typed in the app."
    assert again.meta["team"].value == "Ana\nBen"
    assert "Lose their head start." in again.impacts.table.value
    assert "Least often awarded" in again.impacts.table.value


def test_participants_are_kept_apart(tmp_path: Path) -> None:
    ana = equity_tool(tmp_path, participant="Ana", save_delay=0)
    ben = equity_tool(tmp_path, participant="Ben", save_delay=0)
    ana.answers["1.1"].value = "Ana's answer"
    ben.answers["1.1"].value = "Ben's answer"
    assert ana.store.folder != ben.store.folder
    assert [o for o, _ in ana.sheet_choice.options] and len(ben.sheet_choice.options) == 1
    assert tool.load(ana.store.path_for(ana.worksheet)).answer("1.1") == "Ana's answer"
    assert tool.load(ben.store.path_for(ben.worksheet)).answer("1.1") == "Ben's answer"


def test_voila_without_a_name_asks_for_one(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    monkeypatch.setenv("QUERY_STRING", "")
    app = equity_tool(tmp_path, save_delay=0)
    assert app.store is None and app.main.layout.display == "none"
    app.name_input.value = "  "
    app.start_button.click()
    assert "Type your name" in app.start_message.value and app.store is None
    app.name_input.value = "Chidi O."
    app.start_button.click()
    assert app.store.folder == tool.participant_folder(tmp_path, "Chidi O.")
    monkeypatch.setenv("QUERY_STRING", "participant=dana&x=1")
    assert (equity_tool(tmp_path, save_delay=0).store.folder
            == tool.participant_folder(tmp_path, "dana"))


def test_preheated_kernel_waits_for_the_participants_address(tmp_path: Path,
                                                             monkeypatch) -> None:
    import voila.utils

    # A kernel Voilà started ahead of time: no request yet, so no query string.
    for name in ("QUERY_STRING", "SERVER_SOFTWARE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    arrivals = []

    def someone_arrives() -> None:
        arrivals.append("eve")
        monkeypatch.setenv("QUERY_STRING", "participant=eve")
        monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")

    monkeypatch.setattr(voila.utils, "wait_for_request", someone_arrives)
    app = equity_tool(tmp_path, save_delay=0)
    assert arrivals == ["eve"] and app.store.folder == tool.participant_folder(tmp_path, "eve")

    # If Voilà cannot tell who arrived, the app asks; it never falls back to the
    # account the server runs as (everyone would share one folder).
    for name in ("QUERY_STRING", "SERVER_SOFTWARE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(voila.utils, "wait_for_request", lambda: None)
    app = equity_tool(tmp_path, save_delay=0)
    assert app.store is None and app.main.layout.display == "none"


def test_debounced_save_waits_for_quiet(tmp_path: Path) -> None:
    import time

    app = equity_tool(tmp_path, participant="Ana", save_delay=1.5)
    path = app.store.path_for(app.worksheet)
    app.answers["1.1"].value = "first"
    app.answers["1.1"].value = "second"
    assert "Saving" in app.status.value
    assert tool.load(path).answer("1.1") == ""
    deadline = time.monotonic() + 10
    # The timer's thread writes the file, then the status: wait for both.
    while ((tool.load(path).answer("1.1") != "second" or "Saved" not in app.status.value)
           and time.monotonic() < deadline):
        time.sleep(0.1)
    assert tool.load(path).answer("1.1") == "second"
    assert tool.load(path.with_name(path.name + ".bak")).answer("1.1") == ""  # one save only
    assert "Saved" in app.status.value
    app.answers["1.2"].value = "flushed on demand"
    app.flush()
    assert tool.load(path).answer("1.2") == "flushed on demand"


def test_fast_track_hides_other_questions_and_progress(app: EquityTool) -> None:
    app.fast_track.value = True
    assert app.answers["1.3"].layout.display == "none"
    assert app.answers["1.1"].layout.display is None
    assert "of 10 questions" in app.progress_text.value
    app.answers["1.1"].value = "x"
    app.answers["1.2"].value = "y"
    assert app.tabs.titles[1].endswith("(✓)")
    assert app.worksheet.fast_track is True


def test_suppressed_table_is_shown_and_bad_choices_explain(app: EquityTool) -> None:
    app.dataset.value = "tallow_business_grants"
    app.group_col.value = "owner_race_ethnicity"
    app.outcome_col.value = "awarded"
    assert tool.SUPPRESSED in app.analysis_view.value
    app.dataset.value = "tallow_housing"
    app.outcome_col.value = "cost_burdened_renters"
    view = html.unescape(app.analysis_view.value)
    assert "Column 'cost_burdened_renters' should say whether each person had the outcome" \
        in view and "row 2 holds" in view
    assert app.add_evidence_button.disabled
    app.denominator_col.value = "renter_households"
    # Named in words, as the datasheet describes the column, in the menu and the caption.
    assert app.outcome_col.label == "Renter households paying over 30% of income on housing"
    assert "Renter households paying over 30% of income on housing" in html.unescape(
        app.analysis_view.value)
    assert "cost_burdened" not in app.analysis_view.value
    assert not app.add_evidence_button.disabled


def test_examples_imports_and_exports(app: EquityTool, tmp_path: Path) -> None:
    app.open_example("budget")
    assert app.worksheet.metadata.title.startswith("Copy of")
    assert app.answers["1.1"].value == tool.load_example("budget").answer("1.1")
    assert len(app.sheet_choice.options) == 2
    paths = {fmt: app.export(fmt) for fmt in ("html", "md", "docx", "json")}
    assert "<script" not in paths["html"].read_text(encoding="utf-8")
    assert {p.parent for p in paths.values()} == {app.store.folder / "exports"}
    _open_report(app)
    assert {p.name for p in paths.values()} == set(_downloads(app.downloads.value))
    other = equity_tool(tmp_path, participant="Ben", save_delay=0)
    now = datetime.datetime.now()
    other.upload.value = ({"name": "w.json", "type": "application/json", "size": 1,
                           "content": paths["json"].read_bytes(), "last_modified": now},)
    assert other.worksheet == app.worksheet
    other.upload.value = ({"name": "bad.json", "type": "application/json", "size": 1,
                           "content": b"{", "last_modified": now},)
    assert "damaged" in other.files_message.value
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["worksheet"]["id"]


def test_injection_in_answers_is_escaped_in_the_app(app: EquityTool) -> None:
    app.engagement.set_values(who="<script>alert(1)</script>", level="inform")
    app.engagement.add_button.click()
    assert "<script>" not in app.engagement.table.value
    assert "&lt;script&gt;" in app.engagement.table.value
    app.measures.set_values(name="x", baseline="lots")
    app.measures.add_button.click()
    assert "must be a number" in app.measures.message.value
    assert app.worksheet.measures == []


# --- step 2: a participant's own CSV file ------------------------------------------------

def _csv(blank: int = 0) -> bytes:
    """One row per person: 80 Black and 120 White applicants, ``blank`` outcomes unknown."""
    rows = ["applicant,race,Served"]
    rows += [f"a{i},Black,{'yes' if i < 30 else 'no'}" for i in range(80)]
    rows += [f"b{i},White,{'' if i < blank else ('Yes' if i < 60 else 'No')}"
             for i in range(120)]
    return ("\n".join(rows) + "\n").encode()


def _upload(app: EquityTool, name: str, content: bytes) -> None:
    """What the browser sends when a participant chooses a file (ipywidgets 8)."""
    app.data_upload.value = ({"name": name, "type": "text/csv", "size": len(content),
                              "content": memoryview(content),
                              "last_modified": datetime.datetime.now()},)


def test_an_uploaded_csv_is_analysed_saved_and_reported(app: EquityTool, tmp_path: Path) -> None:
    content = _csv(blank=9)
    _upload(app, "served.csv", content)
    assert app.dataset.value == "upload:served.csv"
    assert ("Your file: served.csv", "upload:served.csv") in app.dataset.options
    assert app.group_col.options == (("race", "race"),) and app.group_col.value == "race"
    assert app.outcome_col.options == (("Served", "Served"),)
    assert app.outcome_col.value == "Served"
    # The participant's own file: the app asks which way is worse, it does not guess.
    assert app.direction.value == "" and app.add_evidence_button.disabled
    # The menu shows that nothing is chosen (an empty value with no such option left the
    # browser showing the last choice, which could then not be chosen again).
    assert app.direction.index == 0 and app.direction.label == "Choose…"
    assert "Choose under <em>Direction</em>" in app.analysis_view.value
    app.direction.value = "favourable"
    view = app.analysis_view.value
    assert "<table" in view and "equitylab-error" not in view
    assert "<td>Black</td><td>80</td><td>30</td><td>37.5%</td>" in view
    assert "9 rows with a missing or unknown group or outcome were left out." in view
    assert "uploads/served.csv" in app.upload_message.value

    app.add_evidence_button.click()
    item = app.worksheet.evidence[-1]
    assert item.dataset == "uploaded: served.csv" and not item.synthetic
    assert item.source == "Uploaded by the participant (file served.csv)"
    saved = tool.load(app.store.path_for(app.worksheet))
    assert saved.evidence[-1].dataset == "uploaded: served.csv"
    report = tool.to_html(saved)
    assert "Dataset: uploaded: served.csv" in report
    assert "Source: Uploaded by the participant (file served.csv)" in report
    assert "SYNTHETIC" not in report

    # The copy is in this participant's folder only, and is there after a reload.
    ana_folder = tool.participant_folder(tmp_path, "Ana")
    assert (ana_folder / "uploads" / "served.csv").read_bytes() == content
    ben = equity_tool(tmp_path, participant="Ben", save_delay=0)
    assert not (tool.participant_folder(tmp_path, "Ben") / "uploads").exists()
    assert all(not v.startswith("upload:") for _label, v in ben.dataset.options)
    again = equity_tool(tmp_path, participant="Ana", save_delay=0)
    assert ("Your file: served.csv", "upload:served.csv") in again.dataset.options
    again.dataset.value = "upload:served.csv"
    assert again.direction.value == ""
    again.direction.value = "favourable"
    assert "<td>Black</td><td>80</td><td>30</td>" in again.analysis_view.value


def test_in_the_browser_the_comparison_waits_for_scipy_then_appears(
        app: EquityTool, browser_runtime) -> None:
    """In the reader's browser scipy (intervals) arrives after the first screen: the step-2
    comparison says it is coming, cannot be added yet, and appears by itself."""
    _runtime = browser_runtime
    _runtime.loading_later(["matplotlib", "scipy"])
    _upload(app, "served.csv", _csv())
    app.direction.value = "favourable"
    assert "appears here in a moment" in app.analysis_view.value
    assert "<table" not in app.analysis_view.value and app.add_evidence_button.disabled
    assert _runtime.loaded_later() >= 1
    assert "<td>Black</td><td>80</td><td>30</td><td>37.5%</td>" in app.analysis_view.value
    assert not app.add_evidence_button.disabled


def test_an_upload_goes_to_the_participant_who_opened_the_app(tmp_path: Path,
                                                               monkeypatch) -> None:
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    monkeypatch.setenv("QUERY_STRING", "")
    app = equity_tool(tmp_path, save_delay=0)
    app.name_input.value = "Chidi"
    app.start_button.click()
    _upload(app, "../../Chidi's data.CSV", _csv())
    assert app.dataset.value == "upload:Chidi-s-data.csv"
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.csv")] == [
        f"{tool.participant_folder(tmp_path, 'Chidi').name}/uploads/Chidi-s-data.csv"]


def test_uploading_the_same_name_again_replaces_the_file(app: EquityTool) -> None:
    _upload(app, "served.csv", _csv())
    _upload(app, "served.csv", _csv().replace(b"Black,yes", b"Black,no"))
    app.direction.value = "favourable"
    assert app.dataset.value == "upload:served.csv"
    assert [v for _l, v in app.dataset.options].count("upload:served.csv") == 1
    assert "<td>Black</td><td>80</td><td>0</td>" in app.analysis_view.value


@pytest.mark.parametrize(("content", "message"), [
    (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64,
     "looks like an Excel workbook (or a zip file), not a CSV file"),
    (b"", "is empty (0 bytes)"),
    (b"id,served\n" + b"".join(b"p%d,1\n" % i for i in range(30)),
     "has no column of groups to compare"),
])
def test_a_bad_upload_explains_and_changes_nothing(app: EquityTool, tmp_path: Path,
                                                   content: bytes, message: str) -> None:
    app.dataset.value = "tallow_housing"
    app.answers["2.1"].value = "Housing costs by race."
    before = app.worksheet.to_dict()
    options = app.dataset.options
    view = app.analysis_view.value
    _upload(app, "mine.xlsx" if content.startswith(b"PK") else "mine.csv", content)
    shown = app.upload_message.value
    assert 'class="equitylab-message equitylab-error" role="alert"' in shown
    assert html.escape(message) in shown
    assert "mine." in shown
    assert app.dataset.value == "tallow_housing" and app.dataset.options == options
    assert app.analysis_view.value == view
    assert app.worksheet.to_dict() == before
    assert tool.load(app.store.path_for(app.worksheet)).to_dict() == before
    assert not (tool.participant_folder(tmp_path, "Ana") / "uploads").exists()


def test_a_damaged_file_in_the_uploads_folder_is_explained(tmp_path: Path) -> None:
    uploads = tool.participant_folder(tmp_path, "Ana") / "uploads"
    uploads.mkdir(parents=True)
    (uploads / "broken.csv").write_bytes(b"PK\x03\x04 not really a csv")
    app = equity_tool(tmp_path, participant="Ana", save_delay=0)
    app.dataset.value = "upload:broken.csv"
    assert "looks like an Excel workbook" in app.analysis_view.value
    assert app.group_col.options == () and app.add_evidence_button.disabled
    app.dataset.value = "tallow_business_grants"
    assert "<table " in app.analysis_view.value and not app.add_evidence_button.disabled


def test_alike_widgets_share_looks_and_each_question_still_hides_alone(tmp_path: Path) -> None:
    from equitylab.widgets._runtime import widget_tree

    app = equity_tool(tmp_path, participant="ana", save_delay=0)
    tree = list(widget_tree(app))
    controls = [w for w in tree if "layout" in w.keys]
    looks = {id(getattr(w, t)) for w in controls for t in ("layout", "style") if t in w.keys}
    # About 150 widgets; without sharing, as many layouts and as many styles again.
    assert len(controls) > 120 and len(looks) < 60
    # Every look still in use is open (none was closed while a widget still needs it).
    assert all(getattr(w, t).comm is not None for w in controls for t in ("layout", "style")
               if t in w.keys)
    app.fast_track.value = True
    hidden = {q for q, area in app.answers.items() if area.layout.display == "none"}
    assert hidden and hidden != set(app.answers)
    others = [w for w in controls if w not in app.answers.values()]
    assert all(w.layout.display != "none" for w in others
               if w not in (app.start_box, app.conflict_box))
    app.fast_track.value = False
    assert all(area.layout.display != "none" for area in app.answers.values())


# --- downloads, runtimes and imports ----------------------------------------------------

_LINK = re.compile(r'<a class="eq-download" download="([^"]+)" href="data:([^;"]+);base64,'
                   r'([A-Za-z0-9+/=]+)">')


def _downloads(markup: str) -> dict[str, tuple[str, bytes]]:
    """Each download link's file name -> (media type, the bytes the click saves)."""
    return {name: (mime, base64.b64decode(data, validate=True))
            for name, mime, data in _LINK.findall(markup)}


def _open_report(app: EquityTool) -> None:
    app.tabs.selected_index = len(app.tabs.children) - 1


def test_after_a_save_each_download_is_one_click_with_the_answer(app: EquityTool) -> None:
    app.meta["title"].value = "Sunday library hours"
    app.answers["1.1"].value = "Open branch libraries on Sundays."
    _open_report(app)
    links = _downloads(app.downloads.value)
    stem = f"sunday-library-hours-{app.worksheet.id}"
    assert {name: mime for name, (mime, _data) in links.items()} == {
        f"{stem}.html": "text/html", f"{stem}.md": "text/markdown",
        f"{stem}.json": "application/json", f"{stem}.docx": tool.EXPORT_FORMATS["docx"]}
    for text in _texts(app.downloads.value):
        assert "Open branch libraries on Sundays." in text
    assert tool.loads(links[f"{stem}.json"][1].decode("utf-8")) == app.worksheet

    # Saved again while the links are on screen: they hold the new answer at once.
    app.answers["1.1"].value = "Open every branch on Sundays."
    for text in _texts(app.downloads.value):
        assert "Open every branch on Sundays." in text


def test_downloads_are_made_when_the_report_is_opened_not_while_typing(app: EquityTool) -> None:
    app.answers["1.1"].value = "first answer"
    _open_report(app)
    assert "first answer" in app.downloads.value.join(
        _texts(app.downloads.value))
    app.tabs.selected_index = 1
    app.answers["1.1"].value = "second answer"
    shown = _texts(app.downloads.value)
    assert not any("second answer" in d for d in shown)  # no report rendered while typing
    _open_report(app)
    shown = _texts(app.downloads.value)
    assert len(shown) == 4 and all("second answer" in d for d in shown)


def test_in_the_browser_reports_wait_for_matplotlib_then_appear(app: EquityTool,
                                                                 browser_runtime) -> None:
    """In the reader's browser matplotlib arrives after the first screen. A report opened
    before it has arrived once showed no download link for good (seen in Chromium): the
    worksheet file is offered at once, and the reports appear when the package is there."""
    _runtime = browser_runtime
    app.answers["1.1"].value = "Open branch libraries on Sundays."
    _runtime.loading_later(["matplotlib"])
    _open_report(app)
    waiting = _downloads(app.downloads.value)
    assert [name.rsplit(".", 1)[1] for name in waiting] == ["json"]
    assert "appear here in a moment" in app.downloads.value
    assert _runtime.loaded_later() == 1
    assert sorted(name.rsplit(".", 1)[1] for name in _downloads(app.downloads.value)) == [
        "docx", "html", "json", "md"]
    assert "appear here in a moment" not in app.downloads.value


def _texts(downloads: str) -> list[str]:
    """The text of each download (a Word file's document text)."""
    out = []
    for name, (_mime, data) in _downloads(downloads).items():
        if name.endswith(".docx"):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                out.append(z.read("word/document.xml").decode("utf-8"))
        else:
            out.append(data.decode("utf-8"))
    return out


def test_every_report_is_one_click_a_download_link_that_is_the_action(
        app: EquityTool) -> None:
    """The Word report too is a link that downloads (no button that then shows a link),
    and no link is ever to an out-of-date file."""
    import ipywidgets as widgets

    from equitylab.widgets._runtime import widget_tree

    app.answers["1.1"].value = "Open branch libraries on Sundays."
    _open_report(app)
    links = _downloads(app.downloads.value)
    name = f"untitled-worksheet-{app.worksheet.id}.docx"
    assert {n.rsplit(".", 1)[1] for n in links} == {"html", "docx", "md", "json"}
    assert links[name][0] == tool.EXPORT_FORMATS["docx"]
    with zipfile.ZipFile(io.BytesIO(links[name][1])) as z:
        assert "Open branch libraries on Sundays." in z.read("word/document.xml").decode()
    buttons = [w.description for w in widget_tree(app.report_box)
               if isinstance(w, widgets.Button)]
    assert buttons == []  # nothing to press before downloading
    app.tabs.selected_index = 1
    app.answers["1.1"].value = "Changed."
    _open_report(app)
    with zipfile.ZipFile(io.BytesIO(_downloads(app.downloads.value)[name][1])) as z:
        assert "Changed." in z.read("word/document.xml").decode()


def test_a_hostile_title_gives_safe_file_names_and_escaped_links(app: EquityTool) -> None:
    app.meta["title"].value = '../../"><script>alert(1)</script>.exe'
    _open_report(app)
    names = list(_downloads(app.downloads.value))
    assert len(names) == 4
    assert all(re.fullmatch(r"[a-z0-9-]+\.(html|docx|md|json)", n) for n in names)
    assert "<script>" not in app.downloads.value


def _in_the_browser(monkeypatch, folder: Path) -> None:
    """Pyodide: sys.platform is emscripten; no user name; the environment means nothing."""
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.chdir(folder)

    def no_user() -> str:
        raise OSError("No username set in the environment")

    monkeypatch.setattr(getpass, "getuser", no_user)
    # Even a Voila-looking environment does not make the app ask for a name there.
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    monkeypatch.setenv("QUERY_STRING", "participant=someone-else")
    monkeypatch.delenv("EQUITYLAB_WORKSHEETS", raising=False)


def test_in_the_browser_work_is_kept_in_a_personal_folder_and_no_name_asked(
        tmp_path: Path, monkeypatch) -> None:
    _in_the_browser(monkeypatch, tmp_path)
    app = equity_tool(save_delay=0)
    assert app.runtime == "browser"
    assert app.store.folder == tmp_path / "my-worksheets"
    assert app.start_box.layout.display == "none" and app.main.layout.display is None
    note = html.unescape(app.storage_note.value)
    for words in ("saved in this browser's storage on this device", "reload",
                  "not in a private window", "clear this site's data",
                  "download the worksheet file (.json)", "Import a worksheet file"):
        assert words in note
    assert "facilitator" not in note
    app.answers["1.1"].value = "Kept in the browser."
    # A reload (a new kernel in the same browser) finds the worksheet again.
    again = equity_tool(save_delay=0)
    assert again.worksheet == app.worksheet
    assert again.answers["1.1"].value == "Kept in the browser."


def test_in_the_browser_a_csv_upload_is_kept_in_the_personal_folder(tmp_path: Path,
                                                                     monkeypatch) -> None:
    _in_the_browser(monkeypatch, tmp_path)
    app = equity_tool(save_delay=0)
    _upload(app, "../My Data (2024).csv", _csv())
    assert app.dataset.value == "upload:My-Data-2024.csv"
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.csv")] == [
        "my-worksheets/uploads/My-Data-2024.csv"]
    assert "this browser's storage on this device" in html.unescape(app.upload_message.value)
    app.direction.value = "favourable"
    assert "<td>Black</td><td>80</td><td>30</td>" in app.analysis_view.value


def _all_text(app: EquityTool) -> str:
    from equitylab.widgets._runtime import widget_tree

    return " ".join(str(getattr(w, name)) for w in widget_tree(app)
                    for name in ("value", "description", "placeholder")
                    if isinstance(getattr(w, name, None), str))


def test_under_voila_every_message_says_the_work_is_on_the_facilitators_computer(
        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    monkeypatch.setenv("QUERY_STRING", "")
    asks = equity_tool(tmp_path, save_delay=0)
    assert "on the facilitator's computer" in html.unescape(asks.start_message.value)
    monkeypatch.setenv("QUERY_STRING", "participant=dana")
    app = equity_tool(tmp_path, save_delay=0)
    assert app.runtime == "voila"
    assert app.store.folder == tool.participant_folder(tmp_path, "dana")
    note = html.unescape(app.storage_note.value)
    assert "saved on the facilitator's computer" in note and "<strong>dana</strong>" in note
    assert "download the worksheet file (.json)" in note
    _upload(app, "served.csv", _csv())
    assert "on the facilitator's computer" in html.unescape(app.upload_message.value)
    path = app.export("html")
    assert path.parent == tool.participant_folder(tmp_path, "dana") / "exports"
    assert "on the facilitator's computer" in html.unescape(app.export_message.value)
    text = html.unescape(_all_text(app))
    for mine in ("your exports folder", "your folder", "your worksheet folder", "this machine"):
        assert mine not in text


def test_in_jupyter_without_a_user_name_the_app_asks_instead_of_failing(
        tmp_path: Path, monkeypatch) -> None:
    for name in ("SERVER_SOFTWARE", "VOILA_PREHEAT", "QUERY_STRING"):
        monkeypatch.delenv(name, raising=False)

    def no_user() -> str:
        raise OSError("No username set in the environment")

    monkeypatch.setattr(getpass, "getuser", no_user)
    app = equity_tool(tmp_path, save_delay=0)
    assert app.runtime == "jupyter" and app.store is None
    assert "on the computer that runs Jupyter" in app.start_message.value
    app.name_input.value = "Ana"
    app.start_button.click()
    assert str(tool.participant_folder(tmp_path, "Ana")) in app.storage_note.value


def _choose(app: EquityTool, name: str, content: bytes) -> None:
    """What the browser sends when a worksheet file is chosen (ipywidgets 8)."""
    app.upload.value = ({"name": name, "type": "application/json", "size": len(content),
                         "content": memoryview(content),
                         "last_modified": datetime.datetime.now()},)


def test_the_downloaded_worksheet_file_imports_back(app: EquityTool, tmp_path: Path) -> None:
    _fill(app)
    _open_report(app)
    ((name, (_mime, data)),) = [(n, v) for n, v in _downloads(app.downloads.value).items()
                                if n.endswith(".json")]
    # On another computer (another folder): the same worksheet, id and all.
    other = equity_tool(tmp_path / "elsewhere", participant="Ana", save_delay=0)
    _choose(other, name, data)
    assert other.worksheet == app.worksheet
    assert other.answers["4.1"].value == "Answer 4.1, typed in the app."
    assert "Imported Grants lottery" in other.files_message.value
    assert tool.load(other.store.path_for(other.worksheet)) == app.worksheet
    assert other.upload.value == ()  # the same file can be chosen again
    # Back where it came from: a copy beside the original, never over it.
    _choose(app, name, data)
    assert app.worksheet.id != other.worksheet.id
    assert _comparable(app.worksheet) == _comparable(other.worksheet)
    assert len(app.store.list()) == 2


@pytest.mark.parametrize(("content", "message"), [
    (b"not json at all", "is damaged and cannot be read"),
    (b"\x89PNG\r\n\x1a\n\xff\xfe\x00", "is not a worksheet file: it is not text."),
    (b'{"cells": [], "nbformat": 4}', "is not an equitylab worksheet file."),
    (json.dumps({"format": "equitylab-worksheet", "schema_version": 3,
                 "worksheet": {"metadata": {"kind": "memo"}}}).encode(),
     "has an unexpected shape: metadata.kind is 'memo'"),
    (b" " * (tool.MAX_WORKSHEET_BYTES + 1), "too large to be a worksheet file"),
])
def test_a_bad_worksheet_file_explains_and_loses_nothing(app: EquityTool, content: bytes,
                                                         message: str) -> None:
    app.answers["1.1"].value = "My work so far."
    app.save_delay = 60
    app.answers["1.2"].value = "Typed just before importing (not saved yet)."
    before = app.worksheet.to_dict()
    _choose(app, "mine.json", content)
    shown = app.files_message.value
    assert 'role="alert"' in shown and html.escape(message) in shown
    assert "mine.json" in shown and "Your current worksheet was not changed." in shown
    assert app.worksheet.to_dict() == before
    assert app.answers["1.2"].value == "Typed just before importing (not saved yet)."
    saved = tool.load(app.store.path_for(app.worksheet))
    assert saved.answer("1.2") == "Typed just before importing (not saved yet)."
    assert len(app.store.list()) == 1 and app.upload.value == ()


def test_spellings_of_one_group_are_merged_with_a_notice_the_participant_can_undo(
        app: EquityTool) -> None:
    _upload(app, "spelled.csv", _csv().replace(b"a1,Black", b"a1, BLACK")
            .replace(b"a2,Black", b"a2,black"))
    app.direction.value = "favourable"
    view = html.unescape(app.analysis_view.value)
    assert "<td>Black</td><td>80</td><td>30</td>" in view  # one group of 80
    assert "'Black' (78 rows) and 'BLACK' (1 row) and 'black' (1 row)" in view
    app.merge_spellings.value = False
    view = html.unescape(app.analysis_view.value)
    assert "differ only in capitals or spaces" in view and "equitylab-error" in view
    assert app.add_evidence_button.disabled


def test_a_group_of_30_keeps_its_size_and_its_labels_in_every_export(app: EquityTool) -> None:
    """Issue 13.1: 30 people with 14 card holders beside a small group, through the app."""
    import docx

    from equitylab.present import HIDDEN_COMPLEMENT

    spec = {"Black": (200, 60), "White": (30, 14), "Asian": (7, 3)}
    lines = ["race,library_card"] + [f"{g},{'yes' if i < e else 'no'}"
                                     for g, (n, e) in spec.items() for i in range(n)]
    _upload(app, "cards.csv", ("\n".join(lines) + "\n").encode())
    app.direction.value = "favourable"
    app.add_evidence_button.click()
    item = app.worksheet.evidence[-1]
    rows = {r[0]: r for r in item.table.rows}
    assert rows["White"][1] == "30" and tool.SUPPRESSED not in rows["White"]
    assert rows["Asian"][1:3] == [tool.SUPPRESSED] * 2
    assert rows["Black"][1] == "200"
    complements = [c for r in rows.values() for c in r[1:] if c == HIDDEN_COMPLEMENT]
    assert complements and HIDDEN_COMPLEMENT in item.notes
    # Every report carries the same cells: the sizes, the small label only for Asian.
    word = docx.Document(io.BytesIO(tool.export_bytes(app.worksheet, "docx")[1]))
    cells = [[c.text for c in row.cells] for t in word.tables for row in t.rows]
    reports = {"docx": cells,
               "md": [[re.sub(r"\\(.)", r"\1", c.strip()) for c in line.strip("|").split("|")]
                      for line in
                      tool.export_bytes(app.worksheet, "md")[1].decode().splitlines()
                      if line.startswith("|")],  # (Markdown escapes its punctuation)
               "html": [[html.unescape(re.sub("<[^>]+>", "", c)) for c in
                         re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in
                        re.findall(r"<tr>(.*?)</tr>", tool.to_html(app.worksheet), re.S)]}
    for fmt, table in reports.items():
        found = {r[0]: r for r in table if r and r[0] in spec}
        assert [found[g][1:6] for g in spec] == [rows[g][1:6] for g in spec], fmt
