"""Shared pieces of the lab apps: the comparison behind every disparity view.

The presentation (tables, sentences, charts, formats, palette) lives in
:mod:`equitylab.present`; the names below that come from it are temporary re-exports so
the lab modules keep working until they import :mod:`equitylab.present` directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from equitylab import measures, present

# --- TEMPORARY re-exports, removed at integration -----------------------------------------
# The names the lab modules and notebooks 03-04 use today. Each is the equitylab.present
# object itself (no second implementation), except gap_chart, which unpacks
# present.gap_chart's Chart into the (figure, alt text) pair the lab modules expect.
# REFERENCE_LABELS also serves reference_options below.
from equitylab.present import (
    OKABE_ITO,
    REFERENCE_LABELS,
    comparison_table_html,
    display_table,
    figure_html,
    fmt_count,
    html_table,
    message_html,
    sentences,
    sentences_html,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def gap_chart(comp: Comparison, *, title: str) -> tuple[Figure, str]:
    """Return ``present.gap_chart(comp, title=title)`` as (figure, alt text)."""
    chart = present.gap_chart(comp, title=title)
    return chart.figure, chart.alt_text


# --- end of TEMPORARY re-exports ----------------------------------------------------------

__all__ = [
    "OKABE_ITO",
    "REFERENCE_LABELS",
    "Comparison",
    "compare",
    "comparison_table_html",
    "display_table",
    "figure_html",
    "flip_counts",
    "fmt_count",
    "gap_chart",
    "html_table",
    "message_html",
    "reference_options",
    "sentences",
    "sentences_html",
]


def reference_options(groups: Sequence[str]) -> list[tuple[str, Any]]:
    """Dropdown options for a reference: each named group, then best, overall, others.

    Examples
    --------
    >>> reference_options(["A", "B"])[-1]
    ('Everyone else', 'others')
    """
    named = [(f"{g}", ("group", g)) for g in groups]
    return named + [(REFERENCE_LABELS[k], k) for k in ("best", "overall", "others")]


def flip_counts(counts: measures.Counts, label: str | None = None) -> measures.Counts:
    """Return the complement of a proportion's counts (e.g. not searched instead of searched).

    Parameters
    ----------
    counts : equitylab.measures.Counts
        Counts of a proportion.
    label : str, optional
        Verb phrase for the complement, e.g. ``"were not searched"``.

    Examples
    --------
    >>> t = pd.DataFrame({"g": ["a"], "x": [3], "n": [10]})
    >>> flip_counts(measures.from_counts(t, "g", "x", "n")).table["events"].tolist()
    [7.0]
    """
    ind = counts.indicator.flipped()
    ind = replace(ind, per=counts.indicator.per, label=label)
    table = counts.table.copy()
    table["events"] = table["n"] - table["events"]
    return replace(counts, table=table, indicator=ind)


# --- the comparison behind every disparity view ------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Everything a disparity view shows, computed once by :func:`equitylab.measures.disparities`.

    Attributes
    ----------
    tidy : pandas.DataFrame
        The output of :func:`equitylab.measures.disparities`, unchanged.
    wide : pandas.DataFrame
        One row per group (and stratum): ``group``, ``n``, ``events``, ``estimate``,
        ``lower``, ``upper``, ``gap``, ``gap_lower``, ``gap_upper``, ``p_adjusted``,
        ``worse_off``, ``flags``, ``suppressed``, ``is_reference``.
    indicator : equitylab.measures.Indicator
        What was measured (after any change of framing).
    gap : {"difference", "ratio"}
        Absolute or relative gap.
    reference : str
        The reference as recorded by measures (a group name, "overall" or "others").
    excluded : pandas.DataFrame
        Rows left out (missing or unknown group or outcome).
    """

    tidy: pd.DataFrame
    wide: pd.DataFrame
    indicator: measures.Indicator
    gap: str
    reference: str
    excluded: pd.DataFrame

    @property
    def reference_label(self) -> str:
        """The reference in words ("White", "the overall rate", "everyone else")."""
        return {"overall": "everyone (the overall rate)", "others": "everyone else"}.get(
            self.reference, str(self.reference)
        )


def compare(
    counts: measures.Counts,
    *,
    reference: Any,
    gap: str = "ratio",
    suppress: bool = True,
    threshold: int = measures.SMALL_CELL_MAX,
) -> Comparison:
    """Run :func:`equitylab.measures.disparities` and reshape it for display.

    Parameters
    ----------
    counts : equitylab.measures.Counts
        From :func:`equitylab.measures.count` or :func:`~equitylab.measures.from_counts`.
    reference : str or ("group", name)
        Passed to :func:`~equitylab.measures.disparities`.
    gap : {"difference", "ratio"}
        Which gap to show.
    suppress : bool, default True
        Hide small counts (with complementary suppression).
    threshold : int, default 10
        Largest count hidden.

    Returns
    -------
    Comparison
    """
    if gap not in ("difference", "ratio"):
        raise ValueError(f"gap must be 'difference' or 'ratio', not {gap!r}.")
    tidy = measures.disparities(
        counts, reference=reference, measures=("estimate", gap),
        suppress=suppress, threshold=threshold,
    )
    unit = counts.indicator.unit
    keys = [*counts.strata, "group"]
    est = tidy.loc[tidy["measure"] == unit].reset_index(drop=True)
    g = tidy.loc[tidy["measure"] == gap].reset_index(drop=True)
    wide = est[[*keys, "n", "events", "estimate", "lower", "upper", "suppressed"]].copy()
    wide["gap"] = g["estimate"].to_numpy()
    wide["gap_lower"] = g["lower"].to_numpy()
    wide["gap_upper"] = g["upper"].to_numpy()
    wide["p_adjusted"] = g["p_adjusted"].to_numpy()
    wide["worse_off"] = g["worse_off"].to_numpy()
    wide["reference"] = g["reference"].to_numpy()
    flags = est["flags"].fillna("").to_numpy(object) + ";" + g["flags"].fillna("").to_numpy(object)
    wide["flags"] = flags
    wide["is_reference"] = [("reference_group" in f.split(";")) for f in g["flags"].fillna("")]
    wide["suppressed"] = wide["suppressed"].to_numpy(bool) | g["suppressed"].to_numpy(bool)
    kind = str(tidy.attrs.get("reference", ""))
    if kind in ("best", "largest") and len(wide) and not counts.strata:
        kind = str(wide["reference"].iloc[0])
    return Comparison(
        tidy=tidy, wide=wide, indicator=counts.indicator, gap=gap, reference=kind,
        excluded=counts.excluded,
    )
