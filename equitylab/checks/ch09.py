"""Chapter 9, building a movement: questions only (see ``questions/ch09.json``)."""

from __future__ import annotations

from ._questions import question_check

__all__ = ["check_three_prongs"]

check_three_prongs = question_check("ch09", "three_prongs")
