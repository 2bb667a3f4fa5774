"""A generated sweep of bad files through every entry point: lab 6's model, the headless run
(small-file path and the engine path of large files) and the tool's upload path.

Each class of issue 14's bad files (items 5-8) is generated in many variants: column names
in several scripts, columns in any order among others, separators, encodings, sizes, and
the fault at any row. Every entry point must either refuse the file with a short plain
message naming the column (and, for a bad row, its number and value), or read it with a
visible notice; never a traceback, never a silent guess. The engine path must say what the
small-file path says.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from equitylab import tool
from equitylab.labs import byod
from equitylab.userdata import (
    MAX_CELL,
    MAX_COLUMNS,
    MAX_LABEL,
    DataProblem,
    read_csv_bytes,
    read_csv_upload,
    show,
)

#: Column names in several scripts, with spaces and punctuation.
GROUP_NAMES = ["race", "Race / ethnicity", "raza", "種族", "العرق", "group code", "grupo_étnico"]
OUTCOME_NAMES = ["served", "was searched", "aprobado", "結果", "نتيجة", "outcome (0/1)"]
PEOPLE_NAMES = ["people", "stops", "población", "人数"]
GROUPS = ["Black", "White", "Asian", "Latino", "Native American", "Métis", "Two or more"]
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
ENCODINGS = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "utf-16": "utf-16", "cp1252": "windows"}
#: What a participant must never read.
CODE_WORDS = re.compile(r"Traceback|Error:|unit=|np\.|int64|float64|dtype|\bNaN\b|<NA>|"
                        r"(?-i:\bNone\b)|\bnan\b|DataFrame|duckdb|polars|\\x[0-9a-f]{2}",
                        re.IGNORECASE)


@dataclass
class Case:
    """One generated file, the mapping a participant would choose and what must happen."""

    kind: str
    rows: list[list[str]]
    group: str
    outcome: str
    people: str = ""
    expect: str = "refused"  # "refused", "notice" or "ok"
    says: list[str] = field(default_factory=list)  # words every message/notice must hold
    sep: str = ","
    encoding: str = "utf-8"
    raw: bytes | None = None  # bytes that are not rows of text (binary, UTF-16 damage)

    @property
    def chosen_sep(self) -> str:
        """The separator a participant chooses: the file's, or a comma when it is wrong."""
        return "," if self.kind == "wrong separator" else self.sep

    def data(self) -> bytes:
        if self.raw is not None:
            return self.raw
        text = "".join(self.sep.join(_quoted(v, self.sep) for v in r) + "\n"
                       for r in self.rows)
        return text.encode(self.encoding)


def _quoted(value: str, sep: str) -> str:
    return f'"{value}"' if sep in value and not value.startswith('"') else value


def _file(rng: np.random.Generator, *, counts: bool = False, n: int | None = None,
          groups: list[str] | None = None) -> tuple[list[list[str]], int, int, int]:
    """A random file: the group, outcome (and people) columns among 0-3 others, any order.

    Returns the rows (header first) and the positions of the group, outcome and people
    columns (-1 for none).
    """
    n = n or int(rng.integers(6, 60))
    groups = groups or list(rng.choice(GROUPS, int(rng.integers(2, 6)), replace=False))
    names = [str(rng.choice(GROUP_NAMES)), str(rng.choice(OUTCOME_NAMES))]
    if counts:
        names.append(str(rng.choice(PEOPLE_NAMES)))
    extra = [f"note {i}" for i in range(int(rng.integers(0, 4)))]
    order = list(rng.permutation(len(names) + len(extra)))
    header = [""] * len(order)
    for pos, name in zip(order, names + extra, strict=True):
        header[pos] = name
    rows = [header]
    for i in range(n):
        row = [f"x{i}"] * len(header)
        row[order[0]] = groups[i % len(groups)]
        if counts:
            people = int(rng.integers(20, 500))
            row[order[1]], row[order[2]] = str(int(rng.integers(0, people))), str(people)
        else:
            row[order[1]] = str(int(rng.integers(0, 2)))
        rows.append(row)
    return rows, order[0], order[1], order[2] if counts else -1


