"""The tool app under faults: a read-only or full disk, a damaged file, a read-only root, and
the same worksheet open in two tabs. Every fault gives a plain message with what to do,
keeps the work, and never raises out of a button."""

from __future__ import annotations

import errno
import html
from pathlib import Path

import pytest

from equitylab import tool
from equitylab.tool import _session, _storage
from equitylab.widgets import equity_tool

_CODE = ("Errno", "equitylab.", "load(", ".tmp", "Traceback", "codec", "Save under a new name")


def _shown(app) -> str:
    from equitylab.widgets._runtime import widget_tree

    return html.unescape(" ".join(str(w.value) for w in widget_tree(app)
                                  if isinstance(getattr(w, "value", None), str)))


def _fail(monkeypatch, target, name: str, code: int) -> None:
    def refuse(*_args, **_kwargs):
        raise OSError(code, "system words", "/srv/ws/ana/.w.json.bak.k_5mhzh8.tmp")

    monkeypatch.setattr(target, name, refuse)


@pytest.mark.parametrize(("code", "words"), [(errno.EROFS, "read-only"),
                                             (errno.ENOSPC, "disk is full")])
def test_a_save_that_fails_keeps_the_work_and_says_what_to_do(tmp_path: Path, monkeypatch,
                                                              code: int, words: str) -> None:
    app = equity_tool(tmp_path, participant="Ana", save_delay=0)
    with monkeypatch.context() as m:
        _fail(m, _storage.tempfile, "mkstemp", code)
        app.answers["1.1"].value = "Typed while the disk refused."
        assert "Not saved" in app.status.value
        message = html.unescape(app.files_message.value)
        assert words in message and "download the worksheet file" in message
        assert not [c for c in _CODE if c in _shown(app)]
        assert app.worksheet.answer("1.1") == "Typed while the disk refused."
        # The download still carries the work.
        app.tabs.selected_index = len(app.tabs.children) - 1
        assert "Typed while the disk refused." in str(tool.export_bytes(app.worksheet, "json"))
        assert 'download="' in app.downloads.value
    app.answers["1.1"].value = "Typed while the disk refused. And after."
    assert "Saved" in app.status.value
    assert tool.load(app.store.path_for(app.worksheet)).answer("1.1").endswith("And after.")


def test_exporting_into_a_full_or_read_only_folder_never_raises(tmp_path: Path,
                                                                monkeypatch) -> None:
    app = equity_tool(tmp_path, participant="Ana", save_delay=0)
    for code in (errno.EROFS, errno.ENOSPC):
        with monkeypatch.context() as m:
            _fail(m, _session, "_replace", code)
            assert app.export("html") is None
            text = html.unescape(app.export_message.value)
            assert "download links above still work" in text
            assert not [c for c in _CODE if c in text]


def test_the_app_opens_under_a_read_only_root(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "shared"
    real_mkdir = Path.mkdir

    def mkdir(self, *args, **kwargs):
        if self == root or root in self.parents:
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    app = equity_tool(root, participant="Ana", save_delay=0)
    assert app.main.layout.display is None and app.store is not None
    message = html.unescape(app.files_message.value)
    assert "read-only" in message and "download the worksheet file" in message
    app.answers["1.1"].value = "Kept for the session."
    assert "Saved" in app.status.value
    assert not [c for c in _CODE if c in _shown(app)]


def test_a_damaged_worksheet_opens_its_previous_version(tmp_path: Path) -> None:
    app = equity_tool(tmp_path, participant="Ana", save_delay=0)
    app.answers["1.1"].value = "The saved answer."
    app.answers["1.2"].value = "A second answer."  # a backup holding 1.1 exists now
    path = app.store.path_for(app.worksheet)
    path.write_bytes(b"\xff\x00 damaged")
    app.open_path(path)
    message = html.unescape(app.files_message.value)
    assert "damaged" in message and "previous version is open now" in message
    assert not [c for c in _CODE if c in message]
    assert app.answers["1.1"].value == "The saved answer."
    assert app.store.path_for(app.worksheet) != path
    assert path.read_bytes() == b"\xff\x00 damaged"  # left as it is


def test_the_same_worksheet_in_two_tabs_never_loses_either_side(tmp_path: Path) -> None:
    tab1 = equity_tool(tmp_path, participant="ana", save_delay=0)
    tab2 = equity_tool(tmp_path, participant="ana", save_delay=0)  # ?participant=ana twice
    path = tab1.store.path_for(tab1.worksheet)
    assert tab2.store.path_for(tab2.worksheet) == path
    tab1.answers["1.1"].value = "Typed in tab 1."
    assert "Saved" in tab1.status.value
    tab2.answers["1.1"].value = "Typed in tab 2."
    # Tab 2 does not say "Saved", does not overwrite, and asks.
    assert "Saved" not in tab2.status.value
    assert tool.load(path).answer("1.1") == "Typed in tab 1."
    assert tab2.conflict_box.layout.display is None
    assert "another tab or window" in html.unescape(tab2.conflict_message.value)
    tab2.answers["1.2"].value = "More typed in tab 2."  # still asks, still keeps it
    assert tool.load(path).answer("1.1") == "Typed in tab 1."
    tab2.use_mine_button.click()
    assert tool.load(path).answer("1.2") == "More typed in tab 2."
    texts = {s.title: tool.load(s.path).answer("1.1") for s in tab2.store.list()}
    assert sorted(texts.values()) == ["Typed in tab 1.", "Typed in tab 2."]
    assert "other version" in html.unescape(tab2.files_message.value)
    # Tab 1 now finds the file changed under it: it asks too, and keeps both.
    tab1.answers["1.3"].value = "Tab 1 again."
    assert tab1.conflict_box.layout.display is None
    tab1.keep_both_button.click()
    assert tab1.conflict_box.layout.display == "none"
    assert "Saved" in tab1.status.value
    answers = sorted((tool.load(s.path).answer("1.1"), tool.load(s.path).answer("1.3"))
                     for s in tab1.store.list())
    assert answers == [("Typed in tab 1.", ""), ("Typed in tab 1.", "Tab 1 again."),
                       ("Typed in tab 2.", "")]
    assert tool.load(path).answer("1.2") == "More typed in tab 2."
