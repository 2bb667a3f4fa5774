"""Shared views for the lab apps: accessible tables, sentences and charts.

These helpers only *present* what :mod:`equitylab.measures` computes. They exist here
because ``equitylab.explain`` and ``equitylab.charts`` were not yet available when the
labs were written; when those modules land, these functions can delegate to them.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from equitylab import explain, measures
from equitylab.labs.comparison import Comparison

__all__ = [
    "OKABE_ITO",
    "comparison_table_html",
    "figure_html",
    "flag_text",
    "gap_chart",
    "html_table",
    "message_html",
    "reference_options",
    "sentences",
]

#: Okabe-Ito colour-blind-safe palette.
OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
             "#000000"]

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
    "suppressed_reference": "hidden: the reference's count is small",
    "zero_events": "no events",
    "reference_missing_in_stratum": "reference group absent",
}


def flag_text(flags: str) -> str:
    """Turn a ``;``-separated list of flag codes into plain words (unknown codes dropped).

    Examples
    --------
    >>> flag_text("unreliable_rse_30;reference_group")
    'unreliable: relative standard error 30% or more'
    """
    words = [_FLAG_TEXT[f] for f in str(flags or "").split(";") if f in _FLAG_TEXT]
    return "; ".join(dict.fromkeys(words))


def reference_options(groups: Sequence[str]) -> list[tuple[str, Any]]:
    """Dropdown options for a reference: each named group, then best, overall, others.

    Examples
    --------
    >>> reference_options(["A", "B"])[-1]
    ('Everyone else', 'others')
    """
    named = [(f"{g}", ("group", g)) for g in groups]
    return named + [(REFERENCE_LABELS[k], k) for k in ("best", "overall", "others")]


# --- numbers -----------------------------------------------------------------------------


def _unit_suffix(ind: measures.Indicator) -> str:
    if ind.unit == "proportion" and ind.per == 100:
        return "%"
    if ind.unit == "rate" or (ind.unit == "proportion" and ind.per != 1):
        return f" per {ind.per:,.0f}"
    return ""


def fmt_value(x: float, ind: measures.Indicator, *, digits: int = 1) -> str:
    """Format an estimate on the indicator's scale ("20.4%", "3.1 per 1,000", "412.5")."""
    if x is None or not np.isfinite(x):
        return "—"
    return f"{x:,.{digits}f}{_unit_suffix(ind)}"


def fmt_interval(lo: float, hi: float, ind: measures.Indicator | None, *,
                 digits: int = 1) -> str:
    """Format an interval, "19.7–21.0%"."""
    if lo is None or hi is None or not (np.isfinite(lo) and np.isfinite(hi)):
        return "—"
    suffix = _unit_suffix(ind) if ind is not None else ""
    return f"{lo:,.{digits}f}–{hi:,.{digits}f}{suffix}"


def _diff_unit(ind: measures.Indicator) -> str:
    if ind.unit == "proportion" and ind.per == 100:
        return " percentage points"
    return _unit_suffix(ind)


def fmt_count(x: Any) -> str:
    """Format a count with thousands separators; hidden counts read "hidden (1–10)"."""
    if x is None or x is pd.NA or (isinstance(x, float) and np.isnan(x)):
        return "hidden"
    return f"{float(x):,.0f}"


# --- tables ------------------------------------------------------------------------------


