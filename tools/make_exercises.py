"""Make learner copies of the exercise sets: solutions out, self-checks in.

Each source notebook in ``exercises/`` holds its solutions in cells tagged ``solution``,
each code solution followed by its self-check (a cell tagged ``check``). A learner copy
keeps every other cell and replaces each solution with an answer form, so that a
participant chooses, ticks or types and never writes code:

- a code solution and its check become one cell that shows the check's answer form
  (:func:`equitylab.widgets.answers.answer_box`: the same check, behind a Check button);
- a Markdown solution (a model answer) becomes a text box for one's own
  (:func:`equitylab.widgets.answers.notes_box`).

Each form carries the exercise's number, read from the heading above it
(``## Exercise 4.4: ...``), so the notebook, the book and the printed handout agree.
Every code cell of a learner copy has its source hidden.

All outputs, execution counts and saved widget state are removed too, because an output
(a check saying "Correct", a printed number) can give an answer away.

Besides solution text, a learner copy must not carry an answer key in another form: a
check called on a literal (``checks.check_two_goals("b")``) or a name assigned a solution's
value outside the solution cells. :func:`find_leaks` reports both.

Usage::

    python tools/make_exercises.py [SOURCE_DIR] [OUT_DIR]
    python tools/make_exercises.py digest MODULE QUESTION FEATURE

(defaults: ``exercises`` and ``exercises/learner``). ``make exercises`` runs the first.
The second prints the salted digest under which ``equitylab/checks/questions/MODULE.json``
stores an answer key or a hinted mistake (see ``equitylab/checks/_questions.py`` for the
features of each kind of question, e.g. ``b`` or ``a=equality``).
"""

from __future__ import annotations

import ast
import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

SOLUTION_TAG = "solution"
CHECK_TAG = "check"
#: Tags that only make sense in the book (answer-key view); dropped from learner copies.
BOOK_ONLY_TAGS = {SOLUTION_TAG, "hide-input", "hide-output", "hide-cell"}
#: A heading that starts an exercise: ``## Exercise 4.4: title``; group 1 is the number.
EXERCISE_HEADING = re.compile(r"^## Exercise ([0-9.]+): ", re.M)
#: Code cells a participant never needs to read (Jupyter hides their source).
HIDDEN = {"source_hidden": True}

Notebook = dict[str, Any]


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _tags(cell: dict[str, Any]) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def is_solution(cell: dict[str, Any]) -> bool:
    """Whether a cell holds a solution (tagged ``solution``)."""
    return SOLUTION_TAG in _tags(cell)


