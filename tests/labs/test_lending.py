"""Lab 3 model: the pooled ratio agrees with a hand computation over the bands."""

from __future__ import annotations

import pytest

from equitylab import measures
from equitylab.labs import lending


def test_pooled_ratio_is_the_mantel_haenszel_of_the_bands() -> None:
    view = lending.criterion_view("Public bad credit record")
    h = lending.hmda()
    h["band"] = lending.CRITERIA["Public bad credit record"][0](h)
    r = s = 0.0
    for _, band in h.groupby("band", observed=True):
        aa = band.loc[band["applicant_race"] == lending.AA, "denied"]
        ot = band.loc[band["applicant_race"] == lending.OTHER, "denied"]
        big_n = len(aa) + len(ot)
        r += aa.sum() * len(ot) / big_n
        s += ot.sum() * len(aa) / big_n
    assert view["pooled"] == pytest.approx(r / s)
    assert view["pooled_lower"] < view["pooled"] < view["pooled_upper"]
    assert "95% CI" in lending.criterion_sentences(view)[1]


def test_within_table_shows_each_band() -> None:
    view = lending.criterion_view("Loan to value")
    table = lending.within_table(view)
    assert table["Loan to value"].tolist() == ["under 80%", "80-90%", "90% or more"]
    direct = measures.disparities(measures.count(
        lending.hmda().assign(band=lambda h: lending.CRITERIA["Loan to value"][0](h)),
        "applicant_race", "denied", strata="band", indicator=measures.Indicator("d", per=100)),
        reference=lending.OTHER, measures=("ratio",))
    first = direct.query("group == @lending.AA").iloc[0]
    assert table["Gap"].iloc[0].startswith(f"{first['estimate']:.2f}×")
