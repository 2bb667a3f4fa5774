"""Errors raised for bad input. Each names the column or group and says how to fix it."""

from __future__ import annotations

__all__ = [
    "AllMissingGroupsError",
    "ColumnNotFoundError",
    "DataSourceError",
    "EmptyDataError",
    "EventsExceedDenominatorError",
    "MeasureInputError",
    "NegativeCountError",
    "NonBinaryOutcomeError",
    "UnknownReferenceError",
]


class MeasureInputError(ValueError):
    """Base class: the input to a measure cannot be used as given."""


class ColumnNotFoundError(MeasureInputError, KeyError):
    """A column named in the call is not in the data."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class NonBinaryOutcomeError(MeasureInputError):
    """A proportion was asked for but the outcome is not yes/no."""


class NegativeCountError(MeasureInputError):
    """A count, denominator or person-time is negative."""


class EventsExceedDenominatorError(MeasureInputError):
    """A group has more events than people, so a proportion is impossible."""


class UnknownReferenceError(MeasureInputError):
    """The reference group named is not in the data."""


class EmptyDataError(MeasureInputError):
    """The table has no rows to measure."""


class AllMissingGroupsError(MeasureInputError):
    """Every row is missing its group (or its outcome), so nothing can be compared."""


class DataSourceError(MeasureInputError):
    """The data cannot be read as given: no such file, an unknown format, or no engine."""
