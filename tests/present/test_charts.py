"""Tests of equitylab.present's charts: figures are drawn, alt text states the numbers."""

from __future__ import annotations

import base64
import html
import re
import subprocess
import sys

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_rgb

from equitylab import measures, present


@pytest.fixture
def table() -> pd.DataFrame:
    counts = pd.DataFrame(
        {"race": ["Black", "White", "Asian"], "searched": [45, 30, 30], "stops": [300, 400, 120]}
    )
    ind = measures.Indicator("searched", per=100)
    return measures.group_estimates(
        measures.from_counts(counts, "race", "searched", "stops", indicator=ind)
    )


def test_rate_bars_alt_text_has_every_group_count_and_interval(table: pd.DataFrame) -> None:
    chart = present.rate_bars(table, value_label="searched")
    assert "95% confidence intervals" in chart.alt_text
    assert "Black: 15.0% (45 of 300)" in chart.alt_text
    assert "White: 7.5% (30 of 400)" in chart.alt_text
    assert "Asian: 25.0% (30 of 120)" in chart.alt_text
    ax = chart.figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [str(g) for g in table["group"]]


def test_bars_are_drawn_at_the_tables_values_not_rescaled(table: pd.DataFrame) -> None:
    # The seam bug: measures had already scaled by per=100, and the chart scaled again.
    chart = present.rate_bars(table, value_label="searched")
    widths = sorted(p.get_width() for p in chart.figure.axes[0].patches)
    assert widths == pytest.approx(sorted([45 / 300 * 100, 30 / 400 * 100, 3 / 12 * 100]))


def test_alt_text_of_a_per_100_table_is_not_scaled_twice() -> None:
    counts = pd.DataFrame({"group": ["A", "B"], "x": [45, 30], "n": [300, 400]})
    ind = measures.Indicator("x", per=100)
    est = measures.group_estimates(measures.from_counts(counts, "group", "x", "n", indicator=ind))
    alt = present.rate_bars_alt_text(est)
    assert "A: 15.0% (45 of 300)" in alt
    assert "1500.0%" not in alt


def test_the_confidence_level_comes_from_the_table() -> None:
    counts = pd.DataFrame({"group": ["A", "B"], "x": [45, 30], "n": [300, 400]})
    ind = measures.Indicator("x", per=100)
    est = measures.group_estimates(measures.from_counts(counts, "group", "x", "n", indicator=ind),
                                   level=0.9)
    assert "with 90% confidence intervals" in present.rate_bars_alt_text(est)


def test_a_per_that_contradicts_the_table_is_refused(table: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="already scaled"):
        present.rate_bars_alt_text(table, per=1000)


def test_rate_bars_sort_and_synthetic_label(table: pd.DataFrame) -> None:
    chart = present.rate_bars(table, sort=True, synthetic=True, source="test")
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert labels == ["Asian", "Black", "White"]
    assert present.SYNTHETIC_NOTE in chart.alt_text and chart.alt_text.endswith("Source: test.")


def test_rate_bars_without_interval_columns() -> None:
    t = pd.DataFrame({"group": ["A", "B"], "estimate": [50.0, 25.0]})
    chart = present.rate_bars(t, lower=None, upper=None, per=100)
    assert "confidence" not in chart.alt_text
    assert "A: 50.0%" in chart.alt_text


def test_rate_bars_with_no_events_in_a_group() -> None:
    # The Wilson lower bound at 0 of 80 is 3.5e-18, a rounding error above the estimate 0.
    counts = pd.DataFrame({"race": ["A", "B"], "hit": [0, 60], "people": [80, 120]})
    ind = measures.Indicator("hit", per=100)
    table = measures.group_estimates(
        measures.from_counts(counts, "race", "hit", "people", indicator=ind))
    assert table["lower"].iloc[0] > table["estimate"].iloc[0] == 0
    chart = present.rate_bars(table, value_label="hit")
    assert "A: 0.0% (0 of 80" in chart.alt_text


def test_gap_dots_reports_absolute_and_relative_gap(table: pd.DataFrame) -> None:
    chart = present.gap_dots(table, reference="White", value_label="searched")
    assert "compared with White (7.5%; 30 of 400)" in chart.alt_text
    assert ("Black: 15.0% (45 of 300), 7.5 percentage points higher, 2.00 times White"
            in chart.alt_text)
    assert len(chart.figure.axes[0].get_yticklabels()) == 2


def test_gap_dots_unknown_reference(table: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="not one of the groups"):
        present.gap_dots(table, reference="Nobody")


