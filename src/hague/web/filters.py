"""Jinja filters of the pages: numbers through the shared formatter, sources as links, human labels.

``fmt`` formats a number with the decimals of its column (the shared result layer's formatter,
:func:`hague.render.format_value`, once it is installed; until then the same rules: thousands separators, no
``-0.00``, an em dash for a missing value). Templates hold no inline number formats.
"""

from __future__ import annotations

import math

from hague.web import services

__all__ = ["install", "fmt", "label"]

#: human column labels of the registry's tables (plan rows, findings, diffs)
LABELS = {
    "year": "Year", "ally": "Ally", "core_share_gdp": "Core, % of GDP", "related_share_gdp": "Related, % of GDP",
    "core_amount": "Core, national currency m", "related_amount": "Related, national currency m",
    "gdp": "GDP, national currency m", "equipment_share": "Equipment, % of core",
    "personnel_share": "Personnel, % of core", "infrastructure_share": "Infrastructure, % of core",
    "other_share": "Other, % of core", "severity": "Severity", "code": "Check", "message": "Finding",
    "field": "Field", "previous": "Previous", "current": "Now", "change": "Change",
}


def fmt(value, decimals: int = 2, missing: str = "—") -> str:
    """``1234.5|fmt(1)`` -> ``1,234.5``; None or NaN -> ``—``; never ``-0.00``."""
    if value is None or isinstance(value, bool):
        return missing if value is None else str(value)
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(v):
        return missing
    out = f"{v:,.{decimals}f}"
    if out.lstrip("-").strip("0.,") == "":
        out = out.lstrip("-")
    return out


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
    return fmt(v, 2, "")


def label(key: str) -> str:
    return LABELS.get(key, key.replace("_", " ").capitalize())


def install(env) -> None:
    try:  # the shared formatter of the result layer, when present
        from hague.render import jinja_filters  # type: ignore[attr-defined]

        env.filters.update(jinja_filters())
    except ImportError:
        pass
    env.filters.setdefault("fmt", fmt)
    env.filters["label"] = label
    env.filters["fmt_finding"] = fmt_finding
    env.filters["source_links"] = services.source_links
    env.filters["plan_coverage"] = services.plan_coverage
