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


def test_lab6_publishes_sizes_unless_small_and_nothing_a_label_reader_can_narrow():
    """Generated files, the issue's group of 30 first: what lab 6 shows and exports."""
    import io

    import numpy as np

    from equitylab.labs.byod import export_bytes
    from equitylab.present import HIDDEN_COMPLEMENT, display_table
    from tests.measures.test_disclosure import audit_group_table, group_tables

    small = "hidden (small count)"
    for n, e in group_tables(23, 3):
        names = [f"G{i:02d}" for i in range(len(n))]
        frame = pd.DataFrame({
            "race": np.repeat(names, n.astype(int)),
            "card": np.concatenate([["yes"] * int(k) + ["no"] * int(t - k)
                                    for t, k in zip(n, e, strict=True)])})
        app = byod.byod_app(frame, name="mine.csv")
        app.set_mapping("race", "card", direction="favourable")
        comp = app.analysis.comparison
        hidden = bool(comp.wide["suppressed"].any())
        # The "rows read" line: the count would pin the hidden groups, so it is not given.
        assert (measures.ROWS_NOT_SHOWN in app.message.value) == hidden
        assert (f"{len(frame):,} rows" in app.message.value) == (not hidden)
        table = display_table(comp).assign(g=list(comp.wide["group"])).set_index("g")
        table = table.loc[names]
        # Totals are published only as the "everyone" reference: shown unless withheld.
        app.reference.value = "overall"
        tidy = app.analysis.comparison.tidy
        totals = {"events_total": bool(tidy["ref_events"].notna().any()),
                  "people_total": bool(tidy["ref_n"].notna().any())}
        assert audit_group_table(n, e, list(table["People"]), list(table["Events"]),
                                 (small,), **totals) == []
        assert set(table["Events"][~table["Events"].str[0].str.isdigit()]) <= {
            small, HIDDEN_COMPLEMENT}
        # The exported table says the same as the screen.
        app.reference.value = "largest"
        files = export_bytes(app.analysis, table=display_table, sentences=None)
        csv = pd.read_csv(io.BytesIO(files["table.csv"]), dtype=str, keep_default_na=False)
        csv = csv.assign(g=csv.iloc[:, 0].str.replace(" (reference)", "")).set_index("g")
        assert list(csv.loc[names, "People"]) == list(table["People"])
        assert list(csv.loc[names, "Events"]) == list(table["Events"])


def test_set_mapping_compares_the_groups_once_against_the_reference_asked_for(monkeypatch):
    """The lab opens with a mapping and a reference: one comparison, not one per menu (each
    is several tenths of a second in the reader's browser)."""
    app = byod.byod_app()
    app.load_path(str(INDIVIDUAL))
    renders: list[str] = []
    render = app.render
    monkeypatch.setattr(app, "render", lambda: (renders.append(app.reference.value), render()))
    app.set_mapping("owner_race_ethnicity", "awarded", direction="favourable", reference="White")
    assert len(renders) == 1
    assert app.analysis.comparison.reference == "White"
    # A mapping that cannot be used says why, and compares nothing.
    app.set_mapping("owner_race_ethnicity", "owner_race_ethnicity", direction="adverse")
    assert len(renders) == 1 and app.message.value
