"""The opening deck: built from its notebook, opened in Chromium with the network cut off.

The test builds the slides itself into a temporary folder (the notebook is not re-executed:
its stored outputs are the figures), serves that folder on localhost, and checks that
reveal.js starts from the local copy, every slide has speaker notes, and the speaker view
opens without reaching the internet.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, _QuietHandler

from .pagecheck import images_not_loaded, serious_accessibility_violations, visit

sys.path.insert(0, str(ROOT / "tools"))
import build_deck  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def slides_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("slides")
    try:
        build_deck.build(build_deck.DECK, out, execute=False)
    except FileNotFoundError as error:
        pytest.fail(str(error))
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_slides_work_offline(browser, slides_url) -> None:
    page, report = visit(browser, f"{slides_url}/index.html", slides_url)
    try:
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15_000)
        assert report.status == 200
        assert report.outside_requests == [], "the slides asked the internet for these"
        assert report.failed_requests == []
        assert report.console_errors == []
        total = page.evaluate("() => Reveal.getTotalSlides()")
        assert total >= 12
        assert images_not_loaded(page) == []
        alts = page.eval_on_selector_all("img", "els => els.map(e => e.alt)")
        assert len(alts) >= 3 and all(len(a) > 40 for a in alts), "figures need real alt text"
        first = page.evaluate("() => Reveal.getIndices().h")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => Reveal.getIndices().h !== {first}", timeout=5_000)
        assert report.console_errors == []
        assert report.outside_requests == []
    finally:
        page.context.close()


def test_every_slide_has_speaker_notes(browser, slides_url) -> None:
    page, _ = visit(browser, f"{slides_url}/index.html", slides_url)
    try:
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15_000)
        without = page.evaluate(
            """() => Reveal.getSlides()
                .filter(s => !s.querySelector('aside.notes') && !s.querySelector('section'))
                .map(s => s.textContent.trim().slice(0, 40))"""
        )
        assert without == []
    finally:
        page.context.close()


def test_speaker_view_opens_offline(browser, slides_url) -> None:
    page, report = visit(browser, f"{slides_url}/index.html", slides_url)
    outside: list[str] = []
    page.context.on(
        "request",
        lambda request: None if request.url.startswith(
            (slides_url, "about:", "data:", "blob:")) else outside.append(request.url),
    )
    try:
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15_000)
        with page.expect_popup(timeout=10_000) as popup_info:
            page.keyboard.press("s")
        speaker = popup_info.value
        speaker.wait_for_load_state("load")
        speaker.wait_for_function(
            "() => document.body.innerText.includes('Welcome people')", timeout=15_000
        )
        assert outside == []
        assert report.console_errors == []
    finally:
        page.context.close()


def test_slides_have_no_serious_accessibility_violations(browser, slides_url) -> None:
    page, _ = visit(browser, f"{slides_url}/index.html", slides_url)
    try:
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15_000)
        assert serious_accessibility_violations(page) == []
    finally:
        page.context.close()


def test_the_deck_source_keeps_its_outputs_and_notes() -> None:
    import json

    notebook = json.loads(Path(build_deck.DECK).read_text(encoding="utf-8"))
    kinds = [c["metadata"].get("slideshow", {}).get("slide_type") for c in notebook["cells"]]
    assert kinds.count("notes") >= 12
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    def html_of(output: dict) -> str:
        value = output.get("data", {}).get("text/html", "")
        return "".join(value) if isinstance(value, list) else value

    figures = [c for c in code
               if any("data:image/svg+xml" in html_of(o) for o in c.get("outputs", []))]
    assert len(figures) >= 3, "the deck shows the course's own figures, stored executed"
    assert not any(o.get("output_type") == "error" for c in code for o in c.get("outputs", []))
