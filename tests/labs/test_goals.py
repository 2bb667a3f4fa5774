"""Lab 5 model: the trend table's rates, including "Overall", against the raw counts."""

from __future__ import annotations

import pytest

from equitylab import datasets
from equitylab.labs.goals import OVERALL, trend_table


def test_rates_and_overall_match_the_raw_counts() -> None:
    raw = datasets.load("tallow_trends", show_caveats=False)
    raw = raw.loc[(raw["indicator"] == "Uninsured") & (raw["year"] == 2016)]
    t = trend_table("Uninsured").query("year == 2016").set_index("group")
    row = raw.iloc[0]
    assert t.loc[row["race_ethnicity"], "value"] == pytest.approx(
        100 * row["numerator"] / row["denominator"])
    assert t.loc[OVERALL, "value"] == pytest.approx(
        100 * raw["numerator"].sum() / raw["denominator"].sum())
    assert t.loc[OVERALL, "denominator"] == pytest.approx(raw["denominator"].sum())


def test_unknown_indicator() -> None:
    with pytest.raises(ValueError, match="Indicator must be one of"):
        trend_table("Happiness")
