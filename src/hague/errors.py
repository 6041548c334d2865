"""Exception classes. Every message says what was wrong, where, and what is accepted."""

from __future__ import annotations


class HagueError(Exception):
    """Base class for every error hague raises on bad input or bad data."""


class UnknownAllyError(HagueError, KeyError):
    """An ally code or name that is not a NATO ally."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class UnknownIndicatorError(HagueError, KeyError):
    """An indicator not present in a dataset."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class YearOutOfRangeError(HagueError, ValueError):
    """A year outside the years a dataset covers."""


class UnknownDatasetError(HagueError, KeyError):
    """A dataset id that is not embedded or imported."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnitMismatchError(HagueError, ValueError):
    """Arithmetic or comparison across values with different units or price bases."""


class DataValidationError(HagueError, ValueError):
    """The data failed a load-time check that is not a listed known outlier."""

    def __init__(self, message: str, findings: list | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


class ExportError(HagueError, ValueError):
    """An unknown export format or an output file that cannot be written."""


class CatalogError(HagueError, ValueError):
    """A catalog file (targets, unit costs, adversary estimates) that breaks its schema; names file, line, field."""


class UnknownEntryError(HagueError, KeyError):
    """An id that is not in a catalog (unknown target, system, area, comparison topic)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class InfeasibleError(HagueError, ValueError):
    """Apportionment bounds that no allocation can satisfy; the message names the bound that breaks."""


class OutOfRangeError(HagueError, ValueError):
    """A number that is not finite or outside the range accepted; the message names the field and the range."""


def finite_number(value, what: str, accepted: str) -> float:
    """``value`` as a finite float, or :class:`OutOfRangeError` naming ``what`` and the ``accepted`` range, e.g.
    ``amount 'nan' is not a finite number; accepted: ...`` (examples run in hague.economics.money's doctests)."""
    import math

    try:
        x = float(value)
    except (TypeError, ValueError):
        raise OutOfRangeError(f"{what} {value!r} is not a number; {accepted}") from None
    if not math.isfinite(x):
        shown = repr(value) if isinstance(value, str) else str(value)
        raise OutOfRangeError(f"{what} {shown} is not a finite number; {accepted}")
    return x
