"""Plain-language sentences from equitylab.explain."""

import pandas as pd

from equitylab import explain
from equitylab import measures as m


def table(**kw):
    t = pd.DataFrame({"race": ["Black", "White", "Asian", "Native"],
                      "searched": [45, 30, 22, 4], "stops": [300, 400, 80, 25]})
    c = m.from_counts(t, "race", "searched", "stops",
                      indicator=m.Indicator("searched", per=100, label="were searched"))
    return m.disparities(c, reference="White", **kw)


def row(d, group, measure):
    return d[(d["group"] == group) & (d["measure"] == measure)].iloc[0]


def test_ratio_sentence_matches_the_issue_example():
    s = explain.sentence(row(table(), "Black", "ratio"), subject="drivers", verb="were searched")
    assert s == ("Black drivers were searched at 2.0 times the rate of White drivers "
                 "(95% CI 1.3–3.1; 45 of 300 vs 30 of 400).")


def test_suppressed_rows_say_so_and_show_no_numbers():
    d = table()
    native = explain.sentence(row(d, "Native", "ratio"), subject="drivers")
    assert "suppressed to protect privacy" in native and "between 1 and 10" in native
    assert not any(ch.isdigit() for ch in native.replace("1 and 10", ""))
    asian = explain.sentence(row(d, "Asian", "ratio"), subject="drivers")
    assert "worked out from the totals" in asian


def test_unreliable_estimates_are_stated():
    d = table(suppress=False)
    s = explain.sentence(row(d, "Native", "proportion"), subject="drivers",
                         verb="were searched")
    assert s.startswith("16.0% of Native drivers were searched (95% CI")
    assert "statistically unreliable" in s
    comp = explain.sentence(row(d, "Native", "ratio"), subject="drivers", verb="were searched")
    assert "unreliable estimate for the group" in comp
    assert "chance alone could explain it" in comp


def test_difference_and_complement_sentences():
    d = table()
    s = explain.sentence(row(d, "Black", "difference"), subject="drivers", verb="were searched")
    assert s.startswith("Black drivers were searched 7.5 percentage points more often than "
                        "White drivers (95% CI 2.8–12.5)")
    c = explain.sentence(row(d, "Black", "ratio_complement"), subject="drivers",
                         verb="were searched")
    assert c.startswith("Framed the other way, Black drivers were not searched at 0.92 times")


def test_zero_and_infinite_ratios_are_explained_not_capped():
    t = pd.DataFrame({"g": ["a", "b", "c"], "x": [0, 30, 0], "n": [300, 400, 200]})
    d = m.disparities(m.from_counts(t, "g", "x", "n"), reference="c", suppress=False)
    s = explain.sentence(row(d, "b", "ratio"), subject="people", verb="were searched")
    assert "No c people were searched" in s and "cannot be a finite number" in s
    assert row(d, "b", "ratio")["estimate"] == float("inf")
    assert "zero_reference_events" in row(d, "b", "ratio")["flags"]
    both = explain.sentence(row(d, "a", "ratio"), subject="people", verb="were searched")
    assert "undefined because neither group had any events" in both
    d = m.disparities(m.from_counts(t, "g", "x", "n"), reference="b", suppress=False)
    zero = explain.sentence(row(d, "a", "ratio"), subject="people", verb="were searched")
    assert "No a people were searched" in zero and "is 0" in zero


def test_describe_reports_exclusions_notes_and_systems_framing():
    df = pd.DataFrame({"race": ["A"] * 50 + ["B"] * 50 + [None] * 20,
                       "searched": [1] * 15 + [0] * 35 + [1] * 25 + [0] * 25 + [0] * 20})
    d = m.disparities(df, "race", "searched", reference="A")
    out = explain.describe(d, subject="drivers", verb="were searched")
    assert "20 rows were left out: missing group." in out
    assert m.FRAMING_NOTE in out
    assert out[-1] == explain.SYSTEMS_NOTE
    assert any(s.startswith("B drivers were searched at 1.7 times") for s in out)


def test_four_fifths_sentence_suppressed_and_reference():
    t = pd.DataFrame({"race": ["White", "Black", "Other"], "hired": [48, 21, 5],
                      "applied": [80, 50, 9]})
    c = m.from_counts(t, "race", "hired", "applied",
                      indicator=m.Indicator("hired", "favourable"))
    ff = m.four_fifths(c).set_index("group", drop=False)
    assert "suppressed to protect privacy" in explain.four_fifths_sentence(ff.loc["Other"])
    assert "highest selection rate" in explain.four_fifths_sentence(ff.loc["White"])
