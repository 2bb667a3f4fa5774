"""Every export of every path, with hostile text in every text field, rendered in Chromium.

Paths: lab 6's model (:func:`equitylab.labs.byod.export`, which the lab 6 app and the
headless papermill run both call; the headless run is also run once for real), the lab 6
app's downloads, and the racial equity tool's reports (HTML, Markdown, Word, worksheet
file), as files and as the app's download links. Markdown is rendered as a permissive
common renderer does (markdown-it-py, GFM-like: raw HTML on); HTML pages are opened in
Chromium with their Content-Security-Policy removed, so a payload that got through would
run. Nothing may run, no element may carry an ``on...`` handler or a ``javascript:`` link,
every payload must show as text, and no CSV cell may start a formula.
"""

from __future__ import annotations

import base64
import functools
import io
import json
import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pytest

from equitylab import present, tool
from equitylab.labs import byod
from equitylab.tool import (
    STEPS,
    ChartBar,
    EngagementEntry,
    EvidenceItem,
    EvidenceTable,
    Impact,
    Measure,
    PlanItem,
    Strategy,
    Worksheet,
)
from equitylab.widgets.byod import byod_app, export_files

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from payloads import (  # noqa: E402
    check_page,
    fill_worksheet,
    formula_cells,
    markdown_html,
    payloads,
    visible,
)

PAYLOADS = payloads()
ROOT = Path(__file__).resolve().parents[2]
#: What a page shows of a payload can differ only by what the format cannot hold.
_SHOWN = [p for p in PAYLOADS if p == p.strip() and "\n" not in p]


def _page_html(body: str) -> str:
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}</body></html>'


def _no_csp(page: str) -> str:
    """The report without its Content-Security-Policy, so an injected script would run."""
    return re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)


def _assert_safe(found: dict, where: str, expected: list[str]) -> None:
    assert found["pwned"] == 0, f"a payload ran in {where}"
    assert found["bad"] == [], f"{where}: {found['bad'][:5]}"
    text = " ".join(found["text"].split())
    missing = [p for p in expected if visible(p) not in text]
    assert not missing, f"{where} does not show as typed: {missing[:5]}"


# --- the racial equity tool --------------------------------------------------------------

def _worksheet(k: int, *, chart: bool) -> Worksheet:
    """A worksheet whose every free-text field holds a payload (scalar field f holds
    payload k + f); in worksheet 0 every list holds every payload."""
    ws = Worksheet()
    ws.evidence = [EvidenceItem(table=EvidenceTable(["a", "b"], [["x", "y"]], "c"))]
    ws.engagement, ws.impacts = [EngagementEntry()], [Impact()]
    ws.strategies, ws.plan = [Strategy()], [PlanItem()]
    ws.measures = [Measure(), Measure(kind="performance measure")]
    texts = PAYLOADS if k == 0 else PAYLOADS[k:] + PAYLOADS[:k]
    fill_worksheet(ws, texts)
    if k:  # lists: one payload each, so 82 worksheets stay fast
        for obj in (ws, ws.metadata, *ws.strategies):
            for name in ("team", "affected_groups", "geographies", "groups"):
                if hasattr(obj, name):
                    setattr(obj, name, [texts[0]])
    questions = [q for s in STEPS for q in s.questions]
    for i, q in enumerate(questions):
        ws.answers[q.id] = texts[i % len(texts)]
    item = ws.evidence[0]
    item.table.columns = [texts[1], texts[2]]
    item.table.rows = [[p, p] for p in PAYLOADS] if k == 0 else [[texts[3], texts[4]]]
    if chart:
        item.chart = [ChartBar(p, 10.0 + i % 7, 5.0, 20.0 + i % 7, 100, 10)
                      for i, p in enumerate(PAYLOADS)]
    return ws


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda route: route.abort())  # nothing leaves the page
    yield page
    context.close()


