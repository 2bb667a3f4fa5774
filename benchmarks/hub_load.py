"""Load check: a room signing in to the course's JupyterHub (``make hub``) at once.

Runs the room's hub (``tools/jupyterhub_config.py``, through ``tools/hub_server.py``) on free
localhost ports, never any other host, in a temporary folder. Then N participants arrive at
once. Each one signs in over HTTP with the room's password, waits while the hub starts a
server of their own, opens the racial equity tool there (Voilà renders it), and then, as the
page's widget manager would, types a title and one answer per step through the kernel's
websocket, waiting for "Saved" after each. At the end the script reads every participant's
worksheet in their own home folder and checks that it holds exactly their answers and that
no home holds anyone else's. It reports arrival-to-app times (from the sign-in to the app
ready for typing) and memory: each participant's server with its kernel, the hub and the
proxy::

    .venv/bin/python benchmarks/hub_load.py                     # 20 participants
    .venv/bin/python benchmarks/hub_load.py --participants 5 --json out.json

Participants are protocol clients (see ``benchmarks/tool_load.py``): a room's browsers run on
its own devices, and drawing 20 pages on the server's two cores would measure the browsers.
``tests/tools/test_jupyterhub_room.py`` drives one participant in Chromium through the proxy.

Bounded in time (``--timeout``, default 600 s): whatever happens, the hub, its proxy and every
server it started are stopped. It reports; it does not gate CI. Exit status 0 only if every
participant's file verified.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from hub_server import descendants, serve_hub  # noqa: E402
from tool_load import fill_in_app, verify  # noqa: E402

PASSWORD = "load-check-room"
APP_PATH = "/voila/render/equity-tool.ipynb"
MIB = 1024 * 1024


class SignInFailed(RuntimeError):
    """The hub did not let a participant in, or did not bring them to the app."""


def sign_in(url: str, name: str, password: str, timeout: float) -> requests.Session:
    """Sign ``name`` in to the hub at ``url`` with the room's password, as the login form
    does; return the session (its cookies are the participant's)."""
    session = requests.Session()
    form = session.get(f"{url}/hub/login", timeout=timeout)
    token = session.cookies.get("_xsrf") or _hidden_xsrf(form.text)
    reply = session.post(f"{url}/hub/login", timeout=timeout, allow_redirects=False,
                         data={"username": name, "password": password, "_xsrf": token})
    if reply.status_code != 302:
        raise SignInFailed(f"{name}: the hub answered {reply.status_code} to the sign-in")
    return session


def _hidden_xsrf(html: str) -> str:
    found = re.search(r'name="_xsrf" value="([^"]+)"', html)
    return found.group(1) if found else ""


def open_app(session: requests.Session, url: str, name: str, deadline: float) -> str:
    """Follow the hub from sign-in to the participant's app, waiting while their server
    starts; return the rendered page's HTML."""
    target = f"{url}/user/{name}/"
    # Where the sign-in leads: the hub starts the participant's server.
    first = session.get(f"{url}/hub/spawn", timeout=max(1, deadline - time.monotonic()))
    if first.status_code == 200 and APP_PATH in first.url:
        return first.text
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise SignInFailed(f"{name}: the app did not open in time")
        page = session.get(target, timeout=left)
        if page.status_code == 200 and APP_PATH in page.url:
            return page.text
        if page.status_code >= 400 and page.status_code not in (424, 503):
            raise SignInFailed(f"{name}: {page.status_code} at {page.url}")
        time.sleep(1)  # the spawn-pending page: the server is still starting


def cookie_header(session: requests.Session) -> dict[str, str]:
    """The participant's cookies, for the kernel's websocket."""
    return {"Cookie": "; ".join(f"{c.name}={c.value}" for c in session.cookies)}


def participant(url: str, name: str, password: str, record: dict[str, Any],
                deadline: float) -> requests.Session | None:
    """One participant: sign in, open the app, type and save; times go into ``record``.

    Returns the signed-in session (or None if signing in failed); errors go into
    ``record["error"]``, so that the rest of the room goes on.
    """
    start = time.monotonic()
    session = None
    try:
        session = sign_in(url, name, password, timeout=deadline - start)
        record["signed_in_s"] = time.monotonic() - start
        html = open_app(session, url, name, deadline)
        record["page_s"] = time.monotonic() - start
        kernel_id = re.search(r'"kernelId": "([0-9a-f-]+)"', html)
        if not kernel_id:
            raise LookupError("the page has no kernel")
        asyncio.run(fill_in_app(f"{url}/user/{name}", kernel_id.group(1), name, record, start,
                                deadline, headers=cookie_header(session)))
    except Exception as err:  # noqa: BLE001 - report it, and let the rest of the room go on
        first_line = (str(err).splitlines() or [""])[0][:200]
        record["error"] = f"{type(err).__name__}: {first_line}".rstrip(": ")
    return session


class MemorySampler(threading.Thread):
    """Every second, the peak memory (RSS) of each participant's server with its kernels,
    of the hub and of the proxy, and the processor time each participant's server and kernels
    have used (user and system, which does not depend on how busy the machine is)."""

    def __init__(self, hub_pid: int) -> None:
        super().__init__(daemon=True)
        self.hub_pid = hub_pid
        self.per_user: dict[str, int] = {}
        self.cpu_per_user: dict[str, float] = {}
        self.hub = 0
        self.proxy = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(1):
            self.sample()

    def sample(self) -> None:
        try:
            self.hub = max(self.hub, psutil.Process(self.hub_pid).memory_info().rss)
        except psutil.Error:
            return
        for proc in descendants(self.hub_pid):
            try:
                command = " ".join(proc.cmdline())
                if "configurable-http-proxy" in command:
                    self.proxy = max(self.proxy, proc.memory_info().rss)
                elif "jupyterhub-singleuser" in command:
                    user = proc.environ().get("JUPYTERHUB_USER", "?")
                    kernels = proc.children(recursive=True)
                    rss = proc.memory_info().rss + sum(k.memory_info().rss for k in kernels)
                    self.per_user[user] = max(self.per_user.get(user, 0), rss)
                    cpu = sum(sum(p.cpu_times()[:2]) for p in [proc, *kernels])
                    self.cpu_per_user[user] = max(self.cpu_per_user.get(user, 0.0), cpu)
            except psutil.Error:
                continue


def room(url: str, names: list[str], hub_pid: int, deadline: float, password: str = PASSWORD
         ) -> tuple[dict[str, dict[str, Any]], MemorySampler]:
    """Run every participant at once; return their records and the memory sampled."""
    records: dict[str, dict[str, Any]] = {n: {"participant": n, "saves": []} for n in names}
    sampler = MemorySampler(hub_pid)
    sampler.start()
    try:
        with ThreadPoolExecutor(max_workers=len(names)) as pool:
            futures = [pool.submit(participant, url, n, password, records[n], deadline)
                       for n in names]
            for future in futures:
                future.result()
    finally:
        sampler.stop.set()
        sampler.join()
    return records, sampler


def verify_homes(homes: Path, records: dict[str, dict[str, Any]]) -> tuple[int, list[str]]:
    """Count participants whose home holds exactly their worksheet, with their answers, and
    nobody else's; list what is wrong."""
    verified, problems = 0, []
    for name, record in sorted(records.items()):
        worksheets = homes / name / "worksheets"
        others = sorted(p.name for p in worksheets.glob("*") if p.is_dir() and p.name != name)
        if others:
            problems.append(f"{name}: their home also holds {others}")
            continue
        ok, found = verify(worksheets, {name: record})
        verified += ok
        problems += found
    return verified, problems


def summarise(records: dict[str, dict[str, Any]], memory: MemorySampler, *, hub_start_s: float,
              wall: float, verified: int, problems: list[str]) -> dict[str, Any]:
    """The numbers the facilitator's setup page quotes."""
    opens = [r["open_s"] for r in records.values() if "open_s" in r]
    saves = [s for r in records.values() for s in r["saves"]]
    users = list(memory.per_user.values())
    cpu = list(memory.cpu_per_user.values())

    def r1(x: float) -> float:
        return round(x, 1)

    return {
        "participants": len(records),
        "verified_files": verified,
        "problems": problems,
        "hub_start_s": r1(hub_start_s),
        "wall_s": r1(wall),
        "arrival_to_app_s_min": r1(min(opens)) if opens else None,
        "arrival_to_app_s_median": r1(statistics.median(opens)) if opens else None,
        "arrival_to_app_s_max": r1(max(opens)) if opens else None,
        "change_to_saved_s_median": round(statistics.median(saves), 2) if saves else None,
        "saves_measured": len(saves),
        "participant_mib_mean": r1(statistics.mean(users) / MIB) if users else None,
        "participant_mib_max": r1(max(users) / MIB) if users else None,
        "participant_servers_seen": len(users),
        "participant_cpu_s_mean": r1(statistics.mean(cpu)) if cpu else None,
        "participant_cpu_s_max": r1(max(cpu)) if cpu else None,
        "hub_mib_peak": r1(memory.hub / MIB),
        "proxy_mib_peak": r1(memory.proxy / MIB),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
                   f"{psutil.virtual_memory().total / MIB / 1024:.0f} GiB RAM",
        "load_average_at_start": [round(x, 1) for x in os.getloadavg()],
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def wait_until(condition: Callable[[], bool], timeout: float, every: float = 0.5) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` seconds pass; return its last value."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            return False
        time.sleep(every)
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds, overall")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    parser.add_argument("--keep", action="store_true", help="keep the homes and the log")
    args = parser.parse_args()
    deadline = time.monotonic() + args.timeout
    folder = Path(tempfile.mkdtemp(prefix="equitylab-hub-load-"))
    names = [f"p{i:02d}" for i in range(args.participants)]
    try:
        load_at_start = os.getloadavg()
        started = time.monotonic()
        with serve_hub(folder / "hub", folder / "hub.log", password=PASSWORD,
                       timeout=min(120, args.timeout)) as hub:
            hub_start_s = time.monotonic() - started
            started = time.monotonic()
            records, memory = room(hub.url, names, hub.pid, deadline)
            wall = time.monotonic() - started
        verified, problems = verify_homes(folder / "hub" / "homes", records)
        summary = summarise(records, memory, hub_start_s=hub_start_s, wall=wall,
                            verified=verified, problems=problems)
        summary["load_average_at_start"] = [round(x, 1) for x in load_at_start]
        print(json.dumps(summary, indent=2))
        if args.json:
            args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    finally:
        if args.keep:
            print(f"Homes and hub log kept in {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0 if verified == args.participants else 1


if __name__ == "__main__":
    sys.exit(main())
