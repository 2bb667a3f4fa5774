"""Turn an analysis from :mod:`equitylab.measures` into an evidence item for the worksheet."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from equitylab.userdata import (
    MAX_GROUPS,
    DataProblem,
    check_mapping,
    guess_roles,
    name_list,
    near_misses,
    show,
    type_columns,
)

from ._model import ChartBar, EvidenceItem, EvidenceTable

if TYPE_CHECKING:
    from equitylab.measures import Direction

__all__ = ["LEVEL", "SUPPRESSED", "analyse", "candidate_columns", "evidence_chart",
           "likely_direction", "typed_upload"]

#: What a hidden cell reads in every table and report.
SUPPRESSED = "suppressed (1–10)"

#: Confidence level of every interval the tool computes (it lands in the tidy table, which
#: labels the intervals; redrawn charts use it for their alt text).
LEVEL = 0.95

_UNKNOWN = ("Unknown", "Prefer not to say", "Not recorded")


def candidate_columns(data: pd.DataFrame) -> dict[str, list[str]]:
    """Split a dataset's columns into possible groups, outcomes and denominators.

    The tool's view of :func:`equitylab.userdata.guess_roles` (the one place that decides).

    Returns
    -------
    dict
        Column roles: ``"group"`` for text or category columns, ``"outcome"`` for yes/no
        and count columns, ``"denominator"`` for count columns.

    Examples
    --------
    >>> t = pd.DataFrame({"race": ["A", "B"], "hit": [True, False], "n": [3, 4]})
    >>> candidate_columns(t)
    {'group': ['race'], 'outcome': ['hit', 'n'], 'denominator': ['n']}
    """
    roles = guess_roles(data)
    return {"group": roles.groups, "outcome": roles.outcomes, "denominator": roles.denominators}


_SHAPE = ("The tool needs a column of groups such as race, and a 0/1 (or yes/no) outcome "
          "column with one row per person, or a count column with one row per group.")


def typed_upload(frame: pd.DataFrame, *, name: str) -> pd.DataFrame:
    """Type the all-text table of a participant's CSV file so the tool can analyse it.

    The typing is :func:`equitylab.userdata.type_columns` (yes/no columns become
    ``boolean``, whole numbers ``Int64``, the rest stripped text); empty cells stay
    missing, so :func:`analyse` leaves those rows out and says so in its notes.

    Parameters
    ----------
    frame : pandas.DataFrame
        Every column as text, as :func:`equitylab.userdata.read_csv_bytes` returns it.
    name : str
        The file's name, for reports (``attrs["dataset"]`` and ``attrs["source"]``) and
        messages.

    Returns
    -------
    pandas.DataFrame
        A new table; ``attrs`` say where it came from and that it is not synthetic.

    Raises
    ------
    equitylab.userdata.DataProblem
        A ``ValueError`` saying what the file needs, when no column can serve as groups
        (2 to 20 different values) or none as an outcome.

    Examples
    --------
    >>> raw = pd.DataFrame({"race": ["A", "B", "B"], "served": ["Yes", "no", None],
    ...                     "people": ["1,200", " 30 ", "4"]})
    >>> typed = typed_upload(raw, name="my.csv")
    >>> [str(d) for d in typed.dtypes]
    ['string', 'boolean', 'Int64']
    >>> typed.attrs["dataset"], typed.attrs["synthetic"]
    ('uploaded: my.csv', False)
    """
    out = type_columns(frame)
    out.attrs = {"dataset": f"uploaded: {name}",
                 "source": f"Uploaded by the participant (file {name})", "synthetic": False}
    columns = candidate_columns(out)
    listed = f"Its columns are: {name_list([str(c) for c in frame.columns])}."
    hints = " ".join(near_misses(out))
    if not [c for c in columns["group"] if 2 <= out[c].nunique(dropna=True) <= MAX_GROUPS]:
        single = [c for c in columns["group"] if out[c].nunique(dropna=True) == 1]
        if single:
            only = out[single[0]].dropna().iloc[0]
            raise DataProblem(
                f"The file {show(name)} has only one group in {show(single[0])} "
                f"({show(only)}), and two are needed to compare. {_SHAPE} {listed}")
        raise DataProblem(
            f"The file {show(name)} has no column of groups to compare: a column with 2 to "
            f"{MAX_GROUPS} different values, such as race. {_SHAPE} {listed}")
    if not columns["outcome"]:
        raise DataProblem(
            f"The file {show(name)} has no outcome column: no column holds only 0 and 1 (or "
            f"yes and no), and none holds only whole numbers. {hints + ' ' if hints else ''}"
            f"{_SHAPE} {listed}")
    notices = [*frame.attrs.get("notices", []), *([hints] if hints else [])]
    if notices:
        out.attrs["notices"] = notices
    return out


_FAVOURABLE = ("award", "graduat", "proficien", "checkup", "complete", "eligible", "hired",
               "owner", "insured", "employ", "approved", "callback", "earnings")


def likely_direction(column: str) -> Direction:
    """Guess whether a higher value of ``column`` is good, as a starting point to check.

    Examples
    --------
    >>> likely_direction("awarded"), likely_direction("person_searched")
    ('favourable', 'adverse')
    >>> likely_direction("uninsured")
    'adverse'
    """
    name = column.lower()
    if name.startswith(("un", "not_", "no_")):
        return "adverse"
    return "favourable" if any(w in name for w in _FAVOURABLE) else "adverse"


def _isnan(value: Any) -> bool:
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _cell_label(raw: float | None, threshold: int = 10) -> str:
    """Return what a hidden count reads: small itself, or hidden to protect another."""
    from equitylab.present import HIDDEN_COMPLEMENT

    small = raw is not None and not _isnan(raw) and 1 <= float(raw) <= threshold
    return SUPPRESSED if small else HIDDEN_COMPLEMENT


def _headline(shown: pd.DataFrame, ref_name: str, direction: Direction, subject: str,
              verb: str | None) -> str:
    """Return the headline, stating its rule: the largest gap among the groups worse off."""
    from equitylab.explain import sentence

    gap = shown["estimate"].astype(float)
    worse = gap > 1 if direction == "adverse" else gap < 1
    if worse.any():
        pick = (gap[worse].idxmax() if direction == "adverse" else gap[worse].idxmin())
        lead = f"Largest gap among the groups worse off than {ref_name}: "
    else:
        pick = np.log(gap.where(gap > 0)).abs().idxmax() if (gap > 0).any() else gap.index[0]
        lead = (f"No group that can be shown is worse off than {ref_name}. The largest "
                "gap: ")
    return lead + sentence(shown.loc[pick], subject=subject, verb=verb).replace("\n", " ")


def analyse(
    data: pd.DataFrame | str,
    outcome: str,
    group: str,
    *,
    denominator: str | None = None,
    reference: str = "largest",
    direction: Direction | None = "adverse",
    label: str | None = None,
    subject: str = "people",
    verb: str | None = None,
    merge_spellings: bool = True,
) -> EvidenceItem:
    """Compare an outcome across groups and return it as a worksheet evidence item.

    The columns are checked first by :func:`equitylab.userdata.check_mapping` (the same
    check as lab 6: every problem named by row and value). The table is built by
    :func:`equitylab.measures.disparities` with small-cell suppression on: a hidden count
    from 1 to 10, and what is computed from it, reads ``"suppressed (1–10)"``; a cell hidden
    only so that a small count elsewhere cannot be worked out reads
    ``"hidden (protects a small count)"``. A group's number of people is hidden only when
    it is small; its outcome count, rate, interval and ratio read as its row does
    ("suppressed (1–10)" when a count of the group, with or without the outcome, is
    small). The sentence states its rule: the largest gap among the groups worse off than
    the reference (that can be shown).

    Parameters
    ----------
    data : pandas.DataFrame or str
        Individual rows or an aggregated table, or the name of a bundled dataset.
    outcome : str
        Yes/no column (individual rows) or count column (with ``denominator``).
    group : str
        Column holding the groups compared.
    denominator : str, optional
        For aggregated tables: the column of people the outcome counts are out of (no row
        may have more events than people).
    reference : str, default "largest"
        Reference group: a group name, ``"largest"`` or ``"best"``.
    direction : {"adverse", "favourable"}
        Whether a higher value of the outcome is worse or better; ``None`` (not chosen
        yet) is refused with a message asking for the choice.
    label : str, optional
        Plain name of the outcome; defaults to the column name.
    subject, verb : str, optional
        Who is counted and what happened to them, for the sentence
        (e.g. ``"drivers"``, ``"were searched"``).
    merge_spellings : bool, default True
        Count group names that differ only in capitals or spaces as one group, with a
        note saying so (:func:`equitylab.userdata.group_labels`).

    Returns
    -------
    EvidenceItem

    Raises
    ------
    equitylab.userdata.DataProblem
        A message for the participant: a column that cannot play its role, one group,
        more events than people in a row, or no direction chosen.

    Examples
    --------
    >>> t = pd.DataFrame({"race": ["A", "B"], "late": [45, 30], "people": [300, 400]})
    >>> item = analyse(t, "late", "race", denominator="people", reference="B")
    >>> item.table.rows[0]
    ['A', '300', '45', '15.0%', '11.4–19.5', '2.00']
    >>> print(item.sentence)
    Largest gap among the groups worse off than B: A people had the outcome “late” at 2.0
    times the rate of B people (95% CI 1.3–3.1; 45 of 300 vs 30 of 400).
    """
    from equitylab import datasets, present
    from equitylab.measures import Indicator, count, disparities, from_counts
    from equitylab.present import HIDDEN_COMPLEMENT

    name = data if isinstance(data, str) else str(data.attrs.get("dataset", ""))
    frame = datasets.load(data, show_caveats=False) if isinstance(data, str) else data
    synthetic = bool(frame.attrs.get("synthetic", False))
    source = str(frame.attrs.get("source", ""))
    checked, notices = check_mapping(frame, group, outcome, denominator or "",
                                     merge_spellings=merge_spellings)
    if direction not in ("adverse", "favourable"):
        raise DataProblem(f"Choose under Direction whether a higher {label or outcome} is "
                          "worse or better for the people it happens to: the comparison "
                          "depends on it.")
    # Analyse the columns as checked where reading changed them: groups with spellings
    # merged, and text read as yes/no or as counts. Typed columns, and a bundled dataset's
    # group order, are kept as they are.
    read = ({outcome: checked["events"], denominator: checked["people"]} if denominator
            else {outcome: checked["outcome"]})
    read = {c: v for c, v in read.items() if not (pd.api.types.is_bool_dtype(frame[c].dtype)
                                                  or pd.api.types.is_numeric_dtype(frame[c]))}
    if notices:
        read[group] = checked["group"]
    if read:
        frame = frame.assign(**read)
    label = label or outcome.replace("_", " ")
    present_groups = set(frame[group].dropna().unique())
    unknown = [u for u in _UNKNOWN if u in present_groups]
    per = 100.0
    ind = Indicator(label, direction, "proportion", per)
    kwargs: dict[str, Any] = {"reference": reference, "measures": ["estimate", "ratio"],
                              "level": LEVEL}
    if denominator:
        counts = from_counts(frame, group, outcome, denominator, unknown=unknown, indicator=ind)
    else:
        counts = count(frame, group, outcome, unknown=unknown, indicator=ind)
    raw = counts.table.set_index("group")
    table = disparities(counts, **kwargs)
    est = table[table["measure"] == "proportion"].reset_index(drop=True)
    ratio = table[table["measure"] == "ratio"].set_index("group")
    ref_name = str(est["reference"].iloc[0]) if len(est) else ""
    scale = present.Scale.of(est)
    rows: list[list[str]] = []
    bars: list[ChartBar] = []
    hidden = 0
    ref_rows = est[est["group"].astype(str) == ref_name]
    # A ratio hidden only because the reference is hidden reads as the reference does.
    ref_why = (SUPPRESSED if len(ref_rows) and "suppressed_small_cell"
               in str(ref_rows["flags"].iloc[0]).split(";") else HIDDEN_COMPLEMENT)
    # Groups with no people, or none with a known outcome, have no rate to show.
    empty = [str(r.group) for r in est.itertuples(index=False)
             if not r.suppressed and _isnan(r.estimate)]
    for r in est.itertuples(index=False):
        if str(r.group) in empty:
            continue
        rr = ratio.loc[r.group] if r.group in ratio.index and ref_name not in empty else None
        hidden += int(bool(r.suppressed))
        why = (SUPPRESSED if "suppressed_small_cell" in str(r.flags).split(";")
               else HIDDEN_COMPLEMENT)
        rate = present.fmt_value(r.estimate, scale, missing=why)
        ci = present.fmt_interval(r.lower, r.upper, missing=why)
        # A group's size is hidden only when it is small. Its events read as the row does:
        # labelled by their own value, a count hidden because the people WITHOUT the
        # outcome are few would read "protects", telling that those are 1 to 10.
        rows.append([str(r.group),
                     present.fmt_count(r.n, missing=_cell_label(raw.at[r.group, "n"])),
                     present.fmt_count(r.events, missing=why),
                     rate, ci,
                     present.fmt_value(rr["estimate"], digits=2,
                                       missing=why if r.suppressed else ref_why)
                     if rr is not None else ""])
        if not r.suppressed:
            # As measures gives it: already on the per scale, never rescaled.
            bars.append(ChartBar(str(r.group), float(r.estimate), float(r.lower),
                                 float(r.upper), _float(r.n), _float(r.events)))
    columns = ["Group", (denominator or "people").replace("_", " ").capitalize(),
               outcome.replace("_", " ").capitalize(), "Rate", scale.ci_label,
               f"Ratio to {ref_name}"]
    excluded = table.attrs.get("excluded")
    notes = " ".join(notices)
    if excluded is not None and len(excluded):
        left = int(excluded["rows"].sum())
        notes += (f"{' ' if notes else ''}{left:,} rows with a missing or unknown group or "
                  "outcome were left out.")
    if empty:
        notes += (f"{' ' if notes else ''}{', '.join(empty)} had no people with a known "
                  "outcome, so no rate can be given and "
                  f"{'it is' if len(empty) == 1 else 'they are'} not in the table.")
    if any(row[2] == SUPPRESSED and _cell_label(raw.at[row[0], "events"]) != SUPPRESSED
           for row in rows if row[0] in raw.index):
        notes += (f"{' ' if notes else ''}In a row marked “{SUPPRESSED}”, a count of that "
                  "group (its people, or those with or without the outcome) is from 1 to 10.")
    if hidden and any(HIDDEN_COMPLEMENT in cell for row in rows for cell in row):
        notes += (f"{' ' if notes else ''}Cells marked “{HIDDEN_COMPLEMENT}” are not small "
                  "themselves: they are hidden so that a small count cannot be worked out "
                  "from the totals.")
    caption = f"{label} by {group.replace('_', ' ')}"
    if synthetic:
        caption += " (SYNTHETIC data)"
    comparisons = ratio[ratio["reference"] != ratio.index].reset_index()
    shown = comparisons[~comparisons["suppressed"].astype(bool)
                        & comparisons["estimate"].astype(float).notna()]
    if ref_name in empty:
        text = (f"{ref_name} had no people with a known outcome, so nothing can be compared "
                "with it. Choose another group to compare with.")
    elif len(shown):
        text = _headline(shown, ref_name, direction, subject, verb)
    else:
        text = (f"No group can be compared with {ref_name} without revealing small counts, "
                "so this analysis cannot be shown.")
    alt = ""
    if bars:
        # The alt text alone, from the tidy table (its per and confidence level): reports
        # redraw the chart (evidence_chart) when they need it.
        charted = est[est["group"].astype(str).isin([b.group for b in bars])]
        alt = present.rate_bars_alt_text(charted, value_label=label, synthetic=synthetic)
    return EvidenceItem(
        dataset=name, outcome=outcome, group=group, denominator=denominator or "",
        reference=ref_name, groups=[row[0] for row in rows],
        table=EvidenceTable(columns, rows, caption), sentence=text,
        notes=notes, source=source, synthetic=synthetic,
        disaggregated=len(rows) >= 2, suppressed_cells=hidden, chart=bars, per=per,
        chart_alt=alt,
    )


def _float(value: Any) -> float | None:
    return None if value is None or value is pd.NA or _isnan(value) else float(value)


def _bars_frame(bars: list[ChartBar]) -> pd.DataFrame:
    return pd.DataFrame([b.__dict__ for b in bars])


def evidence_chart(item: EvidenceItem) -> Any | None:
    """Redraw an evidence item's bar chart (an :class:`equitylab.present.Chart`), if any.

    The bars hold the estimates on the item's ``per`` scale, as measures gave them; they are
    drawn as they are, never rescaled.

    Examples
    --------
    >>> evidence_chart(EvidenceItem()) is None
    True
    """
    if not item.chart:
        return None
    from equitylab.present import rate_bars

    return rate_bars(_bars_frame(item.chart), value_label=item.outcome.replace("_", " "),
                     per=item.per, level=LEVEL, synthetic=item.synthetic)
