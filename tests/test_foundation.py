"""The project's own files install and run everything a fresh clone needs."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _requirements(name: str) -> list[str]:
    lines = (ROOT / name).read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_every_requirement_is_pinned_exactly():
    for name in ("requirements.txt", "requirements-test.txt", "requirements-hub.txt"):
        for line in _requirements(name):
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][\w.\-+]*", line), f"{name}: {line!r}"


def test_jupyter_book_is_version_one():
    pins = dict(line.split("==") for line in _requirements("requirements.txt"))
    assert pins["jupyter-book"].startswith("1.")


def test_ci_installs_chromium_and_runs_make_test():
    script = (ROOT / ".ci" / "run").read_text()
    assert "apt-get install" in script and "chromium" in script
    assert script.rstrip().endswith("make test")


def test_every_toc_entry_exists():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    stack = list(toc.get("parts", []))
    while stack:
        entry = stack.pop()
        files.extend(item["file"] for item in entry.get("chapters", []) + entry.get("sections", []))
        stack.extend(entry.get("chapters", []) + entry.get("sections", []))
    for file in files:
        matches = list(ROOT.glob(f"{file}.*"))
        assert matches, f"_toc.yml names {file}, which does not exist"


def test_book_serves_widget_scripts_from_its_own_static_folder():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    scripts = config["sphinx"]["config"]["nb_ipywidgets_js"]
    assert scripts and all(not url.startswith(("http:", "https:", "//")) for url in scripts)


def test_formulas_use_the_books_own_mathjax():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    path = config["sphinx"]["config"]["mathjax_path"]
    assert not path.startswith(("http:", "https:", "//"))


def test_tests_and_load_check_serve_the_app_as_make_app_does():
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from voila_server import APP_BOOK_URL, VOILA_OPTIONS, app_options, cull_options, preheat_options

    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^app:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe, "the Makefile has no app target"
    served = recipe.group(1).replace("\\\n", " ").replace('"', "")
    for option in VOILA_OPTIONS:
        if option.startswith("--Voila.ip="):
            assert "--Voila.ip=$(HOST)" in served and "HOST ?= 127.0.0.1" in makefile
        else:
            assert option in served, f"make app lacks {option}"
    for option in preheat_options(kernels=7):
        option = option.replace("=7", "=$(PREHEAT)")
        assert option in served, f"make app PREHEAT=N lacks {option}"
    for option in cull_options(idle_timeout=7):
        option = option.replace("=7", "=$(CULL)")
        assert option in served, f"make app lacks {option}"
    # The identity provider that lets a closed page stop its kernel is imported from tools/.
    assert "PYTHONPATH=$(CURDIR)/tools" in served
    # Both serve the app version from an app/ folder under Voila's root (_build for make app),
    # with links to the book that Voila serves from the root's html/ folder.
    for option in app_options("_build"):
        assert option in served, f"make app lacks {option}"
    convert = f"tools/app_notebooks.py --book-url={APP_BOOK_URL} _build/app/$(dir $(LAB)) $(LAB)"
    assert convert in served and "voila _build/app/$(LAB) " in served
    # The racial equity tool keeps participants' worksheets in the course's worksheets/ folder
    # (git-ignored), not next to the app version.
    assert "EQUITYLAB_WORKSHEETS ?= $(CURDIR)/worksheets" in makefile
    assert re.search(
        r"EQUITYLAB_WORKSHEETS=\$\(EQUITYLAB_WORKSHEETS\) [^\n]*\$\(BIN\)/voila", served
    )
    assert "/worksheets/" in (ROOT / ".gitignore").read_text().split()


def test_make_test_runs_every_layer():
    """The parallel lanes must not drop a layer: lint, types, book, in-browser, pytest, compat."""
    import shutil
    import subprocess

    make = shutil.which("make")
    assert make, "make is needed to run the tests"
    # -n prints the commands; recursive $(MAKE) lines still run, also with -n.
    printed = subprocess.run(
        [make, "-n", "--no-print-directory", "test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    for layer in (
        "ruff check",
        "/mypy",
        "jupyter-book build . --builder html -n -W --keep-going",
        "tools/build_lite.py",
        "--nbval-lax equitylab tests notebooks exercises",
        ".venv-compat/bin/python -m pytest",
    ):
        assert layer in printed, f"make test no longer runs {layer!r}"


def _compat_ignored() -> list[str]:
    """The paths ``make compat`` leaves out (``--ignore=`` in the Makefile's COMPAT_TESTS)."""
    text = (ROOT / "Makefile").read_text()
    block = re.search(r"^COMPAT_TESTS :=((?:.*\\\n)*.*)$", text, re.MULTILINE)
    assert block, "the Makefile no longer defines COMPAT_TESTS"
    return re.findall(r"--ignore=(\S+)", block.group(1))


def test_compat_run_collects_without_the_browser_libraries():
    """``make compat`` imports every test module it keeps, on a Python with no Playwright.

    A module-level ``import playwright`` in a helper those modules share once failed CI's
    compatibility run at collection; this finds it in seconds instead of after the book build.
    """
    import subprocess
    import sys

    ignored = _compat_ignored()
    assert "tests/browser" in ignored  # the parse found the list
    modules = [
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if not any(str(path.relative_to(ROOT)).startswith(skip) for skip in ignored)
    ]
    assert len(modules) > 20
    blocker = (
        "import sys, importlib, importlib.abc\n"
        "class NoBrowser(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('playwright', 'axe_playwright_python'):\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}')\n"
        "        return None\n"
        "sys.meta_path.insert(0, NoBrowser())\n"
        "failed = []\n"
        "for module in sys.argv[1:]:\n"
        "    try:\n"
        "        importlib.import_module(module)\n"
        "    except ImportError as error:\n"
        "        failed.append(f'{module}: {error}')\n"
        "print('\\n'.join(failed))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", blocker, *modules],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "", (
        "these test modules need a browser library at import, so make compat cannot collect "
        f"them; import it inside the function that uses it:\n{result.stdout}"
    )
