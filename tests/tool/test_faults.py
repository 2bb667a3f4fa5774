"""Crashed saves, disk faults, damaged files and two tabs on one worksheet (storage level)."""

from __future__ import annotations

import errno
import os
import tempfile
import time
from pathlib import Path

import pytest

from equitylab.tool import (
    Worksheet,
    WorksheetConflictError,
    WorksheetFileError,
    WorksheetStore,
    fault_message,
    load,
    remove_stale_temporary_files,
)

#: What a no-code participant must never be shown.
_CODE = ("Errno", "equitylab.", "load(", ".tmp", "Traceback", "codec", "Save under a new name")


def _old(path: Path, seconds: float = 3600) -> Path:
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_stale_temporary_files_of_interrupted_saves_are_removed_on_open(tmp_path: Path) -> None:
    store = WorksheetStore(tmp_path)
    ws = Worksheet()
    live = store.save(ws)
    store.save(ws)  # a backup too
    # What a save killed half-way leaves: its own temporary file names (tempfile.mkstemp).
    stale = []
    for prefix in (f".{live.name}.", f".{live.name}.bak."):
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=tmp_path)
        os.close(fd)
        stale.append(_old(Path(name)))
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / ".report.html.part").write_text("half")
    stale.append(_old(tmp_path / "exports" / ".report.html.part"))
    # What must stay: a save in progress (young), the live file and its backup, files that
    # are not ours, and a link named like ours.
    fd, young = tempfile.mkstemp(prefix=f".{live.name}.", suffix=".tmp", dir=tmp_path)
    os.close(fd)
    others = [tmp_path / "notes.tmp.txt", tmp_path / ".hidden.tmp"]
    others[0].write_text("mine")
    others[1].write_text("mine")
    _old(others[0])
    _old(others[1])
    target = tmp_path / "target.json"
    target.write_text("{}")
    link = tmp_path / f".{live.name}.abcdefgh.tmp"
    link.symlink_to(target)
    before = {p.name for p in tmp_path.iterdir()}

    WorksheetStore(tmp_path)  # the app opens the folder

    after = {p.name for p in tmp_path.iterdir()}
    assert before - after == {p.name for p in stale if p.parent == tmp_path}
    assert not (tmp_path / "exports" / ".report.html.part").exists()
    assert {live.name, live.name + ".bak", Path(young).name, link.name, "notes.tmp.txt",
            ".hidden.tmp", "target.json"} <= after
    assert load(live) == ws and target.read_text() == "{}"


def test_cleaning_a_read_only_folder_raises_nothing(tmp_path: Path, monkeypatch) -> None:
    fd, name = tempfile.mkstemp(prefix=".w.json.", suffix=".tmp", dir=tmp_path)
    os.close(fd)
    _old(Path(name))

    def refuse(_path: str) -> None:
        raise OSError(errno.EROFS, "Read-only file system", _path)

    monkeypatch.setattr(os, "unlink", refuse)
    assert remove_stale_temporary_files(tmp_path) == []
    assert Path(name).exists()


@pytest.mark.parametrize(("code", "words"), [
    (errno.EROFS, "read-only"), (errno.EACCES, "read-only"), (errno.ENOSPC, "disk is full"),
    (errno.EDQUOT, "disk is full"), (errno.ENAMETOOLONG, "too long"),
    (errno.EIO, "input/output error"),
])
def test_fault_messages_are_plain_words(code: int, words: str) -> None:
    err = OSError(code, os.strerror(code), "/srv/ws/ana/.w.json.bak.k_5mhzh8.tmp")
    text = fault_message(err, "Your worksheet could not be saved")
    assert words in text and text.startswith("Your worksheet could not be saved: ")
    assert not [c for c in _CODE if c in text] and "/srv" not in text
    codec = UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
    assert "codec" not in fault_message(codec, "Not read")


def test_a_damaged_file_names_its_backup_without_code(tmp_path: Path) -> None:
    store = WorksheetStore(tmp_path)
    ws = Worksheet()
    path = store.save(ws)
    store.save(ws)
    path.write_bytes(b"\xff\xfe garbage")
    with pytest.raises(WorksheetFileError) as caught:
        load(path)
    assert f"{path.name}.bak" in str(caught.value)
    assert not [c for c in _CODE if c in str(caught.value)]
    with pytest.raises(WorksheetFileError) as caught:
        store.save(ws)
    assert not [c for c in _CODE if c in str(caught.value)]
    assert path.read_bytes() == b"\xff\xfe garbage"  # never saved over


def test_a_file_changed_elsewhere_is_never_saved_over(tmp_path: Path) -> None:
    """Two tabs: each has its own store (as each app has). The second save finds the file
    changed since it read it, writes nothing, and hands over the other version."""
    tab1, tab2 = WorksheetStore(tmp_path), WorksheetStore(tmp_path)
    ws = Worksheet()
    ws.set_answer("1.1", "first")
    path = tab1.save(ws)
    mine, theirs = tab1.load(path), tab2.load(path)
    theirs.set_answer("1.1", "typed in tab 2")
    tab2.save(theirs)
    mine.set_answer("1.1", "typed in tab 1")
    with pytest.raises(WorksheetConflictError) as caught:
        tab1.save(mine)
    assert load(path).answer("1.1") == "typed in tab 2"  # not overwritten
    # "Use mine": the other version is kept as a worksheet of its own first.
    other = tab1.keep_other_version(caught.value)
    assert other is not None and other.id != mine.id
    assert other.answer("1.1") == "typed in tab 2" and "other version" in other.metadata.title
    tab1.save(mine, overwrite=True)
    answers = sorted(s.title for s in tab1.list())
    assert len(answers) == 2
    assert load(path).answer("1.1") == "typed in tab 1"
    assert tab1.load(other.id).answer("1.1") == "typed in tab 2"
    # Saving again from tab 1 is fine (it wrote the file last); tab 2 is now the one asked.
    tab1.save(mine)
    with pytest.raises(WorksheetConflictError):
        tab2.save(theirs)
