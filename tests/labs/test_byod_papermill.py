"""Lab 6 runs headless with papermill parameters on two sample files and writes outputs,
without importing ipywidgets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from equitylab.userdata import MAX_BYTES

papermill = pytest.importorskip("papermill")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "07-bring-your-own-data.ipynb"
FILES = Path(__file__).parent / "files"

RUNS = {
    "counts": dict(data_path=str(FILES / "synthetic_justice_counts.csv"),
                   group_column="race_ethnicity", outcome_column="searches",
                   denominator_column="stops", area_column="district", reference="White"),
    "individual": dict(data_path=str(FILES / "synthetic_grants_individual.csv"),
                       group_column="owner_race_ethnicity", outcome_column="awarded",
                       direction="favourable", reference="best"),
    # The same file as Parquet: counted by DuckDB without being read into pandas.
    "parquet": dict(data_path="synthetic_grants_individual.parquet",
                    group_column="owner_race_ethnicity", outcome_column="awarded",
                    direction="favourable", reference="best"),
}


@pytest.mark.parametrize("kind", RUNS)
def test_lab_runs_headless_and_writes_outputs(kind, tmp_path):
    out_dir = tmp_path / "results"
    params = {**RUNS[kind], "output_dir": str(out_dir)}
    if kind == "parquet":
        import polars as pl

        params["data_path"] = str(tmp_path / params["data_path"])
        pl.read_csv(FILES / "synthetic_grants_individual.csv").write_parquet(params["data_path"])
    out_nb = tmp_path / "run.ipynb"
    # A copy of the lab with one more cell at the end, reporting whether any widget
    # library was imported on the headless path.
    lab = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    lab["cells"].append({"cell_type": "code", "id": "headless-check", "execution_count": None,
                         "metadata": {},
                         "outputs": [], "source": [
                             "import sys\n",
                             "print('widgets imported:', "
                             "sorted(m for m in sys.modules if m.split('.')[0] == 'ipywidgets'"
                             " or m.startswith('equitylab.widgets.byod')))"]})
    copy = tmp_path / "lab.ipynb"
    copy.write_text(json.dumps(lab), encoding="utf-8")
    papermill.execute_notebook(str(copy), str(out_nb), parameters=params,
                               kernel_name="python3", cwd=str(ROOT / "notebooks"),
                               progress_bar=False)
    nb = json.loads(out_nb.read_text())
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    text = "".join("".join(o.get("text", "")) for o in outputs)
    assert "Files written:" in text
    if kind == "parquet":
        # DuckDB's own connection imports ipywidgets in a Jupyter kernel (for its progress
        # bars), so only the course's widget code is checked here.
        assert "equitylab.widgets.byod" not in text
    else:
        assert "widgets imported: []" in text
    written = {p.name for p in out_dir.iterdir()}
    assert {"table.csv", "disparities.csv", "chart.svg", "chart-alt-text.txt",
            "summary.md"} <= written
    assert ("by-area.csv" in written) == (kind == "counts")
    table = pd.read_csv(out_dir / "table.csv")
    tidy = pd.read_csv(out_dir / "disparities.csv")
    # suppression applied in the exports: no published count from 1 to 10
    for col in ("n", "events", "ref_n", "ref_events"):
        values = pd.to_numeric(tidy[col], errors="coerce").dropna()
        assert not ((values >= 1) & (values <= 10)).any(), col
    if kind == "counts":
        assert "American Indian or Alaska Native" in set(table["Group"])
        white = tidy.query("group == 'White' and measure == 'proportion'").iloc[0]
        assert round(white["estimate"], 2) == 8.20
        area = pd.read_csv(out_dir / "by-area.csv")
        assert area["suppressed"].any()
    else:
        assert tidy["reference"].iloc[0] == "Asian"  # best-off: highest award rate
    assert (out_dir / "chart.svg").read_text().lstrip().startswith("<?xml")
    assert len((out_dir / "chart-alt-text.txt").read_text()) > 40


@pytest.mark.parametrize("pairs", [0, 400_000], ids=["small", "over the size limit"])
def test_the_command_exits_non_zero_with_the_plain_message(tmp_path: Path, pairs: int) -> None:
    """The same message whether the app's reader or the engine (a large file) reads it."""
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"race,served\n" + b"White,0\nBlack,1\n" * pairs
                    + b"Black,1\nWhite,maybe\n")
    assert (bad.stat().st_size > MAX_BYTES) == (pairs > 0)
    run = subprocess.run(
        [sys.executable, "-m", "equitylab.labs.headless", str(tmp_path / "out.ipynb"),
         "-p", "data_path", str(bad), "-p", "group_column", "race",
         "-p", "outcome_column", "served"],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 2  # BAD_INPUT
    assert "Traceback" not in run.stderr and "PapermillExecutionError" not in run.stderr
    assert "Column 'served' should say whether each person had the outcome: 0 or 1 (or " \
           f"yes/no), but row {3 + 2 * pairs} holds 'maybe'." in run.stderr