def check_name(cell: dict[str, Any]) -> str:
    """The check a ``check`` cell calls, e.g. ``"check_eras"`` for ``checks.check_eras(eras)``.

    Examples
    --------
    >>> check_name({"source": "checks.check_eras(eras)"})
    'check_eras'
    """
    for node in ast.walk(ast.parse(_source(cell))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            if name.startswith("check_"):
                return name
    raise ValueError(f"a cell tagged {CHECK_TAG!r} calls no check_ function: {_source(cell)!r}")


def _form_cell(source: str, cell_id: str) -> dict[str, Any]:
    return {"cell_type": "code", "execution_count": None, "id": cell_id,
            "metadata": {"tags": ["answer"], "jupyter": dict(HIDDEN)}, "outputs": [],
            "source": source}


def placeholder(cell: dict[str, Any], number: str, check: str | None = None,
                set_name: str = "") -> dict[str, Any]:
    """The learner's version of one solution cell: an answer form for exercise ``number``.

    The form keeps the solution cell's id (the solution itself is gone). Given the set's
    name, the form keeps the participant's answer as it is given (in
    ``my-exercise-answers.json``, under the set and the number) and restores it on reload.

    Parameters
    ----------
    cell : dict
        The solution cell.
    number : str
        The exercise's number, e.g. ``"4.4"``.
    check : str, optional
        For a code solution: the check of the ``check`` cell that follows it.
    set_name : str
        The exercise set, e.g. ``"ch04-governments-role"`` (the source's name).
    """
    if cell["cell_type"] == "code":
        if check is None:
            raise ValueError(f"exercise {number}: a code solution needs a check cell after it")
        return _form_cell("from equitylab.widgets.answers import answer_box\n\n"
                          f"answer_box({check!r}, {number!r}, {set_name!r})",
                          cell.get("id", "answer"))
    return _form_cell("from equitylab.widgets.answers import notes_box\n\n"
                      f"notes_box({number!r}, {set_name!r})", cell.get("id", "answer"))


def _number_before(cells: list[dict[str, Any]], index: int) -> str:
    for cell in reversed(cells[:index]):
        if cell["cell_type"] == "markdown":
            found = EXERCISE_HEADING.findall(_source(cell))
            if found:
                return str(found[-1])
    raise ValueError(f"cell {index}: a solution with no '## Exercise N: ...' heading above it")


def learner_copy(notebook: Notebook, source_name: str = "") -> Notebook:
    """Return a learner copy of ``notebook`` (the input is not changed).

    Parameters
    ----------
    notebook : dict
        A notebook as loaded from JSON (nbformat 4).
    source_name : str
        The source's path, recorded in the copy's metadata; its name (without ``.ipynb``)
        names the set under which the forms keep answers.

    Returns
    -------
    dict
    """
    out = copy.deepcopy(notebook)
    source_cells = out["cells"]
    cells = []
    skip: set[int] = set()
    for index, cell in enumerate(source_cells):
        if index in skip:
            continue
        if is_solution(cell):
            check = None
            if cell["cell_type"] == "code":
                after = next((i for i in range(index + 1, len(source_cells))
                              if CHECK_TAG in _tags(source_cells[i])), None)
                if after is not None:
                    check = check_name(source_cells[after])
                    skip.add(after)
            cells.append(placeholder(cell, _number_before(source_cells, index), check,
                                     Path(source_name).stem))
            continue
        cell.setdefault("metadata", {})
        cell["metadata"].pop("execution", None)
        tags = [t for t in _tags(cell) if t not in BOOK_ONLY_TAGS]
        if tags:
            cell["metadata"]["tags"] = tags
        else:
            cell["metadata"].pop("tags", None)
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
            cell["metadata"]["jupyter"] = dict(HIDDEN)
        cell.pop("attachments", None)
        cells.append(cell)
    out["cells"] = cells
    meta = out.setdefault("metadata", {})
    meta.pop("widgets", None)
    meta["equitylab"] = {"learner_copy": True, "source": source_name,
                         "note": "Generated by tools/make_exercises.py; do not edit."}
    return out


def solution_fragments(notebook: Notebook, min_length: int = 6) -> list[str]:
    """Lines of solution cells long enough to be recognisable in a leak.

    Comment-only lines and the bare names that placeholders keep are left out.
    """
    fragments = []
    for cell in notebook["cells"]:
        if not is_solution(cell):
            continue
        for line in _source(cell).splitlines():
            text = line.strip()
            if cell["cell_type"] == "code" and (not text or text.startswith("#")):
                continue
            if cell["cell_type"] == "markdown" and re.fullmatch(r"[`:{}\w\s-]*", text) and (
                text.startswith(":") or text.startswith("```")
            ):
                continue  # directive fences and options, not content
            if len(text) >= min_length:
                fragments.append(text)
    return fragments


def _literal(node: ast.expr) -> tuple[bool, Any]:
    try:
        return True, ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False, None


def solution_values(notebook: Notebook) -> list[Any]:
    """The literal values that solution code cells assign (the answer keys).

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "code", "metadata": {"tags": ["solution"]},
    ...                  "source": "a = 'b'\\nx = f(1)"}]}
    >>> solution_values(nb)
    ['b']
    """
    values = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code" or not is_solution(cell):
            continue
        for node in ast.parse(_source(cell)).body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                ok, value = _literal(node.value)
                if ok:
                    values.append(value)
    return values


def key_leaks(source: Notebook, learner: Notebook) -> list[str]:
    """Answer keys in a learner copy's code: a check called on a literal, or a solution's
    value assigned outside the solution cells."""
    keys = solution_values(source)
    leaks = []
    for i, cell in enumerate(learner["cells"]):
        if cell["cell_type"] != "code":
            continue
        try:
            tree = ast.parse(_source(cell))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
                given = [_literal(a) for a in node.args]
                if name.startswith("check_") and any(ok and v is not ... for ok, v in given):
                    leaks.append(f"cell {i} calls {name} on a literal answer")
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                ok, value = _literal(node.value)
                if ok and value is not ... and any(value == k and type(value) is type(k)
                                                   for k in keys):
                    leaks.append(f"cell {i} assigns a solution's value: {value!r:.60}")
    return leaks


def find_leaks(source: Notebook, learner: Notebook) -> list[str]:
    """Everything in ``learner`` that gives a solution of ``source`` away.

    Checks: a cell still tagged ``solution``; any stored output; saved widget state; any
    line of a solution cell appearing anywhere in the learner copy's text; and answer keys
    in its code (:func:`key_leaks`).

    Returns
    -------
    list of str
        One description per leak; empty when the copy is clean.
    """
    leaks = []
    for i, cell in enumerate(learner["cells"]):
        if is_solution(cell):
            leaks.append(f"cell {i} is still tagged {SOLUTION_TAG!r}")
        if cell.get("outputs"):
            leaks.append(f"cell {i} has stored outputs")
    if "widgets" in learner.get("metadata", {}):
        leaks.append("notebook metadata keeps saved widget state")
    text = json.dumps(learner, ensure_ascii=False)
    plain = "\n".join(_source(c) for c in learner["cells"])
    for fragment in solution_fragments(source):
        if fragment in plain or json.dumps(fragment, ensure_ascii=False)[1:-1] in text:
            leaks.append(f"solution text appears: {fragment[:60]!r}")
    return leaks + key_leaks(source, learner)


def sources(source_dir: Path) -> list[Path]:
    """The exercise sources (top-level ``*.ipynb`` of ``source_dir``), sorted."""
    return sorted(p for p in source_dir.glob("*.ipynb") if not p.name.startswith("."))


def make_all(source_dir: Path, out_dir: Path) -> list[Path]:
    """Write a learner copy of every source into ``out_dir``; refuse to write a leaky one.

    Returns
    -------
    list of Path
        The files written.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sources(source_dir):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        if not any(is_solution(c) for c in notebook["cells"]):
            raise ValueError(f"{path} has no cell tagged {SOLUTION_TAG!r}")
        copy_ = learner_copy(notebook, source_name=path.as_posix())
        leaks = find_leaks(notebook, copy_)
        if leaks:
            raise ValueError(f"{path}: the learner copy would leak: {leaks}")
        target = out_dir / path.name
        target.write_text(json.dumps(copy_, indent=1, ensure_ascii=False) + "\n",
                          encoding="utf-8")
        written.append(target)
    return written


def digest(module: str, question: str, feature: str) -> str:
    """The digest under which a question of ``module`` stores ``feature`` (for authors)."""
    from equitylab.checks import _core, _questions

    salt = _questions.load(module)[question]["salt"]
    return _core.digest(salt, feature)


def main(argv: list[str]) -> int:
    if len(argv) == 5 and argv[1] == "digest":
        print(digest(argv[2], argv[3], argv[4]))
        return 0
    source_dir = Path(argv[1]) if len(argv) > 1 else Path("exercises")
    out_dir = Path(argv[2]) if len(argv) > 2 else source_dir / "learner"
    written = make_all(source_dir, out_dir)
    print(f"{len(written)} learner copies written to {out_dir}/ (solutions replaced by "
          "answer forms).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
