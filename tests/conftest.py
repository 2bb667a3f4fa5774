"""Fixtures shared by every test that drives a browser: the built book on localhost, and Chromium.

They live here, at the root of the tests, so that every folder shares one Playwright per
test process: a second Playwright started in the same thread fails, and while one runs, its
event loop counts as "running" in that thread.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import voila_server  # noqa: E402
from check_browser import find_chromium  # noqa: E402

BOOK_HTML = ROOT / "_build" / "html"

# Flags for a closed network and a root user (see the project's README, "Testing").
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def book_url() -> Iterator[str]:
    """Serve ``_build/html`` on a free localhost port for the whole session."""
    if not (BOOK_HTML / "index.html").exists():
        pytest.fail("The book is not built: run `make book` (or `make test`, which builds it).")
    handler = functools.partial(_QuietHandler, directory=str(BOOK_HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def playwright():
    """The test process's one Playwright (a second one in the same thread would fail)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright):
    """A headless Chromium from the system (never a downloaded browser)."""
    executable = find_chromium()
    if executable is None:
        pytest.fail(
            "Chromium is missing: run `python tools/check_browser.py` for how to install it."
        )
    chromium = playwright.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


@contextlib.contextmanager
def serve_voila(
    notebook: Path, log_path: Path, *, env: dict[str, str] | None = None, timeout: float = 60
) -> Iterator[str]:
    """Serve ``notebook`` with Voilà on a free localhost port; yield its URL, then stop it."""
    try:
        with voila_server.serve_voila(notebook, log_path, env=env, timeout=timeout) as server:
            yield server.url
    except voila_server.VoilaDidNotStart as err:
        pytest.fail(str(err))
