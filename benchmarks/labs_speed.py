"""Benchmark: how fast the lab apps update, and how long each lab notebook takes to run.

Targets (issue 6): a widget update (recompute and redraw) under 200 ms at the median, on
every bundled dataset; each lab executes end to end in under 20 s.

    .venv/bin/python benchmarks/labs_speed.py              # apps and notebooks
    .venv/bin/python benchmarks/labs_speed.py --apps-only  # skip the notebooks

Each app is built once (its first draw is not counted); then every control is set to each
of its values in turn, and each change, which recomputes and redraws the app, is timed.
Notebooks are executed with nbclient in a fresh kernel (kernel start-up included). Results
go to ``benchmarks/results/labs.json``. It reports; it does not gate CI.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOTEBOOKS = [
    "notebooks/02-seeing-inequity.ipynb",
    "notebooks/03-minneapolis-stops.ipynb",
    "notebooks/04-lending.ipynb",
    "notebooks/05-equitable-budget.ipynb",
    "notebooks/06-goals-and-trends.ipynb",
    "notebooks/07-bring-your-own-data.ipynb",
]


def _values(widget: Any) -> list[Any]:
    if hasattr(widget, "options") and widget.options:
        return [o[1] if isinstance(o, tuple) else o for o in widget.options]
    lo, hi, step = widget.min, widget.max, widget.step
    n = 4
    return [lo + round((hi - lo) / step * k / n) * step for k in range(n + 1)]


def _time_controls(app: Any, controls: Iterable[str], rounds: int = 2
                   ) -> tuple[list[float], list[float]]:
    """Return wall-clock and CPU seconds for each update (CPU time is less sensitive to
    other processes on a shared machine)."""
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        for name in controls:
            widget = getattr(app, name)
            original = widget.value
            for value in _values(widget):
                if value == widget.value:
                    continue
                start, start_cpu = time.perf_counter(), time.process_time()
                widget.value = value
                wall.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            widget.value = original
    return wall, cpu


def _apps() -> dict[str, tuple[Callable[[], Any], list[str]]]:
    from equitylab.widgets import (
        budget_explorer,
        byod_app,
        disparity_explorer,
        goals_explorer,
        lending_explorer,
        stops_explorer,
    )

    def byod() -> Any:
        app = byod_app()
        app.load_path(str(ROOT / "tests/labs/files/synthetic_justice_counts.csv"))
        return app

    return {
        "lab 1 explorer (Minneapolis stops)": (lambda: disparity_explorer("mpls_stops"),
                                               ["outcome", "reference", "gap", "framing"]),
        "lab 1 explorer (synthetic health)": (lambda: disparity_explorer("tallow_health"),
                                              ["outcome", "reference", "gap", "framing"]),
        "lab 2 stops": (stops_explorer, ["outcome", "race_field", "problem", "precinct",
                                         "reference", "gap"]),
        "lab 3 lending": (lending_explorer, ["criterion", "gap"]),
        "lab 4 budget": (budget_explorer, ["strategy", "pot", "goal", "baseline", "metric"]),
        "lab 5 goals": (goals_explorer, ["indicator", "goal", "target_year", "since",
                                         "reference"]),
        "lab 6 bring your own data": (byod, ["reference", "gap", "direction"]),
    }


def bench_apps() -> dict[str, dict[str, float]]:
    out = {}
    for name, (make, controls) in _apps().items():
        app = make()
        times, cpu = _time_controls(app, controls)
        out[name] = {"updates": len(times), "median_ms": 1000 * statistics.median(times),
                     "p90_ms": 1000 * statistics.quantiles(times, n=10)[-1],
                     "median_cpu_ms": 1000 * statistics.median(cpu)}
        print(f"{name:40s} {len(times):4d} updates  median {out[name]['median_ms']:6.0f} ms"
              f"  p90 {out[name]['p90_ms']:6.0f} ms  (CPU median "
              f"{out[name]['median_cpu_ms']:4.0f} ms)", flush=True)
    return out


def bench_notebooks() -> dict[str, float]:
    import nbformat
    from nbclient import NotebookClient

    out = {}
    for rel in NOTEBOOKS:
        nb = nbformat.read(ROOT / rel, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
        out[rel] = time.perf_counter() - start
        print(f"{rel:45s} {out[rel]:6.1f} s", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--apps-only", action="store_true")
    args = parser.parse_args()
    result: dict[str, Any] = {"python": platform.python_version(), "machine": platform.machine()}
    try:
        import os

        result["load_average"] = os.getloadavg()
    except OSError:
        pass
    result["apps"] = bench_apps()
    if not args.apps_only:
        result["notebooks_s"] = bench_notebooks()
    dest = ROOT / "benchmarks" / "results" / "labs.json"
    dest.parent.mkdir(exist_ok=True)
    dest.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {dest.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
