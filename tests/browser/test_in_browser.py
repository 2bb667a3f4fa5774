"""Every lab as a no-code app in the reader's browser (Voici on JupyterLite, Pyodide), offline.

Each test opens one lab's app from the built book (``lite/voici/render/<stem>.html``), served
under the ``/course/`` subpath with a static host's cache headers, in headless Chromium that
resolves no host but 127.0.0.1. It waits for the kernel (the first control can be used),
checks that no error is shown and no request left 127.0.0.1, then changes one control as a
participant would and waits for the output to show what :mod:`equitylab` computes for that
choice here, in the test process, with the same lab model the app calls.

One server and one browser profile serve the whole file, so only the first lab pays for
downloading Python and its packages; later labs load them from the browser's cache. Set
``EQUITYLAB_BUILD`` to test another build folder than ``_build/html``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from lite_browser import app_url, errors_shown, launch, open_app, watch_outside
from playwright.sync_api import expect
from serve_book import serving

from equitylab import datasets, explain
from equitylab.labs import byod
from equitylab.labs.budget import budget_sentences, budget_view
from equitylab.labs.comparison import compare
from equitylab.labs.explorer import outcome_counts, source
from equitylab.labs.first_look import outcome_rates
from equitylab.labs.goals import goal_sentences, goal_view
from equitylab.labs.lending import CRITERIA, criterion_sentences, criterion_view
from equitylab.labs.stops import stop_counts
from equitylab.present import Scale, fmt_count, fmt_interval, fmt_value
from tests.browser.pagecheck import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("EQUITYLAB_BUILD", ROOT / "_build" / "html"))
# Generous: Python starts in WebAssembly, and a cold first visit downloads it all.
OPEN_S = 300
CHANGE_MS = 120_000


@dataclass
class Site:
    """The built book served on 127.0.0.1: its base URL and its server (which counts bytes)."""

    base: str
    server: Any


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """The built book on 127.0.0.1 under /course/ (a subpath, as on a real host)."""
    if not (BUILD / "lite" / "voici" / "render").is_dir():
        pytest.fail(f"No in-browser course in {BUILD}: run `make book` (or set EQUITYLAB_BUILD).")
    with serving(BUILD) as (server, base):
        yield Site(base, server)


# Each question Python's worker asks the browser's storage (the kernel's /drive, its working
# folder) is a synchronous round trip: the service worker passes it to the page on this
# BroadcastChannel, and the page answers. This records them in the page.
DRIVE_WATCH = """(() => {
  const calls = [];
  window.__equitylabDriveCalls = calls;
  new BroadcastChannel("/sw-api.v1").onmessage = (event) => {
    const ask = event.data && event.data.data;
    if (ask && ask.method) calls.push({method: ask.method, path: String(ask.path)});
  };
})();"""


def drive_calls(page: Any) -> list[dict[str, str]]:
    """The questions Python asked the browser's storage since the page opened."""
    return list(page.evaluate("window.__equitylabDriveCalls || []"))


