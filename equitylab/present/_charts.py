"""Accessible charts of a tidy table that carry their own alt text.

Every function takes a small table, draws a new matplotlib
:class:`~matplotlib.figure.Figure` (never the global ``pyplot`` state) and returns a
:class:`Chart`: the figure and a plain-language alt text that states the numbers shown.
Estimates are drawn as the table holds them; their scale (``per``), unit and confidence
level are read from the table's columns (see :class:`~equitylab.present.Scale`). No chart
relies on colour alone: bars are labelled, lines carry markers, line styles and a legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from equitylab.escape import LABEL_LIMIT, bound
from equitylab.measures import hide_small_counts

from ._format import (
    LINE_COLOURS,
    LINESTYLES,
    MARKERS,
    OKABE_ITO,
    SYNTHETIC_NOTE,
    Scale,
    fmt_count,
    fmt_difference,
    fmt_value,
)
from ._html import drawn_as_typed, figure_html, figure_png, figure_svg

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["HIDDEN", "Chart", "data_table", "gap_dots", "gap_table", "provenance", "rate_bars",
           "rate_bars_alt_text", "trend_lines"]

_MISSING = "not shown"
#: The caption of a chart whose labels had to be shortened to fit.
SHORTENED = (f"Labels longer than {LABEL_LIMIT} characters are shortened in the chart (…); "
             "the table has them in full.")


def chart_labels(values: Sequence[Any]) -> tuple[list[str], bool]:
    """Return labels short enough to draw, and whether any was shortened.

    Each is cut by :func:`equitylab.escape.bound` to at most
    :data:`~equitylab.escape.LABEL_LIMIT` characters, so a very long group name cannot make
    a chart thousands of pixels wide.

    Examples
    --------
    >>> chart_labels(["A", "B" * 100])[0][1][-3:], chart_labels(["A"])[1]
    ('BB…', False)
    """
    one_line = [" ".join(str(v).split()) for v in values]  # a label is drawn on one line
    return [bound(v) for v in one_line], any(len(v) > LABEL_LIMIT for v in one_line)


#: What a table shows in place of a count hidden because it is small.
HIDDEN = "hidden (small numbers)"


def new_figure(**kwargs: Any) -> Figure:
    """Return a new figure outside pyplot's state.

    matplotlib is imported on first drawing, not with this module: the tool app needs only
    alt text when a session opens, and importing matplotlib is about a third of its start.
    """
    from matplotlib.figure import Figure

    return Figure(**kwargs)


@dataclass(frozen=True)
class Chart:
    """A figure together with the text that describes it.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The drawn chart.
    alt_text : str
        A plain sentence or two summarising what the chart shows, with its numbers.
    caption : str, optional
        A short caption shown under the chart.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["A", "B"], "estimate": [20.0, 10.0], "per": 100.0})
    >>> chart = rate_bars(t, value_label="share")
    >>> chart.with_caption("Two groups.").caption
    'Two groups.'
    """

    figure: Figure
    alt_text: str
    caption: str = ""

    def with_caption(self, caption: str) -> Chart:
        """Return a copy with ``caption`` set (plain text; escaped on display)."""
        return replace(self, caption=caption)

    def svg(self) -> bytes:
        """Return the chart as SVG bytes."""
        return figure_svg(self.figure, tight=True)

    def png(self, dpi: int = 150) -> bytes:
        """Return the chart as PNG bytes (for Word documents)."""
        return figure_png(self.figure, dpi=dpi)

    def to_html(self) -> str:
        """Return an HTML ``<figure>`` with the image, its alt text and the caption.

        Examples
        --------
        >>> t = pd.DataFrame({"group": ["A"], "estimate": [50.0], "per": 100.0})
        >>> '<img src="data:image/svg+xml;base64,' in rate_bars(t).to_html()
        True
        """
        return figure_html(self.figure, self.alt_text, caption=self.caption or None, tight=True)

    def _repr_html_(self) -> str:
        return self.to_html()


def counts_text(row: pd.Series | Any, n: str | None, events: str | None) -> str:
    """Return the counts behind a value: "45 of 300", "n = 300", or "" when unknown.

    Examples
    --------
    >>> counts_text(pd.Series({"n": 300, "events": 45}), "n", "events")
    '45 of 300'
    """
    has = lambda c: bool(c) and c in row and pd.notna(row[c])  # noqa: E731
    if has(n) and has(events):
        return f"{fmt_count(row[events])} of {fmt_count(row[n])}"
    if has(n):
        return f"n = {fmt_count(row[n])}"
    return ""


def _title(title: str | None, synthetic: bool) -> str:
    """Chart title, marked SYNTHETIC when the data is synthetic."""
    text = title or ""
    if synthetic and "SYNTHETIC" not in text:
        text = f"{text} (SYNTHETIC)" if text else "SYNTHETIC data"
    return text


def _finish_alt(text: str, synthetic: bool, source: str | None) -> str:
    if synthetic:
        text += " " + SYNTHETIC_NOTE
    if source:
        text += f" Source: {source}."
    return text


def provenance(data: pd.DataFrame | None, synthetic: bool = False,
               source: str | None = None) -> tuple[bool, str | None]:
    """Read whether data is synthetic, and its source, from a loaded dataset's metadata.

    :func:`equitylab.datasets.load` records ``synthetic`` and ``source`` in
    ``DataFrame.attrs``; a chart or table given the loaded frame labels itself from them,
    so nobody has to remember to.

    Parameters
    ----------
    data : pandas.DataFrame or None
        The frame as loaded (before any grouping). ``None`` keeps the other arguments.
    synthetic, source : optional
        Explicit values, used when ``data`` is None; ``source`` also overrides the metadata.

    Returns
    -------
    tuple
        ``(synthetic, source)``.

    Raises
    ------
    ValueError
        If ``data`` carries no metadata (it was not loaded with ``datasets.load``).

    Examples
    --------
    >>> frame = pd.DataFrame({"x": [1]})
    >>> frame.attrs.update({"synthetic": True, "source": "SYNTHETIC: generator"})
    >>> provenance(frame)
    (True, None)
    """
    if data is None:
        return synthetic, source
    if "synthetic" not in data.attrs:
        raise ValueError(
            "This table carries no dataset metadata, so it cannot say whether it is real or "
            "synthetic. Pass the frame returned by equitylab.datasets.load (before grouping) "
            "as data=."
        )
    is_synthetic = bool(data.attrs["synthetic"])
    return is_synthetic, source if (source or is_synthetic) else data.attrs.get("source")


def _hide_small(table: pd.DataFrame, n: str | None, events: str | None) -> pd.DataFrame:
    """Hide small counts (and what is computed from them) before a table is shown."""
    if not (n and events and n in table and events in table) or "suppressed" in table:
        return table
    return hide_small_counts(table, n=n, events=events)


def _plain_axes(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _prepare(table: pd.DataFrame, estimate: str, sort: bool) -> pd.DataFrame:
    data = table.reset_index(drop=True)
    if sort:
        data = data.sort_values(estimate, ascending=False, kind="stable").reset_index(drop=True)
    return data


def _bar_labels(data: pd.DataFrame, estimate: str, n: str | None, events: str | None,
                scale: Scale, digits: int) -> list[str]:
    """Each bar's label: its value and, where known, the counts behind it."""
    labels = []
    for _, row in data.iterrows():
        value = fmt_value(row[estimate], scale, digits=digits, missing=_MISSING)
        counts = counts_text(row, n, events)
        labels.append(f"{value} ({counts})" if counts else value)
    return labels


