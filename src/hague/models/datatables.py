"""Results for the data tables: one ally's history, the allies, the datasets' provenance, the validation report.

>>> r = ally_result("POL")
>>> r.row(year=2025)["core_defence_expenditure_share_gdp"], r.column("core_defence_expenditure_share_gdp").decimals
(4.25, 2)
"""

from __future__ import annotations

from hague.results import Column, Provenance, Result

__all__ = ["ally_result", "allies_result", "sources_result", "validate_result", "bar_chart", "INDICATORS"]

#: indicator, unit ("NC" = the ally's national currency), price basis, header, decimals, kind, priority
INDICATORS = [
    ("core_defence_expenditure_share_gdp", None, None, "% GDP", 2, "percent", 1),
    ("core_defence_expenditure", "USD million", "current", "USD m cur", 0, "money", 2),
    ("core_defence_expenditure", "USD million", "constant_2021", "USD m 2021", 0, "money", 4),
    ("core_defence_expenditure", "NC", "current", "{nc} m cur", 0, "money", 3),
    ("core_defence_expenditure", "NC", "constant_2021", "{nc} m 2021", 0, "money", 6),
    ("core_defence_expenditure_real_change", None, None, "Real chg %", 2, "percent", 5),
    ("core_defence_expenditure_per_capita", None, None, "Per cap USD", 0, "money", 7),
    ("core_defence_expenditure|equipment_share", None, None, "Equip %", 2, "percent", 3),
    ("core_defence_expenditure|personnel_share", None, None, "Pers %", 2, "percent", 8),
    ("core_defence_expenditure|infrastructure_share", None, None, "Infra %", 2, "percent", 8),
    ("core_defence_expenditure|other_share", None, None, "Other %", 2, "percent", 8),
    ("gdp", "USD million", "current", "GDP USD m", 0, "money", 6),
    ("gdp", "USD million", "constant_2021", "GDP USD m 2021", 0, "money", 8),
    ("gdp_per_capita", None, None, "GDP/cap USD k", 1, "number", 7),
    ("military_personnel", None, None, "Personnel k", 1, "number", 7),
]


def ally_result(code: str, *, edition: str | None = None) -> Result:
    """One row per year of every indicator for one ally in a NATO edition (national currency only if not USD)."""
    from hague.allies import resolve
    from hague.data import dataset, resolve_edition
    from hague.models.aggregates import constant_basis, series_label, spending_family
    from hague.sources.store import primary_dataset

    a = resolve(code)
    ds = dataset(primary_dataset(resolve_edition(edition), family="nato"))
    family, con = spending_family(ds), constant_basis(ds)  # the edition's own series and price base
    cols = [Column("year", "Year", "", None, "year", 0), Column("estimate", "Est.", "", None, "text", 1,
                                                                 "e = NATO estimate")]
    specs = []
    for ind0, unit, basis0, header0, dec, kind, prio in INDICATORS:
        ind = ind0.replace("core_defence_expenditure", family)
        basis = con if basis0 == "constant_2021" else basis0
        header = header0.replace("2021", con.split("_")[1])
        if unit == "NC":
            if a.currency in (None, "USD"):
                continue
            unit = f"{a.currency} million"
        key = f"{ind0}[{unit},{basis0}]" if unit else ind0  # keys stay stable across editions
        o = next((o for o in ds.rows if o.ally == a.iso3 and o.indicator == ind and (unit is None or o.unit == unit)
                  and (basis is None or o.price_basis == basis)), None)
        unit_text = (o.unit + (f", {o.price_basis}" if o.price_basis != "n/a" else "")) if o else (unit or "")
        cols.append(Column(key, header.format(nc=a.currency or ""), unit_text, dec, kind, prio))
        specs.append((key, ind, unit, basis))
    estimates = set(ds.estimate_years())
    rows = []
    for y in ds.years():
        r: dict = {"year": y, "estimate": "e" if y in estimates else ""}
        for key, ind, unit, basis in specs:
            r[key] = ds.value(a.iso3, ind, y, unit=unit, price_basis=basis) if a.has_armed_forces else None
        rows.append(r)
    notes = ["Est. = NATO estimate."]
    if not a.has_armed_forces:
        notes.insert(0, f"{a.name} is a NATO member without armed forces: NATO reports no defence expenditure.")
    title = f"{a.name} ({a.iso3}), member since {a.accession_year}; national currency {a.currency or 'n/a'}"
    return Result(title, rows, cols, Provenance.of(ds.id), notes,
                  meta={"ally": a.iso3, "dataset": ds.id, "edition": ds.edition, "has_armed_forces": a.has_armed_forces,
                        "series": series_label(ds)})


