"""tools/serve_book.py: the static server the in-browser tests and the load benchmark use."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from serve_book import serving  # tools/ is on sys.path (tests/conftest.py)


def _get(url: str, gzip_ok: bool = False) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (localhost)
        return dict(response.headers), response.read()


def test_serves_under_a_prefix_with_cache_headers_and_gzip_when_asked(tmp_path: Path):
    script = b"console.log('x');" * 200
    (tmp_path / "app.js").write_bytes(script)
    (tmp_path / "page.html").write_text("<p>hi</p>")
    (tmp_path / "pkg.whl").write_bytes(b"PK" * 100)
    with serving(tmp_path, prefix="/course/", compress=True) as (server, base):
        headers, body = _get(f"{base}app.js", gzip_ok=True)
        assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == script
        assert headers["Cache-Control"] == "max-age=86400"
        assert server.raw_bytes == len(script) and server.bytes_sent == len(body) < len(script)
        headers, body = _get(f"{base}app.js")  # a browser that does not ask gets it plain
        assert "Content-Encoding" not in headers and body == script
        headers, _ = _get(f"{base}page.html", gzip_ok=True)
        assert headers["Cache-Control"] == "no-cache"
        headers, body = _get(f"{base}pkg.whl", gzip_ok=True)  # compressed already
        assert "Content-Encoding" not in headers and body == b"PK" * 100
        with pytest.raises(urllib.error.HTTPError):
            _get(base.replace("/course/", "/app.js"))


def test_without_compression_it_sends_files_as_they_are(tmp_path: Path):
    (tmp_path / "app.js").write_bytes(b"x" * 1000)
    with serving(tmp_path) as (server, base):
        headers, body = _get(f"{base}app.js", gzip_ok=True)
        assert "Content-Encoding" not in headers and body == b"x" * 1000
        assert server.bytes_sent == server.raw_bytes == 1000
