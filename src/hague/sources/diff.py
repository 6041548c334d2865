"""What changed between two editions of a source (``hague data diff NATO-2025 NATO-2026``).

NATO revises history in every edition, so a value is only meaningful with its edition. A diff matches the
rows of two editions on ally, indicator, unit, price basis and year and gives both values, the absolute and
the relative change.

**Indicator names across the 2026 definitional change.** Up to the 2025 edition NATO published "defence
expenditure"; the July 2026 edition reports "core defence expenditure" (the 3.5 % part of the Hague
commitment) and restates the whole 2014-2026 history on that basis. hague names the series
``defence_expenditure...`` and ``core_defence_expenditure...`` accordingly and the diff maps them explicitly
(:data:`EQUIVALENTS`). Whether "core" changed the definition or only relabelled it is not established
(NATO has not said); a change between the two therefore mixes
ordinary revisions and any definitional change, and every such row says so.

>>> d = diff_editions("NATO-2025", "NATO-2026", ally="ALB", year=2023)
>>> [(r["old"], r["new"], round(r["change"], 2)) for r in d.rows]
[(1.75, 1.29, -0.46)]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hague.columns import table_result
from hague.results import Result

__all__ = ["EQUIVALENTS", "DEFINITION_NOTE", "Diff", "diff_editions", "decompose_share", "diff_result"]

_SUFFIXES = ("", "_share_gdp", "_real_change", "_per_capita", "|equipment_share", "|personnel_share",
             "|infrastructure_share", "|other_share")

#: indicator of the editions up to 2025 -> the same series in the 2026 ("core") edition
EQUIVALENTS = {f"defence_expenditure{s}": f"core_defence_expenditure{s}" for s in _SUFFIXES}

DEFINITION_NOTE = (
    "defence_expenditure (editions up to 2025) is compared with core_defence_expenditure (2026 edition): NATO "
    "renamed the series 'core defence expenditure' (the 3.5% of the Hague commitment) in July 2026 and restated "
    "2014-2026 on that basis; whether the definition changed or only the name is not established, so these "
    "changes mix revisions and any definitional change."
)


@dataclass
class Diff:
    old: str
    new: str
    old_ids: tuple[str, ...]
    new_ids: tuple[str, ...]
    rows: list[dict] = field(default_factory=list)
    only_old: int = 0
    only_new: int = 0
    notes: list[str] = field(default_factory=list)
    #: values present in both editions before the ``changed`` filter (to say "N compared, none moved")
    compared: int = 0
    unchanged: int = 0


def _decimals(v: float) -> int:
    t = repr(float(v))
    if "e" in t:
        return 17
    return len(t.split(".")[1].rstrip("0")) if "." in t else 0


def _rounding(a: float, b: float) -> float:
    """Half a unit of the last decimal of the less precise value, when one is a rounded publication (at most 3
    decimals, e.g. a copy with 0.37 against the workbook's 0.367697): the two are equal at that precision."""
    dec = min(_decimals(a), _decimals(b))
    return 0.5 * 10.0 ** -dec if dec <= 3 else 0.0


def _canonical(indicator: str) -> str:
    return EQUIVALENTS.get(indicator, indicator)


def _collect(ids: tuple[str, ...], edition: str | None) -> dict[tuple, object]:
    from hague.data import dataset

    out: dict[tuple, object] = {}
    for i in ids:
        for o in dataset(i).rows:
            if edition and o.edition != edition:
                continue
            ind = _canonical(o.indicator)
            basis = o.price_basis
            if basis.startswith("constant_") and ind.endswith(("_share_gdp", "_real_change")):
                basis = "constant"  # a percent in real terms: comparable across price bases (2015, 2021)
            key = (o.ally, ind, o.unit, basis, o.year)
            out.setdefault(key, o)  # the first dataset of an edition wins (the fuller copy is listed first)
    return out


def diff_editions(old: str, new: str, *, ally: str | None = None, indicator: str | None = None,
                  year: int | None = None, include_unmatched: bool = False, changed: bool = False) -> Diff:
    """Rows of ``old`` and ``new`` (dataset ids or edition names such as ``NATO-2025``) side by side.

    Each row: ally, year, indicator (the new edition's name), indicator_old, unit, price_basis, old, new,
    change (new - old), change_pct (relative, percent of old), estimate_old, estimate_new, edition_old,
    edition_new, note. With ``include_unmatched`` rows present in only one edition are listed with the other
    value empty. With ``changed`` only values that moved are listed (``compared`` and ``unchanged`` count
    the rest; a value equal at the precision of the less precise copy, e.g. 0.37 and 0.367697, has not moved), and each share-of-GDP row is decomposed (:func:`decompose_share`) into the part due to the
    spending revision, the part due to the GDP revision and what neither explains.

    A year outside both editions is an error (:class:`~hague.errors.HagueError`), not an empty diff.
    """
    from hague.allies import resolve
    from hague.errors import UnknownIndicatorError
    from hague.sources.store import resolve_edition

    old_ids, old_ed = resolve_edition(old)
    new_ids, new_ed = resolve_edition(new)
    a = _collect(old_ids, old_ed)
    b = _collect(new_ids, new_ed)
    code = resolve(ally).iso3 if ally else None
    want = _canonical(indicator) if indicator else None
    if want and not any(k[1] == want for k in (*a, *b)):
        names = sorted({o.indicator for o in (*a.values(), *b.values())})
        raise UnknownIndicatorError(f"indicator {indicator!r} is in neither {old} nor {new}; available: "
                                    f"{', '.join(names)}")
    if year is not None:
        ya, yb = sorted({k[4] for k in a}), sorted({k[4] for k in b})
        if year not in ya and year not in yb:
            from hague.errors import HagueError

            raise HagueError(f"year {year} is in neither {old} ({ya[0]}-{ya[-1]}) nor {new} ({yb[0]}-{yb[-1]}); "
                             f"accepted: a year in either edition")
    d = Diff(old=old, new=new, old_ids=old_ids, new_ids=new_ids)
    keys = sorted(set(a) | set(b), key=lambda k: (k[0], k[1], k[2], k[3], k[4]))
    mapped = False
    for k in keys:
        if code and k[0] != code or want and k[1] != want or year is not None and k[4] != year:
            continue
        oa, ob = a.get(k), b.get(k)
        if oa is None or ob is None:
            if oa is None:
                d.only_new += 1
            else:
                d.only_old += 1
            if not include_unmatched:
                continue
        note = ""
        if oa is not None and ob is not None and oa.indicator != ob.indicator:
            note = f"{oa.indicator} -> {ob.indicator}"
            mapped = True
        change = ob.value - oa.value if oa is not None and ob is not None else None
        if change is not None:
            d.compared += 1
            if abs(change) <= max(1e-9 * max(1.0, abs(oa.value)), _rounding(oa.value, ob.value)):
                d.unchanged += 1
                if changed:
                    continue
        pct = 100 * change / abs(oa.value) if change is not None and oa.value else None
        d.rows.append({
            "ally": k[0], "year": k[4], "indicator": (ob or oa).indicator,
            "indicator_old": oa.indicator if oa is not None else None, "unit": k[2], "price_basis": k[3],
            "old": oa.value if oa is not None else None, "new": ob.value if ob is not None else None,
            "change": change, "change_pct": pct,
            "estimate_old": oa.estimate if oa is not None else None,
            "estimate_new": ob.estimate if ob is not None else None,
            "edition_old": oa.edition if oa is not None else None,
            "edition_new": ob.edition if ob is not None else None, "note": note,
        })
    if changed:
        for r in d.rows:
            if r["indicator"].endswith("_share_gdp") and r["change"] is not None:
                parts = decompose_share(a, b, r["ally"], r["year"], r["indicator"], r["old"], r["new"])
                if parts["from_spending"] is not None:  # at the shares' published precision, adding up exactly
                    r["change"] = round(r["change"], PARTS_DECIMALS)
                    fs, fg = round(parts["from_spending"], PARTS_DECIMALS), round(parts["from_gdp"], PARTS_DECIMALS)
                    parts = {"from_spending": fs, "from_gdp": fg,
                             "other": round(r["change"] - fs - fg, PARTS_DECIMALS) + 0.0}
                r.update(parts)
        d.notes.append("share changes decomposed on current-USD values of both editions: from_spending = "
                       "100 x (spending_new - spending_old) / GDP_old; from_gdp = 100 x spending_new / GDP_new - "
                       "100 x spending_new / GDP_old; other = the rest (the published share is of real GDP, "
                       f"and rounding); all three at {PARTS_DECIMALS} decimals (the shares' published precision), "
                       "other taken at that precision, so that the parts add up to the change as shown")
    if mapped:
        d.notes.append(DEFINITION_NOTE)
    if d.only_old or d.only_new:
        d.notes.append(f"{d.only_old} value(s) only in {old} and {d.only_new} only in {new} "
                       f"(not shown; --all lists them)" if not include_unmatched else
                       f"{d.only_old} value(s) only in {old} and {d.only_new} only in {new}")
    return d


#: decimals of a share change and its parts in ``diff_editions(changed=True)`` (NATO publishes shares to 0.01)
PARTS_DECIMALS = 2


def decompose_share(a: dict, b: dict, ally: str, year: int, indicator: str, old: float, new: float) -> dict:
    """Split a revision of a share of GDP into the spending revision and the GDP revision.

    With spending E and GDP G in current US dollars from each edition (Tables 2 and 5):
    ``from_spending = 100 (E_new - E_old) / G_old`` and ``from_gdp = 100 E_new / G_new - 100 E_new / G_old``;
    they add up to the change of the current-price ratio, and ``other`` is what remains of the published
    change (NATO's share is of real GDP, and rounding). All three are None when a value is missing.
    """
    spend = _canonical(indicator[: -len("_share_gdp")])
    ea, eb = a.get((ally, spend, "USD million", "current", year)), b.get((ally, spend, "USD million", "current", year))
    ga, gb = a.get((ally, "gdp", "USD million", "current", year)), b.get((ally, "gdp", "USD million", "current", year))
    if None in (ea, eb, ga, gb) or not ga.value or not gb.value:
        return {"from_spending": None, "from_gdp": None, "other": None}
    fs = 100 * (eb.value - ea.value) / ga.value
    fg = 100 * eb.value / gb.value - 100 * eb.value / ga.value
    return {"from_spending": fs, "from_gdp": fg, "other": (new - old) - fs - fg}


# ------------------------------------------------------------------ the Result of this model's table(s)

def diff_result(old: str, new: str, *, ally: str | None = None, indicator: str | None = None,
                year: int | None = None, include_unmatched: bool = False, changed: bool = False,
                data_columns: bool = True, diff=None) -> Result:
    """``hague data diff OLD NEW`` as a Result: what changed between two editions (``changed``: with the split
    into spending and GDP revisions; ``data_columns``: add price basis and the editions' ids, as in files)."""

    d = diff or diff_editions(old, new, ally=ally, indicator=indicator, year=year,
                              include_unmatched=include_unmatched, changed=changed)
    for r in d.rows:
        flags = (r["estimate_old"], r["estimate_new"])
        r["est"] = "/".join("e" if x else ("-" if x is None else "") for x in flags) if any(flags) or None in flags else ""
    cols = [("ally", "Ally", ""), ("year", "Year", ""), ("indicator", "Indicator", ""), ("unit", "Unit", ""),
            ("old", old, ""), ("new", new, ""), ("change", "Change", ""), ("change_pct", "Change %", ""),
            ("est", "Est. old/new", "")]
    if changed:
        cols += [("from_spending", "From spending pp", "percentage points of GDP"),
                 ("from_gdp", "From GDP pp", "percentage points of GDP"), ("other", "Other pp", "percentage points")]
    if data_columns:
        cols += [("price_basis", "price_basis", ""), ("indicator_old", "indicator_old", ""),
                 ("edition_old", "edition_old", ""), ("edition_new", "edition_new", "")]
    footer = (f"{old} = {', '.join(d.old_ids)}; {new} = {', '.join(d.new_ids)}. Change = new - old; "
              f"Change % relative to old. e = estimate in that edition. " + " ".join(d.notes))
    computed = {"change": ("new", "old"), "change_pct": ("change", "old"),
                "from_spending": ("spending in both editions", "GDP"), "from_gdp": ("GDP in both editions",),
                "other": ("change", "from_spending", "from_gdp")}
    return table_result(cols, d.rows, title=f"Revisions {old} -> {new}", footer=footer,
                        meta={"old": list(d.old_ids), "new": list(d.new_ids), "notes": d.notes},
                        datasets=tuple(d.old_ids) + tuple(d.new_ids), computed=computed)
