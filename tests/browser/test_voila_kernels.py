"""A Voilà app releases its kernel: when its page is reloaded or closed, and, when a page
goes without saying so, by the idle-kernel cull (issue 13, item 3).

A small load check: one participant opens the racial equity tool, reloads it twice and
closes it, while the test counts the kernels Voilà runs; then a page vanishes without
closing (a crashed browser), and the cull must stop its kernel while a page that is still
open keeps its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import Page
from voila_server import VoilaServer, serve_voila

from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = ROOT / "notebooks" / "equity-tool.ipynb"
APP_READY = "() => /^(Saved|Opened)/.test(document.querySelector('.eq-status')?.textContent || '')"
#: Short enough for a test, long enough for a loaded machine's browser to connect to a new
#: kernel before it counts as abandoned; ``make app`` waits 15 minutes (``CULL``).
CULL_AFTER_S = 20


def kernels(server_pid: int) -> int:
    """Count the kernel processes the Voilà server with process id ``server_pid`` runs."""
    count = 0
    for child in psutil.Process(server_pid).children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(child.cmdline()):
                count += 1
        except psutil.Error:  # ended while we looked
            pass
    return count


def wait_until(condition: Callable[[], bool], timeout: float) -> bool:
    """Poll ``condition`` every 0.25 s for up to ``timeout`` seconds; return its last value."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.25)
    return True


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[VoilaServer, Path]]:
    folder = tmp_path_factory.mktemp("worksheets")
    log = folder.parent / "voila.log"
    with serve_voila(NOTEBOOK, log, env={"EQUITYLAB_WORKSHEETS": str(folder)}, timeout=60,
                     cull_after=CULL_AFTER_S) as server:
        yield server, log


def culled(log: Path) -> int:
    """How many kernels the idle cull has stopped, from Voilà's log."""
    return log.read_text(errors="replace").count("Culling 'idle' kernel")


def open_apps(pages_and_names: list[tuple[Page, str]], url: str) -> None:
    """Open the tool for each (page, participant) at once and wait until each is ready."""
    for page, name in pages_and_names:
        page.goto(f"{url}/?participant={name}", wait_until="commit")
    for page, _ in pages_and_names:
        page.wait_for_function(APP_READY, timeout=90_000)


def test_reloaded_closed_and_abandoned_pages_release_their_kernels(browser, voila) -> None:
    voila, log = voila
    ana = browser.new_context().new_page()
    bo = browser.new_context().new_page()
    open_apps([(ana, "ana"), (bo, "bo")], voila.url)
    assert kernels(voila.pid) == 2
    for _ in range(2):
        ana.reload(wait_until="commit")
        ana.wait_for_function(APP_READY, timeout=90_000)
        # The old page shut its kernel down as it unloaded (not the cull): two, not more.
        assert wait_until(lambda: kernels(voila.pid) == 2, timeout=10), kernels(voila.pid)
        assert culled(log) == 0

    # No beforeunload: Bo's page vanishes as with a crashed browser, its kernel left behind,
    # until the cull stops it. Ana's page stays open, idle all that time, and keeps hers.
    bo.context.close()
    assert kernels(voila.pid) == 2
    assert wait_until(lambda: kernels(voila.pid) == 1, timeout=CULL_AFTER_S * 2 + 10)
    assert culled(log) == 1
    ana.get_by_label("Title", exact=True).fill("Still here")
    ana.wait_for_function(
        "() => /^Saved/.test(document.querySelector('.eq-status')?.textContent || '')",
        timeout=15_000)

    # Closing the page (the browser runs its beforeunload handler) stops the last kernel.
    ana.close(run_before_unload=True)
    assert wait_until(lambda: kernels(voila.pid) == 0, timeout=10), kernels(voila.pid)
    assert culled(log) == 1
    assert "'_xsrf' argument missing" not in log.read_text(errors="replace")
    ana.context.close()
