from __future__ import annotations

import base64
import io
import json
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from equitylab.tool import (
    EXPORT_FORMATS,
    MAX_WORKSHEET_BYTES,
    NewerVersionError,
    Worksheet,
    WorksheetFileError,
    WorksheetStore,
    data_url,
    dumps,
    export_bytes,
    export_name,
    export_worksheet,
    import_worksheet_file,
    keep_upload,
    load,
    load_example,
    participant_folder,
    participant_from_query,
)
from tests.tool.conftest import full_worksheet


def test_participant_folder_is_a_safe_subfolder(tmp_path: Path) -> None:
    assert participant_folder(tmp_path, "Ana María!").parent == tmp_path
    assert participant_folder(tmp_path, "Ana María!").name.startswith("ana-maría-")
    assert participant_folder(tmp_path, "../../etc").parent == tmp_path
    for blank in ("", "   ", "\t\n"):
        with pytest.raises(ValueError, match="Type your name"):
            participant_folder(tmp_path, blank)
    with pytest.raises(ValueError, match="at most 200"):
        participant_folder(tmp_path, "a" * 201)


#: Names that collided or were refused before: other scripts, look-alike separators,
#: traversal, long names that start alike, names with no letter at all.
_NAMES = ["李小龙", "العربية", "Nguyễn Văn A", "Ana María", "ana-maría", "Ana-Maria", "x",
          "..\\x", "..∕x", "．．/x", "../x", "/x", "x/..", "..", ".", "!!", "?", "🙂",
          "a" * 200, "a" * 199 + "b", "CON", "nul", "x\x00y", "x\u202ey", "ｘ", "x ", "X"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=60).filter(str.strip), min_size=2,
                max_size=6,
                unique_by=lambda t: unicodedata.normalize("NFC", t).strip().casefold()))
def test_distinct_names_get_distinct_folders_inside_the_root(names: list[str]) -> None:
    import tempfile

    root = Path(tempfile.mkdtemp())
    folders = [participant_folder(root, n) for n in names]
    assert len(set(folders)) == len(names)
    for f in folders:
        assert f.parent == root and f.name not in ("", ".", "..")
        assert "/" not in f.name and "\\" not in f.name and "\x00" not in f.name
        assert len(f.name.encode("utf-8")) <= 255


def test_every_script_and_trick_name_is_accepted_and_kept_apart(tmp_path: Path) -> None:
    folders = {n: participant_folder(tmp_path, n) for n in _NAMES}
    # "x " and "X" are the name "x" typed again: the same person's folder.
    assert folders["x "] == folders["X"] == folders["x"]
    distinct = {n: f for n, f in folders.items() if n not in ("x ", "X")}
    assert len(set(distinct.values())) == len(distinct)
    for f in folders.values():
        f.mkdir(exist_ok=True)
        assert f.resolve().parent == tmp_path.resolve()
    assert folders["李小龙"].name.startswith("李小龙-")
    assert folders["العربية"].name.startswith("العربية-")


def test_a_folder_from_the_earlier_naming_is_still_found(tmp_path: Path) -> None:
    """Before, "Ana María" had the folder ana-mar-a: it is used where it is, by the first
    plain name that maps to it, and never by a name with slashes or "..", nor by a second
    name once taken."""
    old = tmp_path / "ana-mar-a"
    WorksheetStore(old).save(Worksheet(id="0123456789ab"))
    assert participant_folder(tmp_path, "../ana mar a") != old
    assert participant_folder(tmp_path, "Ana María") == old
    assert participant_folder(tmp_path, "ana maría") == old  # the same name, another case
    assert participant_folder(tmp_path, "Ana-Mar-A") != old  # another name, same old slug
    assert [s.id for s in WorksheetStore(participant_folder(tmp_path, "Ana María")).list()
            ] == ["0123456789ab"]
    # A plain name whose folder is "x" keeps it; "..∕x", which also mapped to x, does not.
    (tmp_path / "x").mkdir()
    assert participant_folder(tmp_path, "..∕x") != tmp_path / "x"
    assert participant_folder(tmp_path, "x") == tmp_path / "x"


