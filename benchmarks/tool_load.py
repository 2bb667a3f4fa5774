"""Load check: a workshop room of participants using the racial equity tool at once.

Serves ``notebooks/equity-tool.ipynb`` with Voilà on a free localhost port (never any
other host) with a temporary worksheet folder, opens N concurrent browser sessions in
headless Chromium (each with its own participant name), fills the title and one answer
per step in each, and waits for "Saved". Then it checks every participant's file on
disk, and reports the memory of each session's kernel and the time from a change to
"Saved" (which includes the app's 1-second debounce)::

    .venv/bin/python benchmarks/tool_load.py                  # 30 sessions
    .venv/bin/python benchmarks/tool_load.py --sessions 5 --json out.json

Bounded in time (``--timeout``, default 600 s): whatever happens, Voilà and the browser
are stopped. It reports; it does not gate CI.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "equity-tool.ipynb"
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))
from check_browser import find_chromium  # noqa: E402

from equitylab.tool import load  # noqa: E402

STEP_QUESTIONS = ["1.1", "2.1", "3.1", "4.1", "5.1", "6.1"]
STATUS_JS = "() => document.querySelector('.eq-status')?.textContent || ''"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(port: int, proc: subprocess.Popen, deadline: float) -> None:
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Voilà did not start") from None
            time.sleep(0.2)


def _kernels(server: psutil.Process) -> list[psutil.Process]:
    return [p for p in server.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]


def _left(deadline: float) -> float:
    """Milliseconds left before the overall deadline (at least 1 s)."""
    return max(1.0, deadline - time.monotonic()) * 1000


async def _session(browser, url: str, name: str, results: dict, deadline: float,
                   delay: float = 0.0) -> None:
    await asyncio.sleep(delay)
    context = await browser.new_context()
    page = await context.new_page()
    record: dict = {"participant": name, "saves": []}
    results[name] = record
    try:
        start = time.monotonic()
        await page.goto(f"{url}/?participant={name}", wait_until="load",
                        timeout=_left(deadline))
        await page.wait_for_function(
            f"() => /^(Saved|Opened)/.test(({STATUS_JS})())", polling=250,
            timeout=_left(deadline))
        record["open_s"] = time.monotonic() - start
        print(f"{name} open after {record['open_s']:.1f} s", file=sys.stderr, flush=True)
        await page.get_by_label("Title", exact=True).fill(f"Worksheet of {name}")
        for qid in STEP_QUESTIONS:
            await page.locator(".lm-TabBar-tab", has_text=f"{qid[0]}. ").first.click()
            label = page.locator("label.widget-label", has_text=f"{qid} ").first
            box = page.locator(f"textarea[id='{await label.get_attribute('for')}']")
            t0 = time.monotonic()
            await box.fill(f"{name} answers {qid}")
            await page.wait_for_function(f"() => /^Saving/.test(({STATUS_JS})())",
                                         polling=50, timeout=_left(deadline))
            await page.wait_for_function(f"() => /^Saved/.test(({STATUS_JS})())",
                                         polling=50, timeout=_left(deadline))
            record["saves"].append(time.monotonic() - t0)
        record["ok"] = True
    except asyncio.CancelledError:
        record["error"] = "did not finish before the time limit"
        raise
    except Exception as err:  # noqa: BLE001 - report, do not crash the whole room
        record["error"] = f"{type(err).__name__}: {str(err).splitlines()[0][:200]}"
    finally:
        record["context"] = context


async def _room(url: str, n: int, deadline: float, server: psutil.Process,
                ramp: float = 0.0, per_browser: int = 5) -> dict:
    """Open ``n`` sessions, ``per_browser`` to a Chromium process.

    One browser for everyone would be the bottleneck, not the server: Chromium caps
    connections per host, and each Voilà page holds some open. In a workshop every
    participant has a browser of their own.
    """
    from playwright.async_api import async_playwright

    results: dict = {}
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            # Every participant's page is "in front": no throttled timers or frames.
            "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
            "--disable-backgrounding-occluded-windows"]
    async with async_playwright() as pw:
        browsers = [await pw.chromium.launch(executable_path=find_chromium(), headless=True,
                                             args=args)
                    for _ in range(-(-n // per_browser))]
        try:
            tasks = [asyncio.create_task(_session(browsers[i // per_browser], url,
                                                  f"p{i:02d}", results, deadline, i * ramp))
                     for i in range(n)]
            await asyncio.wait(tasks, timeout=max(1, deadline - time.monotonic()))
            rss = [k.memory_info().rss for k in _kernels(server)]
            results["_memory"] = {"kernels": len(rss), "kernel_rss": rss,
                                  "server_rss": server.memory_info().rss}
            for t in tasks:
                t.cancel()
        finally:
            for browser in browsers:
                await browser.close()
    for r in results.values():
        r.pop("context", None) if isinstance(r, dict) else None
    return results


def _p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds, overall")
    parser.add_argument("--ramp", type=float, default=0.0,
                        help="seconds between arrivals (0: everyone opens the app at once)")
    parser.add_argument("--per-browser", type=int, default=5,
                        help="sessions per Chromium process")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the worksheets and log")
    args = parser.parse_args()
    deadline = time.monotonic() + args.timeout
    folder = Path(tempfile.mkdtemp(prefix="equitylab-load-"))
    port = _free_port()
    voila = Path(sys.executable).with_name("voila")
    log = (folder / "voila.log").open("w")
    proc = subprocess.Popen(
        [str(voila), str(NOTEBOOK), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
         "--strip_sources=True",
         # Under load a kernel can take more than nbclient's default 4 s to send a cell's
         # output; without this, the app's widget silently goes missing from the page.
         "--VoilaExecutor.iopub_timeout=60"],
        cwd=NOTEBOOK.parent, env={**os.environ, "EQUITYLAB_WORKSHEETS": str(folder / "ws")},
        stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_port(port, proc, deadline)
        server = psutil.Process(proc.pid)
        started = time.monotonic()
        results = asyncio.run(_room(f"http://127.0.0.1:{port}", args.sessions, deadline, server,
                                    args.ramp, args.per_browser))
        wall = time.monotonic() - started
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    memory = results.pop("_memory", {"kernels": 0, "kernel_rss": [], "server_rss": 0})
    # Verify every participant's file on disk.
    verified, problems = 0, []
    for name, record in sorted(results.items()):
        files = list((folder / "ws" / name).glob("*.json"))
        try:
            ws = load(files[0]) if len(files) == 1 else None
        except Exception as err:  # noqa: BLE001
            problems.append(f"{name}: {err}")
            continue
        if ws is None:
            problems.append(f"{name}: {len(files)} worksheet files")
            continue
        want = {q: f"{name} answers {q}" for q in STEP_QUESTIONS}
        if {q: ws.answer(q) for q in STEP_QUESTIONS} == want and record.get("ok"):
            verified += 1
        else:
            problems.append(f"{name}: {record.get('error', 'answers missing on disk')}")
    saves = [s for r in results.values() for s in r["saves"]]
    opens = [r["open_s"] for r in results.values() if "open_s" in r]
    mib = 1024 * 1024
    summary = {
        "sessions": args.sessions,
        "ramp_s": args.ramp,
        "verified_files": verified,
        "problems": problems,
        "wall_s": round(wall, 1),
        "open_s_median": round(statistics.median(opens), 2) if opens else None,
        "open_s_max": round(max(opens), 2) if opens else None,
        "change_to_saved_s_median": round(statistics.median(saves), 2) if saves else None,
        "change_to_saved_s_p95": round(_p95(saves), 2) if saves else None,
        "saves_measured": len(saves),
        "kernel_mib_mean": round(statistics.mean(memory["kernel_rss"]) / mib, 1)
        if memory["kernel_rss"] else None,
        "kernel_mib_max": round(max(memory["kernel_rss"]) / mib, 1)
        if memory["kernel_rss"] else None,
        "kernels_alive": memory["kernels"],
        "voila_server_mib": round(memory["server_rss"] / mib, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
                   f"{psutil.virtual_memory().total / mib / 1024:.0f} GiB RAM",
    }
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    if args.keep:
        print(f"Worksheets and Voilà log kept in {folder}", file=sys.stderr)
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if verified == args.sessions else 1


if __name__ == "__main__":
    sys.exit(main())
