"""Tests of equitylab.present's palette, Scale and number formats."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from equitylab import measures, present
from equitylab.present import Scale

# Machado, Oliveira and Fernandes (2009), severity 1.0, on linear RGB: an implementation
# independent of the package, to check that the series colours stay apart for readers
# with colour-vision deficiencies.
_CVD = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}


def _linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(rgb: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ np.clip(rgb, 0, 1)
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _closest_pair(colours: tuple[str, ...], matrix: np.ndarray) -> float:
    labs = [_lab(matrix @ _linear(c)) for c in colours]
    return min(float(np.linalg.norm(a - b)) for i, a in enumerate(labs) for b in labs[i + 1:])


@pytest.mark.parametrize("deficiency", sorted(_CVD))
def test_series_colours_stay_distinct_with_colour_blindness(deficiency: str) -> None:
    assert _closest_pair(present.LINE_COLOURS, _CVD[deficiency]) >= 15


def test_the_colour_blindness_check_can_fail() -> None:
    # The darkened yellow once used for an eighth line looks like the vermillion to a
    # reader with protanopia.
    assert _closest_pair(("#D55E00", "#8C7A00"), _CVD["protanopia"]) < 15


def test_palette_is_okabe_ito_and_series_styles_are_distinct() -> None:
    assert present.OKABE_ITO[:3] == ("#0072B2", "#D55E00", "#009E73")
    assert len(set(present.MARKERS)) == len(present.MARKERS)
    assert len(present.LINESTYLES) >= len(present.LINE_COLOURS)


def test_scale_is_read_from_the_measures_table() -> None:
    counts = pd.DataFrame({"g": ["a", "b"], "x": [3, 5], "n": [10, 20]})
    ind = measures.Indicator("x", unit="rate", per=1000)
    table = measures.disparities(measures.from_counts(counts, "g", "x", "n", indicator=ind),
                                 reference="a", measures=["estimate"], level=0.9)
    assert Scale.of(table) == Scale(per=1000.0, unit="rate", level=0.9)
    assert Scale.of(table.iloc[0]) == Scale(per=1000.0, unit="rate", level=0.9)


def test_scale_refuses_a_table_of_mixed_measures() -> None:
    counts = pd.DataFrame({"g": ["a", "b"], "x": [30, 50], "n": [100, 200]})
    ind = measures.Indicator("x", per=100)
    table = measures.disparities(measures.from_counts(counts, "g", "x", "n", indicator=ind),
                                 reference="a", measures=["estimate", "ratio"])
    with pytest.raises(ValueError, match="mixes several values of 'per'"):
        Scale.of(table)


def test_scale_of_an_indicator() -> None:
    assert Scale.of(measures.Indicator("x", per=100)).suffix == "%"
    assert Scale.of(measures.Indicator("x", unit="mean", per=100)).per == 1.0


@pytest.mark.parametrize(("scale", "expected"), [
    (Scale(per=100), "15.0%"),
    (Scale(per=1000, unit="rate"), "15.0 per 1,000"),
    (Scale(per=1000, unit="proportion"), "15.0 per 1,000"),
    (Scale(per=1), "15.0"),
    (Scale(per=100, unit="mean"), "15.0"),
])
def test_fmt_value_labels_without_rescaling(scale: Scale, expected: str) -> None:
    assert present.fmt_value(15.0, scale) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, np.nan])
def test_missing_values(missing: object) -> None:
    assert present.fmt_value(missing) == "—"
    assert present.fmt_interval(missing, 1.0) == "—"
    assert present.fmt_count(missing) == "hidden"
    assert present.fmt_count(missing, missing="suppressed (1–10)") == "suppressed (1–10)"


def test_level_text() -> None:
    assert Scale(level=0.95).ci_label == "95% CI"
    assert Scale(level=0.995).intervals == "99.5% confidence intervals"
    assert Scale().ci_label == "CI"


@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(0, 3))
def test_fmt_value_round_trips_to_the_rounded_number(x: float, digits: int) -> None:
    text = present.fmt_value(x, Scale(per=1000, unit="rate"), digits=digits)
    assert text.endswith(" per 1,000")
    assert math.isclose(float(text.removesuffix(" per 1,000").replace(",", "")),
                        round(x, digits), abs_tol=10 ** -digits)


@given(st.floats(-1e3, 1e3, allow_nan=False), st.floats(-1e3, 1e3, allow_nan=False))
def test_fmt_interval_never_reads_a_minus_as_a_dash(lo: float, hi: float) -> None:
    text = present.fmt_interval(lo, hi)
    assert ("–" in text) != (" to " in text)
    assert (" to " in text) == (lo < 0 or hi < 0)