@dataclass
class Browser:
    """The Chromium context every lab opens in, the requests it made to other hosts, and the
    site's files that JupyterLite's service worker answered instead of the browser."""

    context: Any
    outside: list[str] = field(default_factory=list)
    relayed: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def lite(playwright: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """One Chromium context with an on-disk profile (a cache) for every lab in this file."""
    context = launch(playwright, profile=tmp_path_factory.mktemp("lite-profile"))
    context.add_init_script(DRIVE_WATCH)
    browser = Browser(context, watch_outside(context))

    def relayed(response: Any) -> None:
        # The service worker is there for the browser storage's requests (under /api/); the
        # build has it leave every file of the site to the browser (mend_service_worker).
        if response.from_service_worker and "/api/" not in response.url:
            browser.relayed.append(response.url)

    context.on("response", relayed)
    yield browser
    context.close()


@dataclass
class Visit:
    """An app open in a page, and how long it took to come up and to show a change."""

    page: Any
    opened: float = 0.0
    changed: float = 0.0


def problems_shown(page: Any) -> list[str]:
    """Error outputs (tracebacks) and the apps' own error messages on the page."""
    alerts = [e.inner_text() for e in page.query_selector_all(".equitylab-error")
              if e.is_visible()]
    return errors_shown(page) + alerts


@contextmanager
def lab(lite: Browser, site: Site, stem: str) -> Iterator[Visit]:
    """Open a lab's app, check it came up clean, yield it; check again, then close its page."""
    seen, sent, relayed = len(lite.outside), site.server.bytes_sent, len(lite.relayed)
    visit = Visit(lite.context.new_page())
    try:
        visit.opened = open_app(visit.page, app_url(site.base, stem), timeout=OPEN_S)
        served = (site.server.bytes_sent - sent) / 1e6
        assert problems_shown(visit.page) == []
        assert serious_accessibility_violations(visit.page) == []
        assert lite.outside[seen:] == [], "the app asked another host for these"
        assert lite.relayed[relayed:] == [], "the service worker answered for the browser"
        if stem != "equity-tool":  # the tool opens the worksheets kept there
            # A lab keeps nothing in the browser's storage. Imports that looked in the working
            # folder stat and list it at each top-level module (115 round trips, 1.1 s).
            calls = drive_calls(visit.page)
            searched = [c for c in calls if c["method"] in {"getattr", "readdir"}]
            assert searched == [], f"opening the lab searched the browser's storage: {calls[:5]}"
        yield visit
        assert problems_shown(visit.page) == []
        assert lite.outside[seen:] == [], "the app asked another host for these"
        print(f"{stem}: first control {visit.opened:.1f} s ({served:.1f} MB served), "
              f"change shown {visit.changed:.1f} s")
    finally:
        visit.page.close()


@contextmanager
def timed(visit: Visit) -> Iterator[None]:
    """Time a change, from the participant's action until its expected output shows."""
    start = time.monotonic()
    yield
    visit.changed = time.monotonic() - start


def exactly(text: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def table(page: Any, caption: str) -> Any:
    """The app's table whose caption contains ``caption``."""
    return page.locator("table.equitylab-table").filter(
        has=page.locator("caption", has_text=caption))


def row_cells(tbl: Any, row: str) -> Any:
    """The data cells of the row headed ``row``."""
    return tbl.locator("tbody tr").filter(
        has=tbl.page.locator("th", has_text=exactly(row))).locator("td")


def cell(tbl: Any, row: str, column: str) -> Any:
    """The cell in the row headed ``row`` and the column headed ``column``."""
    headers = tbl.locator("thead th")
    expect(headers.filter(has_text=exactly(column))).to_have_count(1, timeout=CHANGE_MS)
    k = [h.strip() for h in headers.all_inner_texts()].index(column) + 1
    return tbl.locator("tbody tr").filter(
        has=tbl.page.locator("th", has_text=exactly(row))).locator(f":scope > :nth-child({k})")


def sentences(page: Any) -> Any:
    return page.locator("ul.equitylab-sentences > li")


def test_01_first_look_outcome_menu(lite, site):
    # Dropdown: Person searched -> Citation issued; the Black row's stops, events and rate.
    stops = datasets.load("mpls_stops", show_caveats=False)

    def black(outcome: str) -> list[str]:
        r = outcome_rates(stops, "race", outcome).set_index("group").loc["Black"]
        assert not r["suppressed"]
        return [fmt_count(r["n"]), fmt_count(r["events"]), f"{r['rate_percent']:.1f}%"]

    before, after = black("person_searched"), black("citation_issued")
    assert before != after
    with lab(lite, site, "01-first-look") as visit:
        page = visit.page
        cells = row_cells(table(page, "by race (as perceived by the officer)"), "Black")
        expect(cells).to_have_text(before, timeout=CHANGE_MS)
        with timed(visit):
            page.get_by_label("Outcome", exact=True).select_option("Citation issued")
            expect(cells).to_have_text(after, timeout=CHANGE_MS)
        expect(page.locator("caption", has_text="Citation issued by race")).to_have_count(1)


def test_02_seeing_inequity_gap_toggle(lite, site):
    # Toggle: relative -> absolute gap; the sentence on Black people stopped vs White.
    src = source("mpls_stops")
    counts = outcome_counts(src.dataset, "Person searched", "adverse")

    def black(gap: str) -> str:
        comp = compare(counts, reference=("group", src.reference), gap=gap)
        row = comp.tidy.query("group == 'Black' and measure == @gap").iloc[0]
        return explain.sentence(row, subject=src.noun, verb=counts.indicator.verb)

    before, after = black("ratio"), black("difference")
    assert before != after
    with lab(lite, site, "02-seeing-inequity") as visit:
        page = visit.page
        expect(sentences(page)).to_contain_text([before], timeout=CHANGE_MS)
        expect(sentences(page).filter(has_text=exactly(before))).to_have_count(1)
        with timed(visit):
            page.get_by_role("button", name="Absolute gap (difference)", exact=True).click()
            expect(sentences(page)).to_contain_text([after], timeout=CHANGE_MS)
        expect(sentences(page).filter(has_text=exactly(after))).to_have_count(1)
        expect(sentences(page).filter(has_text=exactly(before))).to_have_count(0)


def test_03_minneapolis_stops_precinct_menu(lite, site):
    # Dropdown: all precincts -> precinct 3; the stops left out and Black people's search rate.
    stops = datasets.load("mpls_stops", show_caveats=False)

    def view(precinct: int) -> tuple[str, str, str]:
        counts = stop_counts(stops, "Person searched", "race", "all", precinct)
        comp = compare(counts, reference=("group", "White"), gap="ratio")
        scale = Scale.of(comp.tidy.loc[comp.tidy["measure"] == "proportion"])
        r = comp.wide.set_index("group").loc["Black"]
        where = f"precinct {precinct}" if precinct else "all precincts"
        rate = f"{fmt_value(r['estimate'], scale)} ({fmt_interval(r['lower'], r['upper'], scale)})"
        return (f"(all stops, {where}). {counts.excluded_rows:,} stops are left out",
                f"Rate ({scale.ci_label})", rate)

    before, after = view(0), view(3)
    assert before[0] != after[0] and before[2] != after[2]
    with lab(lite, site, "03-minneapolis-stops") as visit:
        page = visit.page
        note = page.locator("p", has_text="stops are left out because race is missing")
        tbl = table(page, "by race (officer-perceived), compared with White")
        expect(note).to_contain_text(before[0], timeout=CHANGE_MS)
        expect(cell(tbl, "Black", before[1])).to_have_text(before[2], timeout=CHANGE_MS)
        with timed(visit):
            page.get_by_label("Precinct", exact=True).select_option("Precinct 3")
            expect(note).to_contain_text(after[0], timeout=CHANGE_MS)
            expect(cell(tbl, "Black", after[1])).to_have_text(after[2], timeout=CHANGE_MS)


def test_04_lending_criterion_menu(lite, site):
    # Dropdown: consumer credit history -> loan to value; every sentence the model writes.
    first = next(iter(CRITERIA))
    before = criterion_sentences(criterion_view(first, "ratio"))
    after = criterion_sentences(criterion_view("Loan to value", "ratio"))
    assert before != after
    with lab(lite, site, "04-lending") as visit:
        page = visit.page
        expect(sentences(page)).to_have_text(before, timeout=CHANGE_MS)
        with timed(visit):
            page.get_by_label("Compare within bands of", exact=True).select_option(
                "Loan to value")
            expect(sentences(page)).to_have_text(after, timeout=CHANGE_MS)


def test_05_equitable_budget_typed_pot(lite, site):
    # Number box: $30 million -> 50 typed; every sentence about the allocation.
    def said(pot: int) -> list[str]:
        return budget_sentences(budget_view("targeted_universal", pot=pot * 1e6, goal=250.0,
                                            baseline="residents"))

    before, after = said(30), said(50)
    assert before != after
    with lab(lite, site, "05-equitable-budget") as visit:
        page = visit.page
        expect(sentences(page)).to_have_text(before, timeout=CHANGE_MS)
        box = page.get_by_label("New money ($ million a year)", exact=True)
        with timed(visit):
            box.fill("50")
            box.press("Enter")
            expect(sentences(page)).to_have_text(after, timeout=CHANGE_MS)


def test_06_goals_and_trends_typed_goal(lite, site):
    # Number box: goal 3.0% -> 4.5 typed; every sentence about goal, paces and parity.
    def said(goal: float) -> list[str]:
        return goal_sentences(goal_view("Unemployment", goal=goal, target_year=2035,
                                        since=2015, reference="White"))

    before, after = said(3.0), said(4.5)
    assert before != after
    with lab(lite, site, "06-goals-and-trends") as visit:
        page = visit.page
        expect(sentences(page)).to_have_text(before, timeout=CHANGE_MS)
        box = page.get_by_label("Universal goal (%)", exact=True)
        with timed(visit):
            box.fill("4.5")
            box.press("Enter")
            expect(sentences(page)).to_have_text(after, timeout=CHANGE_MS)


def test_07_bring_your_own_data_reference_menu(lite, site):
    # Dropdown: compare with White -> the best-off group; the sentence on Black owners' awards.
    with tempfile.TemporaryDirectory() as tmp:
        sample = byod.write_sample(Path(tmp) / "synthetic-grants-2025.csv")

        def black(reference: str) -> str:
            comp = byod.run(sample, "owner_race_ethnicity", "awarded", reference=reference,
                            direction="favourable").comparison
            row = comp.tidy.query(
                "group == 'Black or African American' and measure == 'ratio'").iloc[0]
            return explain.sentence(row, subject="people", verb=comp.indicator.verb)

        before, after = black("White"), black("best")
    assert before != after
    with lab(lite, site, "07-bring-your-own-data") as visit:
        page = visit.page
        expect(sentences(page)).to_contain_text([before], timeout=CHANGE_MS)
        expect(sentences(page).filter(has_text=exactly(before))).to_have_count(1)
        with timed(visit):
            page.get_by_label("Compare with", exact=True).select_option("Best-off group")
            expect(sentences(page)).to_contain_text([after], timeout=CHANGE_MS)
        expect(sentences(page).filter(has_text=exactly(after))).to_have_count(1)
        expect(sentences(page).filter(has_text=exactly(before))).to_have_count(0)


# --- The racial equity tool ------------------------------------------------------------------

def _status_is(page: Any, pattern: str) -> None:
    page.wait_for_function(
        f"() => /^({pattern})/.test(document.querySelector('.eq-status')?.textContent || '')",
        timeout=CHANGE_MS)


def _saved(page: Any) -> None:
    """Wait for the save a change just scheduled ("Saving…" for a second, then "Saved")."""
    _status_is(page, "Saving")
    _status_is(page, "Saved")


def _tab(page: Any, label_start: str) -> None:
    page.locator(".lm-TabBar-tab", has_text=label_start).first.click()


def _answer_box(page: Any, qid: str) -> Any:
    """The text box of question ``qid`` (its label starts with the question's number)."""
    label = page.locator("label.widget-label", has_text=f"{qid} ").first
    return page.locator(f"textarea[id='{label.get_attribute('for')}']")


def _download(page: Any, selector: str) -> Path:
    link = page.locator(selector)
    link.wait_for(timeout=CHANGE_MS)
    with page.expect_download(timeout=CHANGE_MS) as download:
        link.click()
    return Path(download.value.path())


def test_tool_keeps_work_across_reloads_downloads_imports_and_takes_a_csv(lite, site, tmp_path):
    title, answer = "Sunday library hours", "Open branch libraries on Sundays <b>now</b>"
    rows = ["race,served"] + [f"Black,{int(i < 30)}" for i in range(80)]
    rows += [f"White,{int(i < 60)}" for i in range(120)]
    csv = tmp_path / "my services.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    black_rate = fmt_value(100 * 30 / 80, Scale(per=100, unit="proportion"))  # 30 of 80
    with lab(lite, site, "equity-tool") as visit:
        page = visit.page
        _status_is(page, "Saved|Opened")
        # Step 1 and the title, saved in the browser's storage.
        _tab(page, "About")
        page.get_by_label("Title", exact=True).fill(title)
        _saved(page)
        _tab(page, "1. ")
        _answer_box(page, "1.1").fill(answer)
        _saved(page)
        # The watch the labs are checked with sees the storage at work.
        assert {"put", "get"} & {c["method"] for c in drive_calls(page)}, drive_calls(page)[-5:]

        # A reload (a new Python) opens the same worksheet, the answer intact.
        page.reload()
        page.wait_for_selector(".eq-status", timeout=OPEN_S * 1000)
        _status_is(page, "Saved|Opened")
        expect(page.get_by_label("Title", exact=True)).to_have_value(title, timeout=CHANGE_MS)
        _tab(page, "1. ")
        expect(_answer_box(page, "1.1")).to_have_value(answer, timeout=CHANGE_MS)

        # Step 2: the participant's own CSV becomes evidence.
        _tab(page, "2. ")
        with page.expect_file_chooser() as chooser:
            page.locator("button", has_text="Upload CSV").click()
        chooser.value.set_files(csv)
        # For a participant's own file the tool does not guess the direction: they choose it,
        # once the file is read (the app asks).
        expect(page.get_by_text("Choose under Direction")).to_be_visible(timeout=CHANGE_MS)
        page.get_by_label("Direction", exact=True).select_option(
            label="Higher is better (e.g. hired)", timeout=CHANGE_MS)
        evidence = page.locator("table", has=page.locator("caption", has_text="served by race"))
        expect(evidence.first).to_contain_text(black_rate, timeout=CHANGE_MS)
        page.get_by_role("button", name="Add as evidence").click()
        expect(page.get_by_text("Evidence 1", exact=True)).to_be_visible(timeout=CHANGE_MS)

        # One click downloads the report to this computer, the answer in it as text.
        _tab(page, "Check and report")
        report = _download(page, "a.eq-download[download$='.html']").read_text(encoding="utf-8")
        viewer = visit.page.context.new_page()
        viewer.set_content(report)
        assert answer in viewer.locator("body").inner_text()
        assert viewer.locator("b").count() == 0  # typed markup stays text
        # The evidence's chart, drawn by matplotlib (loaded after the first screen).
        assert viewer.locator("img[src^='data:image/svg+xml']").count() >= 1
        viewer.close()
        sheet = _download(page, "a.eq-download[download$='.json']")
        saved = json.loads(sheet.read_text(encoding="utf-8"))["worksheet"]
        assert saved["answers"]["1.1"] == answer

        # Change the answer, then import the downloaded worksheet file: its answer comes back.
        _tab(page, "1. ")
        _answer_box(page, "1.1").fill("A later draft")
        _saved(page)
        with page.expect_file_chooser() as chooser:
            page.locator("button", has_text="Import a worksheet file").click()
        chooser.value.set_files(sheet)
        _tab(page, "1. ")
        expect(_answer_box(page, "1.1")).to_have_value(answer, timeout=CHANGE_MS)