def html_table(frame: pd.DataFrame, *, caption: str, row_header: str | None = None,
               css_class: str = "equitylab-table") -> str:
    """Render a small DataFrame as an accessible HTML table (caption, scoped headers).

    Examples
    --------
    >>> "<caption>Counts</caption>" in html_table(pd.DataFrame({"a": [1]}), caption="Counts")
    True
    """
    cols = list(frame.columns)
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in cols)
    body = []
    for rec in frame.itertuples(index=False):
        cells = []
        for c, v in zip(cols, rec, strict=True):
            text = html.escape("" if v is None or v is pd.NA else str(v))
            cells.append(f'<th scope="row">{text}</th>' if c == row_header else f"<td>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<table class="{css_class}"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def display_table(comp: Comparison, *, group_label: str = "Group",
                  people: str = "People") -> pd.DataFrame:
    """Return the comparison as the table a reader sees (text; hidden numbers say so)."""
    ind = comp.indicator
    gap_name = ("Difference from reference" if comp.gap == "difference"
                else "Ratio to reference")
    rows = []
    for r in comp.wide.itertuples(index=False):
        rec = {s: getattr(r, s) for s in comp.wide.columns if s not in _WIDE_COLS}
        rec[group_label] = str(r.group) + (" (reference)" if r.is_reference else "")
        rec[people] = fmt_count(r.n)
        rec["Events"] = fmt_count(r.events)
        if r.suppressed and not np.isfinite(r.estimate):
            rec["Rate (95% CI)"] = "hidden (small count)"
        else:
            rec["Rate (95% CI)"] = (f"{fmt_value(r.estimate, ind)} "
                                    f"({fmt_interval(r.lower, r.upper, ind)})")
        if r.is_reference:
            rec[gap_name] = "reference"
        elif not np.isfinite(r.gap):
            rec[gap_name] = "hidden (small count)" if r.suppressed else "—"
        elif comp.gap == "ratio":
            rec[gap_name] = f"{r.gap:.2f}× ({r.gap_lower:.2f}–{r.gap_upper:.2f})"
        else:
            rec[gap_name] = (f"{r.gap:+.1f}{_diff_unit(ind)} "
                             f"({r.gap_lower:+.1f} to {r.gap_upper:+.1f})")
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


def comparison_table_html(comp: Comparison, *, group_label: str = "Group",
                          people: str = "People", caption: str | None = None) -> str:
    """Render a :class:`Comparison` as an accessible HTML table, with left-out rows below."""
    table = display_table(comp, group_label=group_label, people=people)
    ind = comp.indicator
    cap = caption or (f"{ind.verb.capitalize()} by {group_label.lower()}, compared with "
                      f"{comp.reference_label}")
    out = html_table(table, caption=cap, row_header=group_label)
    if len(comp.excluded):
        parts = []
        for r in comp.excluded.itertuples(index=False):
            who = "" if pd.isna(r.group) else f" ({r.group})"
            rows = r.rows if not 1 <= r.rows <= measures.SMALL_CELL_MAX else "1–10"
            parts.append(f"{r.reason}{who}: {rows:,}" if isinstance(rows, int | np.integer)
                         else f"{r.reason}{who}: {rows}")
        out += ('<p class="equitylab-excluded"><strong>Left out of the table:</strong> '
                + html.escape("; ".join(parts)) + ".</p>")
    return out


# --- sentences ---------------------------------------------------------------------------


def sentences(comp: Comparison, *, noun: str = "people") -> list[str]:
    """Plain-language sentences from :mod:`equitylab.explain`, two per group (rate and gap).

    Parameters
    ----------
    comp : Comparison
        From :func:`equitylab.labs.comparison.compare`.
    noun : str
        Who the rows describe, e.g. ``"people stopped"`` or ``"applicants"``.

    Returns
    -------
    list of str
        For each group: its rate, then its gap to the reference (one sentence if hidden).
    """
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


def message_html(text: str, *, kind: str = "info") -> str:
    """Return a status message for screen readers (``role=status`` or ``alert``)."""
    role = "alert" if kind == "error" else "status"
    return (f'<div class="equitylab-message equitylab-{kind}" role="{role}" aria-live="polite">'
            f"{html.escape(text)}</div>")


def sentences_html(lines: Sequence[str]) -> str:
    """Sentences as a list announced politely to screen readers when they change."""
    items = "".join(f"<li>{html.escape(s)}</li>" for s in lines)
    return ('<div role="status" aria-live="polite"><ul class="equitylab-sentences">'
            f"{items}</ul></div>")


