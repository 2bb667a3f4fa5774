"""Every class of bad file, over generated inputs: a specific, short, plain message naming the
column, the row and the value, or a visible notice; never a silent guess, a traceback or API
words. The inputs come from seeded generators (``_cases``), so each class is tried on many
files the examples in the issue never showed.
"""

from __future__ import annotations

import re
import string

import numpy as np
import pandas as pd
import pytest

from equitylab.labs.byod import prepare
from equitylab.userdata import (
    MAX_CELL,
    MAX_COLUMNS,
    MAX_LABEL,
    MAX_NAME,
    DataProblem,
    check_mapping,
    guess_roles,
    read_csv_bytes,
    read_csv_upload,
    type_columns,
)

GROUPS = ["Black", "White", "Asian", "Latino", "Native American", "Two or more", "Other"]
#: Words a participant should never read: code, types, tracebacks.
API_WORDS = re.compile(r"unit=|np\.|int64|float64|dtype|Traceback|Error:|\bNaN\b|<NA>|None\b|"
                       r"\bnan\b|series|DataFrame|\\x[0-9a-f]{2}", re.IGNORECASE)


def _cases(n: int, seed: int) -> list[np.random.Generator]:
    return [np.random.default_rng([seed, i]) for i in range(n)]


def _rows_file(rng: np.random.Generator, n_rows: int | None = None) -> list[list[str]]:
    """A random one-row-per-person file: header, then race and a 0/1 outcome (and a note)."""
    n_rows = n_rows or int(rng.integers(5, 40))
    k = int(rng.integers(2, len(GROUPS) + 1))
    groups = list(rng.choice(GROUPS, k, replace=False))
    rows = [["race", "served", "note"]]
    for i in range(n_rows):
        rows.append([groups[i % k], str(int(rng.integers(0, 2))), f"n{i}"])
    return rows


def _encode(rows: list[list[str]], sep: str = ",") -> bytes:
    return "".join(sep.join(r) + "\n" for r in rows).encode()


def _plain(message: str) -> None:
    """A message a participant can read: a few lines, printable, no code words."""
    assert len(message) <= 700, (len(message), message[:200])
    assert message.isprintable(), message
    assert not API_WORDS.search(message), API_WORDS.search(message)


def _problem(call, *args, **kwargs) -> str:
    with pytest.raises(DataProblem) as err:
        call(*args, **kwargs)
    message = str(err.value)
    _plain(message)
    return message


# --- reading: encodings, binary, quotes, ragged rows, headers ------------------------------

@pytest.mark.parametrize("rng", _cases(24, 1))
def test_utf16_files_are_read_as_they_are(rng: np.random.Generator) -> None:
    rows = _rows_file(rng)
    rows[1][0] = "Métis"  # not ASCII
    sep = str(rng.choice([",", ";", "\t"]))
    text = "".join(sep.join(r) + "\r\n" for r in rows)
    encoding = str(rng.choice(["utf-16", "utf-16-le", "utf-16-be"]))  # with a BOM, or not
    frame = read_csv_upload(text.encode(encoding), name="export.csv")
    assert frame.columns.tolist() == rows[0]
    assert frame["race"].tolist() == [r[0] for r in rows[1:]]


@pytest.mark.parametrize("rng", _cases(24, 2))
def test_binary_files_are_refused_without_echoing_them(rng: np.random.Generator) -> None:
    size = int(rng.integers(64, 20_000))
    data = rng.integers(0, 256, size, dtype=np.uint8).tobytes()
    if rng.random() < 0.5:  # a binary file that happens to start like text
        data = b"race,served\n" + data
    message = _problem(read_csv_upload, data, name="photo.csv")
    assert "binary" in message or "Excel" in message or "cannot be read" in message
    assert not any(chunk in message for chunk in re.findall(r"[ -~]{6,}", data.decode(
        "latin-1")) if chunk not in ("race,served",))


