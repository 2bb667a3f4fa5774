"""The page checks' own wait: a page is visited once its network has gone quiet, no sooner."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator

import pytest

from tests.browser import pagecheck
from tests.browser.pagecheck import visit

pytestmark = pytest.mark.browser

PAGE = b"""<!doctype html><html lang="en"><title>t</title><p id="state">waiting</p>
<script>
window.addEventListener("load", () => setTimeout(() =>
  fetch("PATH").then(r => r.text()).then(t => {
    document.getElementById("state").textContent = t;
  }), 200));
</script></html>"""


class Handler(http.server.BaseHTTPRequestHandler):
    """``/quick`` and ``/slow`` fetch ``/data?delay=s`` 200 ms after their load event."""

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        if self.path.startswith("/data"):
            time.sleep(float(self.path.rsplit("=", 1)[1]))
            body = b"arrived"
        else:
            delay = "0.1" if self.path == "/quick" else "3"
            body = PAGE.replace(b"PATH", f"/data?delay={delay}".encode())
        self.send_response(200)
        self.send_header("Content-Type", "text/html" if b"<html" in body else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def origin() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.handle_error = lambda request, address: None  # a page closed mid-request
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_fetch_after_the_load_event_is_waited_for(browser, origin):
    page, _ = visit(browser, f"{origin}/quick", origin)
    try:
        assert page.inner_text("#state") == "arrived"
    finally:
        page.context.close()


def test_a_request_that_never_ends_is_named(browser, origin, monkeypatch):
    monkeypatch.setattr(pagecheck, "QUIET_TIMEOUT_S", 1.0)
    with pytest.raises(AssertionError, match=r"still open: \['.*/data\?delay=3'\]"):
        visit(browser, f"{origin}/slow", origin)
