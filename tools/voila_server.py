"""Serve a notebook with Voilà on a free localhost port, for tests and the load check.

One launcher for ``tests/conftest.py`` (the ``serve_voila`` fixture helper) and
``benchmarks/tool_load.py``, so both serve the app exactly as ``make app`` does.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

#: The options ``make app`` uses too. Under load a kernel can take more than nbclient's
#: default 4 s to send a cell's output; without the longer IOPub timeout an app's widget
#: silently goes missing from the page.
VOILA_OPTIONS = ("--no-browser", "--Voila.ip=127.0.0.1", "--strip_sources=True",
                 "--VoilaExecutor.iopub_timeout=60")


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
                timeout: float = 60, extra_args: Sequence[str] = ()) -> Iterator[VoilaServer]:
    """Serve ``notebook`` with Voilà on 127.0.0.1; yield the server, then stop it.

    ``extra_args`` are more Voilà options, such as :func:`preheat_options`.

    Raises
    ------
    VoilaDidNotStart
        With the end of the log, if Voilà does not answer within ``timeout`` seconds.
    """
    port = free_port()
    voila = Path(sys.executable).with_name("voila")
    command = [str(voila), str(notebook), f"--port={port}", *VOILA_OPTIONS, *extra_args]
    with log_path.open("w") as log:
        proc = subprocess.Popen(command, cwd=notebook.parent, env={**os.environ, **(env or {})},
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