@pytest.mark.parametrize("rng", _cases(20, 3))
def test_an_unclosed_quote_names_its_line(rng: np.random.Generator) -> None:
    rows = _rows_file(rng)
    line = int(rng.integers(2, len(rows) + 1))  # a data line, as numbered in the file
    rows[line - 1][2] = '"' + rows[line - 1][2]
    message = _problem(read_csv_bytes, _encode(rows), name="q.csv")
    assert message.startswith(f"Line {line} of 'q.csv' opens a quotation mark")


@pytest.mark.parametrize("rng", _cases(20, 4))
def test_rows_with_extra_values_are_located(rng: np.random.Generator) -> None:
    rows = _rows_file(rng)
    lines = sorted(set(int(x) for x in rng.integers(2, len(rows) + 1, int(rng.integers(1, 4)))))
    for line in lines:
        rows[line - 1].append("1,200")
    message = _problem(read_csv_bytes, _encode(rows), name="r.csv")
    assert message.startswith(f"Line {lines[0]} of 'r.csv' has 5 values but the header row "
                              "names 3 columns")


@pytest.mark.parametrize("rng", _cases(20, 5))
def test_a_duplicated_header_is_refused_not_renamed(rng: np.random.Generator) -> None:
    rows = _rows_file(rng)
    copy = int(rng.integers(0, 3))
    name = rows[0][copy]
    for r in rows:
        r.append(r[copy])
    if rng.random() < 0.5:
        rows[0][-1] = f" {name} "  # the same name with spaces around it
    message = _problem(read_csv_bytes, _encode(rows), name="d.csv")
    assert f"the same name, '{name}' (columns {copy + 1} and 4)" in message


@pytest.mark.parametrize("width", [MAX_COLUMNS + 1, 2_000, 10_000])
def test_too_many_columns_is_refused_with_a_short_message(width: int) -> None:
    header = ",".join(f"column_{i}" for i in range(width))
    values = ",".join(str(i % 2) for i in range(width))
    message = _problem(read_csv_bytes, f"{header}\n{values}\n".encode(), name="wide.csv")
    assert f"has {width:,} columns; the course reads up to {MAX_COLUMNS:,}" in message


@pytest.mark.parametrize("rng", _cases(12, 6))
def test_overlong_names_are_refused_and_long_cells_cut_with_a_notice(
        rng: np.random.Generator) -> None:
    rows = _rows_file(rng)
    cell = int(rng.integers(2, len(rows) + 1))
    length = int(rng.integers(MAX_CELL + 1, 200_000))
    rows[cell - 1][2] = "x" * length
    frame = read_csv_bytes(_encode(rows), name="long.csv")
    assert frame["note"].str.len().max() == MAX_CELL
    notice = " ".join(frame.attrs["notices"])
    assert f"row {cell} of 'note' ({length:,} characters)" in notice
    _plain(notice)
    rows[0][1] = "y" * int(rng.integers(MAX_NAME + 1, 10_000))
    message = _problem(read_csv_bytes, _encode(rows), name="long.csv")
    assert f"Column 2 of 'long.csv' has a name {len(rows[0][1]):,} characters long" in message


# --- roles: never one column for two roles; number codes offered as groups -----------------

@pytest.mark.parametrize("rng", _cases(16, 7))
def test_roles_never_share_a_column(rng: np.random.Generator) -> None:
    n = int(rng.integers(2, 30))
    cols: dict[str, list[str]] = {}
    for j in range(int(rng.integers(1, 30))):
        kind = rng.integers(0, 4)
        name = f"{rng.choice(['race', 'group', 'x', 'count', 'n'])}_{j}"
        if kind == 0:
            cols[name] = [str(v) for v in rng.integers(0, 2, n)]
        elif kind == 1:
            cols[name] = [str(v) for v in rng.integers(0, 5000, n)]
        elif kind == 2:
            cols[name] = list(rng.choice(GROUPS, n))
        else:
            cols[name] = [f"{v:.2f}" for v in rng.random(n)]
    roles = guess_roles(type_columns(pd.DataFrame(cols)))
    chosen = [c for c in (roles.group, roles.outcome, roles.denominator) if c]
    assert len(chosen) == len(set(chosen)), roles


