"""Serve a notebook with Voilà on a free localhost port, for tests and the load check.

One launcher for ``tests/conftest.py`` (the ``serve_voila`` fixture helper) and
``benchmarks/tool_load.py``, so both serve the app exactly as ``make app`` does: the app
version of the notebook (``tools/app_notebooks.py``: plain Markdown, the app on the first
screen), from a folder under Voilà's root (``_build``), whose ``html/`` folder is the built
book that the app's links point to.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The options ``make app`` uses too. Under load a kernel can take more than nbclient's
#: default 4 s to send a cell's output; without the longer IOPub timeout an app's widget
#: silently goes missing from the page. The identity provider (``tools/voila_identity.py``,
#: imported with ``tools/`` on ``PYTHONPATH``) sets the cookie the page needs to shut its
#: kernel down when it is closed or reloaded.
VOILA_OPTIONS = ("--no-browser", "--Voila.ip=127.0.0.1", "--strip_sources=True",
                 "--VoilaExecutor.iopub_timeout=60",
                 "--Voila.identity_provider_class=voila_identity.XsrfCookieIdentityProvider")


def cull_options(idle_timeout: int = 900, interval: int = 60) -> list[str]:
    """Voilà options that stop a kernel whose page has gone without saying so.

    A page that is closed or reloaded shuts its own kernel down; one that cannot (a crashed
    browser, a laptop closed mid-session, a dropped network) leaves its kernel idle with no
    connection. Jupyter Server's culler stops such a kernel after ``idle_timeout`` seconds,
    checking every ``interval`` seconds. A kernel with a page still connected is never culled
    (``cull_connected`` stays False), however long its participant reads; Voilà's
    pre-started kernels are never culled either. ``make app`` uses the defaults (15 minutes).
    """
    return [f"--MappingKernelManager.cull_idle_timeout={idle_timeout:d}",
            f"--MappingKernelManager.cull_interval={interval:d}",
            "--MappingKernelManager.cull_connected=False"]


def preheat_options(kernels: int, refill_after: float = 4 * 3600) -> list[str]:
    """Voilà options that start ``kernels`` app sessions before anyone arrives.

    Each pre-started kernel runs the notebook up to the point where the app needs to know
    who the participant is, then waits. Voilà starts a replacement for each kernel taken,
    ``refill_after`` seconds later. Four hours keeps that out of a session: replacing 30
    kernels at once would take a 2-core machine about two minutes of full load and double
    the memory in use. Once the pool is empty, a late arrival gets a kernel started for them.
    """
    return ["--preheat_kernel=True", f"--VoilaConfiguration.default_pool_size={kernels}",
            f"--VoilaKernelManager.fill_delay={refill_after:g}"]


#: Where an app's links find the built book: Voilà's file handler serves its root's ``html/``
#: folder (``_build/html`` for ``make app``) at this path. Any page, any depth.
APP_BOOK_URL = "/voila/files/html/"


def app_options(root: str | os.PathLike[str]) -> list[str]:
    """Voilà options for an app served from a folder under ``root``: ``root`` is Voilà's root,
    so that ``root/html/`` (the built book, and nothing else) is served at
    :data:`APP_BOOK_URL`. ``make app`` uses them with ``root`` = ``_build``.
    """
    return [f"--Voila.root_dir={root}", "--VoilaConfiguration.file_allowlist=html/.*"]


def write_app(notebook: Path, folder: Path) -> Path:
    """Write the app version of ``notebook`` under ``folder``, in the subfolder it has in the
    course (``make app`` writes ``_build/app/notebooks/X.ipynb``); return its path."""
    # Imported here: the compatibility run loads this module (tests/conftest.py) without
    # nbformat, which only the app version needs.
    from app_notebooks import source_dir_of, write_app_notebooks

    return write_app_notebooks(folder / source_dir_of(notebook), [notebook],
                               book_url=APP_BOOK_URL)[0]


#: What Voilà's log says when every pre-started kernel is ready.
POOL_READY = re.compile(r"Kernel pool of .* is filled with (\d+) kernel")


class VoilaDidNotStart(RuntimeError):
    """Voilà exited, or did not answer on its port in time."""


@dataclass(frozen=True)
class VoilaServer:
    """A running Voilà server: its address and process id."""

    url: str
    pid: int


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serve_voila(notebook: Path, log_path: Path, *, env: dict[str, str] | None = None,
                timeout: float = 60, extra_args: Sequence[str] = (),
                cull_after: int = 900) -> Iterator[VoilaServer]:
    """Serve the app version of ``notebook`` with Voilà on 127.0.0.1; yield the server, then
    stop it.

    As with ``make app``, the app version is written to a folder under ``_build`` (a temporary
    one, removed afterwards) and Voilà's root is ``_build``, so the app's links open the built
    book if there is one. The kernel runs in that folder: pass ``EQUITYLAB_WORKSHEETS`` in
    ``env`` to say where the racial equity tool keeps worksheets. ``extra_args`` are more
    Voilà options, such as :func:`preheat_options`. A kernel left with no page is culled
    after ``cull_after`` seconds (:func:`cull_options`, checked every second when shorter than
    ``make app``'s minute).

    Raises
    ------
    VoilaDidNotStart
        With the end of the log, if Voilà does not answer within ``timeout`` seconds.
    """
    port = free_port()
    voila = Path(sys.executable).with_name("voila")
    root = ROOT / "_build"
    root.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="app-", dir=root) as folder, \
            log_path.open("w") as log:
        app = write_app(notebook, Path(folder))
        command = [str(voila), str(app), f"--port={port}", *VOILA_OPTIONS,
                   *cull_options(cull_after, interval=min(60, max(1, cull_after // 3))),
                   *app_options(root), *extra_args]
        env = {**os.environ, **(env or {})}
        env["PYTHONPATH"] = os.pathsep.join(
            [str(ROOT / "tools"), *filter(None, [env.get("PYTHONPATH")])])
        proc = subprocess.Popen(command, cwd=app.parent, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        log.flush()
                        raise VoilaDidNotStart(
                            f"Voilà did not start:\n{log_path.read_text()[-2000:]}") from None
                    time.sleep(0.2)
            yield VoilaServer(f"http://127.0.0.1:{port}", proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