def test_gap_dots_lower_direction() -> None:
    t = pd.DataFrame({"group": ["A", "B"], "estimate": [20.0, 10.0], "per": 100.0})
    alt = present.gap_dots(t, reference="A").alt_text
    assert "10.0 percentage points lower, 0.50 times A" in alt


def test_trend_lines_uses_palette_and_distinct_styles() -> None:
    t = pd.DataFrame(
        {
            "year": [2020, 2021] * 3,
            "g": ["A", "A", "B", "B", "C", "C"],
            "rate": [100.0, 200.0, 300.0, 400.0, 500.0, 600.0],
        }
    )
    chart = present.trend_lines(t, x="year", y="rate", group="g", per=1000, unit="rate",
                                digits=0)
    lines = chart.figure.axes[0].get_lines()
    assert [to_rgb(line.get_color()) for line in lines] == [
        to_rgb(c) for c in present.OKABE_ITO[:3]
    ]
    assert len({line.get_marker() for line in lines}) == 3
    assert len({str(line.get_linestyle()) for line in lines}) == 3
    assert "A: 100 per 1,000 in 2020 to 200 per 1,000 in 2021" in chart.alt_text


def test_trend_lines_too_many_groups() -> None:
    t = pd.DataFrame({"year": [1] * 9, "g": list("abcdefghi"), "rate": [0.1] * 9})
    with pytest.raises(ValueError, match="at most"):
        present.trend_lines(t, x="year", y="rate", group="g")


def test_html_has_alt_caption_svg_and_escapes(table: pd.DataFrame) -> None:
    chart = present.rate_bars(table).with_caption('Rates <by> "group"')
    html = chart._repr_html_()
    assert html.startswith('<figure class="equitylab-figure"')
    assert 'alt="Bar chart of the rate for each group (rate)' in html
    assert "Rates &lt;by&gt; &quot;group&quot;" in html
    assert "data:image/svg+xml;base64," in html


def test_png_for_word_documents(table: pd.DataFrame) -> None:
    assert present.rate_bars(table).png().startswith(b"\x89PNG")


def test_charts_do_not_touch_pyplot_state(table: pd.DataFrame) -> None:
    before = plt.get_fignums()
    present.rate_bars(table)
    present.gap_dots(table, reference="White")
    assert plt.get_fignums() == before


def test_input_not_changed(table: pd.DataFrame) -> None:
    copy = table.copy()
    present.rate_bars(table, sort=True)
    pd.testing.assert_frame_equal(table, copy)


def test_gap_table_reference_row_and_gaps(table: pd.DataFrame) -> None:
    out = present.gap_table(table, reference="White")
    assert list(out.columns) == ["Group", "Rate", "Counts", "Absolute gap", "Relative gap"]
    black = out[out["Group"] == "Black"].iloc[0]
    assert black["Absolute gap"] == "+7.5 percentage points"
    assert black["Relative gap"] == "2.00 times White"
    assert black["Counts"] == "45 of 300"
    assert out[out["Group"] == "White"].iloc[0]["Absolute gap"] == "reference"
    with pytest.raises(ValueError):
        present.gap_table(table, reference="Nobody")


def test_synthetic_charts_say_so_in_the_image_title(table: pd.DataFrame) -> None:
    bars = present.rate_bars(table, synthetic=True)
    assert "SYNTHETIC" in bars.figure.axes[0].get_title(loc="left")
    dots = present.gap_dots(table, reference="White", synthetic=True)
    assert "SYNTHETIC" in dots.figure.axes[0].get_title(loc="left")


def test_axis_label_does_not_repeat_the_scale() -> None:
    t = pd.DataFrame({"group": ["A", "B"], "estimate": [12.0, 6.0], "per": 1000.0,
                      "unit": "rate"})
    chart = present.gap_dots(t, reference="B", value_label="searches per 1,000 stops")
    assert chart.figure.axes[0].get_xlabel() == "searches per 1,000 stops"
    chart = present.rate_bars(t.assign(per=100.0, unit="proportion"), value_label="searched")
    assert chart.figure.axes[0].get_xlabel() == "searched (%)"


