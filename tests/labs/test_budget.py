"""Lab 4 model: allocation rules on a hand-computed table."""

from __future__ import annotations

import pandas as pd
import pytest

from equitylab.labs.budget import allocate

T = pd.DataFrame({"capital": [0.0, 500.0, 3000.0, 1000.0], "residents": [10.0, 10.0, 20.0, 10.0],
                  "disinvestment": [0.9, 0.5, 0.1, 0.3]})


def test_universal_is_per_resident() -> None:
    assert allocate(T, 500, "universal", 0).tolist() == [100.0, 100.0, 200.0, 100.0]


def test_targeted_goes_to_the_top_quarter() -> None:
    # The 75th percentile of (0.9, 0.5, 0.1, 0.3) is 0.6: only the first neighbourhood.
    assert allocate(T, 500, "targeted", 0).tolist() == [500.0, 0.0, 0.0, 0.0]


def test_targeted_universal_fills_shortfalls_first() -> None:
    # Goal 100 per resident: shortfalls 1000, 500, 0, 0 (total 1500).
    assert allocate(T, 1200, "targeted_universal", 100).tolist() == pytest.approx(
        [800.0, 400.0, 0.0, 0.0])  # not enough: shared by shortfall
    # 2000: shortfalls met (1500), the other 500 per resident (10/50 each, 20/50).
    assert allocate(T, 2000, "targeted_universal", 100).tolist() == pytest.approx(
        [1100.0, 600.0, 200.0, 100.0])


def test_unknown_strategy() -> None:
    with pytest.raises(ValueError, match="strategy must be one of"):
        allocate(T, 1, "lottery", 0)
