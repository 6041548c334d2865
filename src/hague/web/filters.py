"""Jinja filters of the pages: numbers through the shared formatter, sources as links, human labels.

``fmt`` is the shared result layer's formatter (:func:`hague.render.jinja_fmt`, i.e.
:func:`hague.render.format_value`): the same digits as the terminal, CSV and API. Templates hold no inline number
formats.
"""

from __future__ import annotations

from hague.web import services

__all__ = ["install", "page_fmt", "label", "fmt_finding"]

#: human column labels of the registry's tables (plan rows, findings, diffs)
LABELS = {
    "year": "Year", "ally": "Ally", "core_share_gdp": "Core, % of GDP", "related_share_gdp": "Related, % of GDP",
    "core_amount": "Core, national currency m", "related_amount": "Related, national currency m",
    "gdp": "GDP, national currency m", "equipment_share": "Equipment, % of core",
    "personnel_share": "Personnel, % of core", "infrastructure_share": "Infrastructure, % of core",
    "other_share": "Other, % of core", "severity": "Severity", "code": "Check", "message": "Finding",
    "field": "Field", "previous": "Previous", "current": "Now", "change": "Change",
    # the related lines by the declaration's five categories (what a submission counts toward the 1.5%)
    "related_infrastructure": "Related: critical infrastructure, % of GDP",
    "related_cyber": "Related: networks and cyber, % of GDP",
    "related_resilience": "Related: civil preparedness and resilience, % of GDP",
    "related_innovation": "Related: innovation, % of GDP",
    "related_industrial_base": "Related: defence industrial base, % of GDP",
    "related_other": "Related: other or unspecified, % of GDP",
}


def fmt_finding(value) -> str:
    """A finding's value or threshold: a year or a count as a whole number (2031, not 2,031.00), a share with 2
    decimals; empty when there is none."""
    if value is None or isinstance(value, bool):
        return ""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    if v.is_integer() and 1900 <= v <= 2100:
        return str(int(v))
    return page_fmt(v, 2, "")


def label(key: str) -> str:
    return LABELS.get(key, key.replace("_", " ").capitalize())


def page_fmt(value, column=None, decimals=None) -> str:
    """The pages' ``fmt`` filter: the shared formatter (:func:`hague.render.jinja_fmt`) with a column spec
    (``v|fmt(st.columns[key])``), a kind (``v|fmt("percent", 2)``), or just the decimals (``v|fmt(0)``;
    ``v|fmt(2, "")`` shows a missing value as empty instead of the dash)."""
    from hague.render import jinja_fmt

    if isinstance(column, int) and not isinstance(column, bool):
        if value is None and isinstance(decimals, str):
            return decimals
        return jinja_fmt(value, "number", column)
    return jinja_fmt(value, column, decimals)


def install(env) -> None:
    env.filters["fmt"] = page_fmt  # the one formatter (hague.render.format_value) for every page cell
    env.filters["label"] = label
    env.filters["fmt_finding"] = fmt_finding
    env.filters["source_links"] = services.source_links
    env.filters["plan_coverage"] = services.plan_coverage
