"""Every lab model imports, and computes, without ipywidgets or matplotlib."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import equitylab.labs

FILES = Path(__file__).parent / "files"

SCRIPT = textwrap.dedent("""
    import importlib, sys, tempfile
    import equitylab.labs as labs
    for name in {modules!r}:
        importlib.import_module("equitylab.labs." + name)
    from equitylab.labs import budget, byod, explorer, first_look, goals, lending, stops
    s = stops.load_stops()
    stops.data_quality(s); stops.perceived_race_table(s); stops.within_neighbourhood(s)
    stops.neighbourhood_benchmark(); stops.benchmark_by_neighbourhood(top=3)
    stops.stops_by_neighbourhood(s); stops.stop_counts(s, precinct=3)
    first_look.outcome_rates(s, "race", "person_searched")
    for src in explorer.SOURCES:
        explorer.outcome_counts(src.dataset, src.outcomes[0].label, "favourable")
    lending.within_table(lending.criterion_view("Loan to value"))
    lending.criterion_sentences(lending.criterion_view("Loan to value")); lending.gi_bill_boost()
    budget.budget_sentences(budget.budget_view()); budget.neighbourhood_table(budget.budget_view())
    goals.goal_sentences(goals.goal_view()); goals.checks_table(goals.goal_view())
    with tempfile.TemporaryDirectory() as tmp:
        byod.run({counts!r}, "race_ethnicity", "searches", denominator_column="stops",
                 area_column="district", output_dir=tmp)
    bad = sorted(m for m in sys.modules if m.split(".")[0] in ("ipywidgets", "matplotlib"))
    print("loaded:", bad)
""")


def test_lab_models_need_no_widgets_and_no_matplotlib() -> None:
    modules = [m.name for m in pkgutil.iter_modules(equitylab.labs.__path__)]
    assert {"budget", "byod", "comparison", "explorer", "first_look", "goals", "lending",
            "stops"} <= set(modules)
    code = SCRIPT.format(modules=modules, counts=str(FILES / "synthetic_justice_counts.csv"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().splitlines()[-1] == "loaded: []"