def _docx_text(data: bytes) -> tuple[set[str], str]:
    """The element names in a Word file's document.xml, and its text (both well formed)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in ("word/document.xml", "docProps/core.xml"):
            ElementTree.fromstring(z.read(name))  # raises if a payload broke the XML
        root = ElementTree.fromstring(z.read("word/document.xml"))
    tags = {el.tag for el in root.iter()}
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return tags, " ".join(el.text or "" for el in root.iter(f"{w}t"))


@pytest.mark.browser
def test_tool_reports_with_a_payload_in_every_field_run_nothing(page) -> None:
    """82 worksheets, so that every free-text field holds every payload once; the HTML
    reports' bodies are opened together in one page, the rendered Markdown in another."""
    baseline_tags, _ = _docx_text(tool.docx_bytes(_worksheet(1, chart=False)))
    html_bodies, md_bodies, titles = [], [], []
    for k in range(len(PAYLOADS)):
        ws = _worksheet(k, chart=k == 0)
        titles.append(ws.metadata.title)
        page_html = tool.to_html(ws)
        html_bodies.append(page_html[page_html.index("<main>"):page_html.index("</main>") + 7])
        md_bodies.append(f"<div>{markdown_html(tool.to_markdown(ws))}</div>")
        tags, text = _docx_text(tool.docx_bytes(ws))
        assert k == 0 or tags <= baseline_tags, f"Word report {k}: {tags - baseline_tags}"
        assert all(visible(p) in " ".join(text.split())
                   for p in [ws.metadata.title, ws.notes] if p in _SHOWN and "\t" not in p)
        assert tool.loads(tool.dumps(ws)) == ws  # the worksheet file keeps every payload
    expected = [t for t in titles if t in _SHOWN]
    _assert_safe(check_page(page, _page_html("".join(html_bodies))), "the HTML reports",
                 expected)
    _assert_safe(check_page(page, _page_html("".join(md_bodies))), "the Markdown reports",
                 expected)


@pytest.mark.browser
def test_tool_app_download_links_carry_escaped_reports(page, tmp_path: Path) -> None:
    from equitylab.widgets import equity_tool

    app = equity_tool(tmp_path, participant="ana", save_delay=0)
    app._show(_worksheet(5, chart=False))
    app.save_now()
    app.tabs.selected_index = len(app.tabs.children) - 1
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"',
                            app.downloads.value))
    _assert_safe(check_page(page, app.downloads.value), "the app's download links", [])
    assert {Path(n).suffix for n in links} == {".html", ".docx", ".md", ".json"}
    for name, data in links.items():
        if name.endswith(".docx"):
            _docx_text(base64.b64decode(data))  # well formed
            continue
        text = base64.b64decode(data).decode("utf-8")
        if name.endswith(".html"):
            _assert_safe(check_page(page, _no_csp(text)), name, [app.worksheet.metadata.title])
        elif name.endswith(".md"):
            _assert_safe(check_page(page, _page_html(markdown_html(text))), name, [])


# --- lab 6: bring your own data -----------------------------------------------------------

def _payload_file(groups: list[str], *, area: bool = False) -> pd.DataFrame:
    """One row per group with counts large enough to show (nothing suppressed)."""
    frame = pd.DataFrame({"group": groups, "events": [20 + i % 9 for i in range(len(groups))],
                          "people": [60] * len(groups)})
    if area:
        frame["area"] = groups[::-1]
    return frame.astype(str)


def _fulfill(route, *, body: bytes) -> None:
    route.fulfill(body=body, content_type="image/svg+xml")


def _check_lab6_files(page, files: list[Path], shown: list[str]) -> None:
    for f in files:
        text = f.read_text(encoding="utf-8")
        if f.suffix == ".csv":
            assert formula_cells(text) == [], f"{f.name}: {formula_cells(text)[:5]}"
        elif f.suffix == ".md":
            _assert_safe(check_page(page, _page_html(markdown_html(text))), f.name, shown)
        elif f.suffix == ".svg":
            # Opened as a document (not an image), where a script in it would run.
            url = "http://exports.invalid/chart.svg"
            page.route(url, functools.partial(_fulfill, body=f.read_bytes()))
            page.goto(url)
            page.unroute(url)
            found = page.evaluate("() => ({pwned: window.__pwned || 0, bad: [...document"
                                  ".querySelectorAll('script,foreignObject,iframe,*[onload],"
                                  "*[onerror]')].map(e => e.tagName)})")
            page.goto("about:blank")
            assert found == {"pwned": 0, "bad": []}, f.name


@pytest.mark.browser
def test_lab6_exports_with_payload_groups_and_titles_run_nothing(page, tmp_path: Path) -> None:
    # Groups are stripped of surrounding spaces when read, and must differ once stripped.
    groups = list(dict.fromkeys(p.strip() for p in PAYLOADS if p.strip()))
    prepared = byod.prepare(_payload_file(groups, area=True), "group", "events",
                            denominator="people", area="area")
    analysis = byod.analyse(prepared, reference=("group", groups[0]))
    files = export_files(analysis, str(tmp_path / "all"), title=PAYLOADS[0])
    assert {f.name for f in files} == {"table.csv", "disparities.csv", "chart.svg",
                                       "chart-alt-text.txt", "summary.md", "by-area.csv"}
    shown = [g for g in groups if g in _SHOWN and len(g) <= 60]
    _check_lab6_files(page, files, shown)
    table = pd.read_csv(tmp_path / "all" / "table.csv")
    assert table["People"].tolist() == [60] * len(groups)  # numbers stay numbers


