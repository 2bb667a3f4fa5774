"""The facilitator's guide: links resolve, agendas add up, and every page is in the book.

Reads the Markdown sources (no build needed); the strict book build checks the same links
again, and the browser tests open the pages.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "book" / "facilitators"
PAGES = sorted(GUIDE.glob("*.md"))
DOC = re.compile(r"\{doc\}`(?:[^`<]*<)?([^`>]+)>?`")


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files: list[str] = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    return files


def toc_part(caption: str) -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            found.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc["parts"]:
        if part["caption"] == caption:
            walk(part["chapters"])
    return found


def resolve(page: Path, target: str) -> str:
    """The docname a {doc} target points at, relative to the book root."""
    if target.startswith("/"):
        return target.lstrip("/")
    return (page.parent / target).resolve().relative_to(ROOT).as_posix()


def doc_links(page: Path) -> list[str]:
    return [resolve(page, t.strip()) for t in DOC.findall(page.read_text(encoding="utf-8"))]


def test_guide_has_every_promised_page() -> None:
    names = {p.stem for p in PAGES}
    assert {"index", "agendas", "instructor-notes", "discussion-protocols",
            "learner-profiles", "setup", "adapting", "opening-deck", "answer-keys"} <= names


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_doc_link_resolves_to_a_page_in_the_book(page: Path) -> None:
    in_book = set(toc_files())
    for docname in doc_links(page):
        exists = any((ROOT / f"{docname}{s}").exists() for s in (".md", ".ipynb"))
        assert exists, f"{page.name}: {{doc}} link to missing page {docname}"
        assert docname in in_book, f"{page.name}: {docname} exists but is not in _toc.yml"


def test_facilitator_part_sits_between_case_study_and_reference() -> None:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    captions = [p["caption"] for p in toc["parts"]]
    assert captions.index("Case study") < captions.index("For facilitators")
    assert captions.index("For facilitators") < captions.index("Reference")
    part = toc_part("For facilitators")
    for page in PAGES:
        assert f"book/facilitators/{page.stem}" in part
    for source in sorted((ROOT / "exercises").glob("*.ipynb")):
        assert f"exercises/{source.stem}" in part, f"{source.name} is not in the answer keys"


# ------------------------------------------------------------------------- agendas


def agenda_tables() -> list[tuple[str, int, list[tuple[str, int, str]]]]:
    """(heading, total minutes stated in it, rows of (start, minutes, row text))."""
    text = (GUIDE / "agendas.md").read_text(encoding="utf-8")
    tables = []
    for section in re.split(r"^#{2,3} ", text, flags=re.M)[1:]:
        heading = section.splitlines()[0]
        total = re.search(r"\((?:4 × )?(\d+) minutes", heading)
        rows = re.findall(r"^\| (\d+:\d\d) \| (\d+) \| (.*)$", section, flags=re.M)
        if rows:
            assert total, f"agenda '{heading}' states no total in minutes"
            tables.append((heading, int(total.group(1)),
                           [(s, int(m), rest) for s, m, rest in rows]))
    return tables


AGENDAS = agenda_tables()


def minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def test_there_are_seven_timed_agenda_tables() -> None:
    headings = [h for h, _, _ in AGENDAS]
    assert len(AGENDAS) == 7, headings  # 90 minutes, half day, full day, 4 sessions
    assert any("90-minute" in h for h in headings)
    assert any("half-day" in h for h in headings)
    assert any("full day" in h for h in headings)
    assert sum("Session" in h for h in headings) == 4


@pytest.mark.parametrize(("heading", "total", "rows"), AGENDAS, ids=[a[0][:30] for a in AGENDAS])
def test_agenda_minutes_add_up_and_start_times_follow(heading, total, rows) -> None:
    assert sum(m for _, m, _ in rows) == total, heading
    clock = minutes(rows[0][0])
    for start, length, text in rows:
        assert minutes(start) == clock, f"{heading}: block '{text[:40]}' should start at {clock}"
        clock += length


@pytest.mark.parametrize(("heading", "total", "rows"), AGENDAS, ids=[a[0][:30] for a in AGENDAS])
def test_every_teaching_block_is_mapped_to_course_pages(heading, total, rows) -> None:
    for _, _length, text in rows:
        block = text.split("|")[0]
        if "Break" in block or "Lunch" in block or "Check-in" in block or "Close" in block:
            continue
        assert "{doc}" in text, f"{heading}: block '{block.strip()[:40]}' maps to no page"


def test_agendas_together_use_every_chapter_and_exercise_set() -> None:
    links = set(doc_links(GUIDE / "agendas.md"))
    chapters = [f for f in toc_files() if re.match(r"book/(?!00)\d\d-", f)]
    assert len(chapters) >= 10
    assert set(chapters) <= links, f"chapters no agenda uses: {set(chapters) - links}"
    sets = {f"exercises/{p.stem}" for p in (ROOT / "exercises").glob("*.ipynb")}
    assert sets <= links, f"exercise sets no agenda uses: {sets - links}"
    assert any(link.startswith("notebooks/") for link in links)


def test_the_introduction_covers_the_three_objectives() -> None:
    text = (GUIDE / "agendas.md").read_text(encoding="utf-8")
    intro = text.split("## The 90-minute introduction", 1)[1].split("\n## ", 1)[0]
    for objective in ("Overview of the Alliance", "Key concepts", "Key tools",
                      "opportunities and challenges"):
        assert objective in intro


def test_slide_numbers_in_the_guide_exist_in_the_deck() -> None:
    deck = json.loads((ROOT / "deck" / "opening-deck.ipynb").read_text(encoding="utf-8"))
    slides = sum(c["metadata"].get("slideshow", {}).get("slide_type") == "slide"
                 for c in deck["cells"])
    for page in ("agendas.md", "opening-deck.md"):
        text = (GUIDE / page).read_text(encoding="utf-8")
        numbers = [int(n) for n in re.findall(r"[Ss]lides? (?:\d+[–-])?(\d+)", text)]
        numbers += [int(n) for n in re.findall(r"^\| (?:\d+–)?(\d+) \|", text, flags=re.M)
                    if page == "opening-deck.md"]
        assert numbers and max(numbers) <= slides, (page, max(numbers), slides)
    table = (GUIDE / "opening-deck.md").read_text(encoding="utf-8")
    assert f"| {slides} |" in table, "the deck table should end at the last slide"


# ---------------------------------------------------------------- notes and adapting


def test_instructor_notes_cover_every_chapter_and_lab() -> None:
    links = set(doc_links(GUIDE / "instructor-notes.md"))
    pages = [f for f in toc_files() if re.match(r"(book/(?!00)\d\d-|notebooks/)", f)]
    missing = [p for p in pages if p not in links]
    assert missing == [], f"no instructor notes for {missing}"
    text = (GUIDE / "instructor-notes.md").read_text(encoding="utf-8")
    for heading in ("Emphasize", "Misconceptions", "Learners ask", "Timing risks",
                    "When technology fails"):
        assert text.count(f"**{heading}.**") >= 14, heading


def test_papermill_commands_use_the_labs_real_parameters() -> None:
    text = (GUIDE / "adapting.md").read_text(encoding="utf-8")
    commands = re.findall(r"papermill (notebooks/\S+\.ipynb)((?:.|\n)*?)(?:\n\n|\n```|\ndone)",
                          text)
    assert len(commands) >= 2
    for notebook, rest in commands:
        path = ROOT / notebook
        assert path.exists(), notebook
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        params_cell = next(c for c in cells if "parameters" in c["metadata"].get("tags", []))
        declared = set(re.findall(r"^(\w+)\s*=", "".join(params_cell["source"]), flags=re.M))
        args = shlex.split(rest.replace("\\\n", " "))
        given = {args[i + 1] for i, a in enumerate(args) if a == "-p"}
        assert given, "a papermill command passes no parameters"
        assert given <= declared, f"unknown parameters {given - declared}"
        assert {"data_path", "group_column", "outcome_column"} <= given


def _results(name: str) -> dict:
    return json.loads((ROOT / "benchmarks" / "results" / name).read_text(encoding="utf-8"))


def test_setup_figures_are_the_measured_ones() -> None:
    """Each start-up time the setup page quotes is the median in the results file it names."""
    text = " ".join((GUIDE / "setup.md").read_text(encoding="utf-8").split())
    lite = _results("in_browser.json")
    tool = lite["localhost"]["equity-tool"]
    quoted = re.search(r"tool opened after (\d+) s the first time and (\d+) s later from the "
                       r"same machine, and after (\d+) s the first time through a 20 Mbit/s", text)
    assert quoted, "the setup page no longer quotes the in-browser tool's start-up times"
    assert [int(q) for q in quoted.groups()] == [
        round(tool["cold_median_s"]), round(tool["warm_median_s"]),
        round(lite["throttled"]["equity-tool"]["cold_median_s"])]
    runs = _results("tool_load.json")["runs"]
    quoted = re.search(r"the tool opened after (\d+) s \(median\); with one every 2 seconds, "
                       r"after (\d+) s; with sessions started early, after (\d+) s", text)
    assert quoted, "the setup page no longer quotes make app's load check"
    assert [int(q) for q in quoted.groups()] == [
        round(runs[name]["open_s_median"])
        for name in ("everyone_at_once", "one_arrival_every_2_s", "everyone_at_once_preheated")]
    hub = _results("hub_load.json")["runs"]
    quoted = re.search(r"With 20 arriving in the same second the tool opened after (\d+) s "
                       r"\(median\); one alone, after (\d+) s", text)
    assert quoted, "the setup page no longer quotes make hub's load check"
    assert [int(q) for q in quoted.groups()] == [
        round(hub["twenty_at_once"]["arrival_to_app_s_median"]),
        round(hub["one_alone"]["arrival_to_app_s_median"])]
    # "Three to four times as long on a busier day": the busier day's run, against today's
    # (each ratio rounds to 3 or 4).
    assert "three to four times as long (`in_browser_busier_day.json`)" in text
    busier = _results("in_browser_busier_day.json")["localhost"]["equity-tool"]
    for key in ("cold_median_s", "warm_median_s"):
        assert 2.5 <= busier[key] / tool[key] < 4.5, key
