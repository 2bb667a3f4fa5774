"""Accessible charts that carry their own alt text.

Every function here is pure: it takes a small table, draws a new matplotlib
:class:`~matplotlib.figure.Figure` (never the global ``pyplot`` state), and returns a
:class:`Chart` holding the figure and a plain-language alt text that states the numbers
shown. Colours come from the Okabe–Ito palette, which stays distinct for the common forms
of colour blindness; no chart relies on colour alone (bars are labelled, lines carry
markers, line styles and direct labels).

In a notebook, a :class:`Chart` displays as an HTML ``<figure>`` with the image, its alt
text and a caption, so the alt text reaches the static HTML of the book.

Functions
---------
rate_bars
    Horizontal bars of a rate by group, with intervals and the counts behind each bar.
gap_table
    The numbers behind a chart: each group's rate with its counts, and its absolute and
    relative gap to a reference group.
gap_dots
    A dot plot of each group's rate against a reference group, labelled with the absolute
    and relative gap.
trend_lines
    A line per group over time.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _new_figure(**kwargs: Any) -> Figure:
    # matplotlib is imported on first drawing, not with this module: the tool app needs
    # only the alt text (rate_bars_alt_text) when a session opens, and importing
    # matplotlib is about a third of a session's start-up time.
    from matplotlib.figure import Figure

    return Figure(**kwargs)

__all__ = [
    "OKABE_ITO",
    "Chart",
    "format_value",
    "gap_dots",
    "gap_table",
    "rate_bars",
    "rate_bars_alt_text",
    "trend_lines",
]

#: The Okabe–Ito colour-blind-safe palette (black last).
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1)), "-", "--")
_SYNTHETIC_NOTE = "SYNTHETIC data (the fictional Tallow River Region), not real people."


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
    >>> t = pd.DataFrame({"group": ["A", "B"], "estimate": [0.2, 0.1]})
    >>> chart = rate_bars(t, value_label="share")
    >>> chart.with_caption("Two groups.").caption
    'Two groups.'
    """

    figure: Figure
    alt_text: str
    caption: str = ""

    def with_caption(self, caption: str) -> Chart:
        """Return a copy with ``caption`` set.

        Parameters
        ----------
        caption : str
            The caption text (plain text; it is HTML-escaped on display).

        Returns
        -------
        Chart
        """
        return replace(self, caption=caption)

    def png_base64(self, dpi: int = 110) -> str:
        """Render the figure as a base64-encoded PNG.

        Parameters
        ----------
        dpi : int, default 110
            Resolution.

        Returns
        -------
        str
        """
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
        return base64.b64encode(buffer.getvalue()).decode("ascii")

    def to_html(self) -> str:
        """Return an HTML ``<figure>`` with the image, its alt text and the caption.

        Returns
        -------
        str

        Examples
        --------
        >>> t = pd.DataFrame({"group": ["A"], "estimate": [0.5]})
        >>> '<img alt="' in rate_bars(t).to_html()
        True
        """
        caption = (
            f'<figcaption style="font-size:0.9em;color:#333">{html.escape(self.caption)}'
            "</figcaption>"
            if self.caption
            else ""
        )
        return (
            '<figure class="equitylab-chart" style="margin:1em 0">'
            f'<img alt="{html.escape(self.alt_text, quote=True)}" '
            f'src="data:image/png;base64,{self.png_base64()}" '
            'style="max-width:100%;height:auto">'
            f"{caption}</figure>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def format_value(value: float, per: float = 100, digits: int = 1) -> str:
    """Format an estimate for people: a percentage, a rate "per N", or a plain number.

    Parameters
    ----------
    value : float
        The estimate as a proportion or rate per person (not yet multiplied by ``per``).
    per : float, default 100
        100 gives a percentage; 1000 gives "per 1,000"; 1 gives the number itself.
    digits : int, default 1
        Decimal places.

    Returns
    -------
    str

    Examples
    --------
    >>> format_value(0.7343)
    '73.4%'
    >>> format_value(0.0123, per=1000)
    '12.3 per 1,000'
    >>> format_value(41250.0, per=1, digits=0)
    '41,250'
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "not shown"
    if per == 100:
        return f"{value * 100:.{digits}f}%"
    if per == 1:
        return f"{value:,.{digits}f}"
    return f"{value * per:,.{digits}f} per {per:,.0f}"


def _counts_text(row: pd.Series, n: str | None, events: str | None) -> str:
    if n and events and n in row and events in row:
        if pd.notna(row[n]) and pd.notna(row[events]):
            return f"{int(row[events]):,} of {int(row[n]):,}"
    if n and n in row and pd.notna(row[n]):
        return f"n = {int(row[n]):,}"
    return ""


def _axis_label(value_label: str, per: float) -> str:
    """Axis label with its unit, unless the label already names the scale."""
    if per == 100:
        unit = "%"
    elif per == 1:
        return value_label
    else:
        unit = f"per {per:,.0f}"
    return value_label if unit in value_label else f"{value_label} ({unit})"


def _title(title: str | None, synthetic: bool) -> str:
    """Chart title, marked SYNTHETIC when the data is synthetic."""
    text = title or ""
    if synthetic and "SYNTHETIC" not in text:
        text = f"{text} (SYNTHETIC)" if text else "SYNTHETIC data"
    return text


def _finish_alt(text: str, synthetic: bool, source: str | None) -> str:
    if synthetic:
        text += " " + _SYNTHETIC_NOTE
    if source:
        text += f" Source: {source}."
    return text


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
    per: float = 100,
    digits: int = 1,
    sort: bool = False,
    synthetic: bool = False,
    source: str | None = None,
    width: float = 7.0,
) -> Chart:
    """Draw horizontal bars of an estimate by group, with intervals and counts.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per group, such as the output of
        :func:`equitylab.measures.group_estimates`.
    group, estimate : str
        Columns with the group label and its estimate (a proportion or per-person rate).
    lower, upper : str or None
        Columns with the interval; skipped if absent or None.
    n, events : str or None
        Columns with the denominator and the count of events, written beside each bar.
    value_label : str
        What the estimate is, in words (e.g. ``"graduated on time"``).
    title : str, optional
        Chart title.
    per : float, default 100
        Display scale (see :func:`format_value`).
    digits : int, default 1
        Decimal places in labels.
    sort : bool, default False
        Sort bars by estimate (largest at the top).
    synthetic : bool, default False
        Say in the alt text that the data is synthetic.
    source : str, optional
        Data source, added to the alt text.
    width : float, default 7.0
        Figure width in inches.

    Returns
    -------
    Chart

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["A", "B"], "estimate": [0.15, 0.25],
    ...                   "n": [300, 12], "events": [45, 3]})
    >>> rate_bars(t, value_label="were searched").alt_text
    'Bar chart of were searched by group. A: 15.0% (45 of 300); B: 25.0% (3 of 12).'
    """
    data = table.reset_index(drop=True)
    if sort:
        data = data.sort_values(estimate, ascending=False).reset_index(drop=True)
    labels = [str(g) for g in data[group]]
    values = data[estimate].astype(float).to_numpy() * per
    positions = np.arange(len(data))[::-1]
    fig = _new_figure(figsize=(width, 0.55 * len(data) + 1.3))
    ax = fig.subplots()
    ax.barh(positions, values, color=OKABE_ITO[0], height=0.6)
    has_interval = bool(lower and upper and lower in data and upper in data)
    if has_interval:
        lo = data[lower].astype(float).to_numpy() * per
        hi = data[upper].astype(float).to_numpy() * per
        ax.errorbar(
            values,
            positions,
            # Clip: a Wilson bound at 0 events can sit a rounding error above 0.
            xerr=np.clip(np.vstack([values - lo, hi - values]), 0, None),
            fmt="none",
            ecolor="#000000",
            capsize=3,
            linewidth=1,
        )
        right = float(np.nanmax(hi))
    else:
        right = float(np.nanmax(values))
    for pos, (_, row), label in zip(positions, data.iterrows(),
                                    _bar_labels(data, estimate, n, events, per, digits),
                                    strict=True):
        x = float(row[upper]) * per if has_interval and pd.notna(row[upper]) else 0
        x = max(x, float(row[estimate]) * per)
        ax.text(x + right * 0.02, pos, label, va="center", fontsize=9, color="#000000")
    ax.set_yticks(positions, labels)
    ax.set_xlim(0, right * 1.45 if right > 0 else 1)
    ax.set_xlabel(_axis_label(value_label, per))
    if title or synthetic:
        ax.set_title(_title(title, synthetic), loc="left", fontsize=11)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return Chart(fig, rate_bars_alt_text(
        data, group=group, estimate=estimate, lower=lower, upper=upper, n=n, events=events,
        value_label=value_label, per=per, digits=digits, synthetic=synthetic, source=source))


def _bar_labels(data: pd.DataFrame, estimate: str, n: str | None, events: str | None,
                per: float, digits: int) -> list[str]:
    """Each bar's label: its value and, where known, the counts behind it."""
    labels = []
    for _, row in data.iterrows():
        value_text = format_value(float(row[estimate]), per, digits)
        counts = _counts_text(row, n, events)
        labels.append(f"{value_text} ({counts})" if counts else value_text)
    return labels


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
    per: float = 100,
    digits: int = 1,
    sort: bool = False,
    synthetic: bool = False,
    source: str | None = None,
) -> str:
    """Return the alt text :func:`rate_bars` gives its chart, without drawing the chart.

    Parameters are those of :func:`rate_bars`.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["A", "B"], "estimate": [0.15, 0.25],
    ...                   "n": [300, 12], "events": [45, 3]})
    >>> rate_bars_alt_text(t, value_label="were searched", synthetic=True)[:63]
    'Bar chart of were searched by group. A: 15.0% (45 of 300); B: 2'
    """
    data = table.reset_index(drop=True)
    if sort:
        data = data.sort_values(estimate, ascending=False).reset_index(drop=True)
    lead = f"Bar chart of {value_label} by group"
    if lower and upper and lower in data and upper in data:
        lead += ", with 95% confidence intervals"
    labels = _bar_labels(data, estimate, n, events, per, digits)
    parts = [f"{g}: {label}" for g, label in zip(data[group], labels, strict=True)]
    return _finish_alt(f"{lead}. " + "; ".join(parts) + ".", synthetic, source)


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
    per: float = 100,
    digits: int = 1,
    synthetic: bool = False,
    source: str | None = None,
    width: float = 7.0,
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
    group, estimate, n, events : str
        Column names as in :func:`rate_bars`.
    value_label, title, per, digits, synthetic, source, width
        As in :func:`rate_bars`.

    Returns
    -------
    Chart

    Raises
    ------
    ValueError
        If ``reference`` is not one of the groups.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["A", "B"], "estimate": [0.10, 0.15]})
    >>> alt = gap_dots(t, reference="A", value_label="uninsured").alt_text
    >>> alt.split(". ")[1]
    'B: 15.0%, 5.0 points higher, 1.50 times A.'
    """
    data = table.reset_index(drop=True)
    if reference not in set(data[group].astype(str)):
        raise ValueError(f"reference {reference!r} is not one of the groups")
    ref_row = data[data[group].astype(str) == reference].iloc[0]
    ref_value = float(ref_row[estimate])
    others = data[data[group].astype(str) != reference].reset_index(drop=True)
    positions = np.arange(len(others))[::-1]
    fig = _new_figure(figsize=(width, 0.55 * max(len(others), 1) + 1.5))
    ax = fig.subplots()
    ax.axvline(ref_value * per, color=OKABE_ITO[7], linestyle="--", linewidth=1)
    values = others[estimate].astype(float).to_numpy() * per
    for pos, value in zip(positions, values, strict=True):
        ax.plot([ref_value * per, value], [pos, pos], color="#666666", linewidth=1.5)
    ax.scatter(values, positions, color=OKABE_ITO[1], s=50, zorder=3, marker="o")
    ax.scatter(
        [ref_value * per] * len(others),
        positions,
        color=OKABE_ITO[7],
        s=30,
        zorder=3,
        marker="|",
    )
    span = max(float(np.nanmax(np.abs(values))) if len(values) else 0, abs(ref_value * per))
    unit_word = "points" if per == 100 else (f"per {per:,.0f}" if per != 1 else "")
    parts = []
    for pos, (_, row) in zip(positions, others.iterrows(), strict=True):
        value = float(row[estimate])
        diff = (value - ref_value) * per
        ratio = value / ref_value if ref_value else float("nan")
        direction = "higher" if diff > 0 else ("lower" if diff < 0 else "the same")
        diff_text = f"{abs(diff):,.{digits}f} {unit_word}".replace("  ", " ").strip()
        short = " pts" if per == 100 else ""
        label = f"{diff:+,.{digits}f}{short}; {ratio:.2f}×"
        ax.text(max(value, ref_value) * per + span * 0.03, pos, label, va="center", fontsize=9)
        counts = _counts_text(row, n, events)
        counts = f" ({counts})" if counts else ""
        parts.append(
            f"{row[group]}: {format_value(value, per, digits)}{counts}, "
            f"{diff_text} {direction}, {ratio:.2f} times {reference}"
        )
    ax.set_yticks(positions, [str(g) for g in others[group]])
    ax.set_xlim(0, span * 1.4 if span > 0 else 1)
    ax.set_xlabel(_axis_label(value_label, per))
    ax.set_title(
        _title(title or f"Compared with {reference} (dashed line)", synthetic),
        loc="left",
        fontsize=11,
    )
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    ref_counts = _counts_text(ref_row, n, events)
    ref_counts = f"; {ref_counts}" if ref_counts else ""
    alt = (
        f"Dot plot of {value_label} by group, compared with {reference} "
        f"({format_value(ref_value, per, digits)}{ref_counts}). " + "; ".join(parts) + "."
    )
    return Chart(fig, _finish_alt(alt, synthetic, source))


def trend_lines(
    table: pd.DataFrame,
    *,
    x: str,
    y: str,
    group: str,
    value_label: str = "rate",
    title: str | None = None,
    per: float = 100,
    digits: int = 1,
    groups: Sequence[str] | None = None,
    synthetic: bool = False,
    source: str | None = None,
    width: float = 7.5,
) -> Chart:
    r"""Draw one line per group over time, with distinct colours, markers and line styles.

    Parameters
    ----------
    table : pandas.DataFrame
        Long table: one row per time point and group.
    x : str
        Time column (e.g. ``"year"``).
    y : str
        Estimate column (a proportion or per-person rate).
    group : str
        Group column.
    value_label, title, per, digits, synthetic, source, width
        As in :func:`rate_bars`.
    groups : sequence of str, optional
        Groups to draw, in this order (at most eight). Defaults to all, in order of
        appearance.

    Returns
    -------
    Chart

    Raises
    ------
    ValueError
        If more than eight groups are asked for.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2020, 2021, 2020, 2021], "g": ["A", "A", "B", "B"],
    ...                   "rate": [0.10, 0.08, 0.20, 0.18]})
    >>> chart = trend_lines(t, x="year", y="rate", group="g", value_label="unemployment")
    >>> print(chart.alt_text.replace("; ", ";\n"))
    Line chart of unemployment from 2020 to 2021 by group. A: 10.0% in 2020 to 8.0% in 2021;
    B: 20.0% in 2020 to 18.0% in 2021.
    """
    data = table.copy()
    data[group] = data[group].astype(str)
    order = list(groups) if groups is not None else list(dict.fromkeys(data[group]))
    if len(order) > len(OKABE_ITO):
        raise ValueError(f"at most {len(OKABE_ITO)} groups can be drawn distinctly")
    fig = _new_figure(figsize=(width, 4.2))
    ax = fig.subplots()
    parts = []
    x_min, x_max = data[x].min(), data[x].max()
    for i, name in enumerate(order):
        sub = data[data[group] == name].sort_values(x)
        if sub.empty:
            continue
        xs = sub[x].to_numpy()
        ys = sub[y].astype(float).to_numpy() * per
        colour = OKABE_ITO[i] if OKABE_ITO[i] != "#F0E442" else "#8C7A00"
        ax.plot(
            xs,
            ys,
            color=colour,
            marker=_MARKERS[i],
            linestyle=_LINESTYLES[i],
            linewidth=1.8,
            markersize=4,
            label=name,
        )
        first, last = sub.iloc[0], sub.iloc[-1]
        parts.append(
            f"{name}: {format_value(float(first[y]), per, digits)} in {first[x]} to "
            f"{format_value(float(last[y]), per, digits)} in {last[x]}"
        )
    ax.set_ylabel(_axis_label(value_label, per))
    ax.set_xlabel(str(x))
    if pd.api.types.is_integer_dtype(data[x]):
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    if title or synthetic:
        ax.set_title(_title(title, synthetic), loc="left", fontsize=11)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    alt = (
        f"Line chart of {value_label} from {x_min} to {x_max} by group. "
        + "; ".join(parts)
        + "."
    )
    return Chart(fig, _finish_alt(alt, synthetic, source))


def gap_table(
    table: pd.DataFrame,
    *,
    reference: str,
    group: str = "group",
    estimate: str = "estimate",
    n: str | None = "n",
    events: str | None = "events",
    per: float = 100,
    digits: int = 1,
) -> pd.DataFrame:
    """Tabulate each group's rate, counts, and absolute and relative gap to a reference.

    A companion to the charts: the same numbers as text, ready to show under a figure.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per group (e.g. from :func:`equitylab.measures.group_estimates`).
    reference : str
        The group the others are compared with.
    group, estimate, n, events, per, digits
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
    >>> t = pd.DataFrame({"group": ["A", "B"], "estimate": [0.10, 0.15],
    ...                   "n": [100, 40], "events": [10, 6]})
    >>> gap_table(t, reference="A").to_dict("records")[1]
    {'Group': 'B', 'Rate': '15.0%', 'Counts': '6 of 40', 'Absolute gap': '+5.0 points', \
'Relative gap': '1.50 times A'}
    """
    if reference not in set(table[group].astype(str)):
        raise ValueError(f"reference {reference!r} is not one of the groups")
    ref_value = float(table.loc[table[group].astype(str) == reference, estimate].iloc[0])
    unit = "points" if per == 100 else (f"per {per:,.0f}" if per != 1 else "")
    rows = []
    for _, row in table.iterrows():
        value = float(row[estimate])
        is_ref = str(row[group]) == reference
        diff = (value - ref_value) * per
        rows.append(
            {
                "Group": str(row[group]),
                "Rate": format_value(value, per, digits),
                "Counts": _counts_text(row, n, events),
                "Absolute gap": "reference" if is_ref else f"{diff:+,.{digits}f} {unit}".strip(),
                "Relative gap": "reference"
                if is_ref
                else (f"{value / ref_value:.2f} times {reference}" if ref_value else "n/a"),
            }
        )
    return pd.DataFrame(rows)
