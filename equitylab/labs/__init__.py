"""Pure lab models: the computations behind each lab, with no widgets and no charts.

One module per lab (:mod:`~equitylab.labs.first_look`, :mod:`~equitylab.labs.explorer`,
:mod:`~equitylab.labs.stops`, :mod:`~equitylab.labs.lending`, :mod:`~equitylab.labs.budget`,
:mod:`~equitylab.labs.goals`, :mod:`~equitylab.labs.byod`) and the comparison they share
(:mod:`~equitylab.labs.comparison`). None of them imports ipywidgets or matplotlib, so they
run in a notebook, a script, a papermill job or a test alike; the apps in
:mod:`equitylab.widgets` are views over them.
"""

from __future__ import annotations

__all__ = ["budget", "byod", "comparison", "explorer", "first_look", "goals", "lending", "stops"]
