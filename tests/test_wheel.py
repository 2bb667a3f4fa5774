"""The wheel: built from this checkout, installed in a fresh venv outside it, runs the course.

The editable install hides files that are missing from the package (its data, say): this test
builds the wheel from a clean copy of the package sources, installs it into a new virtual
environment in a temporary folder, and runs the course's computations from a working folder
outside the repository, proving that the installed package never sees the repository.

To stay fast and offline, the fresh venv takes its dependencies (not equitylab) from the
running interpreter's site-packages through a ``.pth`` path line. Python adds such a path to
``sys.path`` without processing the ``.pth`` files inside it, so the repository's editable
install (a ``.pth`` file there) is not picked up; the script below checks that too.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.labs.lab_calls import run_every_lab

ROOT = Path(__file__).resolve().parents[1]


SCRIPT = r"""
import importlib, json, sys
from pathlib import Path

root, env, deps = (Path(p).resolve() for p in sys.argv[1:4])
import equitylab
installed = Path(equitylab.__file__).resolve()
assert env.resolve() in installed.parents, f"equitylab imported from {installed}"
# Nothing of the checkout is on the path, except the dependencies' site-packages (which is in
# the checkout when .venv is); its editable-install .pth file was not processed.
inside = [p for p in sys.path if p and (Path(p).resolve() == root
                                         or root in Path(p).resolve().parents)]
assert all(Path(p).resolve() == deps for p in inside), inside
assert not any("editable" in name for name in sys.modules), "editable finder was loaded"

from equitylab import datasets, explain, measures

rows = {}
for name in datasets.list():
    frame = datasets.load(name, show_caveats=False)
    assert len(frame) == datasets.info(name).rows, name
    rows[name] = len(frame)
assert datasets.geojson()["features"]
assert len(datasets.catalogue()) == len(rows)

stops = datasets.load("mpls_stops", show_caveats=False)
stops = stops[stops["race"].isin(["Black", "White"])]
table = measures.disparities(measures.count(stops, "race", "person_searched"), reference="White")
sentences = explain.describe(table, subject="people stopped", verb="were searched")
housing = datasets.load("tallow_housing", show_caveats=False)
grid = measures.from_counts(
    housing.groupby("race_ethnicity", observed=True)[["owner_households", "households"]]
    .sum().reset_index(), "race_ethnicity", "owner_households", "households")
owners = measures.disparities(grid, reference="White")

from equitylab import checks
assert checks.check_two_goals("a").code == "gap_closed_by_levelling_down"
# The wheel's licence expression covers the code and every licence of the data it carries.
from importlib.metadata import metadata
expression = metadata("equitylab")["License-Expression"]
shipped = {lic["name"] for res in datasets.datapackage()["resources"]
           for lic in res.get("licenses", [])}
assert "MIT" in expression and all(name in expression for name in shipped), (expression, shipped)
# The Word report needs neither python-docx nor lxml (the browser has neither).
import io, zipfile
sys.modules["docx"] = sys.modules["lxml"] = None
from equitylab import tool
report = zipfile.ZipFile(io.BytesIO(tool.docx_bytes(tool.load_example("budget"))))
assert report.testzip() is None and "word/media/image1.png" in report.namelist()
del sys.modules["docx"], sys.modules["lxml"]
print(json.dumps({"file": str(installed), "rows": rows, "sentences": sentences,
                  "owner_rows": len(owners)}))
""" + run_every_lab(ROOT / "tests" / "labs" / "files" / "synthetic_justice_counts.csv")


def _copy_sources(destination: Path) -> Path:
    """Copy what the wheel is built from (no tests, no build leftovers) to a clean folder."""
    destination.mkdir()
    for name in ["pyproject.toml", "README.md", "LICENSE"]:
        shutil.copy2(ROOT / name, destination / name)
    shutil.copytree(ROOT / "equitylab", destination / "equitylab",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return destination


@pytest.mark.slow
def test_wheel_installs_and_runs_the_course_outside_the_repository(tmp_path):
    # No PYTHONPATH (the test runs with the checkout on it) reaches pip or the fresh venv.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    environment["MPLBACKEND"] = "Agg"
    source = _copy_sources(tmp_path / "source")
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                    str(wheels), str(source)], check=True, cwd=tmp_path, env=environment,
                   timeout=300)
    (wheel,) = wheels.glob("equitylab-*.whl")

    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--no-deps", "--no-index", "--ignore-installed", "--quiet", str(wheel)],
                   check=True, cwd=tmp_path, env=environment, timeout=300)
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()"
                              "['purelib'])"], check=True, capture_output=True,
                             text=True).stdout.strip()
    dependencies = sysconfig.get_paths()["purelib"]
    (Path(purelib) / "_course_dependencies.pth").write_text(dependencies + "\n",
                                                            encoding="utf-8")

    work = tmp_path / "work"
    work.mkdir()
    done = subprocess.run(
        [python, "-I", "-c", SCRIPT, str(ROOT), str(env), dependencies],
        cwd=work, env=environment, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    *_, line, ran = done.stdout.strip().splitlines()
    report = json.loads(line)
    assert ran == "labs ran: 7"
    assert Path(report["file"]).is_relative_to(env)
    assert set(report["rows"]) >= {"mpls_stops", "boston_hmda", "tallow_housing"}
    assert any("were searched" in s for s in report["sentences"])
    assert report["owner_rows"] > 0
