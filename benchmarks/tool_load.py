"""Load check: a workshop room of participants using the racial equity tool at once.

Serves ``notebooks/equity-tool.ipynb`` with Voilà exactly as ``make app`` does (on a free
localhost port, never any other host), with a temporary worksheet folder. Then N
participants arrive at once, each with their own name in the URL. Each one opens the app,
types a title and one answer in every step, and waits for "Saved" after each change. At the
end the script reads every participant's worksheet file from disk and checks that it holds
exactly that participant's answers, and reports the memory of each session's kernel, of
the Voilà server, and the time from a change to "Saved" (which includes the app's
1-second debounce)::

    .venv/bin/python benchmarks/tool_load.py                      # 30 participants
    .venv/bin/python benchmarks/tool_load.py --sessions 10 --browsers 10 --json out.json

How participants are simulated. In a room, every participant's browser runs on their own
device; the facilitator's machine runs only Voilà and one kernel per participant. So most
participants here are *protocol clients*: they do what a browser does on the wire (load
the page, which starts a kernel and runs the notebook; connect to the kernel's websocket;
ask for the widgets' state; send each typed value as a widget update; read the status
widget's updates) without drawing the page. ``--browsers`` of them (default 3) are real
headless Chromium pages that type into the rendered app, to show what people see while
the server is loaded. Drawing 30 pages in Chromium on the same two cores as the server
measures the test machine's browsers, not the server: try ``--browsers 30`` to see it.

Bounded in time (``--timeout``, default 600 s): whatever happens, Voilà and the browsers
are stopped. It reports; it does not gate CI. Exit status 0 only if every file verified.
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
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "equity-tool.ipynb"
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))
from check_browser import find_chromium  # noqa: E402
from voila_server import POOL_READY, preheat_options, serve_voila  # noqa: E402

from equitylab.tool import load, participant_folder  # noqa: E402

STEP_QUESTIONS = ["1.1", "2.1", "3.1", "4.1", "5.1", "6.1"]
STATUS_JS = "() => document.querySelector('.eq-status')?.textContent || ''"
STATUS_SAVED = re.compile(r"^Saved")
STATUS_OPEN = re.compile(r"^(Saved|Opened)")


def answer_text(name: str, qid: str) -> str:
    """What participant ``name`` types for question ``qid`` (and what the file must hold)."""
    return f"{name} answers {qid}"


def _left(deadline: float) -> float:
    """Seconds left before the overall deadline (at least 1 s)."""
    return max(1.0, deadline - time.monotonic())


# --- protocol clients ----------------------------------------------------------------------


class KernelSocket:
    """A Jupyter kernel websocket, spoken the way the Voilà page's widget manager speaks it."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.session = uuid.uuid4().hex

    @classmethod
    async def connect(cls, base: str, kernel_id: str, timeout: float,
                      headers: dict[str, str] | None = None) -> KernelSocket:
        """Connect to the kernel of the server at ``base``; ``headers`` such as cookies."""
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        url = (base.replace("http://", "ws://", 1)
               + f"/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}")
        request = HTTPRequest(url, headers=headers or {})
        return cls(await asyncio.wait_for(
            websocket_connect(request, max_message_size=1 << 28), timeout))

    async def send(self, msg_type: str, content: dict[str, Any],
                   metadata: dict[str, Any] | None = None) -> None:
        header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": self.session,
                  "username": "load-check", "version": "5.3",
                  "date": datetime.now(UTC).isoformat()}
        await self.ws.write_message(json.dumps(
            {"header": header, "parent_header": {}, "metadata": metadata or {}, "content": content,
             "channel": "shell", "buffers": []}))

    async def receive(self, timeout: float) -> dict[str, Any]:
        from jupyter_server.services.kernels.connection.base import deserialize_binary_message

        raw = await asyncio.wait_for(self.ws.read_message(), timeout)
        if raw is None:
            raise ConnectionError("the kernel's websocket closed")
        return deserialize_binary_message(raw) if isinstance(raw, bytes) else json.loads(raw)

    async def wait_for(self, wanted: Callable[[dict[str, Any]], bool], timeout: float
                       ) -> dict[str, Any]:
        """Read messages until one satisfies ``wanted``; return it."""
        end = time.monotonic() + timeout
        while True:
            msg = await self.receive(max(0.01, end - time.monotonic()))
            if wanted(msg):
                return msg

    def close(self) -> None:
        self.ws.close()


def _comm_data(msg: dict[str, Any], comm_id: str) -> dict[str, Any] | None:
    content = msg.get("content", {})
    if msg.get("msg_type") == "comm_msg" and content.get("comm_id") == comm_id:
        return content.get("data", {})
    return None


