"""Chapter 6, the racial equity tool: questions only (see ``questions/ch06.json``)."""

from __future__ import annotations

from ._questions import question_check

__all__ = ["check_tool_order", "check_tool_steps"]

check_tool_order = question_check("ch06", "tool_order")
check_tool_steps = question_check("ch06", "tool_steps")