@drawn_as_typed
def rate_bars(
    table: pd.DataFrame,
    *,
    group: str = "group",
    estimate: str = "estimate",
    lower: str | None = "lower",
    upper: str | None = "upper",
    n: str | None = "n",
    events: str | None = "events",
    value_label: str = "rate",
    title: str | None = None,
    per: float | None = None,
    unit: str | None = None,
    level: float | None = None,
    digits: int = 1,
    sort: bool = False,
    synthetic: bool = False,
    source: str | None = None,
    width: float = 7.0,
    dataset: pd.DataFrame | None = None,
) -> Chart:
    """Draw horizontal bars of an estimate by group, with intervals and counts.

    Small counts (1 to 10) are hidden, with complementary suppression, by
    :func:`equitylab.measures.hide_small_counts`; a hidden bar reads "not shown".

    Parameters
    ----------
    table : pandas.DataFrame
        One row per group, such as :func:`equitylab.measures.group_estimates` returns.
    group, estimate : str
        Columns with the group label and its estimate, on the scale the table says.
    lower, upper : str or None
        Columns with the interval; skipped if absent or None.
    n, events : str or None
        Columns with the denominator and the count of events, written beside each bar.
    value_label : str
        What the estimate is, in words (e.g. ``"graduated on time"``).
    title : str, optional
        Chart title.
    per, unit, level : optional
        The scale, unit and confidence level, for a table without ``per``, ``unit`` and
        ``level`` columns (see :meth:`Scale.of`). The estimate is never multiplied.
    digits : int, default 1
        Decimal places in labels.
    sort : bool, default False
        Sort bars by estimate (largest at the top).
    synthetic : bool, default False
        Say in the title and the alt text that the data is synthetic.
    dataset : pandas.DataFrame, optional
        The dataset as loaded: the chart reads ``synthetic`` and ``source`` from its
        metadata (see :func:`provenance`). Prefer it to ``synthetic``.
    source : str, optional
        Data source, added to the alt text.
    width : float, default 7.0
        Figure width in inches.

    Returns
    -------
    Chart

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["A", "B"], "estimate": [15.0, 25.0], "per": 100.0,
    ...                   "n": [300, 120], "events": [45, 30]})
    >>> rate_bars(t, value_label="were searched").alt_text.split(". ")[1]
    'A: 15.0% (45 of 300); B: 25.0% (30 of 120).'
    """
    synthetic, source = provenance(dataset, synthetic, source)
    table = _hide_small(table, n, events)
    scale = Scale.of(table, per=per, unit=unit, level=level)
    data = _prepare(table, estimate, sort)
    values = data[estimate].astype(float).to_numpy()
    positions = np.arange(len(data))[::-1]
    fig = new_figure(figsize=(width, 0.55 * len(data) + 1.3))
    ax = fig.subplots()
    ax.barh(positions, np.nan_to_num(values), color=OKABE_ITO[0], height=0.6)
    has_interval = bool(lower and upper and lower in data and upper in data)
    tops = values
    if has_interval:
        lo = data[lower].astype(float).to_numpy()
        hi = data[upper].astype(float).to_numpy()
        # Clip: a Wilson bound at 0 events can sit a rounding error above 0.
        err = np.clip(np.vstack([values - lo, hi - values]), 0, None)
        ax.errorbar(values, positions, xerr=err, fmt="none", ecolor="#000000", capsize=3,
                    linewidth=1)
        tops = np.fmax(hi, values)
    finite = tops[np.isfinite(tops)]
    right = float(finite.max()) if finite.size else 0.0
    labels = _bar_labels(data, estimate, n, events, scale, digits)
    for pos, top, label in zip(positions, tops, labels, strict=True):
        x = float(top) if np.isfinite(top) else 0.0
        ax.text(x + right * 0.02, pos, label, va="center", fontsize=9, color="#000000")
    ticks, cut = chart_labels(list(data[group]) + [value_label, title or ""])
    ax.set_yticks(positions, ticks[:len(data)])
    ax.set_xlim(0, right * 1.45 if right > 0 else 1)
    ax.set_xlabel(scale.axis_label(ticks[-2]))
    if title or synthetic:
        ax.set_title(_title(ticks[-1], synthetic), loc="left", fontsize=11)
    _plain_axes(ax)
    fig.tight_layout()
    alt = rate_bars_alt_text(
        table, group=group, estimate=estimate, lower=lower, upper=upper, n=n, events=events,
        value_label=value_label, per=per, unit=unit, level=level, digits=digits, sort=sort,
        synthetic=synthetic, source=source)
    return Chart(fig, alt, SHORTENED if cut else "")


