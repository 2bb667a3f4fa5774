"""What the tool's forms offer and how their values are read: no widgets here.

:func:`equitylab.widgets.equity_tool` calls these so that each rule (how a list is typed,
which columns are chosen first, which groups can be the reference) is written once and
tested on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["default_columns", "parse_number", "reference_groups", "split_lines"]

#: Outcomes chosen first when a dataset has them (the tool's worked examples use them).
PREFERRED_OUTCOMES = ("awarded", "person_searched")


def split_lines(text: str) -> list[str]:
    r"""Return the non-blank lines of ``text``, stripped: one list item per line.

    Examples
    --------
    >>> split_lines("  Ana \n\n Ben\n")
    ['Ana', 'Ben']
    """
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_number(text: object, label: str) -> float | None:
    """Read a number typed into a form; an empty field is ``None``.

    Thousands separators (``1,200``) are accepted.

    Parameters
    ----------
    text : object
        What was typed.
    label : str
        The field's label, used in the error message.

    Returns
    -------
    float or None

    Raises
    ------
    ValueError
        If the text is not a number, with a message that names the field.

    Examples
    --------
    >>> parse_number(" 1,200.5 ", "Baseline"), parse_number("", "Baseline")
    (1200.5, None)
    """
    cleaned = str(text).strip().replace(",", "")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"{label} must be a number, such as 12.5.") from None


def default_columns(columns: Mapping[str, Sequence[str]]) -> tuple[str | None, str | None]:
    """Choose the group and outcome columns to show first.

    Parameters
    ----------
    columns : mapping
        Candidate columns by role, as returned by :func:`equitylab.tool.candidate_columns`
        (keys ``"group"``, ``"outcome"`` and ``"denominator"``).

    Returns
    -------
    (group, outcome) : tuple of str or None
        The first group column whose name mentions race (else the first group column); a
        yes/no outcome, preferring ``awarded`` then ``person_searched`` (else the first outcome).
        ``None`` where there is no candidate.

    Examples
    --------
    >>> default_columns({"group": ["ward", "race"], "outcome": ["stops", "searched"],
    ...                  "denominator": ["stops"]})
    ('race', 'searched')
    """
    groups = list(columns.get("group", []))
    outcomes = list(columns.get("outcome", []))
    denominators = set(columns.get("denominator", []))
    race = [c for c in groups if "race" in c]
    yes_no = [c for c in outcomes if c not in denominators]
    preferred = [c for c in PREFERRED_OUTCOMES if c in yes_no]
    group = next(iter([*race, *groups]), None)
    # Never the same column for both roles (group codes stored as numbers are outcomes too).
    outcome = next((c for c in [*preferred, *yes_no, *outcomes] if c != group), None)
    return group, outcome


def reference_groups(frame: Any, column: str, limit: int = 30) -> list[str]:
    """Return the groups in ``frame[column]`` that can be chosen as the reference.

    Parameters
    ----------
    frame : pandas.DataFrame
        The data.
    column : str
        The group column.
    limit : int, default 30
        At most this many groups (in sorted order), so a column of free text does not
        flood the list.

    Returns
    -------
    list of str
        Distinct non-missing values as text, sorted.

    Examples
    --------
    >>> import pandas as pd
    >>> reference_groups(pd.DataFrame({"race": ["b", "a", None, "b"]}), "race")
    ['a', 'b']
    """
    return sorted(map(str, frame[column].dropna().unique()))[:limit]
