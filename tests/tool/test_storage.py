from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from equitylab.tool import (
    SCHEMA_VERSION,
    NewerVersionError,
    Worksheet,
    WorksheetFileError,
    WorksheetStore,
    dumps,
    load,
    migrate,
    save,
)
from tests.tool.conftest import full_worksheet

DATA = Path(__file__).with_name("data")
ROOT = Path(__file__).resolve().parents[2]


def test_save_load_exactly(tmp_path: Path, full: Worksheet) -> None:
    path = save(full, tmp_path / "w.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == "equitylab-worksheet" and doc["schema_version"] == SCHEMA_VERSION
    assert load(path) == full
    assert load(path).to_dict() == full.to_dict()


def test_previous_version_is_kept_as_backup(tmp_path: Path) -> None:
    ws = full_worksheet()
    path = tmp_path / "w.json"
    save(ws, path)
    assert not path.with_name("w.json.bak").exists()
    ws.set_answer("1.1", "second version")
    save(ws, path)
    backup = load(path.with_name("w.json.bak"))
    assert backup.answer("1.1") == "Answer to 1.1\nsecond line"
    assert load(path).answer("1.1") == "second version"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_corrupted_file_clear_message_and_backup_intact(tmp_path: Path) -> None:
    ws = full_worksheet()
    path = tmp_path / "w.json"
    save(ws, path)
    ws.set_answer("1.1", "latest")
    save(ws, path)
    backup = path.with_name("w.json.bak")
    backup_bytes = backup.read_bytes()
    path.write_text(path.read_text(encoding="utf-8")[:200], encoding="utf-8")  # torn file
    with pytest.raises(WorksheetFileError, match=r"damaged.*w\.json\.bak"):
        load(path)
    damaged = path.read_bytes()
    with pytest.raises(WorksheetFileError, match="Not saving over"):
        save(ws, path)
    assert path.read_bytes() == damaged
    assert backup.read_bytes() == backup_bytes
    assert load(backup).answer("1.1") == "Answer to 1.1\nsecond line"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "damaged"),
        (b"\xff\xfe\x00garbage", "damaged"),
        (b'{"hello": 1}', "not an equitylab worksheet"),
        (b'{"format": "equitylab-worksheet", "schema_version": "two", "worksheet": {}}',
         "schema_version"),
        (b'{"format": "equitylab-worksheet", "schema_version": 2, "worksheet": {"x": 1}}',
         "unexpected shape"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "w.json"
    path.write_bytes(content)
    with pytest.raises(WorksheetFileError, match=message):
        load(path)


def test_newer_version_is_refused_and_untouched(tmp_path: Path) -> None:
    doc = json.loads(dumps(full_worksheet()))
    doc["schema_version"] = SCHEMA_VERSION + 1
    path = tmp_path / "w.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(NewerVersionError, match="newer version.*Update equitylab"):
        load(path)
    with pytest.raises(WorksheetFileError):
        save(Worksheet(), path)
    assert path.read_bytes() == before
    assert not path.with_name("w.json.bak").exists()


def test_migration_from_version_1(tmp_path: Path) -> None:
    ws = load(DATA / "worksheet-v1.json")
    assert ws.id == "v1sheet00001"
    assert ws.metadata.title == "Library Sunday hours" and ws.metadata.kind == "budget"
    assert ws.metadata.team == ["Ana", "Ben", "Chidi"]
    assert ws.fast_track is True
    assert ws.affected_groups == ["Families with young children"]
    assert ws.engagement[0].level == "collaborate"
    table = ws.evidence[0].table
    assert table.columns == ["Group", "Rate"] and table.caption == "Awards by race"
    assert table.rows == [["White", "20.0%"], ["Asian", "suppressed (1–10)"]]
    assert [(m.kind, m.target_date) for m in ws.measures] == [
        ("performance measure", "2027-12-31"), ("population indicator", "")]
    assert ws.measures[0].baseline == 0.0
    # Saving writes the current version; the migrated worksheet reloads identically.
    path = save(ws, tmp_path / "w.json")
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == SCHEMA_VERSION
    assert load(path) == ws


def test_migrate_rejects_missing_version() -> None:
    with pytest.raises(WorksheetFileError, match="schema_version"):
        migrate({"format": "equitylab-worksheet", "worksheet": {}})


def test_store_lists_imports_and_exports(tmp_path: Path) -> None:
    store = WorksheetStore(tmp_path / "ana")
    ws = full_worksheet()
    path = store.save(ws)
    assert path.name == "bus-fare-pilot-abc123def456.json"
    ws.metadata.title = "Renamed"
    assert store.save(ws) == path  # same file after a rename: no duplicates
    (store.folder / "junk.json").write_text("{", encoding="utf-8")
    listed = {s.path.name: s for s in store.list()}
    assert listed[path.name].title == "Renamed"
    assert "damaged" in listed["junk.json"].error
    assert store.load(ws.id) == ws

    exported = store.export(ws, tmp_path / "out" / "shared.json")
    other = WorksheetStore(tmp_path / "ben")
    imported = other.import_file(exported)
    assert imported == ws  # a fresh folder keeps the id
    again = other.import_file(exported)
    assert again.id != ws.id  # importing twice never overwrites
    assert len([p for p in other.folder.glob("*.json")]) == 2
    with pytest.raises(WorksheetFileError, match="not an equitylab"):
        other.import_text('{"a": 1}')


_SAVE_LOOP = """
import sys
from equitylab.tool import Worksheet, save
ws = Worksheet()
ws.metadata.title = "loop"
path = sys.argv[1]
for i in range(100000):
    ws.answers["1.1"] = ("x" * 400000) + str(i)
    ws.answers["2.1"] = str(i)
    save(ws, path)
    print(i, flush=True)
"""


def test_atomic_save_survives_kill_mid_write(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    last = -1
    for delay in (0.0, 0.013, 0.031):
        proc = subprocess.Popen([sys.executable, "-c", _SAVE_LOOP, str(path)],
                                stdout=subprocess.PIPE, text=True, env=env)
        assert proc.stdout is not None
        for _ in range(3):  # let a few saves complete, so the kill lands inside a save loop
            line = proc.stdout.readline()
            assert line, "the save loop died on its own"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        rest = proc.stdout.read()
        done = [int(x) for x in (line + rest).split()]
        ws = load(path)  # never torn
        i = int(ws.answer("2.1"))
        assert ws.answer("1.1") == "x" * 400000 + str(i)
        assert i >= max(done)  # the last completed save is there (or one in flight)
        assert load(path.with_name("w.json.bak")).metadata.title == "loop"
        last = i
    assert last >= 0


def test_migration_from_version_2_puts_chart_bars_on_the_per_scale() -> None:
    # Version 2 stored bars per person; version 3 stores them as measures gives them.
    bar = {"group": "A", "estimate": 0.15, "lower": 0.1, "upper": None, "n": 40.0,
           "events": 6.0}
    doc = {"format": "equitylab-worksheet", "schema_version": 2, "worksheet": {
        "evidence": [{"per": 1000.0, "chart": [bar]}, {"chart": [dict(bar)]}, {"table": {}}]}}
    out = migrate(doc)
    assert out["schema_version"] == 3
    first, second, third = out["worksheet"]["evidence"]
    assert first["chart"][0]["estimate"] == pytest.approx(150.0)
    assert first["chart"][0]["lower"] == pytest.approx(100.0)
    assert first["chart"][0]["upper"] is None and first["chart"][0]["n"] == 40.0
    assert second["chart"][0]["estimate"] == pytest.approx(15.0)  # per defaults to 100
    assert third == {"table": {}}
    assert doc["worksheet"]["evidence"][0]["chart"][0]["estimate"] == 0.15  # input untouched


def test_in_the_browser_a_save_replaces_the_file_without_rename_or_truncation(tmp_path,
                                                                              monkeypatch):
    """JupyterLite's drive lost saves renamed over a file and hung on truncating one."""
    import equitylab.tool._storage as storage

    ws = Worksheet()
    path = tmp_path / "w.json"
    storage.save(ws, path)
    monkeypatch.setattr(storage.sys, "platform", "emscripten")
    renamed: list[object] = []
    monkeypatch.setattr(storage.os, "replace", lambda *a: renamed.append(a))
    ws.set_answer("1.1", "Second save")
    storage.save(ws, path)
    ws.set_answer("1.1", "Third save")
    storage.save(ws, path)
    assert renamed == []
    assert storage.load(path).answer("1.1") == "Third save"
    assert storage.load(path.with_name("w.json.bak")).answer("1.1") == "Second save"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.json", "w.json.bak"]