def rate_bars_alt_text(
    table: pd.DataFrame,
    *,
    group: str = "group",
    estimate: str = "estimate",
    lower: str | None = "lower",
    upper: str | None = "upper",
    n: str | None = "n",
    events: str | None = "events",
    value_label: str = "rate",
    per: float | None = None,
    unit: str | None = None,
    level: float | None = None,
    digits: int = 1,
    sort: bool = False,
    synthetic: bool = False,
    source: str | None = None,
) -> str:
    r"""Return the alt text :func:`rate_bars` gives its chart, without drawing it.

    Parameters are those of :func:`rate_bars`. matplotlib is not imported.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["A", "B"], "estimate": [15.0, 25.0], "lower": [11.4, 8.9],
    ...                   "upper": [19.5, 53.2], "per": 100.0, "level": 0.95,
    ...                   "n": [300, 40], "events": [45, 12]})
    >>> print(rate_bars_alt_text(t, value_label="were searched").replace(". ", ".\n"))
    Bar chart of the rate for each group (were searched), with 95% confidence intervals.
    A: 15.0% (45 of 300); B: 25.0% (12 of 40).
    """
    table = _hide_small(table, n, events)
    scale = Scale.of(table, per=per, unit=unit, level=level)
    data = _prepare(table, estimate, sort)
    lead = f"Bar chart of the rate for each group ({bound(value_label)})"
    if lower and upper and lower in data and upper in data:
        lead += f", with {scale.intervals}"
    labels = _bar_labels(data, estimate, n, events, scale, digits)
    # Labels as the chart draws them (cut at LABEL_LIMIT), so the alt text stays readable.
    parts = [f"{bound(g)}: {label}" for g, label in zip(data[group], labels, strict=True)]
    return _finish_alt(f"{lead}. " + "; ".join(parts) + ".", synthetic, source)


