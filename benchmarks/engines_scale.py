"""The full disparity table on 100 million rows: DuckDB, Polars and Spark side by side.

Reported, not a timed test. One run writes a SYNTHETIC Parquet file (area x group, a 0/1
outcome) into a temporary folder, then measures, each case in a fresh Python process (so
that its peak memory is its own):

- ``equitylab.measures.disparities`` on the file's path (scanned by DuckDB), against DuckDB's
  own group-by of the same counts;
- the same on a Polars LazyFrame (``scan_parquet``), against Polars' own lazy group-by;
- the same on a Spark DataFrame (local mode, all cores), against Spark's own group-by;
- pandas on 10 million rows, for contrast (the frame already in memory, as pandas needs).

Time: the best of the repeats after a first (cold) run, which is reported too. Memory: the
process's peak resident set (for Spark, the Python driver plus the JVM's peak). The load
average before and after is recorded: the machine is shared.

Run from the repository with the course's environment (polars, duckdb and pyspark are in
requirements-test.txt), niced::

    nice -n 10 .venv/bin/python benchmarks/engines_scale.py

Writes ``benchmarks/results/engines_scale.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "engines_scale.json"
AREAS = 40
GROUPS = ["Asian", "Black", "Latino", "Native", "White", "Multiracial"]
# Synthetic per-group outcome rates, per thousand (any values would do; these differ).
RATES = [60, 150, 110, 170, 75, 95]
ENGINES = ("duckdb", "polars", "spark", "pandas")


def write_parquet(path: Path, rows: int) -> None:
    """Write ``rows`` SYNTHETIC rows (area, race, outcome) with DuckDB, in bounded memory."""
    import duckdb

    groups = "[" + ", ".join(f"'{g}'" for g in GROUPS) + "]"
    rates = "[" + ", ".join(map(str, RATES)) + "]"
    # hash() spreads the row number; every 997th row has no group (reported as excluded).
    sql = f"""
        COPY (
          SELECT 'Area ' || lpad(CAST(hash(i) % {AREAS} AS VARCHAR), 2, '0') AS area,
                 CASE WHEN i % 997 = 0 THEN NULL
                      ELSE {groups}[1 + CAST(hash(i * 31) % {len(GROUPS)} AS INTEGER)] END
                   AS race,
                 CAST(hash(i * 17) % 1000 < {rates}[1 + CAST(hash(i * 31) % {len(GROUPS)}
                   AS INTEGER)] AS TINYINT) AS outcome
          FROM range({rows}) t(i)
        ) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)
    """
    with duckdb.connect() as con:
        con.execute("SET threads = 2")
        con.execute(sql)


def _spark():
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[*]").appName("equitylab-bench")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "4")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _jvm_peak_mib(spark) -> float | None:
    """Peak resident memory of Spark's JVM (VmHWM), in MiB."""
    try:
        pid = spark.sparkContext._gateway.proc.pid
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (AttributeError, OSError):
        return None
    return None


