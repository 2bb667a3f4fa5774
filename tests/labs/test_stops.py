"""Lab 2 model on small hand-computed tables."""

from __future__ import annotations

import pandas as pd
import pytest

from equitylab.labs import stops


def _stops() -> pd.DataFrame:
    # Neighbourhood p: Black 100 stops (50 searched), White 300 (90 searched).
    # Neighbourhood q: Black 400 (40 searched), White 400 (20 searched).
    rows = []
    for hood, race, n, hits in (("p", "Black", 100, 50), ("p", "White", 300, 90),
                                ("q", "Black", 400, 40), ("q", "White", 400, 20)):
        rows += [{"neighborhood": hood, "race": race, "person_searched": i < hits}
                 for i in range(n)]
    return pd.DataFrame(rows)


def test_within_neighbourhood_by_hand() -> None:
    check = stops.within_neighbourhood(_stops())
    # crude: Black 90/500 = 0.18, White 110/700; ratio 0.18 / (110/700) = 1.14545...
    assert check["crude_ratio"] == pytest.approx(0.18 / (110 / 700))
    # MH: R = 50*300/400 + 40*400/800 = 57.5; S = 90*100/400 + 20*400/800 = 32.5
    assert check["pooled_ratio"] == pytest.approx(57.5 / 32.5)
    assert check["pooled_lower"] < check["pooled_ratio"] < check["pooled_upper"]
    assert check["pooled_message"] == ""
    assert check["neighbourhoods"] == 2 and check["higher"] == 2
    table = check["table"].set_index("neighborhood")
    assert table.loc["p", "Black rate (%)"] == 50.0 and table.loc["q", "White rate (%)"] == 5.0


def test_stops_by_neighbourhood_by_hand() -> None:
    frame = _stops().assign(id=range(1200))
    by = stops.stops_by_neighbourhood(frame).set_index("neighborhood")
    assert by.loc["q", "stops"] == 800 and by.loc["p", "black"] == 100
    assert by.loc["p", "share_black"] == pytest.approx(100 / 400)
    assert by.index.tolist() == ["q", "p"]


def test_stop_counts_filters_and_leaves_out_unknown() -> None:
    frame = pd.DataFrame({"race": ["B", "B", "W", "Unknown", "W"],
                          "problem": ["traffic", "suspicious", "traffic", "traffic", "traffic"],
                          "precinct": [1, 1, 1, 1, 2],
                          "citation_issued": [True, True, False, True, True]})
    counts = stops.stop_counts(frame, "Citation issued", "race", "traffic", 1)
    assert counts.table[["group", "n", "events"]].values.tolist() == [["B", 1, 1], ["W", 1, 0]]
    assert counts.excluded_rows == 1
    with pytest.raises(ValueError, match="Choose an outcome"):
        stops.stop_counts(frame, "Arrested")


def test_data_quality_counts_the_real_data() -> None:
    q = stops.data_quality(stops.load_stops()).set_index("check")["stops"]
    assert q["All stops"] == 51920
    assert q["Not entered on a squad computer (no race, no search data)"] == 8221
