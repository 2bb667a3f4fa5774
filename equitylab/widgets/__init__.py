"""Thin ipywidgets views over :mod:`equitylab`, one function per app. They hold no logic.

Each app lives in its own module; this package re-exports the public functions.
"""

from equitylab.widgets.budget_lab import budget_explorer
from equitylab.widgets.byod import byod_app
from equitylab.widgets.explorer import disparity_explorer
from equitylab.widgets.first_look import outcome_explorer, rate_table_html
from equitylab.widgets.goals_lab import goals_explorer
from equitylab.widgets.lending_lab import lending_explorer
from equitylab.widgets.stops_lab import stops_explorer
from equitylab.widgets.tool_app import equity_tool

__all__ = [
    "budget_explorer",
    "byod_app",
    "disparity_explorer",
    "equity_tool",
    "goals_explorer",
    "lending_explorer",
    "outcome_explorer",
    "rate_table_html",
    "stops_explorer",
]
