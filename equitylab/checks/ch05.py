"""Chapter 5, transformational strategies: questions only (see ``questions/ch05.json``)."""

from __future__ import annotations

from ._questions import question_check

__all__ = ["check_strategies"]

check_strategies = question_check("ch05", "strategies")
