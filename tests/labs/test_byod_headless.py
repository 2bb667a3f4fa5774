"""Lab 6 headless: separator and encoding parameters, and on any bad file a plain message and
a non-zero exit, never a traceback (generated bad files through :func:`byod.run`; the
command itself, which runs papermill, is tested in test_byod_papermill.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from equitylab.labs import byod
from equitylab.labs.headless import BAD_INPUT, main
from equitylab.userdata import MAX_COLUMNS, DataProblem

GOOD = "race;served\nBlack;1\nWhite;0\nBlack;0\nWhite;1\n"


def _bad_files(seed: int) -> list[tuple[str, bytes, dict[str, str]]]:
    """A generated set of bad files, one of each kind, with values drawn at random."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 30))
    rows = "".join(f"{['Black', 'White', 'Asian'][i % 3]},{i % 2}\n" for i in range(n))
    line = int(rng.integers(2, n + 2))
    lines = rows.splitlines(keepends=True)
    quoted = "".join('"' + x if i == line - 2 else x for i, x in enumerate(lines))
    ragged = "".join(x.rstrip("\n") + ",9\n" if i == line - 2 else x
                     for i, x in enumerate(lines))
    counts = "".join(f"G{i % 3},{rng.integers(1, 40)},{rng.integers(40, 90)}\n"
                     for i in range(n))
    bad_count = str(rng.choice(["ten", "2.5", "-3", "n/k"]))
    c_lines = counts.splitlines(keepends=True)
    c_lines[line - 2] = f"G9,{bad_count},50\n"
    return [
        ("empty", b"", {}),
        ("binary", rng.integers(0, 256, int(rng.integers(100, 5000)), dtype=np.uint8)
         .tobytes(), {}),
        ("workbook", b"PK\x03\x04" + rng.bytes(200), {}),
        ("utf16 wrong separator", ("race\tserved\n" + rows.replace(",", "\t")).encode(
            "utf-16"), {"separator": "semicolon"}),
        ("unclosed quote", ("race,served\n" + quoted).encode(), {}),
        ("extra value", ("race,served\n" + ragged).encode(), {}),
        ("semicolons", ("race;served\n" + rows.replace(",", ";")).encode(), {}),
        ("latin-1", ("race,served\n" + rows.replace("Black", "Métis")).encode("cp1252"), {}),
        ("duplicated header", ("race,served,race\n" + rows.replace("\n", ",x\n")).encode(),
         {}),
        ("one group", ("race,served\n" + "".join(f"Black,{i % 2}\n" for i in range(n)))
         .encode(), {}),
        ("text in outcome", ("race,served\n" + rows.replace(",1\n", ",maybe\n", 1)).encode(),
         {}),
        ("bad count", ("race,events,people\n" + "".join(c_lines)).encode(),
         {"outcome_column": "events", "denominator_column": "people"}),
        ("more events than people", ("race,events,people\n" + "".join(
            f"G{i % 3},{90 + i},{40 + i}\n" for i in range(n))).encode(),
         {"outcome_column": "events", "denominator_column": "people"}),
        ("too many columns", (",".join(f"c{i}" for i in range(MAX_COLUMNS + 1 + n)) + "\n"
                              + ",".join("1" * (MAX_COLUMNS + 1 + n)) + "\n").encode(), {}),
        ("unknown separator", ("race,served\n" + rows).encode(), {"separator": "colon"}),
        ("unknown encoding", ("race,served\n" + rows).encode(), {"encoding": "ebcdic"}),
        ("no direction", ("race,served\n" + rows).encode(), {"direction": ""}),
    ]


@pytest.mark.parametrize("seed", range(6))
def test_every_bad_file_ends_in_a_plain_message(seed: int, tmp_path: Path) -> None:
    for kind, data, options in _bad_files(seed):
        path = tmp_path / f"{seed}.csv"
        path.write_bytes(data)
        params = {"outcome_column": "served", **options}
        outcome = params.pop("outcome_column")
        with pytest.raises(DataProblem) as err:
            byod.run(path, "race", outcome, **params)
        message = str(err.value)
        assert len(message) < 700 and message.isprintable(), kind
        assert "Traceback" not in message and "unit=" not in message, kind
        assert "under Separator" not in message and "under Encoding" not in message, kind


def test_the_separator_and_encoding_parameters_read_the_file(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_bytes(GOOD.encode("cp1252"))
    with pytest.raises(DataProblem, match="with the separator parameter"):
        byod.run(path, "race", "served")
    for sep in (";", "semicolon", "Semicolon"):
        result = byod.run(path, "race", "served", separator=sep, encoding="windows")
        assert set(result.comparison.wide["group"]) == {"Black", "White"}


def test_the_command_checks_its_parameters_before_running() -> None:
    assert main(["out.ipynb", "-p", "data_path", "x.csv", "-p", "colour", "red"]) == BAD_INPUT
    assert main(["out.ipynb", "-p", "data_path", "x.csv"]) == BAD_INPUT
