"""Benchmark: the floor under the in-browser labs' start-up time, on this machine.

How fast can *any* app of this kind (Voici, the Pyodide kernel, one ipywidgets control) be
interactive here, and what does pandas add? Builds a small site beside the course's, with
the course's own Pyodide, settings, wheels and mends (``make book`` first), holding two
one-cell apps, each opening with the labs' own first lines (``build_lite.ZONES_CELL``):

- ``bare``: ``ipywidgets.Dropdown`` only (the kernel and the widget library);
- ``pandas``: the same after ``import pandas`` (numpy and pandas loaded with Python, as
  the labs do);

and times them as benchmarks/in_browser.py times the labs (cold and warm, from localhost,
network off). A lab cannot start faster than ``pandas`` does: every lab reads its data with
pandas. It reports; it does not gate CI::

    .venv/bin/python benchmarks/in_browser_floor.py --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import build_lite  # noqa: E402
from in_browser import cpu_calibration_s, one_visit  # noqa: E402
from lite_browser import app_url  # noqa: E402
from serve_book import serving  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
SOURCES = {
    "bare": ["import ipywidgets as w", "w.Dropdown(options=['a', 'b'], description='Pick')"],
    "pandas": ["import pandas as pd", "import ipywidgets as w",
               "w.Dropdown(options=['a', 'b'], description='Pick')"],
}
# What each app's kernel loads while Python starts (the labs add equitylab and more).
PACKAGES = {"bare": build_lite.KERNEL_PACKAGES + ["ipywidgets"],
            "pandas": build_lite.KERNEL_PACKAGES + ["numpy", "pandas", "ipywidgets"]}


def notebook(lines: list[str]) -> dict[str, Any]:
    return {"cells": [{"cell_type": "code", "execution_count": None, "id": "app",
                       "metadata": {}, "outputs": [], "source": "\n".join(lines)}],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def build(site: Path) -> None:
    """Build the two apps into ``site/lite`` with the course's Pyodide and settings."""
    course = ROOT / "_build" / "lite-src"
    if not (course / "static" / "pyodide").is_dir():
        sys.exit("Build the book first: make book")
    stage = site.parent / "floor-src"
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "contents").mkdir(parents=True)
    shutil.copytree(course / "static", stage / "static")
    shutil.copy(course / "jupyter-lite.json", stage / "jupyter-lite.json")
    for stem, lines in SOURCES.items():
        # With the labs' own first cell (tzdata's time zones for dateutil).
        app = notebook([build_lite.ZONES_CELL, "", *lines])
        (stage / "contents" / f"{stem}.ipynb").write_text(json.dumps(app))
    build_lite.run_lite_build(stage, site / "lite")
    build_lite.mend_voici(site / "lite")
    build_lite.mend_kernel(site / "lite")
    build_lite.mend_service_worker(site / "lite")
    base = json.dumps(build_lite.KERNEL_PACKAGES + build_lite.COURSE_PACKAGES)
    for stem, packages in PACKAGES.items():
        page = site / "lite" / "voici" / "render" / f"{stem}.html"
        text = page.read_text(encoding="utf-8")
        if f'"packages": {base}' not in text:
            sys.exit(f"{page.name}: the kernel's package list was not found.")
        page.write_text(text.replace(f'"packages": {base}', f'"packages": {json.dumps(packages)}'),
                        encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS / "in_browser_floor.json")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average_at_start": round(os.getloadavg()[0], 1),
        "cpu_calibration_s_at_start": cpu_calibration_s(),
        "apps": {stem: "\n".join(lines) for stem, lines in SOURCES.items()},
        "localhost": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(site)
        with sync_playwright() as playwright, serving(site, compress=True) as (server, base):
            for stem in SOURCES:
                cold, warm = [], []
                for _ in range(args.runs):
                    with tempfile.TemporaryDirectory() as profile:
                        url = app_url(base, stem)
                        cold.append(one_visit(playwright, url, Path(profile), server))
                        warm.append(one_visit(playwright, url, Path(profile), server))
                results["localhost"][stem] = {
                    "cold_median_s": statistics.median(v["seconds"] for v in cold),
                    "warm_median_s": statistics.median(v["seconds"] for v in warm),
                    "cold_runs_s": [v["seconds"] for v in cold],
                    "warm_runs_s": [v["seconds"] for v in warm],
                    "warm_browser_cpu_s": [v["cpu_s"] for v in warm],
                    "errors": sorted({e for v in cold + warm for e in v["errors"]}),
                }
                print(stem, json.dumps(results["localhost"][stem]), flush=True)
    results["load_average_at_end"] = round(os.getloadavg()[0], 1)
    results["cpu_calibration_s_at_end"] = cpu_calibration_s()
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