def test_lab6_exports_with_payload_column_names_and_titles(tmp_path: Path) -> None:
    """Column names and titles reach the CSV files and the summary too: every payload
    serves once as a column name (outcome, group or people, in turn) and once as a title."""
    for i in range(0, len(PAYLOADS), 3):
        three = [PAYLOADS[(i + j) % len(PAYLOADS)] for j in range(3)]
        names = [f"{p}{'.' * j}" if p.strip() else f"blank{j}" for j, p in enumerate(three)]
        frame = _payload_file(["A", "B", "C"]).rename(
            columns={"events": names[0], "group": names[1], "people": names[2]})
        prepared = byod.prepare(frame, names[1], names[0], denominator=names[2])
        files = byod.export(byod.analyse(prepared), tmp_path / str(i), title=three[1],
                            sentences=present.sentences, table=present.display_table)
        for f in files:
            text = f.read_text(encoding="utf-8")
            if f.suffix == ".csv":
                assert formula_cells(text) == [], f"{three!r}: {f.name}"
            else:
                html = markdown_html(text)
                assert "<script" not in html and "<img" not in html and "<a " not in html, three


@pytest.mark.browser
def test_lab6_app_downloads_run_nothing(page) -> None:
    groups = [p.strip() for p in PAYLOADS[:12]]
    app = byod_app(_payload_file(groups), name="<script>window.__pwned=1</script>.csv")
    app.set_mapping("group", "events", denominator="people")
    app.prepare_downloads()
    _assert_safe(check_page(page, app.downloads.value + app.table.value + app.message.value),
                 "lab 6 app", [])
    for name, data in re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"',
                                 app.downloads.value):
        text = base64.b64decode(data).decode("utf-8")
        if name.endswith(".csv"):
            assert formula_cells(text) == [], name
        elif name.endswith(".md"):
            _assert_safe(check_page(page, _page_html(markdown_html(text))), name,
                         [g for g in groups if g in _SHOWN])


@pytest.mark.browser
def test_lab6_headless_run_with_payload_groups(page, tmp_path: Path) -> None:
    """The papermill run writes the same safe files (one run, every payload as a group;
    a file with control characters is refused as binary before, so those are left out)."""
    import papermill

    from equitylab.escape import strip_invalid

    groups = list(dict.fromkeys(p.strip() for p in PAYLOADS
                                if p.strip() and strip_invalid(p) == p))
    data = tmp_path / "payloads.csv"
    _payload_file(groups).to_csv(data, index=False)
    out = tmp_path / "results"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "07-bring-your-own-data.ipynb"), str(tmp_path / "run.ipynb"),
        parameters={"data_path": str(data), "group_column": "group", "outcome_column": "events",
                    "denominator_column": "people", "output_dir": str(out)},
        kernel_name="python3", cwd=str(ROOT / "notebooks"), progress_bar=False)
    files = sorted(out.iterdir())
    assert {f.suffix for f in files} >= {".csv", ".md", ".svg"}
    _check_lab6_files(page, files, [g for g in groups if g in _SHOWN and len(g) <= 60])
    json.loads((tmp_path / "run.ipynb").read_text(encoding="utf-8"))


# --- labels of any length -------------------------------------------------------------------

@pytest.mark.browser
def test_a_huge_label_keeps_every_report_bounded(page) -> None:
    """A 1 MB group name and a 1,000-character title: the HTML report's chart stays a
    page wide and says its labels were shortened, the page does not scroll sideways, the
    Word file opens with a title Word accepts, and nothing takes long."""
    import time

    import docx

    huge = "Group " + "x" * 1_000_000
    ws = Worksheet()
    ws.metadata.title = "T" * 1000
    ws.evidence = [EvidenceItem(table=EvidenceTable(["Group", "Rate"], [[huge, "5%"]], "c"),
                                chart=[ChartBar(huge, 10.0, 5.0, 15.0, 100, 10),
                                       ChartBar("B", 20.0, 15.0, 25.0, 100, 20)])]
    start = time.perf_counter()
    report = tool.to_html(ws)
    word = tool.docx_bytes(ws)
    assert time.perf_counter() - start < 20
    page.set_viewport_size({"width": 1366, "height": 900})
    page.set_content(report)
    sizes = page.evaluate("""() => {
        const img = document.querySelector('figure img');
        return {natural: img.naturalWidth, shown: img.getBoundingClientRect().width,
                page: document.documentElement.scrollWidth,
                caption: document.querySelector('figure figcaption').innerText}; }""")
    assert sizes["natural"] < 2000 and sizes["shown"] <= 1366
    assert sizes["page"] <= 1366
    assert "shortened" in sizes["caption"]
    properties = docx.Document(io.BytesIO(word)).core_properties
    assert 0 < len(properties.title) <= 255 and properties.title.endswith("…")
