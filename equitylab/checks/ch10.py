"""Chapter 10, the Metropolitan Council: questions only (see ``questions/ch10.json``)."""

from __future__ import annotations

from ._questions import question_check

__all__ = ["check_thrive_outcomes", "check_measure_types"]

check_thrive_outcomes = question_check("ch10", "thrive_outcomes")
check_measure_types = question_check("ch10", "measure_types")
