"""Every table, figure and exercise says whether its data is real or SYNTHETIC.

Chapters show tables only through :func:`equitylab.present.data_table` and draw charts with
``dataset=`` (the frame as loaded), so the label comes from the dataset's own metadata and
cannot be forgotten. An exercise that loads a synthetic table says so in the text just
before it.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from equitylab import datasets

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]-*.md"))
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))
#: The presentation helpers that show data; each must be given the loaded dataset.
SHOWN_BY = {"rate_bars", "gap_dots", "trend_lines", "data_table"}
_CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)```", re.S)
_LOAD = re.compile(r"""datasets\.load\(\s*["']([a-z0-9_]+)["']""")


def code_cells(path: Path) -> list[str]:
    """The code of each executable cell of a MyST chapter (cell options removed)."""
    cells = []
    for body in _CELL.findall(path.read_text(encoding="utf-8")):
        cells.append("\n".join(line for line in body.splitlines() if not line.startswith(":")))
    return cells


def unlabeled_displays(source: str) -> list[str]:
    """Calls in ``source`` that show data without taking its label from the dataset."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "style":
            problems.append(f"line {node.lineno}: a DataFrame shown through .style")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in SHOWN_BY
                and not any(k.arg == "dataset" for k in node.keywords)):
            problems.append(f"line {node.lineno}: {node.func.attr}() without dataset=")
    return problems


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_tables_and_figures_take_their_label_from_the_dataset(path: Path) -> None:
    problems = [p for cell in code_cells(path) for p in unlabeled_displays(cell)]
    assert not problems, f"{path.name}: {problems}"


def test_the_check_catches_an_unlabeled_table_and_chart() -> None:
    source = ("t.style.hide(axis='index')\n"
              "present.rate_bars(est, synthetic=True)\n"
              "present.data_table(t, dataset=frame)\n")
    assert len(unlabeled_displays(source)) == 2


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_exercises_say_synthetic_before_using_synthetic_data(path: Path) -> None:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    last_text = ""
    for i, cell in enumerate(cells):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            last_text = source
            continue
        synthetic = [n for n in _LOAD.findall(source) if datasets.info(n).synthetic]
        assert not synthetic or "synthetic" in last_text.lower(), (
            f"{path.name}, cell {i} loads {synthetic} but the text before it does not say "
            "the data is SYNTHETIC"
        )
