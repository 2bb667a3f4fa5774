"""Lab 3 model: explicit and implicit bias in lending (real data).

Boston mortgage applications (``AER::HMDA``): the raw denial gap, and what happens to it
when applicants are compared within bands of a "race-neutral" criterion, each of which
carries historical disadvantage. The GI Bill (``causaldata::mortgages``): a benefit whose
rules were race-neutral on paper, and the home ownership it produced by race.

Rates, gaps and suppression come from :mod:`equitylab.measures`; the pooled within-band
ratio from :func:`equitylab.measures.mantel_haenszel_ratio`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from equitylab import datasets, measures

__all__ = ["AA", "CRITERIA", "OTHER", "criterion_sentences", "criterion_view", "denial_gap",
           "gi_bill_boost", "hmda", "range_sentence", "within_table"]

AA, OTHER = "African American", "Not African American"


def _bands(values: pd.Series, edges: list[float], labels: list[str]) -> pd.Series:
    return pd.cut(values.astype(float), [-np.inf, *edges, np.inf], labels=labels,
                  right=False)


def _ordered(values: pd.Series, order: list[str]) -> pd.Series:
    return pd.Series(pd.Categorical(values.astype(str), categories=order, ordered=True),
                     index=values.index)


#: Criterion label -> (function making bands from the HMDA table, explanation).
CRITERIA: dict[str, tuple[Callable[[pd.DataFrame], pd.Series], str]] = {
    "Consumer credit history": (
        lambda h: _ordered(h["consumer_credit_score"].astype(int).map(
            {1: "1 (best)", 2: "2", 3: "3-4", 4: "3-4", 5: "5-6 (worst)", 6: "5-6 (worst)"}),
            ["1 (best)", "2", "3-4", "5-6 (worst)"]),
        "Credit histories reflect access to credit, which lenders long denied to Black "
        "borrowers and neighbourhoods."),
    "Payments to income": (
        lambda h: _bands(h["payments_to_income"], [0.30, 0.35, 0.40],
                         ["under 30%", "30-35%", "35-40%", "40% or more"]),
        "Income gaps, shaped by discrimination in jobs and pay, raise this ratio for the same "
        "house."),
    "Loan to value": (
        lambda h: _bands(h["loan_to_value"], [0.80, 0.90],
                         ["under 80%", "80-90%", "90% or more"]),
        "A smaller down payment reflects less family wealth, the legacy of exclusion from "
        "home ownership."),
    "Public bad credit record": (
        lambda h: _ordered(h["public_bad_credit_record"].map({True: "yes", False: "no"}),
                           ["no", "yes"]),
        "Public records such as judgments follow from unequal treatment elsewhere, for "
        "example in courts and in debt collection."),
}


@functools.lru_cache(maxsize=1)
def _hmda() -> pd.DataFrame:
    return datasets.load("boston_hmda", show_caveats=False)


def hmda() -> pd.DataFrame:
    """Return the Boston HMDA applications with its ``applicant_race`` group column (real data)."""
    return _hmda().copy()


def _indicator() -> measures.Indicator:
    return measures.Indicator("denied", "adverse", "proportion", 100.0,
                              "were denied a mortgage")


def denial_gap() -> pd.DataFrame:
    """Return the raw denial rates and gaps (African American vs other applicants).

    Examples
    --------
    >>> t = denial_gap()
    >>> round(float(t.query("group == 'African American' and measure == 'ratio'")
    ...             ["estimate"].iloc[0]), 2)
    3.06
    """
    return _denial_gap().copy()


@functools.lru_cache(maxsize=1)
def _denial_gap() -> pd.DataFrame:
    counts = measures.count(_hmda(), "applicant_race", "denied", indicator=_indicator())
    return measures.disparities(counts, reference=OTHER,
                                measures=("estimate", "difference", "ratio"))


@functools.lru_cache(maxsize=16)
def criterion_view(criterion: str, gap: str = "ratio") -> dict[str, Any]:
    """Compare denial rates within bands of one "race-neutral" criterion.

    Returns
    -------
    dict
        ``distribution`` (share of each group in each band), ``within`` (the stratified
        :func:`equitylab.measures.disparities` table), ``crude`` and ``pooled`` ratios
        (Mantel-Haenszel, within bands, from
        :func:`equitylab.measures.mantel_haenszel_ratio`) with ``pooled_lower``,
        ``pooled_upper`` (its interval at confidence ``pooled_level``) and
        ``pooled_message`` (empty, or why the pooled ratio cannot be estimated), and
        ``note``. The result is cached per criterion and gap, so treat it as read-only.
    """
    if criterion not in CRITERIA:
        raise ValueError(f"criterion must be one of {', '.join(CRITERIA)}, not {criterion!r}.")
    make, note = CRITERIA[criterion]
    h = hmda()
    h["band"] = make(h)
    dist = (pd.crosstab(h["band"], h["applicant_race"], normalize="columns") * 100).round(1)
    dist = dist.reset_index().rename(columns={"band": criterion})
    dist.columns.name = None
    counts = measures.count(h, "applicant_race", "denied", strata="band", indicator=_indicator())
    within = measures.disparities(counts, reference=OTHER, measures=("estimate", gap))
    crude = float(denial_gap().query("group == @AA and measure == 'ratio'")["estimate"].iloc[0])
    pooled = measures.mantel_haenszel_ratio(counts, AA, OTHER)
    return {"criterion": criterion, "gap": gap, "distribution": dist, "within": within,
            "crude": crude, "pooled": pooled.estimate, "pooled_lower": pooled.lower,
            "pooled_upper": pooled.upper, "pooled_level": pooled.level,
            "pooled_message": pooled.message, "note": note}


def within_table(view: dict[str, Any]) -> pd.DataFrame:
    """Return the within-band comparison as text, hidden numbers saying so."""
    w = view["within"]
    rows = []
    for band in w["band"].dropna().unique():
        sub = w.loc[w["band"] == band]
        rec: dict[str, Any] = {view["criterion"]: band}
        for grp in (AA, OTHER):
            r = sub.loc[(sub["group"] == grp) & (sub["measure"] == "proportion")]
            if r.empty:
                rec[f"{grp}: denied"] = "no applicants"
                continue
            r = r.iloc[0]
            rec[f"{grp}: denied"] = ("hidden (small count)" if r["suppressed"] else
                                     f"{r['estimate']:.1f}% ({r['events']:,.0f} of "
                                     f"{r['n']:,.0f})")
        g = sub.loc[(sub["group"] == AA) & (sub["measure"] == view["gap"])]
        if g.empty or pd.isna(g["estimate"].iloc[0]):
            rec["Gap"] = "hidden (small count)" if not g.empty else "—"
        elif view["gap"] == "ratio":
            rec["Gap"] = (f"{g['estimate'].iloc[0]:.2f}× ({g['lower'].iloc[0]:.2f}–"
                          f"{g['upper'].iloc[0]:.2f})")
        else:
            rec["Gap"] = (f"{g['estimate'].iloc[0]:+.1f} points ({g['lower'].iloc[0]:+.1f} to "
                          f"{g['upper'].iloc[0]:+.1f})")
        rows.append(rec)
    return pd.DataFrame(rows)


def gi_bill_boost() -> pd.DataFrame:
    """Return home ownership by veteran status for white and nonwhite men (real data).

    Returns
    -------
    pandas.DataFrame
        ``race``, ``veteran`` and ``not a veteran`` rates (%), and ``boost`` (points):
        the difference from :func:`equitylab.measures.disparities` within each race.
    """
    return _gi_bill_boost().copy()


@functools.lru_cache(maxsize=1)
def _gi_bill_boost() -> pd.DataFrame:
    g = datasets.load("gi_bill_mortgages", show_caveats=False)
    frame = pd.DataFrame({
        "race": np.where(g["nonwhite"].astype(bool), "Nonwhite", "White"),
        "status": np.where(g["veteran_wwii_or_korea"].astype(bool), "veteran",
                           "not a veteran"),
        "home_owner": g["home_owner"].astype(bool).to_numpy(),
    })
    ind = measures.Indicator("home owner", "favourable", "proportion", 100.0, "owned a home")
    counts = measures.count(frame, "status", "home_owner", strata="race", indicator=ind)
    d = measures.disparities(counts, reference="not a veteran",
                             measures=("estimate", "difference"))
    rows = []
    for race in ("White", "Nonwhite"):
        sub = d.loc[d["race"] == race].set_index(["group", "measure"])["estimate"]
        low = d.loc[(d["race"] == race) & (d["group"] == "veteran") &
                    (d["measure"] == "difference")].iloc[0]
        rows.append({"race": race, "veteran": sub[("veteran", "proportion")],
                     "not a veteran": sub[("not a veteran", "proportion")],
                     "boost": sub[("veteran", "difference")],
                     "boost_lower": low["lower"], "boost_upper": low["upper"]})
    return pd.DataFrame(rows)


def range_sentence(view: dict[str, Any]) -> str:
    """Say how far the within-band gaps range (or that they are all hidden)."""
    w = view["within"]
    g = w.loc[(w["group"] == AA) & (w["measure"] == view["gap"])].dropna(subset=["estimate"])
    if g.empty:
        return "Every within-band gap is hidden to protect small counts."
    lo, hi = float(g["estimate"].min()), float(g["estimate"].max())
    if view["gap"] == "ratio":
        return f"Within the bands, the ratio ranges from {lo:.2f} to {hi:.2f} times."
    return f"Within the bands, the difference ranges from {lo:+.1f} to {hi:+.1f} points."


def criterion_sentences(view: dict[str, Any]) -> list[str]:
    """Return plain-language sentences about one :func:`criterion_view`."""
    crit = view["criterion"].lower()
    pooled = (f"{view['pooled']:.2f} (Mantel-Haenszel; {view['pooled_level']:.0%} CI "
              f"{view['pooled_lower']:.2f} to "
              f"{view['pooled_upper']:.2f})" if not view["pooled_message"]
              else f"not available: {view['pooled_message']}")
    return [
        f"Overall, African American applicants were denied at {view['crude']:.2f} times "
        "the rate of other applicants (real data, Boston 1990).",
        f"Comparing applicants within the same band of {crit}, the pooled ratio is {pooled}.",
        range_sentence(view),
        "Part of the gap runs through this criterion; the rest remains among applicants "
        "who look alike on it.",
        view["note"],
    ]
