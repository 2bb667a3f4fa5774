"""Reading a participant's CSV without asking them about separators or encodings."""

from __future__ import annotations

import pytest

from equitylab.userdata import DataProblem, read_csv_upload, safe_csv_name


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_the_separator_is_found_from_the_header(sep: str) -> None:
    data = sep.join(["race", "served", "note"]).encode() + b"\n"
    data += sep.join(["Black", "1", "\"a, b; c\""]).encode() + b"\n"
    frame = read_csv_upload(data, name="x.csv")
    assert frame.columns.tolist() == ["race", "served", "note"]
    assert frame["note"].tolist() == ["a, b; c"]


def test_windows_latin_1_is_read_and_utf8_with_a_bom_too() -> None:
    text = "groupe;servi\nMétis;oui\n"
    assert read_csv_upload(text.encode("cp1252"))["groupe"].tolist() == ["Métis"]
    assert read_csv_upload(text.encode("utf-8-sig")).columns.tolist() == ["groupe", "servi"]


def test_problems_are_the_same_plain_messages_as_lab_6() -> None:
    with pytest.raises(DataProblem, match="looks like an Excel workbook"):
        read_csv_upload(b"PK\x03\x04rest", name="book.xlsx")
    with pytest.raises(DataProblem, match="empty.csv is empty"):
        read_csv_upload(b"", name="empty.csv")


@pytest.mark.parametrize(("name", "saved"), [
    ("grants.csv", "grants.csv"),
    ("Grants 2024 (final).csv", "Grants-2024-final.csv"),
    ("../../../home/ben/x.csv", "x.csv"),
    ("..\\ben\\x.csv", "x.csv"),
    (".hidden.csv", "hidden.csv"),
    ("data.txt", "data.txt.csv"),
    ("", "upload.csv"),
    ("ünïcode.csv", "n-code.csv"),
    ("a" * 100 + ".csv", "a" * 60 + ".csv"),
])
def test_safe_names_stay_in_the_uploads_folder(name: str, saved: str) -> None:
    assert safe_csv_name(name) == saved
