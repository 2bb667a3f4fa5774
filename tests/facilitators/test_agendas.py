"""The agendas add up: each table's minutes sum to its heading, start times follow, links exist."""

from __future__ import annotations

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
