"""A participant's own file: read, type, guess roles; shared by lab 6 and the tool."""

from __future__ import annotations

import pandas as pd
import pytest

from equitylab.userdata import (
    DataProblem,
    as_counts,
    as_flags,
    guess_roles,
    read_csv_upload,
    safe_csv_name,
    type_columns,
)


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
    with pytest.raises(DataProblem, match="'empty.csv' is empty"):
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


# --- the one ingestion path: type columns, guess roles, check a chosen column -------------

def _raw(**columns: list) -> pd.DataFrame:
    return pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()})


def test_type_columns_keeps_the_input_and_its_attrs() -> None:
    raw = _raw(race=[" A", "B"], hit=["Y", "n"], n=["1,000", "20"], rate=["0.5", "1"])
    raw.attrs["dataset"] = "x"
    typed = type_columns(raw)
    assert [str(d) for d in typed.dtypes] == ["string", "boolean", "Int64", "string"]
    assert typed["race"].tolist() == ["A", "B"] and typed["n"].tolist() == [1000, 20]
    assert typed.attrs == {"dataset": "x"} and raw["n"].tolist() == ["1,000", "20"]


def test_guess_roles_for_one_row_per_person() -> None:
    typed = type_columns(_raw(id=[f"p{i}" for i in range(30)], district=["x", "y"] * 15,
                              race_ethnicity=["A", "B", "C"] * 10, awarded=["1", "0"] * 15))
    roles = guess_roles(typed)
    assert roles.groups == ["district", "race_ethnicity"]  # ids have too many values
    assert (roles.group, roles.outcome, roles.denominator) == ("race_ethnicity", "awarded", "")


def test_guess_roles_for_a_table_of_counts() -> None:
    roles = guess_roles(type_columns(_raw(race=["A", "B"], stops=["300", "400"],
                                          searches=["45", "30"])))
    assert (roles.group, roles.outcome, roles.denominator) == ("race", "searches", "stops")
    assert roles.outcomes == ["stops", "searches"] and roles.denominators == ["stops", "searches"]


def test_guess_roles_falls_back_to_a_column_even_when_empty() -> None:
    roles = guess_roles(type_columns(_raw(race=[None, None], searched=["1", "0"])))
    assert (roles.group, roles.outcome) == ("race", "searched")


def test_as_flags_and_as_counts_name_the_problem() -> None:
    with pytest.raises(DataProblem, match="should say whether each person had the outcome"):
        as_flags(pd.Series(["1", "2", "maybe"]), "searched")
    with pytest.raises(DataProblem, match="row 3 holds 'ten': text, not a number"):
        as_counts(pd.Series(["45", "ten"]), "searched")
    with pytest.raises(DataProblem, match=r"row 2 holds '-5': a negative number"):
        as_counts(pd.Series(["-5", "30"]), "searched")
    assert as_counts(pd.Series([" 1,200 ", ""]), "n").tolist() == [1200.0, pd.NA]


def test_the_tool_and_lab_6_read_a_file_the_same_way() -> None:
    from equitylab.tool import candidate_columns, typed_upload

    raw = _raw(race=["A", "B", "A"], hit=["yes", "no", "1"], n=["3", "4", "5"])
    typed = typed_upload(raw, name="f.csv")
    pd.testing.assert_frame_equal(typed, type_columns(raw), check_flags=False)
    roles = guess_roles(typed)
    assert candidate_columns(typed) == {"group": roles.groups, "outcome": roles.outcomes,
                                        "denominator": roles.denominators}


def test_the_tool_refuses_more_events_than_people_as_lab_6_does() -> None:
    from equitylab.labs.byod import prepare
    from equitylab.tool import analyse

    t = pd.DataFrame({"race": ["A", "B"], "visits": [450, 300], "people": [300, 400]})
    with pytest.raises(DataProblem) as tool_err:
        analyse(t, "visits", "race", denominator="people", reference="B")
    with pytest.raises(DataProblem) as lab_err:
        prepare(t, "race", "visits", denominator="people")
    assert str(tool_err.value) == str(lab_err.value)
    assert str(tool_err.value).startswith("Row 2 (group 'A') has more in 'visits' (450)")
    share = analyse(t.assign(visits=[45, 30]), "visits", "race", denominator="people")
    assert share.per == 100 and share.table.columns[3] == "Rate"


@pytest.mark.parametrize("value", ["inf", "-inf", "Infinity", "nan", "NaN0"])
def test_infinity_and_not_a_number_are_not_counts(value):
    with pytest.raises(DataProblem, match=rf"row 3 holds '{value}': text, not a number"):
        as_counts(pd.Series(["4", value, "5"]), "people")
