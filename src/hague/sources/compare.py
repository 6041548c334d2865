"""NATO vs SIPRI vs IMF-based shares of GDP side by side (``hague compare-sources --year 2024``).

Three figures per ally and year:

- **NATO**: the NATO edition's share of GDP (Table 3, a share of *real* GDP at 2021 prices; "core" defence
  expenditure in the 2026 edition);
- **SIPRI**: SIPRI's military expenditure as a share of GDP (the user's imported SIPRI file);
- **NATO/IMF**: NATO's current-USD expenditure divided by IMF WEO GDP in current USD, which isolates the
  effect of the GDP denominator.

The reasons for differences are documented, not guessed (NATO's and SIPRI's own notes on
definitions): SIPRI's definition includes paramilitary forces and SIPRI works on calendar years while
NATO uses fiscal years for Canada and the United Kingdom (April-March); NATO's Luxembourg GDP is about a
third below the IMF's from 2023 (another denominator, plausibly GNI, not confirmed); for the Netherlands from
2022 NATO's real-terms share exceeds the nominal ratio (different deflators).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hague.columns import table_result
from hague.data import DEFAULT_DATASET
from hague.errors import HagueError
from hague.results import Result

__all__ = ["compare_sources", "Comparison", "COLUMNS", "REASONS", "SIPRI_TOLERANCE", "compare_sources_result"]

#: NATO vs SIPRI difference within which definitions are taken to agree (cross-check of the 2024 figures)
SIPRI_TOLERANCE = 0.3
#: NATO share vs NATO spending / IMF GDP: NATO's shares are rounded to 2 decimals (2026 edition)
DENOMINATOR_TOLERANCE = 0.05

COLUMNS = [("ally", "Ally", ""), ("name", "Name", ""), ("nato", "NATO %", "percent of GDP"),
           ("sipri", "SIPRI %", "percent of GDP"), ("nato_imf", "NATO/IMF GDP %", "percent of GDP"),
           ("nato_minus_sipri", "NATO-SIPRI pp", "pp"), ("gdp_gap", "NATO GDP vs IMF %", "percent"),
           ("est", "Est.", ""), ("reason", "Documented reason for a difference", "")]

#: ally -> (years or None for all, reason, source)
REASONS = {
    "LUX": (range(2023, 2100), "NATO's GDP for Luxembourg is about a third below IMF GDP from 2023 (another "
            "denominator, plausibly GNI; not confirmed), so NATO's share is higher than spending over IMF GDP",
            "NATO 2026 edition, Luxembourg"),
    "NLD": (range(2022, 2100), "NATO's share is of real GDP (2021 prices); NATO's deflator for Dutch defence "
            "spending differs from its GDP deflator, so the real share exceeds the nominal ratio",
            "NATO 2026 edition, notes on indicators"),
    "CAN": (None, "fiscal year April-March in NATO (labelled by the calendar year holding most months); SIPRI "
            "uses calendar years", "NATO 2026 edition, fiscal years"),
    "GBR": (None, "fiscal year April-March in NATO (labelled by the calendar year holding most months); SIPRI "
            "uses calendar years", "NATO 2026 edition, fiscal years"),
    "ISL": (None, "no armed forces: NATO reports no defence expenditure (not 0%); SIPRI records zero or no data",
            "hague allies list"),
}
GENERAL = ("SIPRI includes paramilitary forces and works on calendar years; NATO's figures follow NATO's "
           "definition (the 2026 edition: 'core' defence expenditure) and its Table 3 share is of real GDP at "
           "2021 prices; NATO/IMF GDP = NATO current-USD expenditure / IMF WEO GDP (current USD).")


@dataclass
class Comparison:
    year: int
    nato: str
    sipri: str
    weo: str
    rows: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Military expenditure as a share of GDP, {self.year}: NATO vs SIPRI vs NATO spending over IMF GDP"

    @property
    def meta(self) -> dict:
        return {"year": self.year, "nato": self.nato, "sipri": self.sipri, "weo": self.weo}

    def footer(self) -> str:
        from hague.data import provenance

        srcs = "; ".join(str(provenance(i).get("attribution", i)).removeprefix("Source: ")
                         for i in (self.nato, self.sipri, self.weo))
        return " ".join([GENERAL, f"Differences beyond {SIPRI_TOLERANCE} pp (NATO-SIPRI) or "
                         f"{DENOMINATOR_TOLERANCE} pp (NATO vs NATO/IMF) are flagged with the documented reason "
                         f"where one exists. Est.: N = NATO estimate, S = SIPRI estimate, I = IMF projection.",
                         *self.notes, f"Sources: {srcs}."])


def _newest_sipri() -> str | None:
    from hague.data import dataset_ids, provenance

    ids = [i for i in dataset_ids() if provenance(i).get("family") == "sipri" or i.startswith("sipri")]
    if not ids:
        return None
    return max(ids, key=lambda i: (str(provenance(i).get("edition", "")), i))


def compare_sources(year: int, *, nato: str = DEFAULT_DATASET, sipri: str | None = None, weo: str | None = None) -> Comparison:
    """The comparison table for one year. Raises :class:`HagueError` with how to import SIPRI if none is imported."""
    from hague.allies import all_allies
    from hague.data import DEFAULT_ECONOMICS, dataset
    from hague.sources.store import primary_dataset

    nato = primary_dataset(nato, family="nato")
    sipri = primary_dataset(sipri, family="sipri") if sipri else _newest_sipri()
    if sipri is None:
        raise HagueError("compare-sources needs a SIPRI edition and none is imported (SIPRI's licence keeps its "
                         "data out of hague): run 'hague data update sipri' (finds and imports the newest workbook "
                         "from https://www.sipri.org/databases/milex), or download SIPRI-Milex-data-1949-YYYY.xlsx "
                         "from that page and run 'hague data import sipri SIPRI-Milex-data-1949-YYYY.xlsx'")
    weo = weo or DEFAULT_ECONOMICS
    n, s, w = dataset(nato), dataset(sipri), dataset(weo)
    spend = "core_defence_expenditure" if "core_defence_expenditure_share_gdp" in n.indicators() else "defence_expenditure"
    share = f"{spend}_share_gdp"
    n.check_year(year, share)
    s.check_year(year, "military_expenditure_share_gdp")
    c = Comparison(year=year, nato=nato, sipri=sipri, weo=weo)
    for a in all_allies():
        no = n.find(a.iso3, share, year)
        so = s.find(a.iso3, "military_expenditure_share_gdp", year)
        sp = n.value(a.iso3, spend, year, unit="USD million", price_basis="current")
        gdp_n = n.value(a.iso3, "gdp", year, unit="USD million", price_basis="current")
        go = w.find(a.iso3, "gdp", year, unit="USD billion", price_basis="current")
        nato_imf = 100 * sp / (go.value * 1000) if sp is not None and go is not None and go.value else None
        gap = 100 * (gdp_n / (go.value * 1000) - 1) if gdp_n and go is not None and go.value else None
        nv = no.value if no is not None and a.has_armed_forces else None
        sv = so.value if so is not None else None
        diff = nv - sv if nv is not None and sv is not None else None
        reasons = []
        years_reason = REASONS.get(a.iso3)
        flagged = (diff is not None and abs(diff) > SIPRI_TOLERANCE) or (
            nv is not None and nato_imf is not None and abs(nv - nato_imf) > DENOMINATOR_TOLERANCE)
        if years_reason and (years_reason[0] is None or year in years_reason[0]):
            if flagged or a.iso3 == "ISL":
                reasons.append(f"{years_reason[1]} [{years_reason[2]}]")
        if flagged and not reasons:
            if nv is not None and nato_imf is not None and abs(nv - nato_imf) > DENOMINATOR_TOLERANCE:
                reasons.append(f"GDP denominator: NATO's GDP is {gap:+.1f}% from IMF GDP" if gap is not None
                               else "GDP denominator")
            if diff is not None and abs(diff) > SIPRI_TOLERANCE:
                reasons.append("definitions differ (SIPRI includes paramilitary forces; calendar vs fiscal year); "
                               "no ally-specific reason documented [SIPRI and NATO definitions]")
        est = "".join(f for f, o in (("N", no), ("S", so), ("I", go)) if o is not None and o.estimate)
        c.rows.append({"ally": a.iso3, "name": a.name, "nato": nv, "sipri": sv, "nato_imf": nato_imf if nv else None,
                       "nato_minus_sipri": diff, "gdp_gap": gap, "est": est, "reason": "; ".join(reasons)})
    missing = [r["ally"] for r in c.rows if r["sipri"] is None]
    if missing:
        c.notes.append(f"SIPRI has no {year} share for {', '.join(missing)}.")
    return c


# ------------------------------------------------------------------ the Result of this model's table(s)

def compare_sources_result(year: int, *, nato: str | None = None, sipri: str | None = None,
                           weo: str | None = None) -> Result:
    """``hague compare-sources``: NATO vs SIPRI vs NATO-spending-over-IMF-GDP shares for one year."""
    from hague.data import resolve_edition

    c = compare_sources(int(year), nato=resolve_edition(nato), sipri=sipri, weo=weo)
    computed = {"nato_imf": ("NATO core defence expenditure, USD current", "IMF WEO GDP, USD current"),
                "nato_minus_sipri": ("nato", "sipri"), "gdp_gap": ("NATO GDP", "IMF WEO GDP")}
    return table_result(COLUMNS, c.rows, title=c.title, footer=c.footer(), meta=c.meta,
                        datasets=(c.nato, c.sipri, c.weo), computed=computed)
