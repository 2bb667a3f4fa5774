from __future__ import annotations

import pandas as pd
import pytest

from equitylab.tool import default_columns, parse_number, reference_groups, split_lines


def test_split_lines_drops_blank_lines_and_spaces() -> None:
    assert split_lines("") == []
    assert split_lines(" Ana\r\n\t\nBen Li \n") == ["Ana", "Ben Li"]


@pytest.mark.parametrize(("text", "expected"), [
    ("12.5", 12.5), (" 1,200 ", 1200.0), ("-3", -3.0), ("1e3", 1000.0), ("", None),
    ("   ", None), (7, 7.0),
])
def test_parse_number(text: object, expected: float | None) -> None:
    assert parse_number(text, "Baseline") == expected


def test_parse_number_names_the_field() -> None:
    with pytest.raises(ValueError, match="^Target must be a number"):
        parse_number("about ten", "Target")


def test_default_columns_prefer_race_and_a_yes_no_outcome() -> None:
    cols = {"group": ["ward", "owner_race_ethnicity", "race"],
            "outcome": ["applications", "awarded"], "denominator": ["applications"]}
    assert default_columns(cols) == ("owner_race_ethnicity", "awarded")


def test_default_columns_fall_back_in_order() -> None:
    # No race column, no preferred outcome, every outcome also a denominator.
    assert default_columns({"group": ["ward", "sex"], "outcome": ["stops"],
                            "denominator": ["stops"]}) == ("ward", "stops")
    assert default_columns({"group": [], "outcome": [], "denominator": []}) == (None, None)
    # A preferred outcome that is a count (also a denominator) is not preferred.
    assert default_columns({"group": ["g"], "outcome": ["awarded", "hired"],
                            "denominator": ["awarded"]}) == ("g", "hired")


def test_reference_groups_sorted_text_without_missing_values() -> None:
    frame = pd.DataFrame({"g": [3, 1, None, 2, 1, 10]})
    # Sorted as text (as they appear in the dropdown), not as numbers.
    assert reference_groups(frame, "g") == ["1.0", "10.0", "2.0", "3.0"]
    frame = pd.DataFrame({"g": [f"group {i:02d}" for i in range(40)]})
    assert reference_groups(frame, "g", limit=3) == ["group 00", "group 01", "group 02"]
    assert len(reference_groups(frame, "g")) == 30
