"""Thin ipywidgets views over :mod:`equitylab`, one function per app. They hold no logic.

Each app lives in its own module. This package re-exports the public functions, importing
an app's module only when the app is first used: a Voilà session that serves one app then
does not pay for importing every other app (and matplotlib with them) when it starts.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public function -> the module that defines it.
_APPS = {
    "answer_box": "answers",
    "budget_explorer": "budget_lab",
    "byod_app": "byod",
    "disparity_explorer": "explorer",
    "equity_tool": "tool_app",
    "goals_explorer": "goals_lab",
    "lending_explorer": "lending_lab",
    "notes_box": "answers",
    "outcome_explorer": "first_look",
    "rate_table_html": "first_look",
    "show_chart": "_base",
    "stops_explorer": "stops_lab",
}

__all__ = sorted(_APPS)


def __getattr__(name: str) -> Any:
    if name not in _APPS:
        raise AttributeError(f"module 'equitylab.widgets' has no attribute {name!r}")
    module = importlib.import_module(f"equitylab.widgets.{_APPS[name]}")
    return getattr(module, name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_APPS))
