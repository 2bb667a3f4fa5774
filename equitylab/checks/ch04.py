"""Chapter 4, government's role: questions only (see ``questions/ch04.json``)."""

from __future__ import annotations

from ._questions import question_check

__all__ = ["check_eras"]

check_eras = question_check("ch04", "eras")
