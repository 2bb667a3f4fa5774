"""Lab 6: every kind of bad input gives a specific message in the widget, never a traceback,
and the session stays usable (a good file loads straight afterwards)."""

from __future__ import annotations

from pathlib import Path

import pytest

from equitylab.labs import byod as model
from equitylab.userdata import DataProblem, read_csv_path
from equitylab.widgets import byod

FILES = Path(__file__).parent / "files"
GOOD = FILES / "synthetic_grants_individual.csv"

# file, mapping to choose after loading (None: the problem shows on loading), words expected
CASES = [
    ("empty.csv", None, "is empty (0 bytes)"),
    ("header_only.csv", None, "no rows of data"),
    ("semicolon.csv", None, "seems to use semicolon (;) between values, not commas"),
    ("latin1.csv", None, "is not UTF-8 text"),
    ("no_header.csv", None, "looks like data, not column names"),
    ("ragged_rows.csv", None, "has 4 values but the header row names 2 columns"),
    ("workbook.csv", None, "looks like an Excel workbook"),
    ("no_groups.csv", None, "Every row is missing a value in the group column 'race'"),
    ("outcome_not_binary.csv", None, "should say whether each person had the outcome: 0 or 1"),
    ("non_numeric_counts.csv", dict(denominator="stops"),
     "should hold counts, but row 3 holds 'ten': text, not a number"),
    ("negative_counts.csv", dict(denominator="stops"), "row 2 holds '-5': a negative number"),
    ("events_exceed_people.csv", dict(denominator="stops"),
     "Row 2 (group 'Black') has more in 'searched'"),
]


def _message(app) -> str:
    return app.message.value.replace("&#x27;", "'")


@pytest.mark.parametrize(("name", "mapping", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_gives_a_specific_message_and_the_app_recovers(name, mapping, expected):
    app = byod.byod_app()
    app.load_path(str(FILES / name))
    if mapping:
        app.set_mapping("race", "searched", **mapping)
    text = _message(app)
    assert expected in text
    assert 'role="alert"' in app.message.value
    assert "Traceback" not in text and app.analysis is None
    assert app.table.value == "" and app.chart.value == ""
    # the session is still usable
    assert app.load_path(str(GOOD))
    app.direction.value = "favourable"
    assert app.analysis is not None and "<table" in app.table.value
    assert 'role="status"' in app.message.value


def test_unknown_column_names_the_columns_that_exist():
    with pytest.raises(DataProblem, match="no column called 'race'.*race_ethnicity"):
        model.run(FILES / "synthetic_justice_counts.csv", "race", "searches")


def test_group_with_no_people_is_named_and_left_out():
    app = byod.byod_app()
    app.load_path(str(FILES / "group_no_rows.csv"))
    app.set_mapping("race", "searched", denominator="stops")
    assert "Group(s) 'Asian' have no people" in _message(app)
    assert "Asian" not in app.table.value


def test_reference_group_with_no_rows():
    with pytest.raises(DataProblem, match="no rows for the reference group 'Latino'"):
        model.run(FILES / "group_no_rows.csv", "race", "searched", denominator_column="stops",
                 reference="Latino")


def test_a_200_mb_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "huge.csv"
    with big.open("wb") as f:  # a sparse 200 MB file: quick to make, never read
        f.write(b"race,searched\n")
        f.truncate(200 * 1024 * 1024)
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    app = byod.byod_app()
    assert not app.load_path(str(big))
    assert "is 200 MB; the course reads files up to 5 MB" in _message(app)
    assert read == []
    with pytest.raises(DataProblem, match="200 MB"):
        read_csv_path(big)


def test_a_200_mb_upload_is_refused_from_its_metadata():
    app = byod.byod_app()
    app._on_upload({"new": ({"name": "big.csv", "size": 200 * 1024 * 1024,
                             "content": memoryview(b"")},)})
    assert "'big.csv' is 200 MB" in _message(app)


def test_choosing_the_other_separator_or_encoding_fixes_the_file():
    app = byod.byod_app()
    app.load_path(str(FILES / "semicolon.csv"))
    app.direction.value = "adverse"
    app.separator.value = ";"
    assert app.analysis is not None
    app.separator.value = ","
    app.load_path(str(FILES / "latin1.csv"))
    assert app.analysis is None
    app.direction.value = "adverse"
    app.encoding.value = "cp1252"
    assert app.analysis is not None and "Québécois" in app.table.value


def test_missing_path():
    app = byod.byod_app()
    assert not app.load_path("no/such/file.csv")
    assert "There is no file named" in _message(app)
