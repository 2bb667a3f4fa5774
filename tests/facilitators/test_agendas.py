"""The agendas add up: each table's minutes sum to its heading, start times follow, links exist."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AGENDAS = ROOT / "book" / "facilitators" / "agendas.md"
_HEADING = re.compile(r"^#{2,3} .*\((?:(\d+) × )?(\d+) minutes", re.M)
_ROW = re.compile(r"^\| *(\d{1,2}):(\d\d) *\| *(\d+) *\|", re.M)
_DOC = re.compile(r"\{doc\}`(?:[^`<]*<)?([^`>]+)>?`")


def agenda_tables(text: str) -> list[tuple[str, int, list[tuple[int, int]]]]:
    """Each agenda: its heading, its stated total, and its rows as (start minute, minutes)."""
    heads = list(_HEADING.finditer(text))
    out = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        rows = [(int(h) * 60 + int(m), int(n)) for h, m, n in _ROW.findall(text[head.end():end])]
        if rows:
            out.append((head.group(0), int(head.group(2)), rows))
    return out


def problems(text: str) -> list[str]:
    """Agendas whose minutes do not add up to the heading, or whose start times skip."""
    found = []
    for heading, total, rows in agenda_tables(text):
        if sum(n for _, n in rows) != total:
            found.append(f"{heading}: blocks add up to {sum(n for _, n in rows)}, not {total}")
        for (start, n), (nxt, _) in zip(rows, rows[1:], strict=False):
            if start + n != nxt:
                found.append(f"{heading}: a block at minute {start} lasts {n} but the next "
                             f"starts at minute {nxt}")
    return found


def test_every_agenda_adds_up() -> None:
    text = AGENDAS.read_text(encoding="utf-8")
    assert len(agenda_tables(text)) >= 4
    assert not problems(text)


def test_the_check_catches_minutes_that_do_not_add_up() -> None:
    bad = "## Demo (30 minutes)\n\n| 0:00 | 10 | A |\n| 0:10 | 15 | B |\n"
    assert len(problems(bad)) == 1
    gap = "## Demo (25 minutes)\n\n| 0:00 | 10 | A |\n| 0:15 | 15 | B |\n"
    assert len(problems(gap)) == 1


@pytest.mark.parametrize("target", sorted(set(_DOC.findall(AGENDAS.read_text(encoding="utf-8")))))
def test_every_linked_page_exists(target: str) -> None:
    base = ROOT / target.lstrip("/") if target.startswith("/") else AGENDAS.parent / target
    assert any(base.with_suffix(s).exists() for s in (".md", ".ipynb")), target


_CHAPTER = re.compile(r"\{doc\}`(?:[^`<]*<)?(/book/[^`>]+)>?`( \(([^)]*)\))?")
#: An exercise set is named with the numbers of the exercises a block uses, as the book and
#: the handouts number them: "exercises 4.4 and 4.5 of {doc}`/exercises/ch04-governments-role`".
_SET = re.compile(r"(?:\b[Ee]xercises? ((?:[0-9.]+(?:, | and ))*[0-9.]+) of )?"
                  r"\{doc\}`(?:[^`<]*<)?(/exercises/[^`>]+)>?`")
_EXERCISE_HEADING = re.compile(r"^## Exercise ([0-9.]+): ", re.M)


def _headings(target: str) -> set[str]:
    """Section titles of a chapter, or the exercise numbers of an exercise set."""
    path = ROOT / target.lstrip("/")
    if target.startswith("/exercises/"):
        cells = json.loads(path.with_suffix(".ipynb").read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        return set(_EXERCISE_HEADING.findall(text))
    text = path.with_suffix(".md").read_text(encoding="utf-8")
    return {h.strip() for h in re.findall(r"^#{2,3} (.+)$", text, re.M)}


def unnamed_uses(text: str) -> list[str]:
    """Chapter or exercise links in agenda rows that do not name exactly what they use."""
    found = []
    for row in (r for r in text.splitlines() if _ROW.match(r)):
        for target, _, named in _CHAPTER.findall(row):
            if named == "whole chapter":
                continue
            if not named:
                found.append(f"{target}: say which sections")
                continue
            have = _headings(target)
            items = [s.strip() for s in named.split(";")]
            found += [f"{target}: no {s!r}" for s in items
                      if not s.startswith("§ ") or s[2:] not in have]
        for numbers, target in _SET.findall(row):
            if not numbers:
                found.append(f"{target}: say which exercises, as 'exercise N.k of'")
                continue
            have = _headings(target)
            found += [f"{target}: no exercise {n}" for n in re.findall(r"[0-9.]*[0-9]", numbers)
                      if n not in have]
    return found


def test_every_block_names_the_sections_and_exercises_it_uses() -> None:
    assert not unnamed_uses(AGENDAS.read_text(encoding="utf-8"))


def test_the_check_catches_a_vague_or_wrong_use() -> None:
    vague = ("| 0:00 | 10 | A | {doc}`Chapter 1 </book/01-what-racial-equity-means>`; "
             "{doc}`/exercises/ch01-what-racial-equity-means` |")
    wrong = ("| 0:00 | 10 | A | {doc}`Chapter 1 </book/01-what-racial-equity-means>` "
             "(§ No such section); exercises 4.4 and 4.9 of "
             "{doc}`/exercises/ch04-governments-role` |")
    old_style = "| 0:00 | 10 | A | {doc}`/exercises/ch04-governments-role` (questions 1) |"
    assert len(unnamed_uses(vague)) == 2
    assert unnamed_uses(wrong) == ["/book/01-what-racial-equity-means: no '§ No such section'",
                                   "/exercises/ch04-governments-role: no exercise 4.9"]
    assert len(unnamed_uses(old_style)) == 1


def test_the_stated_total_of_chapter_times_is_the_chapters_own() -> None:
    chapters = sorted((ROOT / "book").glob("[0-9][0-9]-*.md"))
    minutes = [int(m) for p in chapters for m in re.findall(
        r"^\*\*Time:\*\* (\d+) minutes", p.read_text(encoding="utf-8"), re.M)]
    stated = re.search(r"(\d+) minutes for the ten chapters", AGENDAS.read_text(encoding="utf-8"))
    assert stated and len(minutes) == 10 and int(stated.group(1)) == sum(minutes)