def find_widgets(states: dict[str, Any]) -> dict[str, str]:
    """Model ids of the title box, each step's first answer box and the save status.

    Raises
    ------
    LookupError
        If the app on the page lacks one of them.
    """
    found: dict[str, str] = {}
    for model_id, model in states.items():
        state = model.get("state", {})
        name = state.get("_model_name", model.get("model_name", ""))
        description = str(state.get("description", ""))
        if name == "TextModel" and description == "Title":
            found["title"] = model_id
        elif name == "TextareaModel":
            for qid in STEP_QUESTIONS:
                if description.startswith(f"{qid} "):
                    found[qid] = model_id
        elif name == "HTMLModel" and 'class="eq-status"' in str(state.get("value", "")):
            found["status"] = model_id
    missing = {"title", "status", *STEP_QUESTIONS} - set(found)
    if missing:
        raise LookupError(f"the app on the page has no widget for {sorted(missing)}")
    return found


async def protocol_session(base: str, name: str, record: dict[str, Any],
                           deadline: float) -> None:
    """One participant, as the server sees them: page, kernel websocket, widget updates."""
    from tornado.httpclient import AsyncHTTPClient

    start = time.monotonic()
    page = await AsyncHTTPClient().fetch(f"{base}/?participant={name}",
                                         request_timeout=_left(deadline))
    html = page.body.decode("utf-8")
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]+)"', html)
    if not kernel_id or "application/vnd.jupyter.widget-view+json" not in html:
        raise LookupError("the page has no kernel or no app widget")
    record["page_s"] = time.monotonic() - start
    await fill_in_app(base, kernel_id.group(1), name, record, start, deadline)


async def fill_in_app(base: str, kernel_id: str, name: str, record: dict[str, Any],
                      start: float, deadline: float, headers: dict[str, str] | None = None
                      ) -> None:
    """Through the kernel's websocket, as the page would: read the app's widgets, type a
    title and one answer per step, and wait for "Saved" after each (times in ``record``,
    counted from ``start``)."""
    kernel = await KernelSocket.connect(base, kernel_id, _left(deadline), headers)
    try:
        control = uuid.uuid4().hex
        # The version of ipywidgets' control protocol the page's widget manager speaks.
        await kernel.send("comm_open", {"comm_id": control, "target_name":
                                        "jupyter.widget.control", "data": {}},
                          {"version": "1.0.0"})
        await kernel.send("comm_msg", {"comm_id": control,
                                       "data": {"method": "request_states"}})
        reply = await kernel.wait_for(
            lambda m: (_comm_data(m, control) or {}).get("method") == "update_states",
            _left(deadline))
        states = _comm_data(reply, control)["states"]  # type: ignore[index]
        ids = find_widgets(states)
        status = str(states[ids["status"]]["state"].get("value", ""))
        if not STATUS_OPEN.match(re.sub(r"<[^>]+>", "", status)):
            raise LookupError(f"the save status reads {status!r} when the app opens")
        record["open_s"] = time.monotonic() - start
        print(f"{name} open after {record['open_s']:.1f} s", file=sys.stderr, flush=True)

        def status_is(pattern: re.Pattern[str]) -> Callable[[dict[str, Any]], bool]:
            def wanted(msg: dict[str, Any]) -> bool:
                data = _comm_data(msg, ids["status"]) or {}
                value = data.get("state", {}).get("value") if data.get("method") in (
                    "update", "echo_update") else None
                return value is not None and bool(pattern.match(re.sub(r"<[^>]+>", "",
                                                                       str(value))))
            return wanted

        for key, text in [("title", f"Worksheet of {name}"),
                          *[(q, answer_text(name, q)) for q in STEP_QUESTIONS]]:
            t0 = time.monotonic()
            await kernel.send("comm_msg", {"comm_id": ids[key], "data": {
                "method": "update", "state": {"value": text}, "buffer_paths": []}})
            await kernel.wait_for(status_is(re.compile(r"^Saving")), _left(deadline))
            await kernel.wait_for(status_is(STATUS_SAVED), _left(deadline))
            if key != "title":
                record["saves"].append(time.monotonic() - t0)
        record["ok"] = True
    finally:
        kernel.close()


# --- browser sessions ----------------------------------------------------------------------