def _reference_row(data: pd.DataFrame, group: str, reference: str) -> pd.Series:
    hit = data[group].astype(str) == reference
    if not hit.any():
        raise ValueError(
            f"reference {reference!r} is not one of the groups: "
            f"{', '.join(map(str, data[group]))}."
        )
    return data[hit].iloc[0]


def _gap_words(value: float, ref: float, scale: Scale, digits: int) -> tuple[str, str]:
    """Return the absolute gap in words ("7.5 percentage points higher") and the ratio ("2.00")."""
    diff = value - ref
    direction = "higher" if diff > 0 else ("lower" if diff < 0 else "the same")
    size = fmt_difference(abs(diff), scale, digits=digits).lstrip("+")
    ratio = f"{value / ref:.2f}" if ref else "undefined"
    return (f"{size} {direction}" if diff else "the same"), ratio


@drawn_as_typed
def gap_dots(
    table: pd.DataFrame,
    *,
    reference: str,
    group: str = "group",
    estimate: str = "estimate",
    n: str | None = "n",
    events: str | None = "events",
    value_label: str = "rate",
    title: str | None = None,
    per: float | None = None,
    unit: str | None = None,
    digits: int = 1,
    synthetic: bool = False,
    source: str | None = None,
    width: float = 7.0,
    dataset: pd.DataFrame | None = None,
) -> Chart:
    """Draw each group's estimate as a dot joined to a reference group's value.

    Each line is labelled with the absolute gap (in points or per-``per`` units) and the
    relative gap (a ratio to the reference), so readers see both.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per group (e.g. from :func:`equitylab.measures.group_estimates`).
    reference : str
        The group every other group is compared with. Name the choice in your text.
    group, estimate, n, events, value_label, title, per, unit, digits, synthetic, source, width
        As in :func:`rate_bars`.
    dataset : pandas.DataFrame, optional
        As in :func:`rate_bars`: the loaded dataset, whose metadata labels the chart.

    Returns
    -------
    Chart

    Raises
    ------
    ValueError
        If ``reference`` is not one of the groups.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["A", "B"], "estimate": [10.0, 15.0], "per": 100.0})
    >>> alt = gap_dots(t, reference="A", value_label="uninsured").alt_text
    >>> alt.split(". ")[1]
    'B: 15.0%, 5.0 percentage points higher, 1.50 times A.'
    """
    synthetic, source = provenance(dataset, synthetic, source)
    table = _hide_small(table, n, events)
    scale = Scale.of(table, per=per, unit=unit)
    data = table.reset_index(drop=True)
    ref_row = _reference_row(data, group, reference)
    ref_value = float(ref_row[estimate])
    others = data[data[group].astype(str) != reference].reset_index(drop=True)
    positions = np.arange(len(others))[::-1]
    fig = new_figure(figsize=(width, 0.55 * max(len(others), 1) + 1.5))
    ax = fig.subplots()
    ax.axvline(ref_value, color=OKABE_ITO[7], linestyle="--", linewidth=1)
    values = others[estimate].astype(float).to_numpy()
    for pos, value in zip(positions, values, strict=True):
        ax.plot([ref_value, value], [pos, pos], color="#666666", linewidth=1.5)
    ax.scatter(values, positions, color=OKABE_ITO[1], s=50, zorder=3, marker="o")
    ax.scatter([ref_value] * len(others), positions, color=OKABE_ITO[7], s=30, zorder=3,
               marker="|")
    span = max(float(np.nanmax(np.abs(values))) if len(values) else 0, abs(ref_value))
    short = " pts" if scale.suffix == "%" else ""
    parts = []
    for pos, (_, row) in zip(positions, others.iterrows(), strict=True):
        value = float(row[estimate])
        words, ratio = _gap_words(value, ref_value, scale, digits)
        label = f"{value - ref_value:+,.{digits}f}{short}; {ratio}×"
        ax.text(max(value, ref_value) + span * 0.03, pos, label, va="center", fontsize=9)
        counts = counts_text(row, n, events)
        counts = f" ({counts})" if counts else ""
        parts.append(f"{bound(row[group])}: {fmt_value(value, scale, digits=digits)}{counts}, "
                     f"{words}, {ratio} times {bound(reference)}")
    ticks, cut = chart_labels([*others[group], value_label,
                               title or f"Compared with {bound(reference, 30)} (dashed line)"])
    ax.set_yticks(positions, ticks[:len(others)])
    ax.set_xlim(0, span * 1.4 if span > 0 else 1)
    ax.set_xlabel(scale.axis_label(ticks[-2]))
    ax.set_title(_title(ticks[-1], synthetic), loc="left", fontsize=11)
    _plain_axes(ax)
    fig.tight_layout()
    ref_counts = counts_text(ref_row, n, events)
    ref_counts = f"; {ref_counts}" if ref_counts else ""
    alt = (f"Dot plot of {bound(value_label)} by group, compared with {bound(reference)} "
           f"({fmt_value(ref_value, scale, digits=digits)}{ref_counts}). "
           + "; ".join(parts) + ".")
    return Chart(fig, _finish_alt(alt, synthetic, source))


