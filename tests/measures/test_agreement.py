"""Agreement with fairlearn's group rates and ratios where definitions match.

The same check against aequitas lives in benchmarks/test_aequitas_agreement.py: aequitas
1.1.0 needs pandas < 3, so it runs in the benchmark environment (.venv-bench), not here.
"""

import numpy as np
import pandas as pd
import pytest

from equitylab import measures as m


def data(seed=3, size=4000):
    rng = np.random.default_rng(seed)
    g = rng.choice(["a", "b", "c", "d"], size, p=[0.4, 0.3, 0.2, 0.1])
    p = pd.Series(g).map({"a": 0.3, "b": 0.2, "c": 0.25, "d": 0.4}).to_numpy()
    return pd.DataFrame({"g": g, "y": (rng.random(size) < p).astype(int)})


def test_selection_rates_and_ratio_match_fairlearn():
    fm = pytest.importorskip("fairlearn.metrics")
    df = data()
    mf = fm.MetricFrame(metrics=fm.selection_rate, y_true=df["y"], y_pred=df["y"],
                        sensitive_features=df["g"])
    ours = m.disparities(df, "g", "y", measures=["estimate"], suppress=False)
    ours = ours[ours["measure"] == "proportion"].set_index("group")["estimate"]
    np.testing.assert_allclose(ours.sort_index().to_numpy(), mf.by_group.sort_index().to_numpy(),
                               atol=1e-12)
    # fairlearn's between-groups ratio is min/max = our lowest impact ratio vs the highest
    ff = m.four_fifths(df, "g", "y", suppress=False)
    assert ff["impact_ratio"].min() == pytest.approx(mf.ratio(), abs=1e-12)
    assert fm.demographic_parity_ratio(df["y"], df["y"], sensitive_features=df["g"]) == \
        pytest.approx(ff["impact_ratio"].min(), abs=1e-12)
    assert mf.difference() == pytest.approx(ours.max() - ours.min(), abs=1e-12)
