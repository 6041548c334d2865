"""The plan template, defined once: the CLI's ``hague plan template`` and the web form's blank plan both use it."""

from __future__ import annotations

from hague.rules.plan_reader import PlanError, _year_range

__all__ = ["template", "TEMPLATE_COLUMNS"]

#: the columns of a plan template (a subset of :data:`hague.rules.plan_reader.COLUMNS`)
TEMPLATE_COLUMNS = ("ally", "year", "core_share_gdp", "related_share_gdp", "core_amount", "related_amount", "gdp")


def template(ally: str | None, plan_year: int, *, prefill: bool = True) -> str:
    """A CSV plan skeleton (columns :data:`TEMPLATE_COLUMNS`) for ``ally`` from ``plan_year`` to the deadline.

    With ``prefill`` (the CLI), two comment lines name the ally, units and source, and the first year's core
    share and core amount come from the NATO 2026 edition when it has that year. Without (the web form's blank
    plan), just the header and one empty row per year; ``ally`` None writes ``ALLY``.

    >>> print(template("DEU", 2026).splitlines()[3])
    DEU,2026,2.69,,124660.0,,
    >>> template("POL", 2034, prefill=False).splitlines()
    ['ally,year,core_share_gdp,related_share_gdp,core_amount,related_amount,gdp', 'POL,2034,,,,,', 'POL,2035,,,,,']
    """
    from hague.allies import resolve
    from hague.data import DEFAULT_DATASET, dataset

    lo, hi = _year_range()
    if not lo <= int(plan_year) <= hi:
        raise PlanError(f"plan year {plan_year} out of range; accepted: {lo}-{hi}")
    header = ",".join(TEMPLATE_COLUMNS)
    blank = "," * (len(TEMPLATE_COLUMNS) - 3)
    if not prefill:
        code = resolve(ally).iso3 if ally else "ALLY"
        return "\n".join([header] + [f"{code},{y},{blank}" for y in range(int(plan_year), hi + 1)]) + "\n"
    a = resolve(ally)
    ds = dataset(DEFAULT_DATASET)
    share = ds.value(a.iso3, "core_defence_expenditure_share_gdp", int(plan_year))
    amount = ds.value(a.iso3, "core_defence_expenditure", int(plan_year), unit=f"{a.currency} million",
                      price_basis="current") if a.currency else None
    lines = [f"# Plan template for {a.name} ({a.iso3}), {plan_year}-{hi}. Amounts in {a.currency} million, current "
             "prices. Fill every empty core_share_gdp and related_share_gdp cell; amounts and gdp are optional."]
    if share is not None:
        lines.append(f"# Pre-filled {plan_year} figures: {ds.meta.get('attribution', ds.id)} (dataset {ds.id}).")
    else:
        lines.append(f"# NATO's {ds.id} has no figure for {a.iso3} in {plan_year}: nothing is pre-filled.")
    lines.append(header)
    for y in range(int(plan_year), hi + 1):
        first = y == int(plan_year)
        core = "" if not first or share is None else f"{share:g}"
        amt = "" if not first or amount is None else f"{amount:.1f}"
        lines.append(f"{a.iso3},{y},{core},,{amt},,")
    return "\n".join(lines) + "\n"
