"""Every lab model imports, and computes, without ipywidgets or matplotlib."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import equitylab.labs

from .lab_calls import run_every_lab

FILES = Path(__file__).parent / "files"

SCRIPT = textwrap.dedent("""
    import importlib, sys
    for name in {modules!r}:
        importlib.import_module("equitylab.labs." + name)
""") + run_every_lab(FILES / "synthetic_justice_counts.csv") + textwrap.dedent("""
    bad = sorted(m for m in sys.modules if m.split(".")[0] in ("ipywidgets", "matplotlib"))
    print("loaded:", bad)
""")


def test_lab_models_need_no_widgets_and_no_matplotlib() -> None:
    modules = [m.name for m in pkgutil.iter_modules(equitylab.labs.__path__)]
    assert {"budget", "byod", "comparison", "explorer", "first_look", "goals", "lending",
            "stops"} <= set(modules)
    code = SCRIPT.replace("{modules!r}", repr(modules))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().splitlines()[-1] == "loaded: []"
