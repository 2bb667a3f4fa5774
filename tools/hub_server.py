"""Run the room's JupyterHub (``tools/jupyterhub_config.py``) on free localhost ports, for
tests and the load check; stop it, its proxy, services and every participant's server after.

``make hub`` runs the same configuration in the foreground on the facilitator's ports.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "tools" / "jupyterhub_config.py"
sys.path.insert(0, str(ROOT / "tools"))
from voila_server import free_port  # noqa: E402


class HubDidNotStart(RuntimeError):
    """JupyterHub exited, or did not answer in time; the message ends with its log."""


@dataclass(frozen=True)
class Hub:
    """A running hub: where participants reach it, its process id and its folder."""

    url: str
    pid: int
    home: Path


def descendants(pid: int) -> list[psutil.Process]:
    """Every process started by ``pid`` (its proxy, services, servers and their kernels)."""
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _stop(proc: subprocess.Popen[bytes], grace: float = 20) -> None:
    """Stop the hub as Ctrl-C would (it stops the servers and proxy it started), then make
    sure nothing it started is left running."""
    started = descendants(proc.pid)
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    # Servers started later than the list above are children of the hub too, and the hub
    # stopped them; anything of the list still alive is ended here, by its own process id.
    for child in started:
        with contextlib.suppress(psutil.Error):
            child.kill()
    psutil.wait_procs(started, timeout=5)


@contextlib.contextmanager
def serve_hub(home: Path, log_path: Path, *, password: str = "room-password",
              cull_timeout: int = 3600, cull_every: int = 300,
              timeout: float = 90) -> Iterator[Hub]:
    """Run the room's hub with its folder ``home`` on free 127.0.0.1 ports; yield it, then
    stop it and everything it started.

    Raises
    ------
    HubDidNotStart
        With the end of its log, if the hub does not answer within ``timeout`` seconds.
    """
    port = free_port()
    env = {**os.environ, "HUB_PASSWORD": password, "HUB_HOME": str(home),
           "HUB_HOST": "127.0.0.1", "HUB_PORT": str(port), "HUB_API_PORT": str(free_port()),
           "HUB_PROXY_API_PORT": str(free_port()), "HUB_BOOK_PORT": str(free_port()),
           "HUB_CULL_TIMEOUT": str(cull_timeout), "HUB_CULL_EVERY": str(cull_every)}
    jupyterhub = Path(sys.executable).with_name("jupyterhub")
    home.mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    with log_path.open("w") as log:
        # JupyterHub gives its proxy a fixed 10 s to answer and exits if it does not, which
        # happens on an overloaded machine: then it is started once more.
        for attempt in (1, 2):
            proc = subprocess.Popen([str(jupyterhub), "-f", str(CONFIG)], cwd=home, env=env,
                                    stdout=log, stderr=subprocess.STDOUT)
            while not _healthy(url) and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.3)
            if proc.poll() is None or attempt == 2:
                break
        try:
            if not _healthy(url):
                log.flush()
                raise HubDidNotStart(
                    f"JupyterHub did not start:\n{log_path.read_text()[-3000:]}")
            yield Hub(url, proc.pid, home)
        finally:
            _stop(proc)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/hub/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False
