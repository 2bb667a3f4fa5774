"""Views of a comparison against a reference: its table, sentences and dot-and-interval chart.

A *comparison* is any object with the attributes of ``equitylab.labs.comparison.Comparison``
(``tidy``, ``wide``, ``indicator``, ``gap``, ``reference_label``, ``excluded``): the output of
:func:`equitylab.measures.disparities` and its one-row-per-group reshaping. These functions
only present it; they compute nothing the comparison does not already hold.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd

from equitylab.escape import bound
from equitylab.measures import SMALL_CELL_MAX

from ._charts import SHORTENED, Chart, chart_labels, new_figure
from ._format import OKABE_ITO, Scale, fmt_count, fmt_difference, fmt_interval, fmt_value
from ._html import drawn_as_typed, html_table

if TYPE_CHECKING:
    from equitylab.measures import Indicator

__all__ = [
    "HIDDEN_COMPLEMENT",
    "REFERENCE_LABELS",
    "ComparisonLike",
    "comparison_scale",
    "comparison_table_html",
    "display_table",
    "flag_text",
    "gap_alt_text",
    "gap_chart",
    "sentences",
]

#: Reference choices other than a named group, as shown to readers.
REFERENCE_LABELS = {
    "best": "Best-off group",
    "overall": "Everyone (overall rate)",
    "others": "Everyone else",
    "largest": "Largest group",
}

_FLAG_TEXT = {
    "unreliable_rse_30": "unreliable: relative standard error 30% or more",
    "caution_rse_23_30": "use with caution: relative standard error 23-30%",
    "nchs_sample_below_30": "fewer than 30 people",
    "nchs_ci_width_0.30": "interval wider than 30 points",
    "nchs_relative_ci_width": "interval wide relative to the estimate",
    "nchs_review_p_0_or_1": "0% or 100%: check",
    "fewer_than_20_events": "fewer than 20 events",
    "nchs_rate_events_below_10": "fewer than 10 events",
    "nchs_rate_relative_ci_width": "interval wide relative to the rate",
    "fewer_than_2_observations": "fewer than 2 observations",
    "zero_denominator": "no people in the group",
    "suppressed_small_cell": "hidden: a count is between 1 and 10",
    "suppressed_complementary": "hidden so a small count cannot be worked out",
    "suppressed_reference": "hidden: the reference's count is hidden",
    "zero_events": "no events",
    "reference_missing_in_stratum": "reference group absent",
}

_HIDDEN = "hidden (small count)"
#: A figure hidden only so that a small count elsewhere cannot be worked out.
HIDDEN_COMPLEMENT = "hidden (protects a small count)"


def _hidden_text(flags: Any) -> str:
    codes = str(flags or "").split(";")
    if "suppressed_complementary" in codes and "suppressed_small_cell" not in codes:
        return HIDDEN_COMPLEMENT
    return _HIDDEN


class ComparisonLike(Protocol):
    """What the views need from a comparison (see the module docstring)."""

    @property
    def tidy(self) -> pd.DataFrame:
        """The tidy disparities table."""
        ...

    @property
    def wide(self) -> pd.DataFrame:
        """One row per group."""
        ...

    @property
    def indicator(self) -> Indicator:
        """What was measured."""
        ...

    @property
    def gap(self) -> str:
        """The gap measure shown ("ratio" or "difference")."""
        ...

    @property
    def excluded(self) -> pd.DataFrame:
        """Rows left out, and why."""
        ...

    @property
    def reference_label(self) -> str:
        """The reference in words."""
        ...


def flag_text(flags: str) -> str:
    """Turn a ``;``-separated list of flag codes into plain words (unknown codes dropped).

    Examples
    --------
    >>> flag_text("unreliable_rse_30;reference_group")
    'unreliable: relative standard error 30% or more'
    """
    words = [_FLAG_TEXT[f] for f in str(flags or "").split(";") if f in _FLAG_TEXT]
    return "; ".join(dict.fromkeys(words))


def comparison_scale(comp: ComparisonLike) -> Scale:
    """Return the scale, unit and confidence level of a comparison's estimates (from its table)."""
    rows = comp.tidy.loc[comp.tidy["measure"] == comp.indicator.unit]
    return Scale.of(rows) if len(rows) else Scale.of(comp.indicator)