async def browser_session(browser: Any, base: str, name: str, record: dict[str, Any],
                          deadline: float) -> None:
    """One participant in headless Chromium: open, type, and watch the rendered status."""
    context = await browser.new_context()
    try:
        page = await context.new_page()
        ms = lambda: _left(deadline) * 1000  # noqa: E731 - Playwright wants milliseconds
        start = time.monotonic()
        await page.goto(f"{base}/?participant={name}", wait_until="load", timeout=ms())
        await page.wait_for_function(f"() => /^(Saved|Opened)/.test(({STATUS_JS})())",
                                     polling=250, timeout=ms())
        record["open_s"] = time.monotonic() - start
        print(f"{name} (browser) open after {record['open_s']:.1f} s", file=sys.stderr,
              flush=True)
        await page.get_by_label("Title", exact=True).fill(f"Worksheet of {name}")
        for qid in STEP_QUESTIONS:
            await page.locator(".lm-TabBar-tab", has_text=f"{qid[0]}. ").first.click()
            label = page.locator("label.widget-label", has_text=f"{qid} ").first
            box = page.locator(f"textarea[id='{await label.get_attribute('for')}']")
            t0 = time.monotonic()
            await box.fill(answer_text(name, qid))
            await page.wait_for_function(f"() => /^Saving/.test(({STATUS_JS})())",
                                         polling=50, timeout=ms())
            await page.wait_for_function(f"() => /^Saved/.test(({STATUS_JS})())",
                                         polling=50, timeout=ms())
            record["saves"].append(time.monotonic() - t0)
        record["ok"] = True
    finally:
        await context.close()


# --- the room ------------------------------------------------------------------------------


async def _participant(run: Callable[..., Any], *args: Any, record: dict[str, Any]) -> None:
    try:
        await run(*args, record, record["deadline"])
    except asyncio.CancelledError:
        record["error"] = "did not finish before the time limit"
        raise
    except Exception as err:  # noqa: BLE001 - report it, and let the rest of the room go on
        # Timeouts carry no message: name the exception either way.
        first_line = (str(err).splitlines() or [""])[0][:200]
        record["error"] = f"{type(err).__name__}: {first_line}".rstrip(": ")


def _kernels(server: psutil.Process) -> list[psutil.Process]:
    return [p for p in server.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]


async def room(base: str, n: int, browsers_n: int, deadline: float, server: psutil.Process,
               ramp: float) -> dict[str, dict[str, Any]]:
    """Run ``n`` participants (the first ``browsers_n`` in Chromium) and sample memory."""
    from playwright.async_api import async_playwright
    from tornado.httpclient import AsyncHTTPClient

    # Tornado's client queues all but 10 requests by default; a room arrives together.
    AsyncHTTPClient.configure(None, max_clients=max(10, n))
    records = {f"p{i:02d}": {"participant": f"p{i:02d}", "saves": [], "deadline": deadline,
                             "client": "browser" if i < browsers_n else "protocol"}
               for i in range(n)}
    peak = {"kernel_rss": {}, "server_rss": 0}

    async def sample_memory() -> None:
        while True:
            try:
                peak["server_rss"] = max(peak["server_rss"], server.memory_info().rss)
                for k in _kernels(server):
                    peak["kernel_rss"][k.pid] = max(peak["kernel_rss"].get(k.pid, 0),
                                                    k.memory_info().rss)
            except psutil.Error:
                pass
            await asyncio.sleep(1)

    async with async_playwright() as pw:
        args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                "--disable-backgrounding-occluded-windows"]
        browser = (await pw.chromium.launch(executable_path=find_chromium(), headless=True,
                                            args=args) if browsers_n else None)
        sampler = asyncio.create_task(sample_memory())
        try:
            async def arrive(i: int, name: str) -> None:
                await asyncio.sleep(i * ramp)
                if records[name]["client"] == "browser":
                    await _participant(browser_session, browser, base, name,
                                       record=records[name])
                else:
                    await _participant(protocol_session, base, name, record=records[name])

            tasks = [asyncio.create_task(arrive(i, name)) for i, name in enumerate(records)]
            await asyncio.wait(tasks, timeout=_left(deadline))
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            sampler.cancel()
            if browser is not None:
                await browser.close()
    for r in records.values():
        r.pop("deadline")
    records["_memory"] = peak  # type: ignore[assignment]
    return records


def wait_for_pool(log: Path, server: psutil.Process, kernels: int, deadline: float) -> float:
    """Wait until every pre-started kernel has run the notebook; return the seconds taken.

    Voilà logs that the pool is full once the kernels are *started*; each then runs the
    notebook up to the point where it waits for a participant, and goes quiet. So wait
    for the log line, then for all the kernels to use no processor time for two seconds.
    """
    start = time.monotonic()

    def busy_seconds() -> float:
        return sum(sum(k.cpu_times()[:2]) for k in _kernels(server))

    while not POOL_READY.search(log.read_text(errors="replace")):
        if time.monotonic() > deadline:
            raise TimeoutError("Voilà did not start the pre-started kernels in time")
        time.sleep(0.5)
    before = -1.0
    while True:
        now = busy_seconds()
        if len(_kernels(server)) >= kernels and now - before < 0.05:
            return time.monotonic() - start - 2
        if time.monotonic() > deadline:
            raise TimeoutError("the pre-started kernels did not finish the notebook in time")
        before = now
        time.sleep(2)


