"""Disparity measures over a counts table.

One vectorised group-by builds a counts table (in pandas, or in the engine holding the
data); every measure is then a closed-form computation on that small table. Outputs are
tidy long tables with intervals, the reference used, reliability flags and suppression
status. Nothing here changes its input, and rows that had to be left out are reported.
"""

from __future__ import annotations

from ._compare import (
    COLUMNS,
    FRAMING_NOTE,
    REFERENCES,
    disparities,
    group_estimates,
    hide_small_counts,
)
from ._counts import Counts, count, from_counts
from ._disclosure import ROWS_NOT_SHOWN, Audit, audit_grid, feasible_intervals, rows_read
from ._engines import CSV_SUFFIXES, PARQUET_SUFFIXES, column_names, distinct_rows
from ._errors import (
    AllMissingGroupsError,
    ColumnNotFoundError,
    DataSourceError,
    EmptyDataError,
    EventsExceedDenominatorError,
    MeasureInputError,
    NegativeCountError,
    NonBinaryOutcomeError,
    UnknownReferenceError,
)
from ._goals import (
    NOT_AT_CURRENT_RATES,
    goal_gaps,
    improving_for_all,
    percent_targeted_change,
    trend,
    years_to_parity,
)
from ._indicator import Direction, Indicator
from ._indices import (
    INDEX_BASES,
    demographic_disparity,
    dissimilarity,
    geographic_disparity,
    summary_indices,
)
from ._scenario import apply_changes, scenario
from ._screens import FOUR_FIFTHS_NOTE, four_fifths, tolerance_band
from ._simple import rates_by_group
from ._stats import adjust_pvalues
from ._stratified import PooledRatio, flip_counts, mantel_haenszel_ratio
from ._suppress import SMALL_CELL_MAX, suppress_grid, suppress_table

__all__ = [
    "AllMissingGroupsError",
    "Audit",
    "COLUMNS",
    "CSV_SUFFIXES",
    "ColumnNotFoundError",
    "Counts",
    "DataSourceError",
    "Direction",
    "EmptyDataError",
    "EventsExceedDenominatorError",
    "FOUR_FIFTHS_NOTE",
    "FRAMING_NOTE",
    "INDEX_BASES",
    "Indicator",
    "MeasureInputError",
    "NOT_AT_CURRENT_RATES",
    "NegativeCountError",
    "NonBinaryOutcomeError",
    "PARQUET_SUFFIXES",
    "PooledRatio",
    "REFERENCES",
    "ROWS_NOT_SHOWN",
    "SMALL_CELL_MAX",
    "UnknownReferenceError",
    "adjust_pvalues",
    "apply_changes",
    "audit_grid",
    "column_names",
    "count",
    "demographic_disparity",
    "disparities",
    "distinct_rows",
    "dissimilarity",
    "feasible_intervals",
    "flip_counts",
    "four_fifths",
    "from_counts",
    "geographic_disparity",
    "goal_gaps",
    "group_estimates",
    "hide_small_counts",
    "improving_for_all",
    "mantel_haenszel_ratio",
    "percent_targeted_change",
    "rates_by_group",
    "rows_read",
    "scenario",
    "summary_indices",
    "suppress_grid",
    "suppress_table",
    "tolerance_band",
    "trend",
    "years_to_parity",
]