def bar_chart(points: dict[int, float | None], *, width: int = 40, marks: tuple[float, ...] | None = None,
              unit: str = "% GDP") -> str:
    """A small horizontal bar chart for the terminal, with reference marks (e.g. 2% and 3.5%)."""
    if marks is None:  # the 2% floor and the 3.5% core, from the rule tree
        from hague.rules import thresholds as _t

        marks = (_t.value(_t.FLOOR), _t.core())
    from hague.render import format_value

    col = Column("v", "", unit, 2, "percent")
    vals = [v for v in points.values() if v is not None]
    if not vals:
        return "(no data to chart)"
    top = max(vals + list(marks)) * 1.05
    lines = []
    for y, v in points.items():
        if v is None:
            lines.append(f"{y}  {'':{width}}  —")
            continue
        n = round(v / top * width)
        bar = ["█"] * n + [" "] * (width - n)
        for m in marks:
            i = min(width - 1, round(m / top * width))
            if bar[i] == " ":
                bar[i] = "┆"
        lines.append(f"{y}  {''.join(bar)}  {format_value(v, col)}")
    legend = "  ".join(f"┆ {m:g}" for m in marks)
    return "\n".join(lines) + f"\n      {unit}; marks: {legend}"


def allies_result() -> Result:
    """The allies: ISO3, ISO2, NATO code, name, accession year, currency, armed forces."""
    from hague.allies import all_allies

    cols = [Column("iso3", "ISO3", priority=0), Column("iso2", "ISO2", priority=3),
            Column("nato_code", "NATO code", priority=4), Column("name", "Name", priority=1),
            Column("accession_year", "Joined", "", None, "year", 2),
            Column("currency", "Currency (NATO Table 1)", priority=3),
            Column("has_armed_forces", "Armed forces", "", None, "bool", 3)]
    rows = [a.to_dict() for a in all_allies()]  # the one ally dict (hague.allies.Ally.to_dict)
    return Result("NATO allies", rows, cols, Provenance.of("allies"), [])


SOURCE_KEYS = ["id", "role", "producer", "title", "edition", "published", "url", "licence", "attribution", "coverage",
               "processing"]


def sources_result() -> Result:
    """Every embedded and imported dataset with its provenance sidecar's fields."""
    from hague.data import provenance

    rows = [{k: " ".join(str(m.get(k, "")).split()) for k in SOURCE_KEYS} for m in provenance()]
    prio = {"id": 0, "role": 2, "producer": 1, "title": 3, "edition": 1, "published": 4, "url": 5}
    cols = [Column(k, k, priority=prio.get(k, 6)) for k in SOURCE_KEYS]
    return Result("Embedded datasets", rows, cols, Provenance(), [])


def validate_result() -> Result:
    """The validation report: errors, then the known outliers with their reason."""
    from hague.data.validate import validate

    rep = validate()
    cols = [Column("status", "Status", priority=0), Column("check", "Check", priority=1),
            Column("dataset", "Dataset", priority=3), Column("ally", "Ally", priority=1),
            Column("year", "Year", "", None, "year", 2), Column("message", "Finding", priority=2),
            Column("reason", "Reason (known outlier)", priority=4)]
    rows = ([{"status": "ERROR", **f.__dict__} for f in rep.errors]
            + [{"status": "known", **f.__dict__} for f in rep.known])
    notes = [f"{rep.checked['rows']} rows and {rep.checked['ally_years']} ally-years checked: {len(rep.errors)} "
             f"errors, {len(rep.known)} known outliers (listed with their reason)."]
    return Result("Data validation", rows, cols, Provenance(), notes,
                  meta={"errors": len(rep.errors), "known": len(rep.known)})
