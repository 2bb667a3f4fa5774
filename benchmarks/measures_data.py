"""Synthetic stop-level data for the measures benchmarks: 7 groups x 100 areas."""

from __future__ import annotations

import numpy as np
import pandas as pd

GROUPS = ["Asian", "Black", "Latino", "Native", "Pacific", "White", "Two or more"]
SHARES = [0.06, 0.25, 0.15, 0.02, 0.01, 0.45, 0.06]
RATES = [0.08, 0.15, 0.11, 0.13, 0.10, 0.075, 0.09]


def synthetic(rows: int, seed: int = 0) -> pd.DataFrame:
    """Return a frame with categorical ``race`` and ``area`` and a 0/1 ``searched`` column."""
    rng = np.random.default_rng(seed)
    g = rng.choice(len(GROUPS), rows, p=SHARES)
    area = rng.integers(0, 100, rows)
    p = np.asarray(RATES)[g] * (0.7 + 0.6 * area / 99)
    return pd.DataFrame({
        "race": pd.Categorical.from_codes(g, GROUPS),
        "area": pd.Categorical.from_codes(area, [f"area {i:03d}" for i in range(100)]),
        "searched": (rng.random(rows) < p).astype(np.int8),
    })
