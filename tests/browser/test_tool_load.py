"""The room load check (benchmarks/tool_load.py) works, and catches what it must catch.

The full check (30 participants) is a benchmark, run by hand; here it runs with two
participants, one in Chromium and one as a protocol client, so its machinery is tested
on every ``make test``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from equitylab.tool import Worksheet, WorksheetStore

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import tool_load  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("preheat", [0, 2], ids=["kernels-on-arrival", "preheated"])
def test_small_room_opens_types_saves_and_verifies(tmp_path: Path, preheat: int) -> None:
    # Preheated: the app is built before anyone arrives, and must still learn who each
    # participant is from their address and keep their worksheets apart.
    out = tmp_path / "load.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "tool_load.py"), "--sessions", "2",
         "--browsers", "1", "--preheat", str(preheat), "--timeout", "150",
         "--json", str(out)],
        capture_output=True, text=True, timeout=200, check=False)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    summary = json.loads(out.read_text())
    assert summary["verified_files"] == 2 and summary["problems"] == []
    assert summary["preheated_sessions"] == preheat
    # Six answers each, and each took at least the app's 1 s pause before saving.
    assert summary["saves_measured"] == 12
    assert summary["change_to_saved_s_median"] >= 1.0
    assert summary["kernels_seen"] == 2 and summary["kernel_mib_mean"] > 50


def _sheet(folder: Path, name: str, answers: dict[str, str], title: str) -> None:
    ws = Worksheet()
    ws.metadata.title = title
    for qid, text in answers.items():
        ws.answers[qid] = text
    WorksheetStore(folder / name).save(ws)


def test_verify_catches_missing_swapped_and_extra_files(tmp_path: Path) -> None:
    names = ["p00", "p01", "p02", "p03"]
    mine = {n: {q: tool_load.answer_text(n, q) for q in tool_load.STEP_QUESTIONS}
            for n in names}
    _sheet(tmp_path, "p00", mine["p00"], "Worksheet of p00")          # right
    _sheet(tmp_path, "p01", mine["p02"], "Worksheet of p01")          # someone else's answers
    second = Worksheet()
    second.metadata.title = "another"
    _sheet(tmp_path, "p02", mine["p02"], "Worksheet of p02")
    WorksheetStore(tmp_path / "p02").save(second)                     # two files
    records = {n: {"ok": True, "saves": []} for n in names}          # p03: no file at all
    verified, problems = tool_load.verify(tmp_path, records)
    assert verified == 1
    assert [p.split(":")[0] for p in problems] == ["p01", "p02", "p03"]


def test_find_widgets_names_what_the_page_lacks() -> None:
    states = {"a": {"state": {"_model_name": "TextModel", "description": "Title"}}}
    with pytest.raises(LookupError, match="status"):
        tool_load.find_widgets(states)


def test_a_participant_who_times_out_is_reported_as_such() -> None:
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    async def never_saved(record: dict, deadline: float) -> None:
        raise TimeoutError  # what asyncio.wait_for raises: no message at all

    record: dict = {"deadline": 0.0}
    # In its own thread: this process's Playwright may already run an event loop here.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, tool_load._participant(never_saved, record=record)).result()
    assert record["error"] == "TimeoutError"