def _case(kind: str, rng: np.random.Generator) -> Case:  # noqa: PLR0915 - one branch a class
    counts = kind in ("text count", "fraction count", "negative count", "huge count",
                      "events above people")
    rows, g, o, p = _file(rng, counts=counts)
    header = rows[0]
    case = Case(kind, rows, header[g], header[o], header[p] if p >= 0 else "")
    at = int(rng.integers(1, len(rows)))  # the row at fault (0 is the header)
    line = at + 1  # as a spreadsheet numbers it, the header being row 1
    if kind == "text outcome":
        rows[at][o] = str(rng.choice(["maybe", "n/a?", "2", "sí", "ja", "¿?", "=1+2",
                                      "<b>1</b>", "ye\x07s", "1" * 300]))
        case.says = [show(header[o]), f"row {line} holds {show(rows[at][o])}"]
    elif kind in ("text count", "fraction count", "negative count", "huge count"):
        col = int(rng.choice([o, p]))
        rows[at][col] = str(rng.choice({
            "text count": ["ten", "12 people", "n/k", "inf", "—"],
            "fraction count": ["2.5", "0.25", "12.75", "1e-3"],
            "negative count": ["-3", "-1"],
            "huge count": ["1e16", "99999999999999999"],
        }[kind]))
        if col == o:  # keep events within people, so that only the count is at fault
            rows[at][p] = rows[at][p] if kind != "negative count" else "50"
        case.says = [show(header[col]), f"row {line} holds {show(rows[at][col])}"]
    elif kind == "events above people":
        rows[at][o] = str(int(rows[at][p]) + int(rng.integers(1, 50)))
        case.says = [f"Row {line}", show(header[o]), show(header[p])]
    elif kind == "one group":
        only = str(rng.choice(GROUPS))
        for r in rows[1:]:
            r[g] = only
        case.says = [show(only), "two are needed"]
    elif kind == "spelling variants":
        name = rows[at][g]
        rows[at][g] = str(rng.choice([name.upper(), name.lower(), f" {name.swapcase()} ",
                                      name.upper() + "  ", "  " + name.lower()]))
        case.expect, case.says = "notice", [show(header[g]), "capitals or spaces"]
    elif kind == "group codes":
        for i, r in enumerate(rows[1:]):
            r[g] = str(1 + i % int(rng.integers(2, 6)))
        case.expect = "ok"
    elif kind == "duplicated header":
        other = int(rng.choice([i for i in range(len(header)) if i != g]))
        header[other] = str(rng.choice([header[g], f" {header[g]}", f"{header[g]} "]))
        case.outcome = header[o] if other != o else case.outcome
        case.says = [show(header[g].strip()), "same name"]
    elif kind == "unknown column":
        case.group = header[g] + str(rng.choice(["x", " 2", "_"]))
        case.says = [show(case.group), "no column called"]
    elif kind == "unclosed quote":
        rows[at][g] = '"' + rows[at][g]
        case.says = [f"Line {line}", "quotation mark"]
    elif kind == "extra value":
        rows[at].append("9")
        case.says = [f"Line {line}", f"{len(header) + 1} values"]
    elif kind == "long group name":
        rows[at][g] = "".join(rng.choice(list("abcdefgh  ")) for _ in range(MAX_LABEL + 50))
        case.says = [show(header[g]), f"row {line} holds"]
    elif kind == "long cell":
        cell = (str(rng.choice(["x", "é", "字"])) * (MAX_CELL + int(rng.integers(1, 3000))))
        rows[at].append(cell)
        header.append("comment")
        for r in rows[1:]:
            if len(r) < len(header):
                r.append("")
        case.expect, case.says = "notice", [f"row {line}", "comment"]
    elif kind == "too many columns":
        width = MAX_COLUMNS + int(rng.integers(1, 50))
        for i, r in enumerate(rows):
            r.extend(f"c{j}" if i == 0 else "1" for j in range(width))
        case.says = [f"{len(header):,} columns"]
    elif kind == "binary":
        case.raw = rng.integers(0, 256, int(rng.integers(200, 20_000)), dtype=np.uint8).tobytes()
        case.says = ["not a text"]
    elif kind == "wrong separator":
        case.sep = str(rng.choice([";", "\t", "|"]))
        case.says = ["eparator"]
    case.sep = case.sep if kind == "wrong separator" else str(rng.choice(list(SEPARATORS)))
    if case.raw is None and kind != "wrong separator":
        case.encoding = str(rng.choice(list(ENCODINGS)))
        try:
            case.data()
        except UnicodeEncodeError:  # Windows cannot hold every script
            case.encoding = "utf-8"
    return case