def _gap_text(r: Any, gap: str, scale: Scale) -> str:
    if gap == "ratio":
        return (f"{fmt_value(r.gap, digits=2)}× "
                f"({fmt_interval(r.gap_lower, r.gap_upper, digits=2)})")
    return (f"{fmt_difference(r.gap, scale)} ({fmt_difference(r.gap_lower)} to "
            f"{fmt_difference(r.gap_upper)})")


def display_table(comp: ComparisonLike, *, group_label: str = "Group",
                  people: str = "People") -> pd.DataFrame:
    """Return the comparison as the table a reader sees (text; hidden numbers say so).

    A hidden number says why: "hidden (small count)" where a count of the group is from 1
    to 10, "hidden (protects a small count)" where it is hidden only so that a small count
    elsewhere cannot be worked out (complementary suppression).
    """
    scale = comparison_scale(comp)
    rate_col = f"Rate ({scale.ci_label})"
    gap_name = ("Difference from reference" if comp.gap == "difference"
                else "Ratio to reference")
    rows = []
    strata = [s for s in comp.wide.columns if s not in _WIDE_COLS] or None
    refs = comp.wide.loc[comp.wide["is_reference"].astype(bool), "flags"]
    # A gap hidden only because the reference is hidden reads as the reference does.
    ref_text = _hidden_text(refs.iloc[0]) if len(refs) and strata is None else _HIDDEN
    for r in comp.wide.itertuples(index=False):
        rec = {s: getattr(r, s) for s in comp.wide.columns if s not in _WIDE_COLS}
        rec[group_label] = str(r.group) + (" (reference)" if r.is_reference else "")
        # Without strata a group's size is hidden only when it is small itself.
        rec[people] = fmt_count(r.n, missing=_HIDDEN if strata is None
                                else _hidden_text(r.flags))
        rec["Events"] = fmt_count(r.events, missing=_hidden_text(r.flags))
        if r.suppressed and not np.isfinite(r.estimate):
            rec[rate_col] = _hidden_text(r.flags)
        else:
            rec[rate_col] = (f"{fmt_value(r.estimate, scale)} "
                             f"({fmt_interval(r.lower, r.upper, scale)})")
        if r.is_reference:
            rec[gap_name] = "reference"
        elif not np.isfinite(r.gap):
            codes = str(r.flags).split(";")
            rec[gap_name] = ("—" if not r.suppressed else ref_text
                             if "suppressed_reference" in codes
                             and not {"suppressed_small_cell", "suppressed_complementary"}
                             & set(codes) else _hidden_text(r.flags))
        else:
            rec[gap_name] = _gap_text(r, comp.gap, scale)
        wo = r.worse_off
        rec["Worse off?"] = ("" if r.is_reference or wo is pd.NA or wo is None
                             else ("yes" if bool(wo) else "no"))
        rec["Notes"] = (flag_text(";".join(f for f in str(r.flags).split(";")
                                           if f.startswith("suppressed")))
                        if r.suppressed else flag_text(r.flags))
        rows.append(rec)
    return pd.DataFrame(rows)


_WIDE_COLS = {"group", "n", "events", "estimate", "lower", "upper", "suppressed", "gap",
              "gap_lower", "gap_upper", "p_adjusted", "worse_off", "reference", "flags",
              "is_reference"}


def comparison_table_html(comp: ComparisonLike, *, group_label: str = "Group",
                          people: str = "People", caption: str | None = None) -> str:
    """Render a comparison as an accessible HTML table, with the rows left out below it."""
    table = display_table(comp, group_label=group_label, people=people)
    ind = comp.indicator
    cap = caption or (f"{ind.verb.capitalize()} by {group_label.lower()}, compared with "
                      f"{comp.reference_label}")
    out = html_table(table, caption=cap, row_header=group_label)
    if len(comp.excluded):
        parts = []
        for r in comp.excluded.itertuples(index=False):
            who = "" if pd.isna(r.group) else f" ({r.group})"
            rows = "1–10" if 1 <= r.rows <= SMALL_CELL_MAX else fmt_count(r.rows)
            parts.append(f"{r.reason}{who}: {rows}")
        out += ('<p class="equitylab-excluded"><strong>Left out of the table:</strong> '
                + html.escape("; ".join(parts)) + ".</p>")
    return out