@drawn_as_typed
def trend_lines(
    table: pd.DataFrame,
    *,
    x: str,
    y: str,
    group: str,
    value_label: str = "rate",
    title: str | None = None,
    per: float | None = None,
    unit: str | None = None,
    digits: int = 1,
    groups: Sequence[str] | None = None,
    synthetic: bool = False,
    source: str | None = None,
    width: float = 7.5,
    dataset: pd.DataFrame | None = None,
) -> Chart:
    r"""Draw one line per group over time, with distinct colours, markers and line styles.

    Parameters
    ----------
    table : pandas.DataFrame
        Long table: one row per time point and group.
    x : str
        Time column (e.g. ``"year"``).
    y : str
        Estimate column, on the scale the table's ``per`` column (or ``per=``) gives.
    group : str
        Group column.
    value_label, title, per, unit, digits, synthetic, source, width
        As in :func:`rate_bars`.
    dataset : pandas.DataFrame, optional
        As in :func:`rate_bars`: the loaded dataset, whose metadata labels the chart.
    groups : sequence of str, optional
        Groups to draw, in this order (at most seven, one per colour of
        :data:`LINE_COLOURS`). Defaults to all, in order of appearance.

    Returns
    -------
    Chart

    Raises
    ------
    ValueError
        If more than seven groups are asked for.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2020, 2021, 2020, 2021], "g": ["A", "A", "B", "B"],
    ...                   "rate": [10.0, 8.0, 20.0, 18.0]})
    >>> chart = trend_lines(t, x="year", y="rate", group="g", value_label="unemployment",
    ...                     per=100)
    >>> print(chart.alt_text.replace("; ", ";\n"))
    Line chart of unemployment from 2020 to 2021 by group. A: 10.0% in 2020 to 8.0% in 2021;
    B: 20.0% in 2020 to 18.0% in 2021.
    """
    synthetic, source = provenance(dataset, synthetic, source)
    scale = Scale.of(table, per=per, unit=unit)
    data = table.copy()
    data[group] = data[group].astype(str)
    order = list(groups) if groups is not None else list(dict.fromkeys(data[group]))
    if len(order) > len(LINE_COLOURS):
        raise ValueError(
            f"at most {len(LINE_COLOURS)} groups can be drawn distinctly; pass groups= to "
            "choose which.")
    fig = new_figure(figsize=(width, 4.2))
    ax = fig.subplots()
    parts = []
    for i, name in enumerate(order):
        sub = data[data[group] == name].sort_values(x)
        if sub.empty:
            continue
        ax.plot(sub[x].to_numpy(), sub[y].astype(float).to_numpy(), color=LINE_COLOURS[i],
                marker=MARKERS[i], linestyle=LINESTYLES[i], linewidth=1.8, markersize=4,
                label=bound(name))
        first, last = sub.iloc[0], sub.iloc[-1]
        parts.append(f"{bound(name)}: {fmt_value(first[y], scale, digits=digits)} in {first[x]} to "
                     f"{fmt_value(last[y], scale, digits=digits)} in {last[x]}")
    ax.set_ylabel(scale.axis_label(value_label))
    ax.set_xlabel(str(x))
    if pd.api.types.is_integer_dtype(data[x]):
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    if title or synthetic:
        ax.set_title(_title(title, synthetic), loc="left", fontsize=11)
    _plain_axes(ax)
    fig.tight_layout()
    alt = (f"Line chart of {bound(value_label)} from {data[x].min()} to {data[x].max()} by group. "
           + "; ".join(parts) + ".")
    return Chart(fig, _finish_alt(alt, synthetic, source))


