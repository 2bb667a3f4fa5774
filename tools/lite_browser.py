"""Open the in-browser labs in headless Chromium with the network off, and time them.

Shared by the browser tests (tests/browser/test_in_browser.py) and the load benchmark
(benchmarks/in_browser.py). Chromium resolves no host name but 127.0.0.1, and every request to
another host is recorded so a test can fail on it. No request interception is used: it would
turn the browser's cache off, and the warm-cache figures need that cache.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build" / "html"
CHROMIUM = "/usr/bin/chromium"
OFFLINE_ARGS = ["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
# The notebooks that run in the browser, by file stem.
APPS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
# A control a participant can use: what "interactive" means in the timings.
CONTROL = ", ".join(f".jupyter-widgets {c}:visible" for c in (
    "select:not([disabled])", "input:not([disabled])", "textarea", "button:not([disabled])"))
ERROR_OUTPUT = ('[data-mime-type="application/vnd.jupyter.stderr"], '
                '.jp-OutputArea-output.jp-mod-error')


def app_url(base: str, stem: str) -> str:
    """Return the in-browser app's address for a notebook, under the book's base URL."""
    return f"{base}lite/voici/render/{stem}.html"


def launch(playwright: Any, *, profile: Path | None = None,
           viewport: dict[str, int] | None = None) -> Any:
    """Return a Chromium browser context with the network off (on-disk profile if given)."""
    viewport = viewport or {"width": 1366, "height": 900}
    if profile is not None:
        return playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=OFFLINE_ARGS, viewport=viewport,
            accept_downloads=True)
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=OFFLINE_ARGS)
    return browser.new_context(viewport=viewport, accept_downloads=True)


def watch_outside(context: Any) -> list[str]:
    """Record every request the context makes to a host other than 127.0.0.1."""
    outside: list[str] = []

    def check(request: Any) -> None:
        if not request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            outside.append(request.url)

    context.on("request", check)
    return outside


def open_app(page: Any, url: str, *, timeout: float = 120.0) -> float:
    """Open an in-browser app and return the seconds until its first control can be used."""
    start = time.monotonic()
    page.goto(url)
    page.wait_for_selector(CONTROL, state="visible", timeout=timeout * 1000)
    return time.monotonic() - start


def errors_shown(page: Any) -> list[str]:
    """Return the text of every error output the app shows."""
    return [e.inner_text()[:500] for e in page.query_selector_all(ERROR_OUTPUT)
            if e.is_visible()]
