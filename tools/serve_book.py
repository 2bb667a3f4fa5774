"""Serve the built book (and its in-browser course) as a static host would.

``python tools/serve_book.py`` serves ``_build/html`` at http://127.0.0.1:8000/course/, with
the cache headers a real static host sends, so the in-browser labs load from the browser's
cache on later visits. A plain ``python -m http.server`` in ``_build/html`` works too (it only
lacks the cache headers). The tests and the load benchmark use this server, and count the
bytes it sends.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Pages and settings are checked on every visit (a cheap 304 when unchanged); everything else
# (wheels, WebAssembly, scripts) may be kept for a day.
REVALIDATE = (".html", ".json", ".ipynb", "/")
# What static hosts usually compress (GitHub Pages, Netlify, most web servers): text and
# WebAssembly; wheels and zips are compressed already.
COMPRESSIBLE = {".wasm", ".js", ".mjs", ".json", ".html", ".css", ".svg", ".ipynb", ".txt"}


class BookHandler(SimpleHTTPRequestHandler):
    """Static files under a prefix (e.g. ``/course/``), with cache headers and byte counts."""

    prefix = "/"
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript",
                      ".whl": "application/zip", ".zip": "application/zip"}

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_prefix__")
        return super().translate_path("/" + path[len(self.prefix):])

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        revalidate = path.endswith(REVALIDATE)
        self.send_header("Cache-Control", "no-cache" if revalidate else "max-age=86400")
        super().end_headers()

    def send_head(self) -> Any:
        """Send a compressible file gzipped when the server compresses and the browser asks."""
        server: BookServer = self.server  # type: ignore[assignment]
        path = Path(self.translate_path(self.path))
        if not (server.compress and path.suffix in COMPRESSIBLE and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        data = server.gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.end_headers()
        with server.lock:
            server.raw_bytes += path.stat().st_size - len(data)
        return io.BytesIO(data)

    def copyfile(self, source: Any, outputfile: Any) -> None:
        server: BookServer = self.server  # type: ignore[assignment]
        while block := source.read(64 * 1024):
            server.throttle(len(block))
            with server.lock:  # counted before sending, so a reader that has it sees it
                server.bytes_sent += len(block)
                server.raw_bytes += len(block)
            outputfile.write(block)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


class BookServer(ThreadingHTTPServer):
    """A threaded static server that counts the bytes it sends and can cap its bandwidth.

    ``rate`` (bytes per second, shared by all connections, like one network link) emulates a
    slow connection for the load benchmark: the browser's own throttling does not reach the
    Web Worker in which Python downloads its packages.
    """

    daemon_threads = True
    verbose = False

    def __init__(self, *args: Any, rate: float | None = None, compress: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rate = rate
        self.compress = compress
        self.bytes_sent = 0  # on the wire
        self.raw_bytes = 0  # the files' own sizes (what an uncompressing host sends)
        self._gzipped: dict[Path, bytes] = {}
        self.lock = threading.Lock()
        self._next_free = 0.0

    def gzipped(self, path: Path) -> bytes:
        """Return the file gzipped (made once, as a host's cache would)."""
        with self.lock:
            if path not in self._gzipped:
                self._gzipped[path] = gzip.compress(path.read_bytes(), compresslevel=6)
            return self._gzipped[path]

    def throttle(self, size: int) -> None:
        """Wait until the link has room for ``size`` more bytes (no-op without a rate)."""
        if not self.rate:
            return
        with self.lock:
            now = time.monotonic()
            start = max(now, self._next_free)
            self._next_free = start + size / self.rate
            wait = self._next_free - now
        time.sleep(wait)


def make_server(folder: Path, *, host: str = "127.0.0.1", port: int = 0,
                prefix: str = "/course/", rate: float | None = None,
                compress: bool = False) -> BookServer:
    """Return a server for ``folder`` at ``http://host:port{prefix}`` (port 0: any free one)."""
    handler = type("Handler", (BookHandler,), {"prefix": prefix})
    return BookServer((host, port), functools.partial(handler, directory=str(folder)),
                      rate=rate, compress=compress)


@contextmanager
def serving(folder: Path, *, prefix: str = "/course/", rate: float | None = None,
            compress: bool = False) -> Iterator[tuple[BookServer, str]]:
    """Serve ``folder`` in a background thread; yield the server and its base URL."""
    server = make_server(folder, prefix=prefix, rate=rate, compress=compress)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default="/course/")
    parser.add_argument("--gzip", action="store_true", help="compress as most hosts do")
    args = parser.parse_args()
    httpd = make_server(args.folder, host=args.host, port=args.port, prefix=args.prefix,
                        compress=args.gzip)
    httpd.verbose = True
    print(f"Serving {args.folder} at http://{args.host}:{args.port}{args.prefix}")
    httpd.serve_forever()
