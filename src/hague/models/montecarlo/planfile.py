"""A user's plan file as a central path: the format ``hague plan assess`` reads (:func:`hague.rules.plans.read_plan`)."""

from __future__ import annotations

import math
from pathlib import Path

from hague.errors import HagueError

__all__ = ["read_plan_shares", "MAX_SHARE"]

#: a core share above this is not a plan but a typo (no ally has spent more than 20% of GDP on defence since 1991)
MAX_SHARE = 20.0


def read_plan_shares(file: str | Path, *, first_year: int, ally: str) -> dict[int, float]:
    """Year -> core share of GDP (percent) for the years after the last data year (``first_year`` on).

    The reader of ``hague plan assess`` checks the columns, missing and duplicate years; here the plan must be
    ``ally``'s, its shares within 0-20% of GDP, and it must reach past the last data year. Errors name the file
    and row.
    """
    from hague.rules.plans import read_plan

    plan = read_plan(str(file))
    if plan.ally != ally:
        raise HagueError(f"{file}: the plan is for {plan.ally}, not {ally}; name the plan's ally with --ally")
    ext = Path(str(file)).suffix.lower()
    out: dict[int, float] = {}
    for i, r in enumerate(plan.rows):
        where = f"{file} row {i + 2}" if ext in (".csv", ".xlsx") else f"{file} rows[{i}]"
        s = r.core_share_gdp
        if s is None or math.isnan(s) or not (0 < s <= MAX_SHARE):
            raise HagueError(f"{where}, column core_share_gdp, year {r.year}: {s} is outside 0-{MAX_SHARE:g}% of GDP")
        if r.year >= first_year:
            out[r.year] = float(s)
    if not out:
        raise HagueError(f"{file}: no plan year after {first_year - 1}, the last year of data; nothing to simulate")
    return out
