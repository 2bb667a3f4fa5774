"""Lab 6 app: every control changes the outputs, and the numbers match equitylab.measures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from equitylab import measures
from equitylab.widgets import byod

FILES = Path(__file__).resolve().parents[1] / "labs" / "files"
COUNTS = FILES / "synthetic_justice_counts.csv"
INDIVIDUAL = FILES / "synthetic_grants_individual.csv"


def _snap(app):
    return app.table.value, app.sentences.value, app.chart.value


def _changed(app, before):
    after = _snap(app)
    return all(b != a for b, a in zip(before, after, strict=True))


def _direct_counts(reference, gap, direction="adverse"):
    t = pd.read_csv(COUNTS)
    ind = measures.Indicator("searches", direction, "proportion", 100.0)
    c = measures.from_counts(t, "race_ethnicity", "searches", "stops", indicator=ind)
    return measures.disparities(c, reference=reference, measures=("estimate", gap))


def _matches(app, direct, gap):
    shown = app.table.value
    rates = direct.loc[direct["measure"] == "proportion"].dropna(subset=["estimate"])
    for _, r in rates.iterrows():
        assert f"{r['estimate']:.1f}% ({r['lower']:.1f}–{r['upper']:.1f}%)" in shown
    for _, r in direct.loc[direct["measure"] == gap].dropna(subset=["estimate"]).iterrows():
        if "reference_group" in r["flags"]:
            continue
        text = (f"{r['estimate']:.2f}×" if gap == "ratio"
                else f"{r['estimate']:+.1f} percentage points")
        assert text in shown


def test_guessed_mapping_for_a_counts_file_matches_measures():
    app = byod.byod_app()
    assert app.load_path(str(COUNTS))
    assert (app.group.value, app.outcome.value, app.denominator.value) == (
        "race_ethnicity", "searches", "stops")
    assert app.analysis is None and "Outcome is" in app.message.value  # asked, not guessed
    app.direction.value = "adverse"
    _matches(app, _direct_counts("largest", "ratio"), "ratio")


def test_every_control_changes_the_outputs():
    app = byod.byod_app()
    app.load_path(str(COUNTS))
    app.direction.value = "adverse"

    before = _snap(app)
    app.reference.value = ("group", "Asian")
    assert _changed(app, before)
    _matches(app, _direct_counts("Asian", "ratio"), "ratio")

    before = _snap(app)
    app.gap.value = "difference"
    assert _changed(app, before)
    _matches(app, _direct_counts("Asian", "difference"), "difference")

    before = _snap(app)
    app.direction.value = "favourable"
    assert app.sentences.value != before[1]
    _matches(app, _direct_counts("Asian", "difference", "favourable"), "difference")

    before = _snap(app)
    app.reference.value = "best"
    assert _changed(app, before)
    # best-off for a favourable outcome is the group with the highest rate
    assert app.analysis.comparison.reference == "Native Hawaiian or Pacific Islander"

    before = _snap(app)
    app.area.value = "district"
    assert app.table.value != before[0]
    assert "Rate by district and group" in app.table.value

    before = _snap(app)
    app.outcome.value, app.denominator.value = "stops", ""  # nonsense mapping: a message
    assert "should say whether each person had the outcome" in app.message.value
    app.set_mapping("race_ethnicity", "searches", denominator="stops")
    assert app.analysis is not None


def test_individual_rows_file_and_downloads():
    app = byod.byod_app()
    app.load_path(str(INDIVIDUAL))
    assert (app.group.value, app.outcome.value, app.denominator.value) == (
        "owner_race_ethnicity", "awarded", "")
    app.direction.value = "adverse"
    t = pd.read_csv(INDIVIDUAL)
    direct = measures.disparities(
        measures.count(t, "owner_race_ethnicity", "awarded",
                       indicator=measures.Indicator("awarded", per=100)),
        reference="largest", measures=("estimate", "ratio"))
    _matches(app, direct, "ratio")
    links = app.prepare_downloads()
    for name in ("table.csv", "disparities.csv", "chart.svg", "summary.md"):
        assert f'download="{name}"' in links
    assert "hidden" in app.table.value


def test_spellings_of_one_group_are_merged_with_a_notice_the_participant_can_undo():
    text = INDIVIDUAL.read_text().splitlines()
    header, rows = text[0], text[1:]
    rows = [r.replace(",White,", ",white ,", 1) if i % 7 == 0 else r for i, r in enumerate(rows)]
    app = byod.byod_app()
    assert app.load_bytes(("\n".join([header, *rows]) + "\n").encode(), "spelled.csv")
    app.direction.value = "favourable"
    assert "differ only in capitals or spaces" in app.message.value
    assert "white" not in set(app.analysis.comparison.wide["group"])
    app.merge_spellings.value = False
    assert 'role="alert"' in app.message.value and app.analysis is None
