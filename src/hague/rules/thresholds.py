"""Thresholds and deadlines of the commitments, read from the rule tree: their one source.

Models and faces never write 2.0, 3.5, 20 or 2035 themselves; they ask here (the values, dates and sources live in
``hague/rules/tree/commitments/*.yaml``).

>>> value("hague-2025.core"), deadline("hague-2025.core")
(3.5, 2035)
>>> review_year()
2029
>>> value("wales-2014.floor"), value("wales-2014.equipment"), value("hague-2025.related"), value("hague-2025.total")
(2.0, 20.0, 1.5, 5.0)
"""

from __future__ import annotations

__all__ = ["value", "deadline", "review_year", "CORE", "RELATED", "TOTAL", "FLOOR", "EQUIPMENT", "REVIEW"]

#: the parameter keys most code needs
CORE = "hague-2025.core"
RELATED = "hague-2025.related"
TOTAL = "hague-2025.total"
FLOOR = "wales-2014.floor"
EQUIPMENT = "wales-2014.equipment"
REVIEW = "hague-2025.review_year"


def _param(key: str):
    from hague.rules.loader import _shipped  # the cached shipped tree (read-only)

    return _shipped().parameter(key)


def value(key: str, year: int | None = None) -> float:
    """A commitment parameter's value: the latest, or the one in effect at the end of ``year``."""
    p = _param(key)
    v = p.latest if year is None else p.value_at(year)
    return float(v[0] if isinstance(v, tuple) else v)


def deadline(key: str) -> int | None:
    """The target year of a commitment parameter (``None`` for a floor without a date)."""
    return _param(key).target_year


def review_year() -> int:
    """The year The Hague's trajectory is reviewed (2029)."""
    return int(value(REVIEW))