def sentences(comp: ComparisonLike, *, noun: str = "people") -> list[str]:
    """Plain-language sentences from :mod:`equitylab.explain`, two per group (rate and gap).

    Parameters
    ----------
    comp : ComparisonLike
        The comparison.
    noun : str
        Who the rows describe, e.g. ``"people stopped"`` or ``"applicants"``.

    Returns
    -------
    list of str
        For each group: its rate, then its gap to the reference (one sentence if hidden);
        then which groups are worse off, and the rows left out.
    """
    from equitylab import explain

    tidy = comp.tidy
    verb = comp.indicator.verb
    out: list[str] = []
    keep = tidy.loc[tidy["measure"].isin([comp.indicator.unit, comp.gap])]
    for _, row in keep.iterrows():
        text = explain.sentence(row, subject=noun, verb=verb)
        if text not in out:
            out.append(text)
    w = comp.wide.loc[~comp.wide["is_reference"]]
    worse = [str(g) for g, v in zip(w["group"], w["worse_off"], strict=True)
             if v is not pd.NA and v is not None and bool(v)]
    higher = "higher is better" if comp.indicator.higher_is_better else "higher is worse"
    out.append(f"For this outcome {higher}, so the groups worse off than "
               f"{comp.reference_label} are: {', '.join(worse) if worse else 'none'}.")
    ex = tidy.loc[tidy["measure"] == "excluded_rows"]
    out += [explain.sentence(r, subject=noun, verb=verb) for _, r in ex.iterrows()]
    return out


def _nice_ticks(lo: float, hi: float, log: bool) -> list[float]:
    if log:
        cands = [0.1, 0.2, 0.25, 0.5, 1, 2, 3, 4, 5, 10, 20, 50, 100]
        inside = [c for c in cands if lo <= c <= hi]
        return inside if 1 in inside else sorted({*inside, 1.0})
    from matplotlib.ticker import MaxNLocator

    return [float(t) for t in MaxNLocator(5).tick_values(lo, hi) if lo <= t <= hi]


