"""Helpers for the exercise tests: load the sources and run their cells in this process."""

from __future__ import annotations

import ast
import contextlib
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
sys.path.insert(0, str(ROOT / "tools"))

import make_exercises  # noqa: E402


def source_paths() -> list[Path]:
    return make_exercises.sources(EXERCISES)


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def run_cells(notebook: dict[str, Any], tag: str = "check") -> list[tuple[int, Any]]:
    """Execute every code cell in one namespace; return (cell index, value of the last
    expression) for each cell tagged ``tag``. Much faster than a kernel, and a failing
    cell raises with its index."""
    namespace: dict[str, Any] = {"__name__": "__exercise__"}
    results = []
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        code = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        tree = ast.parse(code)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                exec(compile(tree, f"<cell {index}>", "exec"), namespace)  # noqa: S102
                value = (
                    eval(compile(ast.Expression(last.value), f"<cell {index}>", "eval"),  # noqa: S307
                         namespace)
                    if last is not None
                    else None
                )
            except Exception as error:  # pragma: no cover - reported by the test
                raise AssertionError(f"cell {index} failed: {error!r}\n{code}") from error
        if tag in cell.get("metadata", {}).get("tags", []):
            results.append((index, value))
    return results


@pytest.fixture(scope="session")
def learner_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Learner copies generated into a temporary folder (never into the repository)."""
    out = tmp_path_factory.mktemp("learner")
    make_exercises.make_all(EXERCISES, out)
    return out
