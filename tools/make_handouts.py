"""Make the printable handouts: each exercise set and a blank tool worksheet, as HTML and PDF.

The HTML comes from :mod:`equitylab.handouts` (the same question data as the notebooks and
the answer forms); headless Chromium prints each page to PDF. Everything runs offline.

Usage::

    python tools/make_handouts.py [OUT_DIR] [SET ...]

(default ``_build/handouts``; with SET names such as ``ch04-governments-role``, only those
sets and the worksheet). ``make handouts`` runs it. Set ``CHROMIUM`` to use another browser.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"
WORKSHEET = "racial-equity-tool-worksheet"


def chromium() -> str:
    """The Chromium to print with: ``$CHROMIUM``, or ``chromium`` on the PATH."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")
    if not found:
        raise SystemExit("make handouts needs Chromium: install it (apt-get install chromium) "
                         "or set CHROMIUM=/path/to/chromium.")
    return found


def print_pdf(page: Path, pdf: Path, browser: str, timeout: float = 60) -> Path:
    """Print one HTML file to PDF with headless Chromium; raise with Chromium's message."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(  # noqa: S603 - a fixed program and our own paths
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", page.resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
        raise RuntimeError(f"Chromium could not print {page.name}: {result.stderr[-500:]}")
    return pdf


def write_html(out_dir: Path, names: list[str] | None = None) -> list[Path]:
    """Write the HTML handouts (the chosen sets, or all, and the worksheet) into ``out_dir``."""
    from equitylab.handouts import exercise_handout_html, worksheet_handout_html

    out_dir.mkdir(parents=True, exist_ok=True)
    sources = sorted(EXERCISES.glob("*.ipynb"))
    if names:
        unknown = sorted(set(names) - {p.stem for p in sources})
        if unknown:
            raise SystemExit(f"No exercise set called {', '.join(unknown)} in {EXERCISES}.")
        sources = [p for p in sources if p.stem in names]
    pages = []
    for path in sources:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        target = out_dir / f"{path.stem}.html"
        target.write_text(exercise_handout_html(notebook), encoding="utf-8")
        pages.append(target)
    worksheet = out_dir / f"{WORKSHEET}.html"
    worksheet.write_text(worksheet_handout_html(), encoding="utf-8")
    return [*pages, worksheet]


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else ROOT / "_build" / "handouts"
    browser = chromium()
    pages = write_html(out_dir, argv[2:] or None)
    for page in pages:
        print_pdf(page, page.with_suffix(".pdf"), browser)
    print(f"{len(pages)} handouts (HTML and PDF) written to {out_dir}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
