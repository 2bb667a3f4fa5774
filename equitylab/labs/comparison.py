"""The comparison behind every disparity view, one row per group.

One call to :func:`equitylab.measures.disparities`, reshaped to one row per group.

It lives with the lab models rather than in :mod:`equitylab.measures` because it adds no
statistic: it pairs each group's estimate with its gap to the reference (the tidy table
has them on separate rows), which is the shape every lab's table, sentences and chart read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from equitylab import measures

__all__ = ["Comparison", "compare"]


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
