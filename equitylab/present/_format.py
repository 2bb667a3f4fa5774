"""The palette and the number formats, driven by a tidy table's ``per``, ``unit`` and ``level``.

:mod:`equitylab.measures` returns estimates already on their display scale: a proportion
with ``per=100`` is 15.0 (a percentage), a rate with ``per=1000`` is 12.3 (per 1,000). A
:class:`Scale` reads that scale, the unit and the confidence level from the table, so a
view labels the numbers without ever multiplying them again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

__all__ = [
    "LINESTYLES",
    "LINE_COLOURS",
    "MARKERS",
    "OKABE_ITO",
    "SYNTHETIC_NOTE",
    "Scale",
    "fmt_count",
    "fmt_difference",
    "fmt_interval",
    "fmt_value",
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
#: Colours for series (lines, markers): the palette without its yellow, which is too light
#: on white. (A darkened yellow is not a way out: under protanopia it looks like the
#: vermillion; tests/present/test_format.py checks every pair.)
LINE_COLOURS: tuple[str, ...] = tuple(c for c in OKABE_ITO if c != "#F0E442")
#: One marker per series, so no series relies on colour alone.
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X", "*")
#: One line style per series.
LINESTYLES: tuple[Any, ...] = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1)), "-", "--")
#: Added to the alt text of every chart of synthetic data.
SYNTHETIC_NOTE = "SYNTHETIC data (the fictional Tallow River Region), not real people."

_NO_SUFFIX_UNITS = ("mean", "ratio", "count")


def _is_missing(x: Any) -> bool:
    if x is None or x is pd.NA:
        return True
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return False


def _one_value(values: Any, name: str) -> Any:
    distinct = pd.unique(pd.Series(values).dropna())
    if len(distinct) > 1:
        raise ValueError(
            f"The table mixes several values of {name!r} ({', '.join(map(str, distinct))}); "
            "pass the rows of one measure (for example one unit, not rates and ratios "
            "together)."
        )
    return distinct[0] if len(distinct) else None


@dataclass(frozen=True)
class Scale:
    """How an estimate is shown: its ``per`` scale, its unit and its confidence level.

    Parameters
    ----------
    per : float, default 1
        The scale the estimate is already on: 100 for a percentage, 1000 for "per 1,000",
        1 for the number itself. Nothing is multiplied by it; it only labels the number.
    unit : str, default "proportion"
        ``"proportion"``, ``"rate"``, ``"mean"`` or ``"ratio"``.
    level : float, optional
        Confidence level of the intervals (0.95 for 95%); None when not known.

    Examples
    --------
    >>> s = Scale(per=100, unit="proportion", level=0.95)
    >>> s.suffix, s.ci_label, s.difference_unit
    ('%', '95% CI', ' percentage points')
    >>> Scale(per=1000, unit="rate").suffix
    ' per 1,000'
    """

    per: float = 1.0
    unit: str = "proportion"
    level: float | None = None

    @classmethod
    def of(
        cls,
        source: Any = None,
        *,
        per: float | None = None,
        unit: str | None = None,
        level: float | None = None,
    ) -> Scale:
        """Read the scale from a tidy table, one of its rows, or an indicator.

        The table's ``per``, ``unit`` and ``level`` columns win; a keyword only fills in
        what the source does not say. A keyword that contradicts the table is an error:
        it would misstate numbers that are already scaled.

        Parameters
        ----------
        source : pandas.DataFrame, pandas.Series, mapping, Indicator or None
            A table from :mod:`equitylab.measures` (one measure's rows), a row of it, or an
            :class:`equitylab.measures.Indicator`.
        per, unit, level : optional
            Used where the source has no such column.

        Returns
        -------
        Scale

        Raises
        ------
        ValueError
            If a keyword disagrees with the table, or the table mixes several scales.

        Examples
        --------
        >>> t = pd.DataFrame({"estimate": [15.0], "per": [100.0], "unit": ["proportion"],
        ...                   "level": [0.9]})
        >>> Scale.of(t)
        Scale(per=100.0, unit='proportion', level=0.9)
        >>> Scale.of(pd.DataFrame({"estimate": [0.2]}), per=1)
        Scale(per=1.0, unit='proportion', level=None)
        >>> Scale.of(t, per=1000)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: The table says its estimates are per 100, already scaled; per=1000 would ...
        """
        found: dict[str, Any] = {}
        if isinstance(source, pd.DataFrame):
            for name in ("per", "unit", "level"):
                if name in source.columns:
                    found[name] = _one_value(source[name], name)
        elif isinstance(source, pd.Series | Mapping):
            for name in ("per", "unit", "level"):
                if name in source and not _is_missing(source[name]):
                    found[name] = source[name]
        elif source is not None and hasattr(source, "per") and hasattr(source, "unit"):
            found["unit"] = source.unit
            found["per"] = 1.0 if source.unit == "mean" else source.per
        found = {k: v for k, v in found.items() if v is not None}
        asked = {"per": per, "unit": unit, "level": level}
        for name, value in asked.items():
            if value is None or name not in found:
                continue
            same = (math.isclose(float(value), float(found[name])) if name != "unit"
                    else value == found[name])
            if not same:
                what = (f"per {float(found[name]):,.0f}, already scaled" if name == "per"
                        else f"{name} {found[name]!r}")
                raise ValueError(
                    f"The table says its estimates are {what}; {name}={value!r} would "
                    "misstate them."
                )
        merged = {**{k: v for k, v in asked.items() if v is not None}, **found}
        return cls(
            per=float(merged.get("per", 1.0)),
            unit=str(merged.get("unit", "proportion")),
            level=float(merged["level"]) if "level" in merged else None,
        )

    @property
    def suffix(self) -> str:
        """Return what follows a value (``"%"``, ``" per 1,000"`` or nothing)."""
        if self.unit in _NO_SUFFIX_UNITS or self.per == 1:
            return ""
        if self.unit == "proportion" and self.per == 100:
            return "%"
        return f" per {self.per:,.0f}"

    @property
    def difference_unit(self) -> str:
        """Return the unit after a difference (percentage points, per 1,000, or nothing)."""
        return " percentage points" if self.suffix == "%" else self.suffix

    @property
    def axis_unit(self) -> str:
        """Return the unit for an axis label (``"%"``, ``"per 1,000"`` or ``""``)."""
        return self.suffix.strip()

    @property
    def level_text(self) -> str:
        """The confidence level as readers see it (``"95%"``), or ``""`` if unknown."""
        if self.level is None:
            return ""
        return f"{self.level * 100:.10g}%"

    @property
    def ci_label(self) -> str:
        """``"95% CI"`` (or ``"CI"`` when the level is not known)."""
        return f"{self.level_text} CI".strip()

    @property
    def intervals(self) -> str:
        """``"95% confidence intervals"`` (the level left out when not known)."""
        return f"{self.level_text} confidence intervals".strip()

    def axis_label(self, value_label: str) -> str:
        """``value_label`` with its unit, unless the label already names it.

        Examples
        --------
        >>> Scale(per=100).axis_label("searched")
        'searched (%)'
        >>> Scale(per=1000, unit="rate").axis_label("deaths per 1,000")
        'deaths per 1,000'
        """
        unit = self.axis_unit
        return value_label if not unit or unit in value_label else f"{value_label} ({unit})"


def fmt_value(x: Any, scale: Scale | None = None, *, digits: int = 1,
              missing: str = "—") -> str:
    """Format an estimate that is already on its scale: "20.4%", "3.1 per 1,000", "412.5".

    Parameters
    ----------
    x : float
        The estimate as the table holds it (never multiplied here).
    scale : Scale, optional
        Its scale (see :meth:`Scale.of`); a plain number without one.
    digits : int, default 1
        Decimal places.
    missing : str, default "—"
        What a missing value reads.

    Returns
    -------
    str

    Examples
    --------
    >>> fmt_value(15.0, Scale(per=100))
    '15.0%'
    >>> fmt_value(12.34, Scale(per=1000, unit="rate"))
    '12.3 per 1,000'
    >>> fmt_value(41250.0, digits=0), fmt_value(float("nan"), missing="not shown")
    ('41,250', 'not shown')
    """
    if _is_missing(x):
        return missing
    value = float(x)
    if math.isinf(value):
        return "infinite" if value > 0 else "minus infinite"
    return f"{value:,.{digits}f}{(scale or Scale()).suffix}"


def fmt_interval(lo: Any, hi: Any, scale: Scale | None = None, *, digits: int = 1,
                 missing: str = "—") -> str:
    """Format an interval with its unit once: "19.7–21.0%"; "-0.4 to 1.2" when a bound is negative.

    Examples
    --------
    >>> fmt_interval(19.71, 21.04, Scale(per=100))
    '19.7–21.0%'
    >>> fmt_interval(-0.4, 1.2)
    '-0.4 to 1.2'
    """
    if _is_missing(lo) or _is_missing(hi):
        return missing
    sep = " to " if float(lo) < 0 or float(hi) < 0 else "–"
    return f"{fmt_value(lo, digits=digits)}{sep}{fmt_value(hi, digits=digits)}" + (
        (scale or Scale()).suffix)


def fmt_difference(d: Any, scale: Scale | None = None, *, digits: int = 1,
                   missing: str = "—") -> str:
    """Format a signed difference with its unit: "+7.5 percentage points", "-1.2 per 1,000".

    Examples
    --------
    >>> fmt_difference(7.5, Scale(per=100))
    '+7.5 percentage points'
    """
    if _is_missing(d):
        return missing
    return f"{float(d):+,.{digits}f}{(scale or Scale()).difference_unit}"


def fmt_count(x: Any, *, missing: str = "hidden") -> str:
    """Format a count with thousands separators; a hidden (missing) count reads ``missing``.

    Examples
    --------
    >>> fmt_count(1234.0), fmt_count(None), fmt_count(pd.NA, missing="suppressed (1–10)")
    ('1,234', 'hidden', 'suppressed (1–10)')
    """
    if _is_missing(x):
        return missing
    return f"{float(x):,.0f}"
