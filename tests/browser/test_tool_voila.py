"""The racial equity tool served by Voilà, driven by headless Chromium like a participant."""

from __future__ import annotations

import html
import json
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from equitylab.tool import participant_folder
from tests.browser.pagecheck import (
    clipped_controls,
    serious_accessibility_violations,
    unreachable_overflow,
)
from tests.conftest import serve_voila

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "equity-tool.ipynb"


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Serve the tool notebook on a free localhost port with a temporary worksheet folder."""
    folder = tmp_path_factory.mktemp("worksheets")
    env = {"EQUITYLAB_WORKSHEETS": str(folder)}
    with serve_voila(NOTEBOOK, folder.parent / "voila.log", env=env, timeout=30) as url:
        yield url, folder


def _open(browser, url: str):
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load")
    status = page.locator(".eq-status")
    status.wait_for(timeout=45_000)
    page.wait_for_function(
        "() => /^(Saved|Opened)/.test(document.querySelector('.eq-status')?.textContent || '')",
        timeout=45_000,
    )
    return context, page


def _tab(page, label_start: str) -> None:
    page.locator(".lm-TabBar-tab", has_text=label_start).first.click()


def _wait_saved(page) -> None:
    page.wait_for_function(
        "() => /^Saved/.test(document.querySelector('.eq-status')?.textContent || '')",
        timeout=15_000,
    )


ANSWERS = {
    "1.1": "Open branch libraries on Sundays <b>now</b>",
    "2.1": "Visits by race and neighbourhood",
    "3.1": "Parents' groups in two neighbourhoods",
    "4.1": "Families with young children benefit; weekday staff are burdened",
    "5.1": "Pilot in three branches from March",
    "6.1": "Quarterly report to the library board",
}


def test_fill_reload_export_and_accessibility(browser, voila) -> None:
    url, folder = voila
    context, page = _open(browser, f"{url}/?participant=tester")
    # Keyboard: the step buttons move between tabs.
    page.get_by_role("button", name="Next step").first.focus()
    page.keyboard.press("Enter")
    current = page.locator(".lm-TabBar-tab.lm-mod-current")
    page.wait_for_function("() => document.querySelector('.lm-TabBar-tab.lm-mod-current')"
                           "?.textContent.startsWith('1.')", timeout=10_000)
    assert current.inner_text().startswith("1. Results")
    _tab(page, "About")
    page.get_by_label("Title", exact=True).fill("Sunday library hours")
    for qid, text in ANSWERS.items():
        _tab(page, f"{qid[0]}. ")
        page.locator(f"textarea[id='{_label_for(page, qid)}']").fill(text)
        if qid == "2.1":
            page.get_by_role("button", name="Add as evidence").click()
            page.get_by_text("Evidence 1", exact=True).wait_for(timeout=15_000)

    # The file on disk holds every answer (the participant has a folder of their own).
    mine = participant_folder(folder, "tester")
    saved = _wait_for_file(mine, lambda ws: ws["answers"].get("6.1"))
    _wait_saved(page)
    assert len(list(mine.glob("*.json"))) == 1
    assert {k: saved["answers"].get(k) for k in ANSWERS} == ANSWERS
    assert len(saved["evidence"]) == 1 and saved["metadata"]["title"] == "Sunday library hours"

    violations = serious_accessibility_violations(page)
    assert violations == [], "\n".join(violations)

    # Reload: a new kernel opens the same worksheet, every answer intact.
    context.close()
    context, page = _open(browser, f"{url}/?participant=tester")
    assert page.get_by_label("Title", exact=True).input_value() == "Sunday library hours"
    for qid, text in ANSWERS.items():
        _tab(page, f"{qid[0]}. ")
        assert page.locator(f"textarea[id='{_label_for(page, qid)}']").input_value() == text
    _tab(page, "2. ")
    assert page.get_by_text("Evidence 1", exact=True).is_visible()

    # Download the HTML report in one click (to this device, not the server) and open it.
    _tab(page, "Check and report")
    html_link = page.locator("a.eq-download[download$='.html']")
    html_link.wait_for(timeout=30_000)
    with page.expect_download() as download:
        html_link.click()
    assert download.value.suggested_filename.startswith("sunday-library-hours-")
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert not (mine / "exports").exists()  # nothing kept on the server
    report = context.new_page()
    report.set_content(exported)
    body = report.locator("body").inner_text()
    for text in ANSWERS.values():
        assert text in body
    assert report.locator("b").count() == 0  # typed markup stays text
    assert report.locator("table caption").count() >= 8
    report.close()

    # The worksheet file holds every answer; the Word file is one click too.
    with page.expect_download() as download:
        page.locator("a.eq-download[download$='.json']").click()
    sheet = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))["worksheet"]
    assert {k: sheet["answers"].get(k) for k in ANSWERS} == ANSWERS
    word_link = page.locator("a.eq-download[download$='.docx']")
    with page.expect_download() as download:
        word_link.click()
    with zipfile.ZipFile(download.value.path()) as z:
        document = z.read("word/document.xml").decode("utf-8")
    assert html.escape(ANSWERS["1.1"], quote=False) in document

    # A keyboard user sees where focus is: a 3 px ring of at least 3:1 contrast.
    html_link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = html_link.evaluate(
        "a => { const s = getComputedStyle(a); return [a === document.activeElement, "
        "s.outlineStyle, s.outlineWidth, s.outlineColor]; }")
    assert ring[:3] == [True, "solid", "3px"]
    assert _contrast(ring[3], "rgb(255, 255, 255)") >= 3
    violations = serious_accessibility_violations(page)
    assert violations == [], "\n".join(violations)
    context.close()


def test_download_links_fit_a_phone(browser, voila) -> None:
    url, _folder = voila
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{url}/?participant=phone-user-with-a-long-name", wait_until="load")
    page.wait_for_function(
        "() => /^(Saved|Opened)/.test(document.querySelector('.eq-status')?.textContent || '')",
        timeout=45_000)
    page.get_by_label("Title", exact=True).fill(
        "A worksheet title long enough to need wrapping on a small phone screen")
    _wait_saved(page)
    _tab(page, "Check and report")
    links = page.locator("a.eq-download")
    links.first.wait_for(timeout=30_000)
    assert links.count() == 4
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        fits = links.nth(i).evaluate("a => a.scrollWidth <= a.clientWidth + 1")
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert fits, links.nth(i).inner_text()
    context.close()


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS ``rgb()`` colours."""
    def luminance(colour: str) -> float:
        r, g, b = (int(x) / 255 for x in re.findall(r"\d+", colour)[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_upload_a_csv_in_step_2(browser, voila, tmp_path: Path) -> None:
    url, folder = voila
    rows = ["race,served"] + [f"Black,{int(i < 30)}" for i in range(80)]
    rows += [f"White,{int(i < 60)}" for i in range(120)]
    csv = tmp_path / "my services.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    context, page = _open(browser, f"{url}/?participant=uploader")
    _tab(page, "2. ")
    # ipywidgets 8 keeps the file input out of the page: choose the file through the button.
    with page.expect_file_chooser() as chooser:
        page.locator("button", has_text="Upload CSV").click()
    chooser.value.set_files(csv)
    # For a participant's own file the tool does not guess the direction: they choose it.
    page.get_by_text("Choose under Direction").wait_for(timeout=30_000)
    page.get_by_label("Direction", exact=True).select_option(
        label="Higher is better (e.g. hired)")
    table = page.locator("table", has=page.locator("caption", has_text="served by race"))
    table.wait_for(timeout=30_000)
    assert "37.5%" in table.inner_text()  # 30 of 80 Black residents
    # On a phone the wide evidence table scrolls in a region the keyboard reaches, named
    # after the table; no label or button is cut off.
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    region = table.locator("xpath=ancestor::div[@role='region'][1]")
    assert region.get_attribute("tabindex") == "0"
    assert "served by race" in (region.get_attribute("aria-label") or "")
    assert unreachable_overflow(page) == []
    assert clipped_controls(page) == []
    assert page.locator("select option", has_text="Your file: my-services.csv").count() == 1
    assert (participant_folder(folder, "uploader") / "uploads" / "my-services.csv").read_text(
        encoding="utf-8").startswith("race,served\n")
    context.close()


def _wait_for_file(folder: Path, ready, timeout: float = 15) -> dict:
    """The saved worksheet, once ``ready(worksheet)`` holds (the save is debounced)."""
    deadline = time.monotonic() + timeout
    while True:
        for path in folder.glob("*.json"):
            ws = json.loads(path.read_text(encoding="utf-8"))["worksheet"]
            if ready(ws):
                return ws
        assert time.monotonic() < deadline, "the change was never saved"
        time.sleep(0.2)


def _label_for(page, qid: str) -> str:
    """The id of the textarea labelled by question ``qid``."""
    label = page.locator("label.widget-label", has_text=f"{qid} ").first
    return label.get_attribute("for") or ""


def test_keyboard_only_fast_track_with_visible_focus_and_whole_controls(browser, voila) -> None:
    """A keyboard-only journey through the fast track, to the downloaded report.

    Every control reached has a visible focus ring (3:1, at least 2 px; ipywidgets' own is
    1 px light blue, about 2:1); *Next step* moves focus to the new step's heading; the
    tab list follows the arrow keys; no label, button or tab is cut off on a desktop or a
    phone ("Remove a engagement" showed as "Remove a", "Answers (performance)" over
    "Group").
    """
    from equitylab.tool import STEPS
    from tests.browser.pagecheck import focus_ring, raw_markup, ring_problem

    url, folder = voila
    context, page = _open(browser, f"{url}/?participant=keyboard")
    # The app on the first screen (1366 x 900): its title, then the tabs; the six steps'
    # table and the overview after the app; no MyST source anywhere.
    assert raw_markup(page, code_blocks=True) == []
    title = page.get_by_role("heading", name="Lab: the racial equity tool").bounding_box()
    tabs = page.locator(".lm-TabBar").first.bounding_box()
    table = page.locator("caption", has_text="The six steps").bounding_box()
    assert title and tabs and table
    assert title["y"] < tabs["y"] < 900 - 40 < table["y"]
    problems: list[str] = []

    def active(test: str) -> bool:
        return page.evaluate(f"() => {{ const a = document.activeElement; return !!({test}); }}")

    def tab(test: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            ring = focus_ring(page)
            if ring["widget"] and (problem := ring_problem(ring)):
                problems.append(problem)
            if active(test):
                return
        raise AssertionError(f"Tab never reached {test}")

    def heading(text: str) -> None:
        page.wait_for_function(
            "(text) => document.activeElement.classList.contains('eq-heading')"
            " && document.activeElement.textContent.startsWith(text)", arg=text,
            timeout=10_000)
        # A heading for screen readers too: the focused element has the role heading (as
        # Playwright computes roles, from the accessibility tree's rules) and the step's name.
        named = page.get_by_role("heading", name=re.compile("^" + re.escape(text)))
        assert named.evaluate("e => e === document.activeElement"), text

    tab("a.tagName === 'INPUT' && a.closest('.widget-text')?.textContent.includes('Title')")
    page.keyboard.type("Keyboard only")
    tab("a.type === 'checkbox'")
    page.keyboard.press("Space")
    tab("a.tagName === 'BUTTON' && a.textContent.includes('Next step')")
    page.keyboard.press("Enter")
    typed = {}
    for step in STEPS:
        heading(f"Step {step.number}.")
        while True:
            tab("a.tagName === 'TEXTAREA' && a.closest('.eq-question')"
                " || a.tagName === 'BUTTON' && a.textContent.includes('Next step')")
            if active("a.tagName === 'BUTTON'"):
                page.keyboard.press("Enter")
                break
            label = page.evaluate("() => document.activeElement.closest('.eq-question')"
                                  ".querySelector('label').textContent")
            qid = label.split(" ", 1)[0]
            typed[qid] = f"Typed answer to {qid}"
            page.keyboard.type(typed[qid])
    heading("Check and report")
    central = {q.id for s in STEPS for q in s.guiding(True)}
    assert set(typed) == central
    _wait_saved(page)
    tab("a.tagName === 'A' && a.getAttribute('download')?.endsWith('.html')")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    report = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Keyboard only" in report
    assert all(html.escape(text) in report for text in typed.values())
    assert problems == []

    # The tab list follows the arrow keys (WAI-ARIA tabs, activated with Enter).
    page.locator(".lm-TabBar-tab.lm-mod-current").focus()
    page.keyboard.press("ArrowLeft")
    assert active("a.getAttribute('role') === 'tab' && a.textContent.startsWith('6.')")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.lm-TabBar-tab.lm-mod-current')"
                           "?.textContent.startsWith('6.')", timeout=10_000)

    # Nothing cut off, on any tab, on a desktop and on a phone.
    for size in ({"width": 1366, "height": 900}, {"width": 390, "height": 844}):
        page.set_viewport_size(size)
        for i in range(page.locator(".lm-TabBar-tab").count()):
            page.locator(".lm-TabBar-tab").nth(i).click()
            page.wait_for_timeout(200)
            cut = clipped_controls(page)
            assert cut == [], (size, i, cut)
    context.close()
