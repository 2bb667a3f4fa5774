"""Lab 1 model: sources and the counts behind a view."""

from __future__ import annotations

import pytest

from equitylab.labs import explorer


def test_every_source_and_outcome_builds_counts() -> None:
    for src in explorer.SOURCES:
        for out in src.outcomes:
            counts = explorer.outcome_counts(src.dataset, out.label)
            assert counts.indicator.unit == out.unit and len(counts.table) >= 2


def test_favourable_framing_is_the_complement() -> None:
    adverse = explorer.outcome_counts("mpls_stops", "Person searched")
    favourable = explorer.outcome_counts("mpls_stops", "Person searched", "favourable")
    assert (favourable.table["events"] == adverse.table["n"] - adverse.table["events"]).all()
    assert favourable.indicator.label == "were not searched"


def test_unknown_dataset_names_the_choices() -> None:
    with pytest.raises(ValueError, match="Choose one of: mpls_stops"):
        explorer.source("iris")
