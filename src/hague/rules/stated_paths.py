"""Each ally's stated core path (year -> share of GDP on NATO's basis) from its national plans: the central path
the forecasts start from. Apart from :mod:`hague.rules.national_plans` because it reads The Hague's 5% = 3.5% core
split from :mod:`hague.rules.thresholds`, which reads the rule tree that the national plans are part of.
"""

from __future__ import annotations

from datetime import date

from hague.rules.national_plans import NationalPlan, national_plans

__all__ = ["stated_core_path"]


_CONF_ORDER = {"high": 0, "medium": 1, "low": 2}
#: The Hague's 5% by 2035 = 3.5% core + 1.5% related (values from the rule tree, hague.rules.thresholds): a
#: national statement of that total is split into its core


def stated_core_path(ally: str, *, as_of: date | None = None) -> dict[int, tuple[float, NationalPlan]]:
    """The ally's stated core path: year -> (share of GDP on NATO's basis, the plan row it comes from).

    From target and path shares and from budget figures with a stated share, on NATO's basis, core only
    (``includes_related`` not ``yes``; a statement of The Hague's 5% total by 2035 counts as its 3.5% core: Canada,
    Türkiye), not superseded as of ``as_of``. A range (``2026-2030``) gives each of its
    years its lower bound; an open end (``2030+``) or no year gives no point. Where two rows give a year, the
    later publication wins, then the higher confidence. This is the central path the forecasts start from.

    >>> {y: v for y, (v, _) in stated_core_path("DEU").items()}
    {2025: 2.4, 2026: 2.8, 2027: 3.0, 2028: 3.3, 2029: 3.5}
    >>> {y: (v, p.id) for y, (v, p) in stated_core_path("CAN").items()}
    {2025: (2.0, 'core-2-2025'), 2035: (3.5, 'total-5-2035')}
    """
    best: dict[int, tuple[float, NationalPlan]] = {}

    def rank(p: NationalPlan):
        return (p.published_date or date.min, -_CONF_ORDER.get(p.confidence, 9))

    from hague.rules import thresholds as _t

    hague_total, hague_core, hague_year = _t.value(_t.TOTAL), _t.core(), _t.by()
    for p in national_plans(ally, as_of=as_of):
        if p.basis != "NATO":
            continue
        if p.includes_related:  # a core + related total: split, never dropped, where the split is The Hague's own
            if not (p.kind == "target_share" and p.unit == "pct_GDP" and p.value == hague_total
                    and p.year_from == p.year_to == hague_year):
                continue
            v = hague_core
        elif p.kind in ("target_share", "path_share") and p.unit == "pct_GDP" and p.value is not None:
            v = p.value
        elif p.kind in ("budget_law", "budget_draft") and p.stated_share_gdp is not None:
            v = p.stated_share_gdp
        else:
            continue
        if p.year_from is None or p.year_to is None:
            continue
        for y in range(p.year_from, p.year_to + 1):
            if y not in best or rank(p) > rank(best[y][1]):
                best[y] = (v, p)
    return dict(sorted(best.items()))
