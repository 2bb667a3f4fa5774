"""Fixtures for the lab tests that drive a browser.

Chromium runs in a thread of its own, so these tests never collide with the session-wide
Playwright instance that ``tests/browser`` keeps open (Playwright's sync API refuses to
start twice in one thread).
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOK_HTML = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def lab_book_url() -> Iterator[str]:
    """Serve the built book on a free localhost port."""
    from tests.conftest import _QuietHandler

    if not (BOOK_HTML / "index.html").exists():
        pytest.fail("The book is not built: run `make book` first.")
    handler = functools.partial(_QuietHandler, directory=str(BOOK_HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def run_in_chromium(check: Callable[[Any], Any]) -> Any:
    """Run ``check(browser)`` with a headless Chromium started in a separate thread."""
    sys.path.insert(0, str(ROOT / "tools"))
    from check_browser import find_chromium
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM_ARGS

    executable = find_chromium()
    if executable is None:
        pytest.fail("Chromium is missing: run `python tools/check_browser.py`.")
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(executable_path=executable,
                                                      headless=True, args=CHROMIUM_ARGS)
                try:
                    outcome["value"] = check(chromium)
                finally:
                    chromium.close()
        except BaseException as err:  # noqa: BLE001 - re-raised in the test's thread
            outcome["error"] = err

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