def test_alt_text_alone_does_not_import_matplotlib() -> None:
    # The tool app computes evidence alt text when a session opens; matplotlib would add
    # about a second to every participant's start.
    code = ("import sys, pandas as pd\n"
            "from equitylab import present\n"
            "t = pd.DataFrame({'group': ['A'], 'estimate': [50.0], 'n': [4], 'events': [2]})\n"
            "present.rate_bars_alt_text(t, per=100)\n"
            "print('matplotlib' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def _small_table() -> pd.DataFrame:
    counts = pd.DataFrame({"race": ["A", "B", "C", "D"], "hit": [0, 45, 30, 9],
                           "n": [3, 300, 400, 29]})
    return measures.group_estimates(measures.from_counts(
        counts, "race", "hit", "n", indicator=measures.Indicator("hit", per=100)))


def test_small_counts_are_never_shown_in_tables_or_charts() -> None:
    # "0 of 3" and "9 of 29" were printed under chapter 2's figures before.
    table = _small_table()
    out = present.gap_table(table, reference="B")
    shown = " ".join(out.astype(str).to_numpy().ravel())
    assert "0 of 3" not in shown and "9 of 29" not in shown
    assert out.loc[out["Group"] == "A", "Counts"].item() == present.HIDDEN
    alt = present.rate_bars(table).alt_text + present.gap_dots(table, reference="B").alt_text
    assert "0 of 3" not in alt and "9 of 29" not in alt and "A: not shown" in alt
    # A hidden cell cannot be recovered by subtraction: a second group is hidden with it.
    assert (out["Counts"] == present.HIDDEN).sum() >= 2


def test_data_table_labels_synthetic_and_real_from_metadata() -> None:
    from equitylab import datasets

    synthetic = datasets.load("tallow_education")
    real = datasets.load("resume_callbacks", show_caveats=False)
    shown = pd.DataFrame({"Group": ["A"], "Count": [1234]})
    assert present.SYNTHETIC_NOTE in present.data_table(shown, dataset=synthetic).caption
    caption = present.data_table(shown, dataset=real, caption="Callbacks.").caption
    assert caption.startswith("Callbacks. Real data. Source: ")
    assert "SYNTHETIC" not in caption
    assert "1,234" in present.data_table(shown, dataset=real).to_html()


def test_charts_label_themselves_from_the_dataset() -> None:
    from equitylab import datasets

    edu = datasets.load("tallow_education")
    table = _small_table()
    assert present.SYNTHETIC_NOTE in present.rate_bars(table, dataset=edu).alt_text
    assert "(SYNTHETIC)" in present.gap_dots(table, reference="B", dataset=edu).figure.axes[
        0].get_title(loc="left")


def test_a_table_without_metadata_is_refused_with_a_plain_message() -> None:
    with pytest.raises(ValueError, match="datasets.load"):
        present.data_table(pd.DataFrame({"x": [1]}), dataset=pd.DataFrame({"x": [1]}))


@pytest.mark.parametrize("size", [200, 100_000])
def test_alt_text_stays_readable_with_huge_labels(size: int) -> None:
    """A group name or label of any length is cut in the alt text as in the drawing: the alt
    text of each chart kind stays a few hundred characters (it once held the whole 1 MB)."""
    long_a, long_b = "A" * size, "B" * size
    t = pd.DataFrame({"group": [long_a, long_b], "estimate": [15.0, 25.0], "per": 100.0,
                      "level": 0.95, "n": [300, 400], "events": [45, 100]})
    label = "L" * size
    alts = [present.rate_bars_alt_text(t, value_label=label),
            present.gap_dots(t, reference=long_a, value_label=label).alt_text]
    years = pd.DataFrame({"year": [2020, 2021] * 2, "group": [long_a] * 2 + [long_b] * 2,
                          "value": [10.0, 11.0, 20.0, 21.0]})
    alts.append(present.trend_lines(years, x="year", y="value", group="group",
                                    value_label=label, per=100, unit="proportion").alt_text)
    for alt in alts:
        assert len(alt) < 1_000, len(alt)
        assert "…" in alt
    plt.close("all")


@pytest.mark.parametrize("label", ["$\\frac$", "$x^2$ and $\\sqrt{y}$", "costs $5 and $10",
                                   "\\$ \\\\ $$"])
def test_dollar_signs_in_names_are_drawn_as_typed_not_as_mathematics(label: str) -> None:
    """Matplotlib reads text between dollar signs as mathematics: a participant's group named
    "$\\frac$" stopped every chart with a parser error, and "$x^2$" was drawn as a formula."""
    t = pd.DataFrame({"group": [label, "B"], "estimate": [15.0, 25.0], "per": 100.0,
                      "level": 0.95, "n": [300, 400], "events": [45, 100]})
    for chart in [present.rate_bars(t, value_label=label, title=label),
                  present.gap_dots(t, reference="B", value_label=label)]:
        assert chart.png().startswith(b"\x89PNG")
        data = re.search(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", chart._repr_html_())
        assert data is not None
        svg = base64.b64decode(data.group(1)).decode()
        texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
        assert any(label in text for text in texts), texts
