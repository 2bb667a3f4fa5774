"""Property tests: whatever the groups and rates, the alt text names every group and value."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from equitylab import measures, present

names = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghij", min_size=1, max_size=12).map(
    str.strip
).filter(bool)


@st.composite
def group_tables(draw: st.DrawFn) -> pd.DataFrame:
    groups = draw(st.lists(names, min_size=1, max_size=6, unique=True))
    n = draw(st.lists(st.integers(1, 10_000), min_size=len(groups), max_size=len(groups)))
    events = [draw(st.integers(0, k)) for k in n]
    return pd.DataFrame({"group": groups, "n": n, "events": events})


def _estimates(counts: pd.DataFrame, per: float) -> pd.DataFrame:
    ind = measures.Indicator("x", per=per)
    return measures.group_estimates(
        measures.from_counts(counts, "group", "events", "n", indicator=ind))


@settings(max_examples=25, deadline=None)
@given(group_tables(), st.sampled_from([100, 1000]))
def test_rate_bars_alt_text_states_each_groups_own_share(counts: pd.DataFrame,
                                                          per: int) -> None:
    # Independent of measures and present: the share computed here from the counts.
    chart = present.rate_bars(_estimates(counts, per), lower=None, upper=None)
    unit = "%" if per == 100 else f" per {per:,}"
    for _, row in counts.iterrows():
        share = row["events"] / row["n"] * per
        shown = f"{row['group']}: {share:,.1f}{unit} ({int(row['events']):,} of {int(row['n']):,})"
        small = [1 <= x <= 10 for x in (row["events"], row["n"] - row["events"], row["n"])]
        if any(small):  # a small count is never shown
            assert shown not in chart.alt_text
            assert f"{row['group']}: not shown" in chart.alt_text
        else:  # shown, or hidden as a complement of a small count
            assert (shown in chart.alt_text) or f"{row['group']}: not shown" in chart.alt_text
    assert len(chart.figure.axes[0].patches) == len(counts)


@settings(max_examples=25, deadline=None)
@given(group_tables())
def test_gap_table_has_one_reference_row(counts: pd.DataFrame) -> None:
    table = _estimates(counts, 100)
    reference = str(table["group"].iloc[0])
    out = present.gap_table(table, reference=reference)
    assert len(out) == len(table)
    assert (out["Absolute gap"] == "reference").sum() == 1


@settings(max_examples=25, deadline=None)
@given(group_tables(), st.booleans(), st.booleans(), st.sampled_from([100, 1000]))
def test_alt_text_without_drawing_matches_the_drawn_chart(
    counts: pd.DataFrame, sort: bool, synthetic: bool, per: int
) -> None:
    table = _estimates(counts, per)
    options = {"sort": sort, "synthetic": synthetic, "value_label": "were hired",
               "source": "a survey"}
    chart = present.rate_bars(table, **options)
    assert present.rate_bars_alt_text(table, **options) == chart.alt_text
