"""The first-look widget: changing the dropdown in Python updates the table."""

import pandas as pd

from equitylab.measures import rates_by_group
from equitylab.widgets import outcome_explorer


def _data() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "race": ["A"] * 50 + ["B"] * 50,
            "searched": [True] * 25 + [False] * 25 + [True] * 15 + [False] * 35,
            "cited": [True] * 12 + [False] * 38 + [True] * 30 + [False] * 20,
        }
    )


def test_changing_outcome_updates_the_table_to_match_measures():
    data = _data()
    explorer = outcome_explorer(
        data, group="race", outcomes={"Searched": "searched", "Cited": "cited"}
    )
    chooser, table = explorer.outcome, explorer.table
    before = table.value
    assert "50.0%" in before and "30.0%" in before  # 25/50 and 15/50

    chooser.value = "cited"

    assert table.value != before
    expected = rates_by_group(data, "race", "cited")
    for rate in expected["rate_percent"]:
        assert f"{rate:.1f}%" in table.value
    assert "Cited by group" in table.value


def test_suppressed_cells_say_so_instead_of_showing_a_count():
    data = pd.DataFrame(
        {"race": ["A"] * 40 + ["B"] * 40, "y": [1] * 5 + [0] * 35 + [1] * 20 + [0] * 20}
    )
    explorer = outcome_explorer(data, group="race", outcomes={"Outcome": "y"})
    html = explorer.table.value
    assert "suppressed" in html and "to protect privacy" in html
    assert "12.5%" not in html  # 5 of 40 would reveal the small count