# --- charts ------------------------------------------------------------------------------


def figure_html(fig: Figure, alt: str, *, caption: str | None = None) -> str:
    """Render a matplotlib figure as an ``<img>`` with alt text.

    The image is an SVG data URI (text kept as text: small, sharp, quick to draw) so it
    survives in saved widget state and works offline.
    """
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "equitylab"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (f'<figure class="equitylab-figure"><img src="data:image/svg+xml;base64,{data}" '
            f'alt="{html.escape(alt, quote=True)}" style="max-width:100%;height:auto">{cap}'
            "</figure>")


def _nice_ticks(lo: float, hi: float, log: bool) -> list[float]:
    if log:
        cands = [0.1, 0.2, 0.25, 0.5, 1, 2, 3, 4, 5, 10, 20, 50, 100]
        inside = [c for c in cands if lo <= c <= hi]
        return inside if 1 in inside else sorted({*inside, 1.0})
    from matplotlib.ticker import MaxNLocator

    return [float(t) for t in MaxNLocator(5).tick_values(lo, hi) if lo <= t <= hi]


def gap_chart(comp: Comparison, *, title: str) -> tuple[Figure, str]:
    """Dot-and-interval chart of each group's rate and its gap, with the reference marked.

    Drawn with few artists (one line collection per panel, fixed ticks) so that redrawing
    stays fast enough for a widget.

    Returns
    -------
    (matplotlib.figure.Figure, str)
        The figure and its alt text.
    """
    ind = comp.indicator
    w = comp.wide
    shown = w.loc[np.isfinite(w["estimate"].to_numpy(float))]
    labels = [str(g) for g in shown["group"]]
    height = 0.42 * max(len(labels), 2) + 1.4
    fig = Figure(figsize=(8.5, height))
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
    suffix = _unit_suffix(ind).strip()
    ax.set_xlabel(f"Rate ({suffix})" if suffix else "Value")
    ax.set_title("Rate with 95% interval", fontsize=10)
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
        ax2.set_xlabel(f"Times the rate for {comp.reference_label} (log scale)")
        ax2.set_title("Ratio to reference", fontsize=10)
    else:
        pad = 0.08 * max(hi2 - lo2, 1e-9)
        lo2, hi2 = min(lo2, 0.0) - pad, max(hi2, 0.0) + pad
        ax2.set_xlim(lo2, hi2)
        ax2.set_xticks(_nice_ticks(lo2, hi2, False))
        ax2.set_xlabel(f"Difference from {comp.reference_label} ({_diff_unit(ind).strip()})"
                       if _diff_unit(ind).strip() else f"Difference from {comp.reference_label}")
        ax2.set_title("Difference from reference", fontsize=10)
    ax2.tick_params(axis="y", length=0)
    fig.suptitle(title, fontsize=11)
    alt = gap_alt_text(comp, title=title)
    return fig, alt


def gap_alt_text(comp: Comparison, *, title: str) -> str:
    """Alt text for :func:`gap_chart`: what it shows and its extremes, in words."""
    ind = comp.indicator
    w = comp.wide.loc[np.isfinite(comp.wide["estimate"].to_numpy(float))]
    if w.empty:
        return f"{title}: every number is hidden to protect small counts."
    hi = w.loc[w["estimate"].idxmax()]
    lo = w.loc[w["estimate"].idxmin()]
    kind = "ratio to" if comp.gap == "ratio" else "difference from"
    hidden = int((~np.isfinite(comp.wide["estimate"].to_numpy(float))).sum())
    tail = f" {hidden} group(s) hidden to protect small counts." if hidden else ""
    return (f"{title}. Two dot charts with 95% intervals: each group's rate, and its {kind} "
            f"{comp.reference_label}. Highest rate: {hi['group']} at "
            f"{fmt_value(hi['estimate'], ind)}; lowest: {lo['group']} at "
            f"{fmt_value(lo['estimate'], ind)}. The table beside the chart has every number."
            + tail)