@drawn_as_typed
def gap_chart(comp: ComparisonLike, *, title: str) -> Chart:
    """Dot-and-interval chart of each group's rate and its gap, with the reference marked.

    Drawn with few artists (fixed ticks) so that redrawing stays fast enough for a widget.
    Labels are shortened to fit (:func:`~equitylab.present._charts.chart_labels`); the
    caption then says so.

    Returns
    -------
    Chart
        The figure and its alt text (:func:`gap_alt_text`).
    """
    scale = comparison_scale(comp)
    full_title = title
    w = comp.wide
    shown = w.loc[np.isfinite(w["estimate"].to_numpy(float))]
    labels, cut = chart_labels(list(shown["group"]) + [title])
    title = labels.pop()
    height = 0.42 * max(len(labels), 2) + 1.4
    fig = new_figure(figsize=(8.5, height))
    axes = fig.subplots(1, 2, sharey=True)
    fig.subplots_adjust(left=0.2, right=0.97, top=1 - 0.55 / height, bottom=0.75 / height,
                        wspace=0.08)
    y = np.arange(len(labels))[::-1].astype(float)
    est = shown["estimate"].to_numpy(float)
    lo, hi = shown["lower"].to_numpy(float), shown["upper"].to_numpy(float)
    is_ref = shown["is_reference"].to_numpy(bool)
    ax = axes[0]
    ax.hlines(y, lo, hi, color="#444444", linewidth=1.5)
    ax.plot(est[~is_ref], y[~is_ref], "o", color=OKABE_ITO[0], markersize=7)
    if is_ref.any():
        ax.plot(est[is_ref], y[is_ref], "s", color=OKABE_ITO[7], markersize=7)
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    top = float(np.nanmax(hi)) if len(hi) else 1.0
    ax.set_xlim(0, top * 1.08 if top > 0 else 1)
    ax.set_xticks(_nice_ticks(0, top * 1.08 if top > 0 else 1, False))
    ax.set_xlabel(f"Rate ({scale.axis_unit})" if scale.axis_unit else "Value")
    ax.set_title(f"Rate with {scale.level_text} interval".replace("  ", " "), fontsize=10)
    ax2 = axes[1]
    gap = shown["gap"].to_numpy(float)
    glo, ghi = shown["gap_lower"].to_numpy(float), shown["gap_upper"].to_numpy(float)
    ok = np.isfinite(gap) & np.isfinite(glo) & np.isfinite(ghi)
    if comp.gap == "ratio":
        ok &= (glo > 0) & (gap > 0)
    base = 1.0 if comp.gap == "ratio" else 0.0
    ax2.axvline(base, color=OKABE_ITO[7], linewidth=1)
    ax2.hlines(y[ok], glo[ok], ghi[ok], color="#444444", linewidth=1.5)
    worse = np.array([bool(v) if v is not pd.NA and v is not None else False
                      for v in shown["worse_off"].to_numpy(object)], dtype=bool)
    bad, good = ok & worse & ~is_ref, ok & ~worse & ~is_ref
    ax2.plot(gap[bad], y[bad], "D", color=OKABE_ITO[1], markersize=6, label="worse off")
    ax2.plot(gap[good], y[good], "o", color=OKABE_ITO[2], markersize=6, label="not worse off")
    if ok.any():
        lo2, hi2 = float(np.min(glo[ok])), float(np.max(ghi[ok]))
    else:
        lo2, hi2 = (0.5, 2.0) if comp.gap == "ratio" else (-1.0, 1.0)
    if comp.gap == "ratio":
        lo2, hi2 = min(lo2, 1.0) / 1.15, max(hi2, 1.0) * 1.15
        ax2.set_xscale("log")
        ax2.set_xlim(lo2, hi2)
        ticks = _nice_ticks(lo2, hi2, True)
        ax2.set_xticks(ticks, [f"{t:g}×" for t in ticks])
        ax2.minorticks_off()
        ax2.set_xlabel(f"Times the rate for {bound(comp.reference_label, 30)} (log scale)")
        ax2.set_title("Ratio to reference", fontsize=10)
    else:
        pad = 0.08 * max(hi2 - lo2, 1e-9)
        lo2, hi2 = min(lo2, 0.0) - pad, max(hi2, 0.0) + pad
        ax2.set_xlim(lo2, hi2)
        ax2.set_xticks(_nice_ticks(lo2, hi2, False))
        unit = scale.difference_unit.strip()
        ax2.set_xlabel(f"Difference from {bound(comp.reference_label, 30)}"
                       + (f" ({unit})" if unit else ""))
        ax2.set_title("Difference from reference", fontsize=10)
    ax2.tick_params(axis="y", length=0)
    fig.suptitle(title, fontsize=11)
    return Chart(fig, gap_alt_text(comp, title=full_title), SHORTENED if cut else "")


def gap_alt_text(comp: ComparisonLike, *, title: str) -> str:
    """Alt text for :func:`gap_chart`: what it shows and its extremes, in words."""
    scale = comparison_scale(comp)
    w = comp.wide.loc[np.isfinite(comp.wide["estimate"].to_numpy(float))]
    if w.empty:
        return f"{title}: every number is hidden to protect small counts."
    hi = w.loc[w["estimate"].idxmax()]
    lo = w.loc[w["estimate"].idxmin()]
    kind = "ratio to" if comp.gap == "ratio" else "difference from"
    hidden = int((~np.isfinite(comp.wide["estimate"].to_numpy(float))).sum())
    tail = f" {hidden} group(s) hidden to protect small counts." if hidden else ""
    intervals = f"{scale.level_text} intervals".strip()
    return (f"{title}. Two dot charts with {intervals}: each group's rate, and its {kind} "
            f"{comp.reference_label}. Highest rate: {hi['group']} at "
            f"{fmt_value(hi['estimate'], scale)}; lowest: {lo['group']} at "
            f"{fmt_value(lo['estimate'], scale)}. The table beside the chart has every number."
            + tail)
