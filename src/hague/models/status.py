"""Where each ally stands in one year: the table behind ``hague status``.

>>> t = status_table(2026)
>>> t.year, t.estimate
(2026, True)
>>> row = t.row("DEU")
>>> row["share_gdp"], row["meets_2pct"], round(row["gap_35_pp"], 2)
(2.69, True, 0.81)
>>> t.row("ISL")["note"]
'member without armed forces: no defence expenditure reported'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hague.allies import all_allies, resolve
from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS, dataset
from hague.errors import HagueError
from hague.models.aggregates import GROUPS, aggregate, exact_share, meets, spending_family
from hague.rules import thresholds

__all__ = ["StatusTable", "status_table", "status_result", "STATUS_COLUMNS", "COLUMNS"]  # + the thresholds via __getattr__

# Thresholds come from the rule tree (hague/rules/tree/commitments), their one source; the old constant names stay
# importable: FLOOR_2014 (Wales 2014 / Vilnius 2023, 2% of GDP), EQUIPMENT_GUIDELINE (Wales 2014, 20% of core
# expenditure on major equipment), HAGUE_CORE (The Hague 2025, 3.5% of GDP by 2035).
_THRESHOLDS = {"FLOOR_2014": thresholds.FLOOR, "EQUIPMENT_GUIDELINE": thresholds.EQUIPMENT,
               "HAGUE_CORE": thresholds.CORE}


def __getattr__(name: str):
    if name in _THRESHOLDS:
        return thresholds.value(_THRESHOLDS[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

SPEND = "core_defence_expenditure"

#: column key -> (header, unit)
COLUMNS: dict[str, tuple[str, str]] = {
    "code": ("Code", ""),
    "name": ("Ally", ""),
    "share_gdp": ("% GDP", "percent of GDP (constant 2021 prices)"),
    "spend_usd_bn": ("USD bn", "USD billion, current prices and exchange rates"),
    "real_change": ("Real chg %", "percent, constant 2021 prices"),
    "equipment_share": ("Equip %", "percent of core defence expenditure"),
    "per_capita": ("Per cap USD", "USD per head, 2021 prices"),
    "meets_2pct": ("2% floor", "share >= 2.0"),
    "meets_20pct": ("20% equip", "equipment share >= 20"),
    "gap_35_pp": ("Gap 3.5 pp", "percentage points of GDP to 3.5%"),
    "gap_35_usd_bn": ("Gap 3.5 USD bn", "USD billion at the year's current-price GDP"),
    "note": ("Note", ""),
}


@dataclass
class StatusTable:
    year: int
    estimate: bool
    rows: list[dict]
    aggregates: list[dict]
    source: str
    edition: str
    attribution: str
    notes: list[str] = field(default_factory=list)

    def row(self, code: str) -> dict:
        iso3 = resolve(code).iso3
        return next(r for r in self.rows if r["code"] == iso3)

    def sorted(self, column: str, *, descending: bool | None = None) -> StatusTable:
        """A new table with the ally rows sorted by ``column`` (numbers descending, text ascending)."""
        if column not in COLUMNS:
            raise HagueError(f"unknown sort column {column!r}; accepted: {', '.join(COLUMNS)}")
        numeric = column not in ("code", "name", "note")
        desc = numeric if descending is None else descending
        present = [r for r in self.rows if r.get(column) is not None]
        absent = [r for r in self.rows if r.get(column) is None]  # e.g. Iceland: always last
        present.sort(key=lambda r: r[column], reverse=desc)
        return StatusTable(self.year, self.estimate, present + absent, self.aggregates, self.source, self.edition,
                           self.attribution, self.notes)

    def footer(self) -> str:
        est = " (estimate)" if self.estimate else ""
        return (f"{self.attribution}; dataset {self.source}, edition {self.edition}. Year {self.year}{est}. "
                "Aggregates computed by hague from the allies (NATO conventions: members from accession; "
                "Iceland adds GDP and population, no expenditure; Iceland GDP and all population from IMF WEO "
                "October 2025).")


def _gap(share: float | None, gdp_usd_m: float | None) -> tuple[float | None, float | None]:
    """Gap to 3.5% in pp and USD bn, from the unrounded share (see :func:`hague.models.aggregates.exact_share`)."""
    if share is None:
        return None, None
    core = thresholds.value(thresholds.CORE)
    pp = 0.0 if meets(share, core) else core - share
    return pp, (pp / 100 * gdp_usd_m / 1000 if gdp_usd_m else None)


def status_table(year: int | None = None, *, source: str = DEFAULT_DATASET, economics: str = DEFAULT_ECONOMICS) -> StatusTable:
    """Status of every ally against the 2% floor, the 20% guideline and 3.5% in ``year`` (default: latest)."""
    ds = dataset(source)
    year = max(ds.years()) if year is None else ds.check_year(int(year))
    spend_ind = spending_family(ds)
    floor = thresholds.value(thresholds.FLOOR)
    equip = thresholds.value(thresholds.EQUIPMENT)
    rows = []
    for a in all_allies():
        if not a.has_armed_forces:
            rows.append({"code": a.iso3, "name": a.name,
                         "note": "member without armed forces: no defence expenditure reported",
                         **{k: None for k in COLUMNS if k not in ("code", "name", "note")}})
            continue
        share = ds.value(a.iso3, f"{spend_ind}_share_gdp", year)
        spend = ds.value(a.iso3, spend_ind, year, unit="USD million", price_basis="current")
        eq = ds.value(a.iso3, f"{spend_ind}|equipment_share", year)
        gdp = ds.value(a.iso3, "gdp", year, unit="USD million", price_basis="current")
        pp, usd = _gap(None if share is None else exact_share(ds, a.iso3, year), gdp)
        if pp is not None and meets(share, thresholds.value(thresholds.CORE)):
            pp, usd = 0.0, 0.0  # NATO's published (two-decimal) share meets it
        notes = []
        if not a.is_member(year):
            notes.append(f"not yet a member (joined {a.accession_year})")
        if a.iso3 == "LUX" and year >= 2023:
            notes.append("NATO GDP basis differs from 2023")
        if a.iso3 == "NLD" and year >= 2022:
            notes.append("real-terms share above nominal ratio")
        rows.append({
            "code": a.iso3,
            "name": a.name,
            "share_gdp": share,
            "spend_usd_bn": None if spend is None else spend / 1000,
            "real_change": ds.value(a.iso3, f"{spend_ind}_real_change", year),
            "equipment_share": eq,
            "per_capita": ds.value(a.iso3, f"{spend_ind}_per_capita", year),
            "meets_2pct": meets(share, floor),
            "meets_20pct": None if eq is None else eq >= equip,
            "gap_35_pp": pp,
            "gap_35_usd_bn": usd,
            "note": "; ".join(notes),
        })
    aggs = []
    for g in GROUPS:
        ag = aggregate(g, year, source=source, economics=economics)
        pp, usd = _gap(ag["share_gdp"], ag["gdp_usd_current"])
        note = ""
        if ag["published"]:
            note = ("share as published in this edition (allies' amounts not in this copy)" if g != "USA"
                    else "the United States' row")
        elif ag["share_gdp"] is None:
            note = "not computable from this edition (allies' amounts not in this copy)"
        elif ag["missing"]:
            note = "incomplete: " + "; ".join(f"{k} missing for {', '.join(v)}" for k, v in ag["missing"].items())
        aggs.append({
            "code": g, "name": ag["name"], "share_gdp": ag["share_gdp"], "spend_usd_bn": None if ag["spend_usd_current"] is None else ag["spend_usd_current"] / 1000,
            "real_change": ag["real_change"], "equipment_share": ag["equipment_share"], "per_capita": ag["per_capita"],
            "meets_2pct": meets(ag["share_gdp"], floor),
            "meets_20pct": None if ag["equipment_share"] is None else ag["equipment_share"] >= equip,
            "gap_35_pp": pp, "gap_35_usd_bn": usd, "note": note,
        })
    return StatusTable(
        year=year,
        estimate=year in ds.estimate_years(),
        rows=rows,
        aggregates=aggs,
        source=ds.id,
        edition=ds.edition,
        attribution=str(ds.meta.get("attribution", ds.title)),
    )


def _status_columns() -> list:
    from hague.results import COMPUTED, Column

    return [
        Column("code", "Code", "", None, "text", 0, "ISO3 code of the ally, or the aggregate's code"),
        Column("name", "Ally", "", None, "text", 1, "name of the ally or aggregate"),
        Column("kind", "Kind", "", None, "text", 9, "ally or aggregate (computed by hague from the allies)"),
        Column("share_gdp", "% GDP", COLUMNS["share_gdp"][1], 2, "percent", 1,
               "core defence expenditure as a share of GDP (NATO Table 3)"),
        Column("spend_usd_bn", "USD bn", COLUMNS["spend_usd_bn"][1], 3, "money", 3,
               "core defence expenditure, USD billion (NATO Table 2 in USD million / 1000)"),
        Column("real_change", "Real chg %", COLUMNS["real_change"][1], 2, "percent", 6, "annual real change"),
        Column("equipment_share", "Equip %", COLUMNS["equipment_share"][1], 2, "percent", 4,
               "major equipment incl. R&D, share of core defence expenditure (NATO Table 8)"),
        Column("per_capita", "Per cap USD", COLUMNS["per_capita"][1], 0, "money", 7,
               "core defence expenditure per head, USD at 2021 prices"),
        Column("meets_2pct", "2% floor", COLUMNS["meets_2pct"][1], None, "bool", 5,
               "share of GDP at least 2.0 (Wales 2014, Vilnius 2023)", COMPUTED, ("share_gdp",)),
        Column("meets_20pct", "20% equip", COLUMNS["meets_20pct"][1], None, "bool", 6,
               "equipment share at least 20 (Wales 2014)", COMPUTED, ("equipment_share",)),
        Column("gap_35_pp", "Gap 3.5 pp", COLUMNS["gap_35_pp"][1], 2, "percent", 2,
               "percentage points of GDP missing to 3.5% (0 when the published share reaches it), from the "
               "unrounded share: constant 2021 USD expenditure / GDP", COMPUTED,
               ("core_defence_expenditure[USD million,constant_2021]", "gdp[USD million,constant_2021]")),
        Column("gap_35_usd_bn", "Gap 3.5 USD bn", COLUMNS["gap_35_usd_bn"][1], 2, "money", 3,
               "the gap in USD billion at the year's current-price GDP", COMPUTED,
               ("gap_35_pp", "gdp[USD million,current]")),
        Column("note", "Note", "", None, "text", 5, "notes on the row"),
    ]


#: the status columns: key, header, unit, decimals, kind, priority (see :class:`hague.results.Column`)
STATUS_COLUMNS = _status_columns()


def status_result(year: int | None = None, *, edition: str | None = None, economics: str = DEFAULT_ECONOMICS):
    """The status table as a :class:`hague.results.Result`: ally rows (``kind`` = ``ally``) then the NATO,
    Europe-and-Canada and US aggregates (``kind`` = ``aggregate``), unrounded, with column specs and provenance.

    >>> r = status_result(2026, edition="2026")
    >>> from hague.render import format_value
    >>> row = r.row(code="ALB", kind="ally")
    >>> format_value(row["spend_usd_bn"], r.column("spend_usd_bn")), format_value(row["gap_35_usd_bn"], r.column("gap_35_usd_bn"))
    ('0.722', '0.46')
    """
    import dataclasses

    from hague.data import dataset, resolve_edition
    from hague.models.aggregates import constant_basis, series_label
    from hague.results import Provenance, Result
    from hague.sources.store import primary_dataset

    source = resolve_edition(edition)
    primary_dataset(source, family="nato")  # a SIPRI or WEO edition has no NATO status: one-line error
    t = status_table(year, source=source, economics=economics)
    ds = dataset(t.source)
    base, label = constant_basis(ds).split("_")[1], series_label(ds)
    columns = [dataclasses.replace(c, unit=c.unit.replace("2021", base).replace(
        "core defence", "core defence" if label.startswith("Core") else "defence")) for c in STATUS_COLUMNS]
    allies = [{**r, "kind": "ally"} for r in t.rows]
    aggs = [{**r, "kind": "aggregate"} for r in t.aggregates]
    est = " (estimate)" if t.estimate else ""
    statement = ("Aggregates computed by hague from the allies (NATO conventions: members from accession; Iceland "
                 "adds GDP and population, no expenditure; Iceland GDP and all population from IMF WEO October "
                 "2025).")
    return Result(
        title=f"{label} of NATO allies, {t.year}{est}",
        rows=allies + aggs,
        columns=columns,
        provenance=Provenance.of(t.source, economics, statement=statement),
        notes=[f"Year {t.year}{est}."],
        sections=[("", allies), ("", aggs)],
        meta={"year": t.year, "estimate": t.estimate, "dataset": t.source, "edition": t.edition},
    )
