"""Benchmark: how long each export of the racial equity tool takes to make.

The tool app remakes every download (HTML, Word, Markdown, worksheet file) when *Check and
report* is opened and after each save while it is on screen, never while a participant types
elsewhere. This measures what that costs: each format, for each example worksheet and an
empty one.

    .venv/bin/python benchmarks/tool_exports.py            # 7 repeats
    .venv/bin/python benchmarks/tool_exports.py --repeat 3

The first call of each format (which imports matplotlib or python-docx) is reported on
its own; then the median of the repeats, in wall-clock and CPU milliseconds (CPU time is
less sensitive to other processes on a shared machine). Pyodide in a browser is slower
than a desktop Python, often two to three times. Results go to
``benchmarks/results/tool_exports.json``. It reports; it does not gate CI.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from equitylab import tool  # noqa: E402

FORMATS = ("html", "md", "json", "docx")


def _time(ws: tool.Worksheet, fmt: str) -> tuple[float, float, int]:
    start, start_cpu = time.perf_counter(), time.process_time()
    _name, data = tool.export_bytes(ws, fmt)
    return ((time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000,
            len(data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results"
                        / "tool_exports.json")
    args = parser.parse_args()
    sheets = {"empty": tool.Worksheet()}
    sheets |= {name: tool.load_example(name) for name in tool.EXAMPLES}
    first = {fmt: round(_time(sheets["budget"], fmt)[0], 1) for fmt in FORMATS}
    rows = []
    for name, ws in sheets.items():
        charts = sum(bool(e.chart) for e in ws.evidence)
        for fmt in FORMATS:
            runs = [_time(ws, fmt) for _ in range(args.repeat)]
            rows.append({"worksheet": name, "charts": charts, "format": fmt,
                         "bytes": runs[0][2],
                         "wall_ms_median": round(statistics.median(r[0] for r in runs), 1),
                         "cpu_ms_median": round(statistics.median(r[1] for r in runs), 1)})
    print(f"First call (imports included), budget example: {first}")
    print(f"{'worksheet':10} {'charts':>6} {'format':>6} {'kB':>6} {'wall ms':>8} {'CPU ms':>8}")
    for r in rows:
        print(f"{r['worksheet']:10} {r['charts']:>6} {r['format']:>6} {r['bytes'] / 1000:>6.0f} "
              f"{r['wall_ms_median']:>8.1f} {r['cpu_ms_median']:>8.1f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "python": platform.python_version(), "machine": platform.machine(),
        "processor": platform.processor(), "cpus": os.cpu_count(),
        # Other work on the machine slows the wall-clock times; CPU times suffer less.
        "load_average_1min": round(os.getloadavg()[0], 1) if hasattr(os, "getloadavg") else None,
        "repeat": args.repeat, "first_call_ms": first,
        "results": rows}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
