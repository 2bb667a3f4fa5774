"""Lab: bring your own data: questions only (see ``questions/lab_byod.json``)."""

from __future__ import annotations

from ._questions import question_check

__all__ = ["check_column_mapping", "check_share_scenario"]

check_column_mapping = question_check("lab_byod", "column_mapping")
check_share_scenario = question_check("lab_byod", "share_scenario")