@pytest.mark.parametrize("rng", _cases(12, 8))
def test_group_codes_stored_as_numbers_are_offered_as_groups(rng: np.random.Generator) -> None:
    k = int(rng.integers(2, 9))
    n = int(rng.integers(k + 1, 60))
    t = pd.DataFrame({"race_code": [str(1 + i % k) for i in range(n)],
                      "served": [str(v) for v in rng.integers(0, 2, n)]})
    roles = guess_roles(type_columns(t))
    assert "race_code" in roles.groups and roles.group == "race_code"
    assert roles.outcome == "served"
    data, _ = check_mapping(t, "race_code", "served")
    assert data["group"].nunique() == k


# --- counts and outcomes: every bad value named by row and value ---------------------------

BAD_COUNTS = [("ten", "text, not a number"), ("12.5", "a number that is not whole"),
              ("0.25", "a number that is not whole"), ("-5", "a negative number"),
              ("n.a.", "text, not a number"), ("1e30", "a number too large to count"),
              ("3 people", "text, not a number"), ("7/8", "text, not a number")]


@pytest.mark.parametrize("rng", _cases(32, 9))
def test_bad_counts_are_named_by_row_and_value(rng: np.random.Generator) -> None:
    n = int(rng.integers(3, 30))
    people = [str(v) for v in rng.integers(50, 500, n)]
    events = [str(int(p) // 3) for p in people]
    value, what = BAD_COUNTS[int(rng.integers(len(BAD_COUNTS)))]
    rows = sorted(set(int(x) for x in rng.integers(0, n, int(rng.integers(1, 5)))))
    column = str(rng.choice(["events", "people"]))
    target = events if column == "events" else people
    for r in rows:
        target[r] = value
    t = pd.DataFrame({"race": [GROUPS[i % 3] for i in range(n)], "events": events,
                      "people": people})
    message = _problem(check_mapping, t, "race", "events", "people")
    assert message.startswith(f"Column '{column}' should hold counts, but row {rows[0] + 2} "
                              f"holds '{value}'")
    assert f": {what}." in message
    # the lab says the same
    assert _problem(prepare, t, "race", "events", denominator="people") == message


@pytest.mark.parametrize("rng", _cases(24, 10))
def test_text_in_an_outcome_is_named_by_row_and_value(rng: np.random.Generator) -> None:
    rows = _rows_file(rng)
    t = pd.DataFrame(rows[1:], columns=rows[0])
    bad = sorted(set(int(x) for x in rng.integers(0, len(t), int(rng.integers(1, 6)))))
    values = ["maybe", "2", "N/K", "yes please", "0.5", "?"]
    for r in bad:
        t.loc[r, "served"] = str(rng.choice(values))
    message = _problem(check_mapping, t, "race", "served")
    first = bad[0]
    assert f"but row {first + 2} holds '{t.loc[first, 'served']}'" in message
    if len(bad) > 3:
        assert f"({len(bad)} rows in all)" in message


@pytest.mark.parametrize("rng", _cases(24, 11))
def test_more_events_than_people_is_refused_in_the_lab_and_the_tool(
        rng: np.random.Generator) -> None:
    from equitylab.tool import analyse

    n = int(rng.integers(2, 12))
    people = rng.integers(20, 400, n)
    events = people // 2
    over = int(rng.integers(0, n))
    events[over] = people[over] + int(rng.integers(1, 500))
    t = pd.DataFrame({"race": [f"G{i % 4}" for i in range(n)], "visits": events,
                      "people": people})
    lab = _problem(prepare, t, "race", "visits", denominator="people")
    tool = _problem(analyse, t, "visits", "race", denominator="people")
    assert lab == tool
    first = int(np.flatnonzero(events > people)[0])
    assert lab.startswith(f"Row {first + 2} (group 'G{first % 4}') has more in 'visits' "
                          f"({events[first]:,}) than in 'people' ({people[first]:,})")


# --- groups: one group, spellings, overlong names ------------------------------------------

@pytest.mark.parametrize("rng", _cases(16, 12))
def test_one_group_says_two_are_needed(rng: np.random.Generator) -> None:
    from equitylab.tool import typed_upload

    only = str(rng.choice(GROUPS))
    spell = [only, only.upper() if rng.random() < 0.5 else f" {only}"]
    n = int(rng.integers(2, 30))
    t = pd.DataFrame({"race": [spell[i % 2] for i in range(n)],
                      "served": [str(i % 2) for i in range(n)]})
    message = _problem(prepare, t, "race", "served")
    assert f"Column 'race' has only one group ('{only}'), and two are needed" in message
    if t["race"].str.strip().nunique() == 1:
        upload = _problem(typed_upload, t, name="one.csv")
        assert "only one group in 'race'" in upload and "two are needed" in upload


@pytest.mark.parametrize("rng", _cases(12, 13))
def test_spellings_that_differ_only_in_capitals_or_spaces(rng: np.random.Generator) -> None:
    from equitylab.tool import analyse

    base = list(rng.choice(GROUPS, 3, replace=False))
    variant = base[0]
    forms = [variant, variant.lower(), f" {variant.upper()}", variant.replace(" ", "  ")]
    forms = list(dict.fromkeys(forms))[: int(rng.integers(2, len(dict.fromkeys(forms)) + 1))]
    race = [forms[i % len(forms)] for i in range(60)] + [base[1]] * 40 + [base[2]] * 40
    served = [str(v) for v in rng.integers(0, 2, len(race))]
    t = pd.DataFrame({"race": race, "served": served})
    refused = _problem(prepare, t, "race", "served", direction="adverse", merge_spellings=False)
    assert "differ only in capitals or spaces" in refused and f"'{forms[1].strip()}'" in refused
    merged = prepare(t, "race", "served", direction="adverse")
    groups = set(merged.counts.table["group"])
    assert groups == {variant, base[1], base[2]}
    notice = " ".join(merged.notices)
    assert "differ only in capitals or spaces" in notice and "turn off" in notice
    _plain(notice)
    item = analyse(t, "served", "race")  # the tool: merged, and its note says so
    assert "differ only in capitals or spaces" in item.notes
    assert set(item.groups) <= {variant, base[1], base[2]}


@pytest.mark.parametrize("rng", _cases(8, 14))
def test_overlong_group_names_are_refused(rng: np.random.Generator) -> None:
    rows = _rows_file(rng)
    line = int(rng.integers(2, len(rows) + 1))
    rows[line - 1][0] = "Z" * int(rng.integers(MAX_LABEL + 1, MAX_CELL))
    t = read_csv_bytes(_encode(rows))
    message = _problem(check_mapping, t, "race", "served")
    assert f"row {line} holds 'ZZZ" in message


def test_the_direction_is_asked_for_not_assumed() -> None:
    from equitylab.tool import analyse

    t = pd.DataFrame({"race": ["A", "B"] * 20, "card": ["1", "0", "0", "1"] * 10})
    assert "Choose under Direction" in _problem(analyse, t, "card", "race", direction=None)
    assert "bad (adverse) or good" in _problem(prepare, t, "race", "card", direction=None)


def test_messages_are_plain_for_letters_of_every_kind() -> None:
    # a control character or a long value in a message is shown short and printable
    t = pd.DataFrame({"race": ["A", "B", "A"], "n": ["1", "x\x07" + "y" * 500, "3"],
                      "e": ["1", "1", "1"]})
    message = _problem(check_mapping, t, "race", "e", "n")
    assert "'x?yyyy" in message and "(502 characters)" in message
    assert set(message) <= set(string.printable) | {"…"}


@pytest.mark.parametrize("rng", _cases(8, 15))
def test_the_tools_first_choice_never_uses_one_column_twice(rng: np.random.Generator) -> None:
    from equitylab.tool import candidate_columns, default_columns, typed_upload

    n = int(rng.integers(6, 40))
    t = pd.DataFrame({"race": [str(1 + i % 3) for i in range(n)],
                      "visits": [str(v) for v in rng.integers(0, 9, n)]}, dtype=object)
    group, outcome = default_columns(candidate_columns(typed_upload(t, name="codes.csv")))
    assert group == "race" and outcome == "visits"
