"""Agreement with aequitas's prevalence and majority-group disparity, where definitions match.

aequitas 1.1.0 pins pandas < 3, so this runs in the benchmark environment, not in `make test`:

    python3 -m venv .venv-bench
    .venv-bench/bin/pip install -r benchmarks/requirements.txt
    PYTHONPATH=. .venv-bench/bin/pytest benchmarks/test_aequitas_agreement.py
"""

import numpy as np
import pandas as pd
from aequitas.bias import Bias
from aequitas.group import Group

from equitylab import measures as m


def data(seed=3, size=4000):
    """The same random data as tests/measures/test_agreement.py."""
    rng = np.random.default_rng(seed)
    g = rng.choice(["a", "b", "c", "d"], size, p=[0.4, 0.3, 0.2, 0.1])
    p = pd.Series(g).map({"a": 0.3, "b": 0.2, "c": 0.25, "d": 0.4}).to_numpy()
    return pd.DataFrame({"g": g, "y": (rng.random(size) < p).astype(int)})


def test_prevalence_and_majority_disparity_match_aequitas():
    df = data()
    frame = pd.DataFrame({"score": df["y"], "label_value": df["y"],
                          "g": df["g"].astype(object)})
    xtab, _ = Group().get_crosstabs(frame, attr_cols=["g"])
    bdf = Bias().get_disparity_major_group(xtab, original_df=frame)
    ours = m.disparities(df, "g", "y", reference="largest", measures=["estimate", "ratio"],
                         suppress=False)
    est = ours[ours["measure"] == "proportion"].set_index("group")["estimate"]
    ratio = ours[ours["measure"] == "ratio"].set_index("group")["estimate"]
    theirs = bdf.set_index("attribute_value")
    np.testing.assert_allclose(est.sort_index(), theirs["pprev"].sort_index(), atol=1e-12)
    np.testing.assert_allclose(ratio.sort_index(), theirs["pprev_disparity"].sort_index(),
                               atol=1e-12)
