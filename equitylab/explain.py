"""Plain-language sentences for the tables made by :mod:`equitylab.measures`.

Sentences state suppression and unreliability instead of hiding them, and describe gaps
as outcomes that systems produce, not as traits of the groups measured.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

from equitylab.present._format import Scale, fmt_count, fmt_interval, fmt_value

__all__ = ["SYSTEMS_NOTE", "describe", "four_fifths_sentence", "sentence"]

#: Closing sentence added by :func:`describe`.
SYSTEMS_NOTE = (
    "These gaps describe outcomes produced by policies, practices and systems; they are not "
    "traits of the groups measured."
)

_FLAG_NOTES = {
    "unreliable_rse_30": "This estimate is statistically unreliable (relative standard error "
    "of 30% or more); do not draw conclusions from it alone.",
    "caution_rse_23_30": "Use this estimate with caution (relative standard error between "
    "23% and 30%).",
    "fewer_than_20_events": "It rests on fewer than 20 events.",
    "group_estimate_unreliable": "It rests on a statistically unreliable estimate for the "
    "group.",
    "reference_estimate_unreliable": "It rests on a statistically unreliable estimate for "
    "the reference group.",
    "nchs_sample_below_30": "Fewer than 30 people were measured, below the NCHS standard for "
    "presenting a proportion.",
    "zero_cell_interval": "Because one count is zero, the interval uses a method that works "
    "with zeros.",
    "reference_includes_group": "The overall figure includes this group itself.",
}


def _num(x: float, digits: int = 1) -> str:
    return fmt_value(x, digits=digits, missing="not available")


def _range(lo: float, hi: float, scale: Scale | None = None, digits: int = 1) -> str:
    """Format an interval; "to" when a bound is negative, so the dash is not a minus."""
    return fmt_interval(lo, hi, scale, digits=digits, missing="not available")


def _count(x: Any) -> str:
    return fmt_count(x, missing="a suppressed number")


def _flags(row: pd.Series) -> list[str]:
    raw = row.get("flags", "")
    return [f for f in str(raw).split(";") if f] if isinstance(raw, str) else []


def _who(group: Any, subject: str) -> str:
    return f"{group} {subject}".strip()


def _ref_phrase(reference: str, subject: str) -> str:
    if reference == "overall":
        return f"all {subject}".strip()
    if reference == "all other groups":
        return f"all other {subject}".strip()
    return _who(reference, subject)


def _pct(value: float, scale: Scale) -> str:
    return fmt_value(value, scale, digits=3 if scale.per == 1 else 1,
                     missing="not available")


def _suppression_sentence(row: pd.Series, subject: str) -> str:
    flags = _flags(row)
    who = _who(row["group"], subject)
    if "suppressed_small_cell" in flags:
        why = "it rests on a count between 1 and 10"
    elif "suppressed_complementary" in flags:
        why = "otherwise a smaller hidden count could be worked out from the totals"
    else:
        why = "the reference group's count is suppressed"
    what = "figure" if row["measure"] in ("proportion", "rate", "mean") else "comparison"
    return f"The {what} for {who} is suppressed to protect privacy: {why}."


def sentence(
    row: pd.Series, *, subject: str = "people", verb: str | None = None,
    level: float | None = None,
) -> str:
    """Describe one row of :func:`equitylab.measures.disparities` in plain language.

    Parameters
    ----------
    row : pandas.Series
        One row of a disparities table.
    subject : str, default "people"
        Who the rows count, e.g. "drivers", "residents", "applicants".
    verb : str, optional
        What happened to them, e.g. "were searched". Defaults to "had the outcome
        <indicator>".
    level : float, optional
        Confidence level of the interval, for a row without a ``level`` column (tables
        from :mod:`equitylab.measures` carry it). Without either, the sentence says "CI".

    Returns
    -------
    str

    Examples
    --------
    >>> from equitylab.measures import Indicator, disparities, from_counts
    >>> t = pd.DataFrame({"race": ["Black", "White"], "searched": [45, 30],
    ...                   "stops": [300, 400]})
    >>> c = from_counts(t, "race", "searched", "stops", indicator=Indicator("searched", per=100))
    >>> row = disparities(c, reference="White").query("measure == 'ratio'").iloc[0]
    >>> sentence(row, subject="drivers", verb="were searched")
    'Black drivers were searched at 2.0 times the rate of White drivers (95% CI 1.3–3.1; 45
    of 300 vs 30 of 400).'
    """
    verb = verb or f"had the outcome “{row.get('indicator', 'outcome')}”"
    if bool(row.get("suppressed", False)):
        return _suppression_sentence(row, subject)
    measure = row["measure"]
    unit_kind = str(row.get("unit", "proportion"))
    flags = _flags(row)
    who = _who(row["group"], subject)
    ref = _ref_phrase(str(row.get("reference", "")), subject)
    est, lo, hi = float(row["estimate"]), float(row["lower"]), float(row["upper"])
    scale = Scale.of(row, level=level)
    ci = f"{scale.ci_label} {_range(lo, hi)}"
    per = float(row.get("per", 1.0))
    if measure == "excluded_rows":
        reason = str(row.get("flags", "")).replace("_", " ")
        label = "" if row["group"] == "(missing)" else f" (“{row['group']}”)"
        return f"{_count(row['n'])} rows were left out: {reason}{label}."
    if measure in ("proportion", "rate", "mean"):
        if measure == "proportion" and per == 100:
            text = (f"{_num(est)}% of {who} {verb} ({scale.ci_label} {_range(lo, hi, scale)}; "
                    f"{_count(row['events'])} of {_count(row['n'])}).")
        elif measure == "rate":
            text = (f"{who}: {_pct(est, scale)} {verb} ({ci}; "
                    f"{_count(row['events'])} events).")
        elif measure == "mean":
            text = f"{who}: average {_num(est)} ({ci}; n = {_count(row['n'])})."
        else:
            text = f"{who}: {_pct(est, scale)} ({ci}; n = {_count(row['n'])})."
    elif "reference_group" in flags:
        return f"{who} are the reference group for these comparisons."
    elif measure in ("ratio", "ratio_complement"):
        if unit_kind == "rate":
            counts = (f"{_count(row['events'])} in {_count(row['n'])} vs "
                      f"{_count(row['ref_events'])} in {_count(row['ref_n'])}")
        elif unit_kind == "mean":
            counts = f"n = {_count(row['n'])} vs {_count(row['ref_n'])}"
        else:
            counts = (f"{_count(row['events'])} of {_count(row['n'])} vs "
                      f"{_count(row['ref_events'])} of {_count(row['ref_n'])}")
        if measure == "ratio_complement":
            verb_c = f"did not meet the outcome “{row.get('indicator', '')}”"
            if verb.startswith("were "):
                verb_c = "were not " + verb[len("were "):]
            text = (f"Framed the other way, {who} {verb_c} at {_num(est, 2)} times the rate of "
                    f"{ref} ({scale.ci_label} {_range(lo, hi, digits=2)}).")
        elif unit_kind == "mean":
            text = (f"The average for {who} was {_num(est, 2)} times that for {ref} "
                    f"({ci}; {counts}).")
        elif est == 0:
            text = f"No {who} {verb} ({counts}), so the ratio to {ref} is 0."
        elif math.isinf(est):
            text = (f"No {ref} {verb}, so the ratio for {who} cannot be a finite number "
                    f"({counts}).")
        elif math.isnan(est):
            text = f"The ratio for {who} is undefined because neither group had any events."
        else:
            text = f"{who} {verb} at {_num(est)} times the rate of {ref} ({ci}; {counts})."
        if measure == "ratio" and lo <= 1 <= hi and not math.isnan(lo):
            text += " The interval includes 1 (no difference), so chance alone could explain it."
    elif measure == "difference":
        higher = "higher than" if est > 0 else "lower than" if est < 0 else "the same as"
        if unit_kind == "proportion" and per == 100:
            more = "more often than" if est > 0 else "less often than" if est < 0 else "as often as"
            size = f"{_num(abs(est))} percentage points " if est != 0 else ""
            text = f"{who} {verb} {size}{more} {ref} ({ci})."
        elif unit_kind == "rate":
            size = f"{_pct(abs(est), scale)} " if est != 0 else ""
            text = f"The rate for {who} was {size}{higher} for {ref} ({ci})."
        else:
            size = f"{_num(abs(est))} " if est != 0 else ""
            what = "average" if unit_kind == "mean" else "proportion"
            text = f"The {what} for {who} was {size}{higher} for {ref} ({ci})."
        if lo <= 0 <= hi and not math.isnan(lo) and est != 0:
            text += " The interval includes 0 (no difference), so chance alone could explain it."
    else:
        text = f"{who}: {measure} {_num(est)} ({ci})."
    notes = [_FLAG_NOTES[f] for f in flags if f in _FLAG_NOTES]
    return " ".join([text, *notes])


def describe(
    table: pd.DataFrame,
    *,
    subject: str = "people",
    verb: str | None = None,
    measures: Iterable[str] = ("ratio",),
    level: float | None = None,
) -> list[str]:
    """Sentences for a whole disparities table, plus what was left out and the notes.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`equitylab.measures.disparities`.
    subject, verb : str
        As for :func:`sentence`.
    measures : iterable of str, default ("ratio",)
        Which measures to describe; excluded rows are always described.
    level : float, optional
        As for :func:`sentence`.

    Returns
    -------
    list of str

    Examples
    --------
    >>> from equitylab.measures import disparities, from_counts
    >>> t = pd.DataFrame({"race": ["A", "B", "C"], "x": [4, 40, 50], "n": [30, 200, 300]})
    >>> for s in describe(disparities(from_counts(t, "race", "x", "n"), reference="C")):
    ...     print(s)
    The comparison for A people is suppressed to protect privacy: it rests on a count
    between 1 and 10.
    The comparison for B people is suppressed to protect privacy: otherwise a smaller hidden
    count could be worked out from the totals.
    C people are the reference group for these comparisons.
    Relative gaps depend on framing: the ratio of an outcome and the ratio of its complement
    (e.g. searched vs not searched) can tell different stories, so read ratios alongside the
    absolute difference.
    These gaps describe outcomes produced by policies, practices and systems; they are not
    traits of the groups measured.
    """
    wanted = set(measures) | {"excluded_rows"}
    rows = table.loc[table["measure"].isin(wanted)]
    out: list[str] = []
    for _, r in rows.iterrows():
        text = sentence(r, subject=subject, verb=verb, level=level)
        if text not in out:  # e.g. "X are the reference group" once, not once per measure
            out.append(text)
    out += list(table.attrs.get("notes", []))
    out.append(SYSTEMS_NOTE)
    return out


def four_fifths_sentence(row: pd.Series, *, subject: str = "applicants") -> str:
    """Describe one row of :func:`equitylab.measures.four_fifths`.

    Examples
    --------
    >>> from equitylab.measures import Indicator, four_fifths, from_counts
    >>> t = pd.DataFrame({"race": ["White", "Black"], "hired": [48, 21], "applied": [80, 50]})
    >>> hired = Indicator("hired", "favourable")
    >>> c = from_counts(t, "race", "hired", "applied", indicator=hired)
    >>> print(four_fifths_sentence(four_fifths(c).iloc[0]))
    Black applicants were selected at 70% of the rate of White applicants (42.0% of 50 vs
    60.0% of 80), below the four-fifths (80%) threshold. The difference is statistically
    significant (two-proportion z test, p = 0.045, adjusted 0.045).
    """
    who = _who(row["group"], subject)
    ref = _who(row["highest_group"], subject)
    if bool(row["suppressed"]):
        return (f"The selection rate for {who} is suppressed to protect privacy, so the "
                "four-fifths screen is not shown.")
    if row["group"] == row["highest_group"]:
        return f"{who[0].upper() + who[1:]} had the highest selection rate (the reference)."
    ir = float(row["impact_ratio"])
    below = bool(row["below_four_fifths"])
    ref_rate = float(row["selection_rate"]) / ir if ir > 0 else float("nan")
    text = (f"{who[0].upper() + who[1:]} were selected at {ir:.0%} of the rate of {ref} "
            f"({100 * float(row['selection_rate']):.1f}% of {_count(row['applicants'])} vs "
            f"{100 * ref_rate:.1f}% of {_count(row['highest_applicants'])}), "
            f"{'below' if below else 'at or above'} the four-fifths (80%) threshold.")
    p, padj = float(row["p_value"]), float(row["p_adjusted"])
    sig = "is" if padj < 0.05 else "is not"
    text += (f" The difference {sig} statistically significant ({row['test']} test, "
             f"p = {p:.2g}, adjusted {padj:.2g}).")
    if bool(row["small_numbers"]):
        text += " The numbers are small, so the ratio can change a lot with a few decisions."
    return text
