"""What an indicator measures: its direction of good and its unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Direction = Literal["adverse", "favourable"]
Unit = Literal["proportion", "rate", "mean"]

_DIRECTIONS = ("adverse", "favourable")
_UNITS = ("proportion", "rate", "mean")


@dataclass(frozen=True)
class Indicator:
    """An outcome to measure, with its direction of good and its unit.

    Parameters
    ----------
    name : str
        Short name used in output tables, e.g. ``"searched"``.
    direction : {"adverse", "favourable"}
        Whether a higher value is bad (``"adverse"``: being searched, dying) or good
        (``"favourable"``: being hired, graduating). This decides which group is "best"
        and how the four-fifths rule may be applied.
    unit : {"proportion", "rate", "mean"}
        ``"proportion"``: events among people (each row 0/1). ``"rate"``: events per
        person-time or per population. ``"mean"``: the average of a value.
    per : float, default 1
        Scale for display: 100 gives percentages, 100000 gives "per 100,000".
    label : str, optional
        A verb phrase for sentences, e.g. ``"were searched"``. Defaults to ``name``.

    Examples
    --------
    >>> Indicator("searched", "adverse", per=100).flipped().direction
    'favourable'
    """

    name: str
    direction: Direction = "adverse"
    unit: Unit = "proportion"
    per: float = 1.0
    label: str | None = None

    def __post_init__(self) -> None:
        if self.direction not in _DIRECTIONS:
            raise ValueError(
                f"direction must be 'adverse' (higher is worse) or 'favourable' (higher is "
                f"better), not {self.direction!r}."
            )
        if self.unit not in _UNITS:
            raise ValueError(
                f"unit must be one of {', '.join(map(repr, _UNITS))}, not {self.unit!r}."
            )
        if not self.per > 0:
            raise ValueError(
                f"per must be a positive number such as 100 or 100000, not {self.per!r}."
            )

    @property
    def higher_is_better(self) -> bool:
        """Return True when a higher value is the favourable one."""
        return self.direction == "favourable"

    def flipped(self) -> Indicator:
        """Return the complement indicator (not searched instead of searched).

        Only proportions have a complement; the direction of good flips with it.
        """
        if self.unit != "proportion":
            raise ValueError(
                f"Only proportions have a complement; indicator {self.name!r} is a {self.unit}."
            )
        other: Direction = "favourable" if self.direction == "adverse" else "adverse"
        return Indicator(f"not {self.name}", other, "proportion", self.per, None)

    @property
    def verb(self) -> str:
        """Return the phrase used in sentences."""
        return self.label or self.name


def as_indicator(
    indicator: Indicator | str | None, default_name: str, unit: Unit | None = None
) -> Indicator:
    """Coerce a name or None into an :class:`Indicator` (adverse proportion by default)."""
    if isinstance(indicator, Indicator):
        return indicator
    name = default_name if indicator is None else str(indicator)
    return Indicator(name, "adverse", unit or "proportion")
