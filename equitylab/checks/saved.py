"""Keep a participant's exercise answers in a small JSON file, so a reload loses nothing.

One file, ``my-exercise-answers.json``, holds the answers of every exercise set kept in
its folder, by set (the notebook's name, e.g. ``ch04-governments-role``) and exercise
number (``"4.2"``). An answer is what the form shows, field by field: the text typed, or
the label of the option chosen (a label, not the value the check takes, so that the file
says in plain words what was chosen), or the labels ticked.

Each save reads the file again and changes only its own answer, so two exercise sets open
at once do not undo each other's answers, and writes it atomically with the worksheet
store's writer (:func:`equitylab.tool._storage._atomic_write`). A file that cannot be read
as answers is never written over: its bytes are first copied next to it
(``my-exercise-answers.damaged-<time>.json``) and the message says so.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / ANSWERS_FILE
>>> save_answer(path, "ch04-governments-role", "4.2", {"": "Redlining maps"})
''
>>> read_answers(path)["ch04-governments-role"]["4.2"]
{'': 'Redlining maps'}
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

__all__ = ["ANSWERS_FILE", "FORMAT", "Answer", "AnswersFileError", "NewerAnswersError",
           "read_answers",
           "save_answer"]

#: The file's name, in the folder where a participant's answers are kept.
ANSWERS_FILE = "my-exercise-answers.json"
#: Identifies the file.
FORMAT = "equitylab-exercise-answers"
#: Version of the layout written here.
VERSION = 1

#: One form's answer: field key -> the text typed, the option's label or the labels ticked.
Answer = dict[str, str | list[str]]


class AnswersFileError(ValueError):
    """The answers file cannot be read or written; the message says why in plain words."""


class _Damaged(AnswersFileError):
    """The answers file is not JSON of the expected shape."""


class NewerAnswersError(AnswersFileError):
    """The answers file was written by a newer version of the course (never written over)."""


def _answer(value: Any) -> Answer | None:
    if not isinstance(value, dict):
        return None
    out: Answer = {}
    for key, item in value.items():
        if isinstance(item, str):
            out[str(key)] = item
        elif isinstance(item, list) and all(isinstance(x, str) for x in item):
            out[str(key)] = list(item)
        else:
            return None
    return out


def _parse(text: str, name: str) -> dict[str, dict[str, Answer]]:
    damaged = (f"Your saved answers ({name}) could not be read: the file is damaged or is "
               "not the answers file this course writes")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        raise _Damaged(f"{damaged}.") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _Damaged(f"{damaged}.")
    version = doc.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise NewerAnswersError(f"Your saved answers ({name}) were written by a newer version "
                               "of the course; update it to read them.")
    sets = doc.get("sets")
    if not isinstance(sets, dict):
        raise _Damaged(f"{damaged}.")
    out: dict[str, dict[str, Answer]] = {}
    for set_name, answers in sets.items():
        if not isinstance(answers, dict):
            raise _Damaged(f"{damaged}.")
        out[str(set_name)] = {}
        for number, value in answers.items():
            answer = _answer(value)
            if answer is None:
                raise _Damaged(f"{damaged}.")
            out[str(set_name)][str(number)] = answer
    return out


def _read(path: Path) -> tuple[bytes | None, dict[str, dict[str, Answer]]]:
    """Return the file's bytes (None if there is no file) and its answers."""
    from equitylab.tool import fault_message

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, {}
    except OSError as err:
        raise AnswersFileError(fault_message(
            err, f"Your saved answers ({path.name}) could not be read")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = "\x00"
    return raw, _parse(text, path.name)


def read_answers(path: str | os.PathLike[str]) -> dict[str, dict[str, Answer]]:
    """Return the answers kept in ``path``, by set and exercise number (none if no file).

    Raises
    ------
    AnswersFileError
        If the file cannot be read, is damaged, or was written by a newer version.
    """
    return _read(Path(path))[1]


def _set_aside(path: Path, raw: bytes) -> Path:
    """Copy a damaged file's bytes next to it, under a name of its own; check the copy."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = path.name.removesuffix(".json")
    aside = path.with_name(f"{stem}.damaged-{stamp}.json")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{stem}.damaged-{stamp}-{n}.json")
    aside.write_bytes(raw)
    if aside.read_bytes() != raw:
        raise OSError(f"the copy of {path.name} could not be checked")
    return aside


def save_answer(path: str | os.PathLike[str], set_name: str, number: str,
                answer: Answer) -> str:
    """Keep ``answer`` as exercise ``number`` of ``set_name`` in ``path``; keep every other.

    Parameters
    ----------
    path : path-like
        The answers file (created, with its folder, if needed).
    set_name : str
        The exercise set, e.g. ``"ch04-governments-role"``.
    number : str
        The exercise's number, e.g. ``"4.2"``.
    answer : dict
        Field key -> text, option label or labels ticked.

    Returns
    -------
    str
        ``""``, or a sentence saying that a damaged file was set aside (its name) before a
        new one was started.

    Raises
    ------
    AnswersFileError
        If the file cannot be read or written (a read-only folder, a full disk, a newer
        version's file); the file is then left as it was.
    """
    from equitylab.tool import fault_message
    from equitylab.tool._storage import _atomic_write

    path = Path(path)
    note = ""
    try:
        raw, sets = _read(path)
    except AnswersFileError as err:
        if not isinstance(err, _Damaged):
            raise
        try:
            raw, sets = path.read_bytes(), {}
            aside = _set_aside(path, raw)
        except OSError as fault:
            raise AnswersFileError(f"{err} " + fault_message(
                fault, "It could not be set aside, so it is left as it is and your answer "
                       "was not saved")) from None
        note = (f"{err} Its contents are kept as {aside.name}, next to it, and your answers "
                "are saved in a new file.")
    sets.setdefault(set_name, {})[number] = answer
    doc = {"format": FORMAT, "version": VERSION,
           "saved_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
           "sets": sets}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(path, json.dumps(doc, ensure_ascii=False, indent=1))
    except OSError as err:
        raise AnswersFileError(fault_message(err, "Your answer could not be saved")) from None
    return note
