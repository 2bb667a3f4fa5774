"""Lab 1 served by Voilà with no code shown, driven by headless Chromium like a participant."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.labs.conftest import run_in_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "02-seeing-inequity.ipynb"
VOILA = Path(sys.executable).with_name("voila")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    port = _free_port()
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [str(VOILA), str(NOTEBOOK), "--no-browser", f"--port={port}",
             "--Voila.ip=127.0.0.1", "--strip_sources=True"],
            cwd=NOTEBOOK.parent, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    pytest.fail(f"Voilà did not start:\n{log_path.read_text()[-2000:]}")
                time.sleep(0.2)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_changing_a_dropdown_changes_the_sentences_with_no_code_shown(voila_url):
    def check(browser):
        context = browser.new_context()
        page = context.new_page()
        try:
            page.goto(voila_url, wait_until="load", timeout=90_000)
            sentences = page.locator("ul.equitylab-sentences").first
            sentences.wait_for(timeout=90_000)
            before = sentences.inner_text()
            assert "were searched" in before
            outcome = page.locator(".widget-dropdown", has_text="Outcome").locator("select")
            outcome.select_option(label="Vehicle searched")
            page.wait_for_function(
                "() => (document.querySelector('ul.equitylab-sentences')?.textContent || '')"
                ".includes('had their vehicle searched')", timeout=30_000)
            assert sentences.inner_text() != before
            body = page.locator("body").inner_text()
            assert "disparity_explorer(" not in body and "import " not in body
            assert page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor").count() == 0
            assert page.locator("figure.equitylab-figure img[alt]").count() >= 1
        finally:
            context.close()

    run_in_chromium(check)