def _p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def verify(folder: Path, records: dict[str, dict[str, Any]]) -> tuple[int, list[str]]:
    """Count participants whose one worksheet file on disk holds exactly their answers."""
    verified, problems = 0, []
    for name, record in sorted(records.items()):
        files = list(participant_folder(folder, name).glob("*.json"))
        if len(files) != 1:
            problems.append(f"{name}: {record.get('error') or f'{len(files)} worksheet files'}")
            continue
        try:
            ws = load(files[0])
        except Exception as err:  # noqa: BLE001 - a damaged file is a finding
            problems.append(f"{name}: {err}")
            continue
        want = {q: answer_text(name, q) for q in STEP_QUESTIONS}
        if ({q: ws.answer(q) for q in STEP_QUESTIONS} == want
                and ws.metadata.title == f"Worksheet of {name}" and record.get("ok")):
            verified += 1
        else:
            problems.append(f"{name}: {record.get('error', 'answers missing on disk')}")
    return verified, problems


def summarise(records: dict[str, dict[str, Any]], memory: dict[str, Any], *, sessions: int,
              browsers: int, ramp: float, wall: float, verified: int,
              problems: list[str], preheat: int = 0, warm_s: float | None = None
              ) -> dict[str, Any]:
    """The numbers the README's facilitator section quotes."""
    mib = 1024 * 1024
    saves = [s for r in records.values() for s in r["saves"]]
    browser_saves = [s for r in records.values() if r["client"] == "browser"
                     for s in r["saves"]]
    opens = [r["open_s"] for r in records.values() if "open_s" in r]
    kernel_rss = list(memory["kernel_rss"].values())

    def r2(x: float | None) -> float | None:
        return None if x is None else round(x, 2)

    return {
        "sessions": sessions,
        "browser_sessions": browsers,
        "ramp_s": ramp,
        "preheated_sessions": preheat,
        "seconds_to_preheat": None if warm_s is None else round(warm_s, 1),
        "verified_files": verified,
        "problems": problems,
        "wall_s": round(wall, 1),
        "open_s_median": r2(statistics.median(opens)) if opens else None,
        "open_s_max": r2(max(opens)) if opens else None,
        "change_to_saved_s_median": r2(statistics.median(saves)) if saves else None,
        "change_to_saved_s_p95": r2(_p95(saves)) if saves else None,
        "browser_change_to_saved_s_p95": r2(_p95(browser_saves)) if browser_saves else None,
        "saves_measured": len(saves),
        "kernel_mib_mean": round(statistics.mean(kernel_rss) / mib, 1) if kernel_rss else None,
        "kernel_mib_max": round(max(kernel_rss) / mib, 1) if kernel_rss else None,
        "kernels_seen": len(kernel_rss),
        "voila_server_mib_peak": round(memory["server_rss"] / mib, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
                   f"{psutil.virtual_memory().total / mib / 1024:.0f} GiB RAM",
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30, help="participants")
    parser.add_argument("--browsers", type=int, default=3,
                        help="how many of them use headless Chromium (the rest are "
                             "protocol clients)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds, overall")
    parser.add_argument("--ramp", type=float, default=0.0,
                        help="seconds between arrivals (0: everyone opens the app at once)")
    parser.add_argument("--preheat", type=int, default=0,
                        help="start this many app sessions before anyone arrives (Voilà's "
                             "preheated kernels, as `make app PREHEAT=N` does); the "
                             "participants arrive once they are ready")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    parser.add_argument("--keep", action="store_true", help="keep the worksheets and log")
    args = parser.parse_args()
    deadline = time.monotonic() + args.timeout
    folder = Path(tempfile.mkdtemp(prefix="equitylab-load-"))
    worksheets = folder / "ws"
    try:
        log = folder / "voila.log"
        with serve_voila(NOTEBOOK, log, env={"EQUITYLAB_WORKSHEETS": str(worksheets)},
                         extra_args=preheat_options(args.preheat) if args.preheat else ()
                         ) as server:
            warm_s = (wait_for_pool(log, psutil.Process(server.pid), args.preheat, deadline)
                      if args.preheat else None)
            started = time.monotonic()
            records = asyncio.run(room(server.url, args.sessions,
                                       min(args.browsers, args.sessions), deadline,
                                       psutil.Process(server.pid), args.ramp))
            wall = time.monotonic() - started
        memory = records.pop("_memory")
        verified, problems = verify(worksheets, records)
        summary = summarise(records, memory, sessions=args.sessions, preheat=args.preheat,
                            warm_s=warm_s,
                            browsers=min(args.browsers, args.sessions), ramp=args.ramp,
                            wall=wall, verified=verified, problems=problems)
        print(json.dumps(summary, indent=2))
        if args.json:
            args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    finally:
        if args.keep:
            print(f"Worksheets and Voilà log kept in {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0 if verified == args.sessions else 1


if __name__ == "__main__":
    sys.exit(main())
