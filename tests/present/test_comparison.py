"""Tests of equitylab.present's views of a comparison (table, sentences, chart)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from equitylab import measures, present
from equitylab.labs.comparison import Comparison, compare


@pytest.fixture
def comp() -> Comparison:
    t = pd.DataFrame({"race": ["Black", "White", "<Other>"], "searched": [45, 30, 60],
                      "stops": [300, 400, 500]})
    counts = measures.from_counts(t, "race", "searched", "stops",
                                  indicator=measures.Indicator("searched", per=100))
    return compare(counts, reference=("group", "White"), gap="ratio")


def test_display_table_states_rates_on_their_scale(comp: Comparison) -> None:
    table = present.display_table(comp).set_index("Group")
    assert table.loc["Black", "Rate (95% CI)"].startswith("15.0% (")
    assert table.loc["White (reference)", "Ratio to reference"] == "reference"
    assert table.loc["Black", "Ratio to reference"].startswith("2.00× (")


def test_the_interval_label_follows_the_tables_level(comp: Comparison) -> None:
    tidy = comp.tidy.assign(level=0.9)
    table = present.display_table(replace(comp, tidy=tidy))
    assert "Rate (90% CI)" in table.columns
    assert "90% intervals" in present.gap_alt_text(replace(comp, tidy=tidy), title="T")


def test_comparison_table_escapes_group_names(comp: Comparison) -> None:
    markup = present.comparison_table_html(comp)
    assert "&lt;Other&gt;" in markup and "<Other>" not in markup
    assert '<th scope="row">Black</th>' in markup


def test_gap_chart_returns_a_chart_with_its_alt_text(comp: Comparison) -> None:
    chart = present.gap_chart(comp, title="Searches")
    assert isinstance(chart, present.Chart)
    assert len(chart.figure.axes) == 2
    assert chart.alt_text == present.gap_alt_text(comp, title="Searches")
    assert "Highest rate: Black at 15.0%" in chart.alt_text


def test_sentences_name_who_is_worse_off(comp: Comparison) -> None:
    lines = present.sentences(comp, noun="drivers")
    assert any("95% CI" in s for s in lines)
    assert lines[-1].endswith(("are: Black, <Other>.", "are: <Other>, Black."))
