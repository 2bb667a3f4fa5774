"""One small table of stops, the same in every engine (pandas, Polars, DuckDB, Spark, files).

Missing groups, areas and outcomes, an "Unknown" group, counts of events with person-time,
and whole-number scores (so that sums are exact in every engine) with gaps.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

COLUMNS = ["race", "area", "searched", "events", "years", "score"]
SPARK_SCHEMA = ("race string, area string, searched boolean, events long, years double, "
                "score double")

#: The calls compared across engines: (group, outcome, keyword arguments).
CALLS = {
    "proportion by area": ("race", "searched", {"strata": "area", "unknown": ["Unknown"]}),
    "rate with person-time": ("race", "events", {"unit": "rate", "person_time": "years"}),
    "mean": ("race", "score", {"unit": "mean", "strata": "area"}),
}


def rows(size: int = 2000, seed: int = 7) -> dict[str, list]:
    """Return the table as plain Python lists (None for missing)."""
    rng = np.random.default_rng(seed)
    race = rng.choice(["Black", "White", "Asian", "Latino", "Unknown"], size,
                      p=[0.3, 0.35, 0.1, 0.2, 0.05]).tolist()
    area = rng.choice(["North", "South", "East"], size).tolist()
    searched = (rng.random(size) < 0.12).tolist()
    events = rng.poisson(0.4, size).tolist()
    years = np.round(rng.uniform(0.5, 3.0, size), 2).tolist()
    score = rng.integers(0, 40, size).astype(float).tolist()
    for i in range(0, size, 37):
        race[i] = None
    for i in range(5, size, 53):
        area[i] = None
    for i in range(3, size, 41):
        searched[i] = None
        score[i] = None
    return {"race": race, "area": area, "searched": searched, "events": events,
            "years": years, "score": score}


def pandas_frame(data: dict[str, list]) -> pd.DataFrame:
    """Return the table as pandas, with nullable yes/no and NaN for a missing score."""
    return pd.DataFrame({
        "race": pd.Series(data["race"], dtype=object),
        "area": pd.Series(data["area"], dtype=object),
        "searched": pd.array(data["searched"], dtype="boolean"),
        "events": np.asarray(data["events"], dtype=np.int64),
        "years": np.asarray(data["years"], dtype=float),
        "score": np.array([np.nan if v is None else v for v in data["score"]]),
    })


def spark_rows(data: dict[str, list]) -> list[tuple]:
    """Return the table as a list of row tuples, for ``SparkSession.createDataFrame``."""
    return list(zip(*(data[c] for c in COLUMNS), strict=True))
