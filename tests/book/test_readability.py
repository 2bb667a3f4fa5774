"""Chapters stay readable: Flesch-Kincaid grade 12 or lower (see tools/chapter_stats.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("chapter_stats", ROOT / "tools" / "chapter_stats.py")
assert _spec and _spec.loader
chapter_stats = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(chapter_stats)

CHAPTERS = [p for p in chapter_stats.chapters() if p.exists()]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_grade_at_most_12(path: Path) -> None:
    stats = chapter_stats.stats(path)
    assert stats["grade"] <= 12, f"{path.name} reads at grade {stats['grade']}"


def test_prose_strips_code_and_roles() -> None:
    text = (
        "---\nkernelspec: {}\n---\n# Title\n\n```{code-cell} ipython3\nx = 1\n```\n\n"
        "Some {term}`equity` text {cite}`key`.\n"
    )
    assert chapter_stats.prose(text) == "Title. Some equity text ."
