"""Property tests: whatever the groups and rates, the alt text names every group and value."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from equitylab import charts

names = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghij", min_size=1, max_size=12).map(
    str.strip
).filter(bool)


@st.composite
def group_tables(draw: st.DrawFn) -> pd.DataFrame:
    groups = draw(st.lists(names, min_size=1, max_size=6, unique=True))
    n = draw(st.lists(st.integers(1, 10_000), min_size=len(groups), max_size=len(groups)))
    events = [draw(st.integers(0, k)) for k in n]
    estimate = [e / k for e, k in zip(events, n, strict=True)]
    return pd.DataFrame({"group": groups, "n": n, "events": events, "estimate": estimate})


@settings(max_examples=25, deadline=None)
@given(group_tables())
def test_rate_bars_alt_text_names_every_group(table: pd.DataFrame) -> None:
    chart = charts.rate_bars(table, lower=None, upper=None)
    for _, row in table.iterrows():
        assert f"{row['group']}: {charts.format_value(row['estimate'])}" in chart.alt_text
        assert f"({int(row['events']):,} of {int(row['n']):,})" in chart.alt_text
    assert len(chart.figure.axes[0].patches) == len(table)


@settings(max_examples=25, deadline=None)
@given(group_tables())
def test_gap_table_has_one_reference_row(table: pd.DataFrame) -> None:
    reference = str(table["group"].iloc[0])
    out = charts.gap_table(table, reference=reference)
    assert len(out) == len(table)
    assert (out["Absolute gap"] == "reference").sum() == 1


@settings(max_examples=25, deadline=None)
@given(group_tables(), st.booleans(), st.booleans(), st.sampled_from([100, 1000]))
def test_alt_text_without_drawing_matches_the_drawn_chart(
    table: pd.DataFrame, sort: bool, synthetic: bool, per: int
) -> None:
    table = table.assign(lower=table["estimate"] * 0.9, upper=table["estimate"] * 1.1)
    options = {"sort": sort, "synthetic": synthetic, "per": per, "value_label": "were hired",
               "source": "a survey"}
    chart = charts.rate_bars(table, **options)
    assert charts.rate_bars_alt_text(table, **options) == chart.alt_text
