"""Chapter 3, levels of racism: questions only (see ``questions/ch03.json``)."""

from __future__ import annotations

from ._questions import question_check

__all__ = ["check_levels_of_racism", "check_implicit_bias_meaning"]

check_levels_of_racism = question_check("ch03", "levels_of_racism")
check_implicit_bias_meaning = question_check("ch03", "implicit_bias_meaning")