def child(engine: str, how: str, path: str, repeats: int) -> dict:
    """Run one case in this process; return its timings and peak memory."""
    from equitylab import measures

    t0 = time.perf_counter()
    spark = None
    if engine == "duckdb":
        import duckdb

        con = duckdb.connect()
        own_sql = ("SELECT area, race, count(*) AS rows, sum(outcome) AS events, "
                   f"count(outcome) AS n FROM read_parquet('{path}') GROUP BY area, race")

        def own():
            return con.sql(own_sql).fetchall()

        def ours():
            return measures.disparities(path, "race", "outcome", strata="area",
                                        reference="White")
    elif engine == "polars":
        import polars as pl

        def own():
            return (pl.scan_parquet(path).group_by(["area", "race"])
                    .agg(pl.len().alias("rows"), pl.col("outcome").sum().alias("events"),
                         pl.col("outcome").count().alias("n")).collect())

        def ours():
            return measures.disparities(pl.scan_parquet(path), "race", "outcome",
                                        strata="area", reference="White")
    elif engine == "spark":
        from pyspark.sql import functions as F

        spark = _spark()

        def own():
            return (spark.read.parquet(path).groupBy("area", "race")
                    .agg(F.count("*").alias("rows"), F.sum("outcome").alias("events"),
                         F.count("outcome").alias("n")).collect())

        def ours():
            return measures.disparities(spark.read.parquet(path), "race", "outcome",
                                        strata="area", reference="White")
    else:  # pandas: the frame must be in memory first
        import duckdb

        with duckdb.connect() as con:
            frame = con.sql(f"SELECT * FROM read_parquet('{path}')").df()
        load = time.perf_counter() - t0

        def own():
            return frame.groupby(["area", "race"], dropna=False)["outcome"].agg(
                ["size", "sum", "count"])

        def ours():
            return measures.disparities(frame, "race", "outcome", strata="area",
                                        reference="White")
    setup = time.perf_counter() - t0
    fn = own if how == "own" else ours
    times = []
    for _ in range(repeats + 1):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    result = {
        "engine": engine, "how": how, "first_s": round(times[0], 3),
        "best_s": round(min(times[1:]), 3), "runs_s": [round(t, 3) for t in times],
        "setup_s": round(setup, 3), "result_rows": len(out),
        "python_peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if engine == "pandas":
        result["load_into_pandas_s"] = round(load, 3)
    if spark is not None:
        jvm = _jvm_peak_mib(spark)
        result["jvm_peak_mib"] = round(jvm, 1) if jvm is not None else None
        spark.stop()
    result["peak_mib"] = round(result["python_peak_mib"] + (result.get("jvm_peak_mib") or 0), 1)
    return result


def run_case(engine: str, how: str, path: Path, repeats: int) -> dict:
    cmd = [sys.executable, __file__, "--child", engine, how, str(path), "--repeats", str(repeats)]
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False,
                          cwd=HERE.parent)
    if done.returncode != 0:
        return {"engine": engine, "how": how, "error": done.stderr[-2000:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def versions() -> dict:
    import importlib.metadata as md

    out = {"python": platform.python_version()}
    for name in ("narwhals", "duckdb", "polars", "pyspark", "pandas", "numpy"):
        try:
            out[name] = md.version(name)
        except md.PackageNotFoundError:
            out[name] = None
    java = shutil.which("java")
    if java:
        v = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
        out["java"] = (v.stderr or v.stdout).splitlines()[0]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--pandas-rows", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--spark-repeats", type=int, default=2)
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "HOW", "PATH"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child, repeats=args.repeats)))
        return
    load_before = os.getloadavg()
    folder = Path(tempfile.mkdtemp(prefix="equitylab-bench-"))
    try:
        big, small = folder / "big.parquet", folder / "pandas.parquet"
        t = time.perf_counter()
        write_parquet(big, args.rows)
        write_s = time.perf_counter() - t
        if "pandas" in args.engines:
            write_parquet(small, args.pandas_rows)
        cases = []
        for engine in args.engines:
            path = small if engine == "pandas" else big
            repeats = args.spark_repeats if engine == "spark" else args.repeats
            for how in ("own", "equitylab"):
                case = run_case(engine, how, path, repeats)
                case["rows"] = args.pandas_rows if engine == "pandas" else args.rows
                print(json.dumps(case), flush=True)
                cases.append(case)
        file_mib = big.stat().st_size / 2**20
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    summary = {}
    for engine in args.engines:
        own = next(c for c in cases if c["engine"] == engine and c["how"] == "own")
        ours = next(c for c in cases if c["engine"] == engine and c["how"] == "equitylab")
        if "error" in own or "error" in ours:
            summary[engine] = {"error": True}
            continue
        summary[engine] = {
            "rows": ours["rows"],
            "equitylab_best_s": ours["best_s"], "own_groupby_best_s": own["best_s"],
            "ratio_to_own": round(ours["best_s"] / own["best_s"], 2),
            "equitylab_peak_mib": ours["peak_mib"],
        }
    checks = {}
    if "duckdb" in summary and "ratio_to_own" in summary["duckdb"]:
        checks["duckdb_within_1_5x"] = summary["duckdb"]["ratio_to_own"] <= 1.5
        checks["duckdb_under_1_gb"] = summary["duckdb"]["equitylab_peak_mib"] < 1024
    if "polars" in summary and "ratio_to_own" in summary["polars"]:
        checks["polars_within_1_5x"] = summary["polars"]["ratio_to_own"] <= 1.5
    report = {
        "what": "equitylab.measures.disparities (full table: estimates, differences, ratios, "
                "intervals, tests, suppression) by area x group on a SYNTHETIC Parquet file, "
                "against each engine's own group-by of the same counts",
        "data": {"rows": args.rows, "areas": AREAS, "groups": len(GROUPS),
                 "parquet_mib": round(file_mib, 1), "write_s": round(write_s, 1),
                 "synthetic": True},
        "machine": {"cpus": os.cpu_count(), "memory_gib": round(
            os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "shared": "2 cores shared with other work; run with nice -n 10"},
        "versions": versions(),
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "summary": summary,
        "checks": checks,
        "cases": cases,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({"summary": summary, "checks": checks}, indent=2))


if __name__ == "__main__":
    main()