def gap_table(
    table: pd.DataFrame,
    *,
    reference: str,
    group: str = "group",
    estimate: str = "estimate",
    n: str | None = "n",
    events: str | None = "events",
    per: float | None = None,
    unit: str | None = None,
    digits: int = 1,
) -> pd.DataFrame:
    """Tabulate each group's rate, counts, and absolute and relative gap to a reference.

    A companion to the charts: the same numbers as text, ready to show under a figure.
    Small counts are hidden as in :func:`rate_bars`; their rows read
    "hidden (small numbers)". Show it with :func:`data_table`, which labels its source.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per group (e.g. from :func:`equitylab.measures.group_estimates`).
    reference : str
        The group the others are compared with.
    group, estimate, n, events, per, unit, digits
        As in :func:`rate_bars`.

    Returns
    -------
    pandas.DataFrame
        Columns ``Group``, ``Rate``, ``Counts``, ``Absolute gap`` and ``Relative gap``, as
        formatted text. The reference row shows "reference" in the gap columns.

    Raises
    ------
    ValueError
        If ``reference`` is not one of the groups.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["A", "B"], "estimate": [10.0, 15.0], "per": 100.0,
    ...                   "n": [300, 200], "events": [30, 30]})
    >>> gap_table(t, reference="A").to_dict("records")[1]
    {'Group': 'B', 'Rate': '15.0%', 'Counts': '30 of 200', \
'Absolute gap': '+5.0 percentage points', 'Relative gap': '1.50 times A'}
    >>> t2 = t.assign(n=[300, 4], events=[30, 1])
    >>> gap_table(t2, reference="A")["Counts"].tolist()
    ['hidden (small numbers)', 'hidden (small numbers)']
    """
    table = _hide_small(table, n, events)
    scale = Scale.of(table, per=per, unit=unit)
    ref_value = float(_reference_row(table, group, reference)[estimate])
    rows = []
    for _, row in table.iterrows():
        value = float(row[estimate])
        is_ref = str(row[group]) == reference
        if bool(row.get("suppressed", False)):
            rows.append({"Group": str(row[group]), "Rate": HIDDEN, "Counts": HIDDEN,
                         "Absolute gap": "reference" if is_ref else HIDDEN,
                         "Relative gap": "reference" if is_ref else HIDDEN})
            continue
        rows.append({
            "Group": str(row[group]),
            "Rate": fmt_value(value, scale, digits=digits, missing=_MISSING),
            "Counts": counts_text(row, n, events),
            "Absolute gap": "reference" if is_ref
            else fmt_difference(value - ref_value, scale, digits=digits, missing=_MISSING),
            "Relative gap": "reference" if is_ref
            else (f"{value / ref_value:.2f} times {reference}"
                  if ref_value and np.isfinite(ref_value) else _MISSING),
        })
    return pd.DataFrame(rows)