@pytest.mark.parametrize(("query", "expected"), [
    ("participant=ana", "ana"), ("x=1&participant=Dana%20B", "Dana B"), ("user=eve", "eve"),
    ("participant=ana&user=eve", "ana"), ("participant=%20&user=eve", "eve"),
    ("participant=%21%21&user=eve", "!!"),
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


# --- exports as bytes, for downloads ---------------------------------------------------

def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_export_bytes_are_what_the_file_holds(tmp_path: Path, fmt: str) -> None:
    ws = full_worksheet()
    name, data = export_bytes(ws, fmt)
    path = export_worksheet(ws, tmp_path, fmt)
    assert name == path.name == export_name(ws, fmt) == f"bus-fare-pilot-abc123def456.{fmt}"
    if fmt == "docx":  # a zip whose entries carry dates: compare what it says
        assert _docx_text(data) == _docx_text(path.read_bytes())
        assert "Answer to 1.1" in _docx_text(data)
    elif fmt == "json":  # the file records when it was written
        assert load(path) == Worksheet.from_dict(json.loads(data)["worksheet"]) == ws
    else:
        assert data == path.read_bytes()
        assert "Answer to 1.1" in data.decode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no partial file left


@pytest.mark.parametrize("title", [
    "../../etc/passwd", "..", "C:\\Windows\\evil.exe", "<script>alert(1)</script>",
    "report.html\x00.exe", "CON", "", "   ", "Ferme d'État – 2027", "公共图书馆", "a" * 300,
    '"quoted" name; filename=x.html',
])
def test_export_names_are_safe_whatever_the_title(title: str) -> None:
    ws = Worksheet()
    ws.metadata.title = title
    for fmt in EXPORT_FORMATS:
        name = export_name(ws, fmt)
        assert re.fullmatch(rf"[a-z0-9]+(-[a-z0-9]+)*-{ws.id}\.{fmt}", name), name
        assert len(name) <= 40 + 1 + len(ws.id) + 5


def test_export_name_never_uses_an_unsafe_id() -> None:
    ws = Worksheet(id="../../x")  # only possible in code: files with such ids are refused
    ws.metadata.title = "Bus"
    assert export_name(ws, "md") == "bus-x.md"


def test_export_bytes_unknown_format() -> None:
    with pytest.raises(ValueError, match="Unknown format 'pdf'"):
        export_bytes(Worksheet(), "pdf")


def test_data_url_decodes_to_the_bytes() -> None:
    name, data = export_bytes(load_example("policy"), "html")
    url = data_url(data, EXPORT_FORMATS["html"])
    head, _, payload = url.partition(",")
    assert head == "data:text/html;base64"
    assert base64.b64decode(payload, validate=True) == data


# --- importing a worksheet file ---------------------------------------------------------

def test_a_downloaded_worksheet_file_imports_on_another_computer(tmp_path: Path) -> None:
    ws = full_worksheet()
    _name, data = export_bytes(ws, "json")
    elsewhere = WorksheetStore(tmp_path / "other computer")
    imported = import_worksheet_file(elsewhere, data, "bus-fare-pilot.json")
    imported.metadata.updated = ws.metadata.updated  # saving sets the date it was saved
    assert imported == ws
    assert elsewhere.load(ws.id).answers == ws.answers
    # Imported where it already is: a copy with an id of its own, the original untouched.
    again = import_worksheet_file(elsewhere, data)
    assert again.id != ws.id and again.answers == ws.answers
    assert len(elsewhere.list()) == 2


def _worksheet_file(**changes: object) -> bytes:
    doc = json.loads(dumps(full_worksheet()))
    for key, value in changes.items():
        doc["worksheet"][key] = value
    return json.dumps(doc).encode()


@pytest.mark.parametrize(("data", "message"), [
    (b"{", "The file mine.json is damaged and cannot be read (invalid JSON at line 1"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "The file mine.json is not a worksheet file: it "
     "is not text."),
    (b'{"name": "a different program\'s file"}', "The file mine.json is not an equitylab "
     "worksheet file."),
    (b" " * (MAX_WORKSHEET_BYTES + 1), "The file mine.json is 5.0 MB, too large to be a "
     "worksheet file (at most 5 MB)."),
    (_worksheet_file(fast_track="yes"), "The file mine.json has an unexpected shape: "
     "worksheet.fast_track should be true or false"),
    (_worksheet_file(id="/../../../escaped"), "The file mine.json has an unexpected shape: id "
     "is '/../../../escaped'"),
])
def test_a_bad_worksheet_file_is_explained_and_changes_nothing(tmp_path: Path, data: bytes,
                                                                message: str) -> None:
    store = WorksheetStore(tmp_path / "ana")
    mine = Worksheet()
    store.save(mine)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    with pytest.raises(WorksheetFileError) as caught:
        import_worksheet_file(store, data, "mine.json")
    assert str(caught.value).startswith(message)
    assert str(caught.value).endswith('Choose the .json file that "Download the worksheet file" '
                                      "saved.")
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert store.load(mine.id) == mine


def test_a_worksheet_file_from_a_newer_version_says_so(tmp_path: Path) -> None:
    doc = json.loads(dumps(Worksheet()))
    doc["schema_version"] = 99
    with pytest.raises(NewerVersionError, match="saved by a newer version"):
        import_worksheet_file(WorksheetStore(tmp_path), json.dumps(doc).encode())
    assert list(tmp_path.iterdir()) == []
