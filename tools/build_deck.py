"""Build the opening deck into reveal.js slides that work with no network.

``jupyter nbconvert --to slides`` loads reveal.js, RequireJS, jQuery, Mermaid and MathJax
from CDNs by default. This script uses a small template (``deck/templates/offline-reveal``)
that needs only reveal.js and RequireJS, and copies both from ``node_modules`` (installed by
``npm ci`` from package-lock.json, never committed) next to the slides.

Usage::

    python tools/build_deck.py [NOTEBOOK] [OUT_DIR] [--no-execute]

Defaults: ``deck/opening-deck.ipynb`` into ``slides/`` (git-ignored). The result is
``OUT_DIR/index.html``; open it through any local web server, or straight from disk.
``make slides`` runs it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DECK = ROOT / "deck" / "opening-deck.ipynb"
TEMPLATES = ROOT / "deck" / "templates"
NODE_MODULES = ROOT / "node_modules"
REVEAL_PREFIX = "reveal.js"
THEME = "white"
#: The reveal.js files the slides use (everything else in the package stays behind).
REVEAL_FILES = (
    "dist/reveal.css",
    "dist/reveal.js",
    f"dist/theme/{THEME}.css",
    "dist/theme/fonts",
    "plugin/notes",
    "LICENSE",
)


def copy_vendor(out_dir: Path, node_modules: Path = NODE_MODULES) -> None:
    """Copy reveal.js and RequireJS from ``node_modules`` into ``out_dir``.

    Raises
    ------
    FileNotFoundError
        If ``npm ci`` has not been run, with the command to run.
    """
    reveal = node_modules / "reveal.js"
    requirejs = node_modules / "requirejs" / "require.js"
    if not (reveal / "dist" / "reveal.js").exists() or not requirejs.exists():
        raise FileNotFoundError(
            f"reveal.js or requirejs is missing from {node_modules}: run `npm ci` "
            "(or `make slides`, which runs it)."
        )
    target = out_dir / REVEAL_PREFIX
    for relative in REVEAL_FILES:
        src, dst = reveal / relative, target / relative
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)
    shutil.copy2(requirejs, out_dir / "require.js")


def build(
    notebook: Path = DECK,
    out_dir: Path = ROOT / "slides",
    *,
    execute: bool = True,
    node_modules: Path = NODE_MODULES,
) -> Path:
    """Convert ``notebook`` to ``out_dir/index.html`` with reveal.js served locally.

    Parameters
    ----------
    notebook : Path
        The deck's source notebook.
    out_dir : Path
        Where the slides and their vendor files go.
    execute : bool, default True
        Re-run the notebook first, so the figures are computed fresh from the datasets.
    node_modules : Path
        Where npm installed reveal.js and requirejs.

    Returns
    -------
    Path
        The slides' ``index.html``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_vendor(out_dir, node_modules)
    command = [
        sys.executable, "-m", "nbconvert", str(notebook),
        "--to", "slides",
        f"--TemplateExporter.extra_template_basedirs={TEMPLATES}",
        "--template", "offline-reveal",
        "--no-input",
        f"--SlidesExporter.reveal_url_prefix={REVEAL_PREFIX}",
        f"--SlidesExporter.reveal_theme={THEME}",
        "--SlidesExporter.require_js_url=require.js",
        "--output-dir", str(out_dir),
        "--output", "index",
    ]
    if execute:
        command += ["--execute", "--ExecutePreprocessor.timeout=120"]
    subprocess.run(command, check=True, capture_output=True, text=True)
    # nbconvert names slides "<output>.slides.html"; index.html opens by default.
    produced = out_dir / "index.slides.html"
    index = out_dir / "index.html"
    produced.replace(index)
    return index


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    notebook = Path(args[0]) if args else DECK
    out_dir = Path(args[1]) if len(args) > 1 else ROOT / "slides"
    start = time.perf_counter()
    try:
        index = build(notebook, out_dir, execute="--no-execute" not in argv)
    except subprocess.CalledProcessError as error:
        print(error.stderr, file=sys.stderr)
        return 1
    print(f"Slides: {index} ({time.perf_counter() - start:.1f} s). Press S for speaker notes.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
