from __future__ import annotations

import json
from pathlib import Path

import pytest

from equitylab.tool import (
    EXPORT_FORMATS,
    Worksheet,
    export_worksheet,
    keep_upload,
    load,
    participant_folder,
    participant_from_query,
)


def test_participant_folder_is_a_safe_subfolder(tmp_path: Path) -> None:
    assert participant_folder(tmp_path, "Ana María!") == tmp_path / "ana-mar-a"
    assert participant_folder(tmp_path, "../../etc") == tmp_path / "etc"
    with pytest.raises(ValueError, match="at least one letter or digit"):
        participant_folder(tmp_path, " !? ")


@pytest.mark.parametrize(("query", "expected"), [
    ("participant=ana", "ana"), ("x=1&participant=Dana%20B", "Dana B"), ("user=eve", "eve"),
    ("participant=ana&user=eve", "ana"), ("participant=%21%21&user=eve", "eve"),
    ("", None), ("participant=", None), ("other=ana", None),
])
def test_participant_from_query(query: str, expected: str | None) -> None:
    assert participant_from_query(query) == expected


def test_keep_upload_replaces_the_file_and_leaves_no_partial(tmp_path: Path) -> None:
    folder = tmp_path / "ana" / "uploads"
    assert keep_upload(folder, "data.csv", b"a,b\n1,2\n") == folder / "data.csv"
    keep_upload(folder, "data.csv", b"a\n3\n")
    assert (folder / "data.csv").read_bytes() == b"a\n3\n"
    assert [p.name for p in folder.iterdir()] == ["data.csv"]


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_export_worksheet_names_the_file_after_title_and_id(tmp_path: Path, fmt: str) -> None:
    ws = Worksheet()
    ws.metadata.title = "Bus fares: 2027!"
    ws.set_answer("1.1", "Free fares for students.")
    path = export_worksheet(ws, tmp_path / "exports", fmt)
    assert path == tmp_path / "exports" / f"bus-fares-2027-{ws.id}.{fmt}"
    assert path.stat().st_size > 0
    if fmt == "json":
        assert load(path) == ws
        assert json.loads(path.read_text(encoding="utf-8"))["worksheet"]["id"] == ws.id
    elif fmt in ("html", "md"):
        assert "Free fares for students." in path.read_text(encoding="utf-8")


def test_export_worksheet_untitled_and_unknown_format(tmp_path: Path) -> None:
    ws = Worksheet()
    assert export_worksheet(ws, tmp_path, "md").name == f"worksheet-{ws.id}.md"
    with pytest.raises(ValueError, match="Unknown format 'pdf'"):
        export_worksheet(ws, tmp_path, "pdf")
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".md"]