KINDS = ["text outcome", "text count", "fraction count", "negative count", "huge count",
         "events above people", "one group", "spelling variants", "group codes",
         "duplicated header", "unknown column", "unclosed quote", "extra value",
         "long group name", "long cell", "too many columns", "binary", "wrong separator"]
VARIANTS = 3


def _cases() -> Iterator[Case]:
    for k, kind in enumerate(KINDS):
        for v in range(VARIANTS):
            yield _case(kind, np.random.default_rng([14, k, v]))


# --- the entry points ----------------------------------------------------------------------

Result = tuple[str, str]  # (outcome, text): "refused" and the message, or notices joined


def _lab(case: Case, path: Path) -> Result:
    """Lab 6's model: the participant chose the separator and encoding."""
    frame = read_csv_bytes(case.data(), name=path.name, separator=case.chosen_sep,
                           encoding=case.encoding.removesuffix("-sig"))
    prepared = byod.prepare(frame, case.group, case.outcome, denominator=case.people)
    byod.analyse(prepared)
    return _notices([*frame.attrs.get("notices", []), *prepared.notices])


def _headless(case: Case, path: Path) -> Result:
    result = byod.run(path, case.group, case.outcome, denominator_column=case.people,
                      separator=SEPARATORS[case.chosen_sep],
                      encoding=ENCODINGS[case.encoding])
    return _notices(result.notices)


def _tool(case: Case, path: Path) -> Result:
    frame = read_csv_upload(case.data(), name=path.name)
    typed = tool.typed_upload(frame, name=path.name)
    item = tool.analyse(typed, case.outcome, case.group, denominator=case.people or None)
    return _notices([*typed.attrs.get("notices", []), *([item.notes] if item.notes else [])])


def _notices(notices: list[str]) -> Result:
    return ("notice" if notices else "ok", " ".join(notices))


def _run(entry: Callable[[Case, Path], Result], case: Case, path: Path) -> Result:
    try:
        return entry(case, path)
    except DataProblem as problem:
        return "refused", str(problem)


ENTRIES = {"lab 6": _lab, "headless": _headless, "tool": _tool}


def _unplain(message: str, refused: bool) -> str:
    """Return what makes a message (or notices) unfit for a participant ("" if nothing)."""
    if not message.strip():
        return "empty"
    if refused and (len(message) > 600 or message.count("\n") >= 6):
        return f"too long ({len(message)} characters)"
    if not message.isprintable():
        return "not printable"
    code = CODE_WORDS.search(message)
    return f"code words ({code.group(0)})" if code else ""


def test_every_bad_file_is_refused_plainly_or_read_with_a_notice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tally: Counter[tuple[str, str, str]] = Counter()
    failures: list[str] = []
    for i, case in enumerate(_cases()):
        path = tmp_path / f"file{i}.csv"
        path.write_bytes(case.data())
        got = {name: _run(entry, case, path) for name, entry in ENTRIES.items()}
        with monkeypatch.context() as m:  # the same file as a large one, in the engine
            m.setattr(byod, "MAX_BYTES", 0)
            got["headless, engine"] = _run(_headless, case, path)
        for entry, (outcome, text) in got.items():
            tally[case.kind, entry, outcome] += 1
            where = f"{case.kind} ({entry}, variant {i % VARIANTS}): {outcome}: {text[:400]}"
            if case.expect == "ok":
                if outcome == "refused":
                    failures.append(where)
                continue
            if entry == "tool" and case.kind == "wrong separator":
                # The tool guesses the separator (it has no menu for it): a right guess.
                if outcome != "ok":
                    failures.append(where)
                continue
            expect = case.expect
            if case.kind == "long cell" and entry == "headless, engine":
                expect = "ok"  # the engine reads the chosen columns only: nothing was cut
                case_says = []
            else:
                case_says = case.says
            problem = ("" if outcome == expect else f"expected {expect}"
                       ) or (expect != "ok" and _unplain(text, outcome == "refused")) or next(
                (f"does not say {w!r}" for w in case_says if w not in text), "")
            if problem:
                failures.append(f"{problem} - {where}")
        small, engine = got["headless"][1], got["headless, engine"][1]
        if engine != small and case.kind not in ("extra value", "long cell"):
            # The engine names the first bad line only, and reads only the chosen columns.
            failures.append(f"engine differs - {case.kind}: {small[:300]} // {engine[:300]}")
    print("\n".join(f"{k}: {v}" for k, v in sorted(tally.items())))
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:25])
    assert sum(tally.values()) == len(KINDS) * VARIANTS * (len(ENTRIES) + 1)
