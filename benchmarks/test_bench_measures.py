"""pytest-benchmark version of bench_measures.py (reports; not part of `make test`).

    PYTHONPATH=. .venv-bench/bin/pytest benchmarks/test_bench_measures.py -o addopts=""
"""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_measures import aequitas_audit, bare, fairlearn_frame, ours  # noqa: E402
from measures_data import synthetic  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))


@pytest.fixture(scope="module")
def data():
    return synthetic(ROWS)


@pytest.mark.parametrize("strata", [[], ["area"]], ids=["by-group", "by-area-x-group"])
def test_equitylab(benchmark, data, strata):
    benchmark.group = f"{ROWS} rows {'area x group' if strata else 'group'}"
    table = benchmark(ours, data, strata)
    assert len(table)


@pytest.mark.parametrize("strata", [[], ["area"]], ids=["by-group", "by-area-x-group"])
def test_bare_pandas(benchmark, data, strata):
    benchmark.group = f"{ROWS} rows {'area x group' if strata else 'group'}"
    benchmark(bare, data, strata)


@pytest.mark.parametrize("strata", [[], ["area"]], ids=["by-group", "by-area-x-group"])
def test_fairlearn(benchmark, data, strata):
    pytest.importorskip("fairlearn")
    benchmark.group = f"{ROWS} rows {'area x group' if strata else 'group'}"
    benchmark.pedantic(fairlearn_frame, args=(data, strata), rounds=1, iterations=1)


@pytest.mark.parametrize("strata", [[], ["area"]], ids=["by-group", "by-area-x-group"])
def test_aequitas(benchmark, data, strata):
    pytest.importorskip("aequitas")
    benchmark.group = f"{ROWS} rows {'area x group' if strata else 'group'}"
    benchmark.pedantic(aequitas_audit, args=(data, strata), rounds=1, iterations=1)
