"""equitylab.escape: each format's escape, over generated text (no renderer needed here;
tests/browser/test_export_payloads.py renders every export in Chromium)."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from equitylab.escape import (
    CSV_CELL_LIMIT,
    LABEL_LIMIT,
    bound,
    csv_bytes,
    csv_cell,
    html_text,
    md_text,
    strip_invalid,
    xml_text,
)

_FORMULA = tuple("=+-@\t\r\n＝＋－＠")
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_TEXT = st.lists(st.sampled_from(list("=+-@\t\r\n ;,\"'<>[]()|`*_#!:&\\aZ9.")
                                 + ["javascript:", "<script>", "＝", "\x00"]),
                 max_size=12).map("".join)


@settings(max_examples=80, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=5))
def test_no_csv_cell_starts_a_formula_with_either_separator(cells: list[str]) -> None:
    data = csv_bytes(pd.DataFrame({"text": cells, "n": range(len(cells))})).decode("utf-8")
    for delimiter in (",", ";"):
        for row in csv.reader(io.StringIO(data), delimiter=delimiter):
            for cell in row:
                assert not cell.lstrip(" ").startswith(_FORMULA) or _numbers(cell), cell
    back = pd.read_csv(io.StringIO(data), keep_default_na=False, dtype={"text": str})
    assert back["n"].tolist() == list(range(len(cells)))  # numbers stay numbers
    for typed, read in zip(cells, back["text"], strict=True):
        # Only apostrophes are added (and characters no text file holds removed).
        assert _plain(read) == _plain(strip_invalid(typed))


def _numbers(cell: str) -> bool:
    """A cell of plain numbers (what a comma-decimal spreadsheet sees of "-9,0")."""
    return all(_NUMBER.fullmatch(part) for part in cell.split(","))


def _plain(text: str) -> str:
    return text.replace("'", "").replace("\r\n", "\n").replace("\r", "\n").strip(" ")


def test_csv_numbers_stay_and_long_cells_are_cut_with_a_notice() -> None:
    assert csv_cell("-12.5") == "-12.5" and csv_cell(-3) == -3
    assert csv_cell("-1+1") == "'-1+1" and csv_cell(" @x") == "' @x"
    long = csv_cell("x" * 100_000)
    assert len(long) < CSV_CELL_LIMIT and "cut: 100,000 characters" in long


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_markdown_text_has_no_raw_markup(text: str) -> None:
    out = md_text(text)
    assert "<" not in out.replace("<br>", "") and ">" not in out.replace("<br>", "")
    for char in "[]()`*_|!#~":
        assert all(out[i - 1] == "\\" for i, c in enumerate(out) if c == char)
    assert not re.search(r"(?i)javascript:", out)
    assert "\n" not in out and "\r" not in out


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_html_and_xml_text_hold_no_markup(text: str) -> None:
    for out in (html_text(text), xml_text(text)):
        assert "<" not in out and ">" not in out
    assert '"' not in html_text(text)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", xml_text(text))


def test_bound_cuts_long_labels_with_an_ellipsis() -> None:
    label = bound("A" * 1_000_000)
    assert len(label) == LABEL_LIMIT and label.endswith("…")
    assert bound("Asian") == "Asian"
