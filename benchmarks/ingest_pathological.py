"""Benchmark: every step of bring-your-own-data on pathological files up to the size limit.

Generates files the size limit (:data:`equitylab.userdata.MAX_BYTES`) allows, or just past
it, that are hard in one way each (a million rows, one enormous cell, 500 columns, 10,000
columns, a million distinct groups, overlong group names, UTF-16, an unclosed quotation mark
at the top, an extra value on the last line, spelling variants, binary bytes, counts near
the largest allowed), and times each step a participant triggers: reading, typing and
guessing the columns (both apps), lab 6's mapping and analysis, lab 6's "Prepare downloads",
the tool's evidence and lab 6 run headless on the file (files over the limit are read by
DuckDB there: three such files, twice the limit), after a warm-up (the first chart and the
first test import their libraries once per session). A step that refuses the file counts
with the time it took to say so. The worst case over all files and steps is the figure the
issue asks for ("no step more than a few seconds").

    .venv/bin/python benchmarks/ingest_pathological.py           # run once, niced
    .venv/bin/python benchmarks/ingest_pathological.py --quick   # small files, a smoke test

Results go to ``benchmarks/results/ingest_pathological.json``. It reports; it does not gate
CI. Times are wall-clock seconds on a shared machine (the CPU seconds are given too).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from equitylab.userdata import MAX_BYTES, MAX_COLUMNS, MAX_LABEL, DataProblem  # noqa: E402


def _fill(header: str, row: str, size: int) -> bytes:
    body = row * max(1, (size - len(header)) // len(row))
    return (header + body).encode()


def files(size: int) -> dict[str, bytes]:
    """The pathological files, each at most ``size`` bytes unless it tests the limit."""
    rng = np.random.default_rng(14)
    out = {
        "rows_at_limit": _fill("race,served\n", "Black,1\nWhite,0\n", size),
        "one_5mb_cell": ("race,served,note\nBlack,1,\"" + "x" * min(5 * 2**20, size - 100)
                         + "\"\nWhite,0,short\n").encode(),
        "one_cell_at_limit": ("race,served,note\nBlack,1," + "y" * (size - 60)
                              + "\nWhite,0,z\n").encode(),
        "columns_allowed": _fill(
            ",".join(["race"] + [f"c{i}" for i in range(MAX_COLUMNS - 1)]) + "\n",
            ",".join(["Black"] + ["1"] * (MAX_COLUMNS - 1)) + "\n"
            + ",".join(["White"] + ["0"] * (MAX_COLUMNS - 1)) + "\n", size),
        "columns_10000": _fill(",".join(f"c{i}" for i in range(10_000)) + "\n",
                               ",".join("1" for _ in range(10_000)) + "\n", size),
        "million_groups": ("race,served\n" + "".join(
            f"g{i},{i % 2}\n" for i in range(size // 12))).encode()[:size],
        "overlong_group_names": _fill("race,served\n", "A" * (MAX_LABEL + 5) + ",1\n"
                                      + "B" * (MAX_LABEL + 5) + ",0\n", size),
        "utf16_at_limit": _fill("race\tserved\r\n", "Métis\t1\r\nWhite\t0\r\n",
                                size // 2).decode().encode("utf-16"),
        "unclosed_quote_line_2": _fill("race,served\n\"Black,1\n", "White,0\n", size),
        "extra_value_last_line": _fill("race,served\n", "Black,1\n", size - 20)
        + b"White,0,extra\n",
        "spelling_variants": _fill("race,served\n", "".join(
            f"{v},{i % 2}\n" for i, v in enumerate(
                ["Black", "black", " BLACK", "White", "white ", "WHITE", "Asian", "asian"])),
            size),
        "binary_at_limit": rng.integers(0, 256, size, dtype=np.uint8).tobytes(),
        "counts_near_largest": _fill("race,events,people\n",
                                     "Black,999999999999999,1000000000000000\n"
                                     "White,5,1000000000000000\n", size),
        "fractional_counts_late": _fill("race,events,people\n", "Black,10,100\nWhite,5,90\n",
                                        size - 40) + b"Asian,2.5,10\n",
        "just_over_the_limit": _fill("race,served\n", "Black,1\n", size) + b"White,0\n" * 2,
        "deep_quoting": ("race,served,note\n" + "".join(
            f'Black,1,"{chr(34) * 2 * 200}"\nWhite,0,"a ""b"" ""c""{chr(34) * 2 * 50}"\n'
            for _ in range(size // 700))).encode()[:size],
        "long_lines": _fill("race,served,note\n", "Black,1," + "w" * 99_000 + "\n"
                            + "White,0," + "v" * 99_000 + "\n", size),
        "long_line_many_values": ("race,served\n" + "Black,1\n" + "White," + ",".join(
            "0" for _ in range(size // 3)) + "\n").encode()[:size],
        "twice_the_limit_engine": _fill("race,served,district\n",
                                        "Black,1,North\nWhite,0,South\nAsian,1,North\n",
                                        2 * size),
        "spelling_variants_engine": _fill("race,served\n", "".join(
            f"{v},{i % 2}\n" for i, v in enumerate(
                ["Black", "black", " BLACK", "White", "white ", "WHITE", "Asian", "asian"])),
            2 * size),
        "text_in_outcome_last_row_engine": _fill("race,served\n", "Black,1\nWhite,0\n",
                                                 2 * size) + b"White,maybe\n",
    }
    return out


#: Files of counts are mapped as a participant would map them (the guess is not the point).
COUNT_FILES = ("counts_near_largest", "fractional_counts_late")


class _Counts:
    group, outcome, denominator = "race", "events", "people"


COUNTS = _Counts()


def _timed(step: Callable[[], Any]) -> tuple[float, float, str, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        value, outcome = step(), "ok"
    except DataProblem as problem:
        value, outcome = None, f"refused: {str(problem)[:120]}"
    return time.perf_counter() - wall, time.process_time() - cpu, outcome, value


def _headless(data: bytes, name: str, roles: Any) -> Any:
    """Lab 6 run headless on the file saved to disk (the engine reads it if it is large)."""
    from equitylab.labs import byod

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.csv"
        path.write_bytes(data)
        return byod.run(path, roles.group, roles.outcome,
                        denominator_column=roles.denominator)


class _Rows:
    group, outcome, denominator = "race", "served", ""


def run(size: int) -> dict[str, Any]:
    """Time every step on every file; return the table and the worst case."""
    from equitylab import tool
    from equitylab.labs import byod
    from equitylab.userdata import guess_roles, read_csv_upload, type_columns
    from equitylab.widgets.byod import export_files

    # Warm up: the first chart imports matplotlib and the first test imports scipy, once per
    # session (the app has done both by the time a participant loads a file).
    small = read_csv_upload(b"race,served\nA,1\nB,0\nA,0\nB,1\n", name="warm-up.csv")
    with tempfile.TemporaryDirectory() as tmp:
        export_files(byod.analyse(byod.prepare(small, "race", "served")), tmp, title="x")
    tool.analyse(tool.typed_upload(small, name="warm-up.csv"), "served", "race")
    results: list[dict[str, Any]] = []
    for name, data in files(size).items():
        record: dict[str, Any] = {"file": name, "bytes": len(data), "steps": {}}
        steps = record["steps"]

        def step(label: str, action: Callable[[], Any], steps: dict = steps) -> Any:
            wall, cpu, outcome, value = _timed(action)
            steps[label] = {"seconds": round(wall, 3), "cpu_seconds": round(cpu, 3),
                            "outcome": outcome}
            return value

        frame = step("read", lambda data=data, name=name: read_csv_upload(
            data, name=f"{name}.csv"))
        if frame is not None:
            typed = step("type and guess (lab 6)",
                         lambda frame=frame: guess_roles(type_columns(frame)))
            upload = step("type and check (tool)",
                          lambda frame=frame, name=name: tool.typed_upload(
                              frame, name=f"{name}.csv"))
            if typed is not None:
                roles = COUNTS if name in COUNT_FILES else typed
                prepared = step("map and analyse (lab 6)", lambda frame=frame, roles=roles:
                                byod.analyse(byod.prepare(
                                    frame, roles.group, roles.outcome,
                                    denominator=roles.denominator, direction="adverse")))
                if prepared is not None:
                    with tempfile.TemporaryDirectory() as tmp:
                        step("prepare downloads (lab 6)", lambda prepared=prepared, tmp=tmp:
                             export_files(prepared, tmp, title="outcome by group"))
                if upload is not None:
                    step("evidence (tool)", lambda upload=upload, roles=roles: tool.analyse(
                        upload, roles.outcome, roles.group,
                        denominator=roles.denominator or None, direction="adverse"))
        head_roles = COUNTS if name in COUNT_FILES else _Rows()
        step("headless run (lab 6)", lambda data=data, name=name, roles=head_roles:
             _headless(data, name, roles))
        results.append(record)
        print(name, {k: (v["seconds"], v["outcome"][:40]) for k, v in steps.items()},
              flush=True)
    worst = max(((r["file"], s, v["seconds"]) for r in results for s, v in r["steps"].items()),
                key=lambda x: x[2])
    return {"size_limit_bytes": size, "files": results,
            "worst": {"file": worst[0], "step": worst[1], "seconds": worst[2]}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 KB files, no results file")
    args = parser.parse_args()
    size = 100 * 1024 if args.quick else MAX_BYTES
    out = run(size)
    out.update({"python": platform.python_version(), "machine": platform.machine(),
                "cpus": os.cpu_count(),
                "note": "Wall-clock and CPU seconds of one run, niced, on a shared machine."})
    print("worst case:", out["worst"])
    if not args.quick:
        path = ROOT / "benchmarks" / "results" / "ingest_pathological.json"
        path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print("wrote", path)


if __name__ == "__main__":
    main()