def data_table(table: pd.DataFrame, *, dataset: pd.DataFrame, caption: str | None = None,
               precision: int = 1) -> Any:
    """Return a table for display, labeled real or SYNTHETIC from its dataset's metadata.

    Every table a chapter shows goes through this function, so none can appear without
    saying where its numbers come from: the caption ends with :data:`SYNTHETIC_NOTE` for
    synthetic data, or with "Real data. Source: ..." for real data.

    Parameters
    ----------
    table : pandas.DataFrame
        What to show (e.g. from :func:`gap_table`).
    dataset : pandas.DataFrame
        The dataset as loaded with :func:`equitylab.datasets.load`, before grouping.
    caption : str, optional
        What the table shows; the label is added after it.
    precision : int, default 1
        Decimal places for numbers (counts get thousands separators).

    Returns
    -------
    pandas.io.formats.style.Styler
        The table without its index, with the caption.

    Raises
    ------
    ValueError
        If ``dataset`` carries no metadata.

    Examples
    --------
    >>> frame = pd.DataFrame({"x": [1]})
    >>> frame.attrs.update({"synthetic": True, "source": "generator"})
    >>> data_table(pd.DataFrame({"Group": ["A"]}), dataset=frame).caption
    'SYNTHETIC data (the fictional Tallow River Region), not real people.'
    """
    synthetic, source = provenance(dataset)
    label = SYNTHETIC_NOTE if synthetic else f"Real data. Source: {source}."
    text = f"{caption.rstrip()} {label}" if caption else label
    return (table.style.hide(axis="index").format(thousands=",", precision=precision)
            .set_caption(text))
