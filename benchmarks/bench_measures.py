"""Benchmark: the full disparity table vs a bare pandas group-by, fairlearn and aequitas.

Run in the benchmark environment (fairlearn and aequitas need pandas 2, so they live in
``.venv-bench``; see benchmarks/requirements.txt)::

    python -m venv .venv-bench && .venv-bench/bin/pip install -r benchmarks/requirements.txt
    PYTHONPATH=. .venv-bench/bin/python benchmarks/bench_measures.py            # 1M and 10M
    PYTHONPATH=. .venv-bench/bin/python benchmarks/bench_measures.py --quick    # 100k only

Reports the best of a few repeats for each task. It reports; it does not gate CI.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measures_data import synthetic  # noqa: E402

from equitylab import measures as m  # noqa: E402


def best_of(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm up (imports, caches)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def ours(df: pd.DataFrame, strata: list[str]) -> pd.DataFrame:
    return m.disparities(df, "race", "searched", strata=strata or None, reference="White",
                         measures=["estimate", "difference", "ratio"])


def bare(df: pd.DataFrame, strata: list[str]) -> pd.DataFrame:
    return df.groupby([*strata, "race"], observed=True)["searched"].agg(["sum", "count"])


def fairlearn_frame(df: pd.DataFrame, strata: list[str]) -> object:
    from fairlearn.metrics import MetricFrame, count, selection_rate

    sf = df[[*strata, "race"]]
    mf = MetricFrame(metrics={"rate": selection_rate, "n": count}, y_true=df["searched"],
                     y_pred=df["searched"], sensitive_features=sf)
    return mf.by_group, mf.difference(), mf.ratio()


def aequitas_audit(df: pd.DataFrame, strata: list[str]) -> object:
    from aequitas.bias import Bias
    from aequitas.group import Group

    attr = df["race"].astype(str)
    if strata:
        attr = df["area"].astype(str) + " | " + attr
    frame = pd.DataFrame({"score": df["searched"], "label_value": df["searched"],
                          "attr": attr.astype(object)})
    xtab, _ = Group().get_crosstabs(frame, attr_cols=["attr"])
    return Bias().get_disparity_major_group(xtab, original_df=frame)


def engines(df: pd.DataFrame, strata: list[str], repeat: int) -> dict[str, float]:
    out: dict[str, float] = {}
    try:
        import polars as pl

        pdf = pl.DataFrame({
            "race": df["race"].astype(str).to_numpy(),
            "area": df["area"].astype(str).to_numpy(),
            "searched": df["searched"].to_numpy(),
        }).with_columns(pl.col("race").cast(pl.Categorical), pl.col("area").cast(pl.Categorical))
        keys = [*strata, "race"]
        out["polars group-by"] = best_of(
            lambda: pdf.group_by(keys).agg(pl.col("searched").sum(), pl.len()), repeat)
        out["equitylab on polars"] = best_of(lambda: ours(pdf, strata), repeat)
    except ImportError:
        pass
    try:
        import duckdb

        con = duckdb.connect()
        con.register("src", df.assign(race=df["race"].astype(str), area=df["area"].astype(str)))
        con.execute("create table stops as select * from src")
        rel = con.table("stops")
        keys = ", ".join([*strata, "race"])
        out["duckdb group-by"] = best_of(
            lambda: con.sql(f"select {keys}, sum(searched), count(*) from stops "
                            f"group by {keys}").fetchall(), repeat)
        out["equitylab on duckdb"] = best_of(lambda: ours(rel, strata), repeat)
    except ImportError:
        pass
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100k rows only")
    parser.add_argument("--skip-slow", action="store_true", help="no fairlearn/aequitas")
    parser.add_argument("--out", default="benchmarks/results/measures.json")
    args = parser.parse_args()
    sizes = [100_000] if args.quick else [1_000_000, 10_000_000]
    results = []
    for rows in sizes:
        df = synthetic(rows)
        for label, strata in (("by group", []), ("by area x group", ["area"])):
            repeat = 5 if rows <= 1_000_000 else 3
            row = {"rows": rows, "task": label}
            row["bare pandas group-by"] = best_of(lambda df=df, s=strata: bare(df, s), repeat)
            row["equitylab (pandas)"] = best_of(lambda df=df, s=strata: ours(df, s), repeat)
            if not args.skip_slow and rows <= 1_000_000:
                for name, fn in (("fairlearn MetricFrame", fairlearn_frame),
                                 ("aequitas", aequitas_audit)):
                    try:
                        row[name] = best_of(lambda fn=fn, df=df, s=strata: fn(df, s), 1)
                    except ImportError:
                        row[name] = float("nan")
            if rows >= 1_000_000:
                row.update(engines(df, strata, repeat))
            results.append(row)
            print(json.dumps({k: (round(v, 4) if isinstance(v, float) else v)
                              for k, v in row.items()}), flush=True)
    probe = ("import time, pandas; t = time.perf_counter(); "
             "import equitylab, equitylab.measures, equitylab.explain; "
             "print(time.perf_counter() - t)")
    extra = min(float(subprocess.run([sys.executable, "-c", probe], check=True,
                                     capture_output=True, text=True).stdout)
                for _ in range(5))
    meta = {
        "python": platform.python_version(), "pandas": pd.__version__,
        "numpy": np.__version__, "machine": platform.machine(),
        "import_equitylab_extra_seconds": round(extra, 3),
    }
    print(json.dumps(meta))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"meta": meta, "results": results}, indent=2))


if __name__ == "__main__":
    main()
