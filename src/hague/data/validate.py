"""Load-time checks of the embedded data. Known outliers (``embedded/outliers.yaml``) are listed, not hidden.

Checks (each finding names dataset, ally, year, indicator and what is accepted):

``unknown_ally``
    an ally code not in the allies list (published NATO aggregate rows are accepted in secondary files).
``duplicate_key``
    two rows with the same ally, year, indicator, unit, price basis and edition.
``unit``
    a unit that does not belong to the indicator (e.g. a national-currency amount in another currency).
``categories_sum``
    personnel + equipment + infrastructure + other shares not within 100 +/- 0.1.
``categories_complete``
    an ally-year with some category shares but not all four.
``share_vs_constant_ratio``
    share of GDP vs constant-USD expenditure / constant-USD GDP, beyond 0.02 pp.
``share_vs_current_ratio``
    share of GDP vs current-USD expenditure / current-USD GDP, beyond 0.05 pp.
``nato_gdp_vs_imf_gdp``
    NATO's current-USD GDP vs IMF WEO October 2025 GDP (USD), beyond 5 %, in years the IMF reports as
    actuals (its projections are a year older than NATO's estimates and are not compared).

>>> report = validate()
>>> report.errors
[]
>>> sorted({(f.check, f.ally) for f in report.known})  # doctest: +NORMALIZE_WHITESPACE
[('categories_complete', 'NLD'), ('categories_complete', 'PRT'), ('nato_gdp_vs_imf_gdp', 'LUX'),
 ('share_vs_current_ratio', 'NLD')]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from hague.allies import all_allies
from hague.data import DEFAULT_ECONOMICS, Dataset, dataset, known_outliers
from hague.errors import DataValidationError

__all__ = ["Finding", "Report", "validate", "validate_dataset", "TOLERANCES"]

#: tolerances of the checks, with their reason
TOLERANCES = {
    "categories_sum": 0.1,  # pp of core expenditure; NATO rounds each share to 2 decimals
    "share_vs_constant_ratio": 0.02,  # pp of GDP; shares are rounded to 2 decimals, amounts to USD 1 m
    "share_vs_current_ratio": 0.05,  # pp of GDP; real and nominal ratios agree up to rounding except known outliers
    "nato_gdp_vs_imf_gdp": 0.05,  # relative; NOR differs by +3.6/+4.0 % in 2023-24 (NATO vs IMF, checked)
}

AGGREGATE_CODES = {"NATO_TOTAL": "NATO total (as published)", "NATO_EUROPE_CANADA": "NATO Europe and Canada (as published)"}
CATEGORIES = ("personnel", "equipment", "infrastructure", "other")
SHARE = "core_defence_expenditure_share_gdp"
SPEND = "core_defence_expenditure"


@dataclass(frozen=True)
class Finding:
    check: str
    dataset: str
    ally: str
    year: int | None
    message: str
    reason: str = ""  # the documented reason, for a known outlier

    def __str__(self) -> str:
        y = f" {self.year}" if self.year is not None else ""
        return f"[{self.check}] {self.dataset} {self.ally}{y}: {self.message}"


@dataclass
class Report:
    errors: list[Finding] = field(default_factory=list)
    known: list[Finding] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def raise_for_errors(self) -> None:
        if self.errors:
            lines = "; ".join(str(f) for f in self.errors[:5])
            more = f" (and {len(self.errors) - 5} more)" if len(self.errors) > 5 else ""
            raise DataValidationError(f"data validation failed: {lines}{more}", self.errors)


def _is_known(check: str, ally: str, year: int | None, ds: str | None = None) -> dict | None:
    for o in known_outliers():
        if o["check"] == check and o["ally"] == ally and (year is None or year in o["years"]):
            if "editions" in o:  # an outlier of one NATO edition only (e.g. the June 2024 workbook)
                try:
                    ed = str(dataset(ds).edition) if ds else ""
                except Exception:  # noqa: BLE001 - an unknown dataset has no edition
                    ed = ""
                if ed not in [str(e) for e in o["editions"]]:
                    continue
            return o
    return None


def _add(report: Report, check: str, ds: str, ally: str, year: int | None, msg: str) -> None:
    known = _is_known(check, ally, year, ds)
    if known:
        report.known.append(Finding(check, ds, ally, year, msg, reason=" ".join(known["reason"].split())))
    else:
        report.errors.append(Finding(check, ds, ally, year, msg))


#: national currencies an ally used in earlier NATO editions (Croatia adopted the euro on 1 January 2023,
#: Bulgaria on 1 January 2026), accepted as Table 1 units of imported older editions
LEGACY_CURRENCIES = {"HRV": ("HRK",), "BGR": ("BGN",)}


def _expected_units(indicator: str, currency: str | None, ally: str = "") -> set[str]:
    if indicator in (SPEND, "defence_expenditure"):
        national = {f"{c} million" for c in (currency, *LEGACY_CURRENCIES.get(ally, ())) if c}
        extra = {"USD billion", "USD trillion"} if indicator == "defence_expenditure" else set()
        return {"USD million"} | national | extra
    return {
        SHARE: {"percent of GDP"},
        "defence_expenditure_share_gdp": {"percent of GDP"},
        "core_defence_expenditure_real_change": {"percent"},
        "core_defence_expenditure_per_capita": {"USD"},
        "gdp": {"USD million", "USD billion", "national currency billion"},
        "gdp_per_capita": {"USD thousand"},
        "military_personnel": {"thousand"},
        "real_gdp_growth": {"percent"},
        "gdp_deflator": {"index"},
        "population": {"million"},
        "defence_expenditure_real_change": {"percent"},
        "defence_expenditure_per_capita": {"USD"},
    }.get(indicator, {f"percent of {indicator.split('|')[0].replace('_', ' ')}"} if "|" in indicator else set())


def validate_dataset(ds: Dataset, report: Report | None = None) -> Report:
    """Structural checks that apply to any long-format dataset."""
    report = report or Report()
    allies = {a.iso3: a for a in all_allies()}
    secondary = bool(ds.meta.get("secondary"))
    seen: set = set()
    for o in ds.rows:
        report.checked["rows"] += 1
        if o.ally not in allies and not (secondary and o.ally in AGGREGATE_CODES):
            _add(report, "unknown_ally", ds.id, o.ally, o.year,
                 f"unknown ally code {o.ally!r}; accepted: ISO3 codes of the 32 allies")
            continue
        key = (o.ally, o.year, o.indicator, o.unit, o.price_basis, o.edition)
        if key in seen:
            _add(report, "duplicate_key", ds.id, o.ally, o.year,
                 f"duplicate row for {o.indicator} [{o.unit}, {o.price_basis}]")
        seen.add(key)
        currency = allies[o.ally].currency if o.ally in allies else None
        expected = _expected_units(o.indicator, currency, o.ally)
        if expected and o.unit not in expected:
            _add(report, "unit", ds.id, o.ally, o.year,
                 f"{o.indicator} has unit {o.unit!r}; accepted: {', '.join(sorted(expected))}")
    return report


def _nato_checks(ds: Dataset, weo: Dataset, report: Report) -> None:
    # editions before 2026 name the series "defence_expenditure", the 2026 edition "core_defence_expenditure"
    spend = SPEND if SHARE in ds.indicators() or f"{SPEND}|equipment_share" in ds.indicators() else "defence_expenditure"
    share = f"{spend}_share_gdp"
    # the edition's price base (2021 in the 2025 and 2026 editions; an imported later edition may rebase)
    bases = sorted({o.price_basis for o in ds.rows if o.indicator == spend and o.price_basis.startswith("constant_")})
    constant = bases[-1] if bases else "constant_2021"
    for a in all_allies():
        if not a.has_armed_forces:
            continue
        for y in ds.years():
            report.checked["ally_years"] += 1
            shares = {c: ds.value(a.iso3, f"{spend}|{c}_share", y) for c in CATEGORIES}
            present = {c: v for c, v in shares.items() if v is not None}
            if present and len(present) < len(CATEGORIES):
                missing = [c for c in CATEGORIES if c not in present]
                _add(report, "categories_complete", ds.id, a.iso3, y, f"missing category shares: {', '.join(missing)}")
            elif present:
                total = sum(present.values())
                if abs(total - 100) > TOLERANCES["categories_sum"]:
                    _add(report, "categories_sum", ds.id, a.iso3, y,
                         f"category shares sum to {total:.2f}; accepted 100 +/- {TOLERANCES['categories_sum']}")
            share_v = ds.value(a.iso3, share, y)
            for basis, check in ((constant, "share_vs_constant_ratio"), ("current", "share_vs_current_ratio")):
                spend_v = ds.value(a.iso3, spend, y, unit="USD million", price_basis=basis)
                gdp = ds.value(a.iso3, "gdp", y, unit="USD million", price_basis=basis)
                if share_v is None or spend_v is None or not gdp:
                    continue
                ratio = 100 * spend_v / gdp
                if abs(ratio - share_v) > TOLERANCES[check]:
                    _add(report, check, ds.id, a.iso3, y,
                         f"share {share_v:.2f}% vs {basis} expenditure/GDP {ratio:.2f}%; "
                         f"accepted difference {TOLERANCES[check]} pp")
            gdp = ds.value(a.iso3, "gdp", y, unit="USD million", price_basis="current")
            imf_obs = weo.find(a.iso3, "gdp", y, unit="USD billion", price_basis="current")
            imf = imf_obs.value if imf_obs is not None and not imf_obs.estimate else None  # IMF actuals only
            nato_obs = ds.find(a.iso3, "gdp", y, unit="USD million", price_basis="current")
            if nato_obs is not None and nato_obs.estimate:
                continue  # NATO's own GDP estimate (e.g. 2024e in June 2024) predates the IMF's actual figure
            if gdp and imf:
                rel = gdp / (imf * 1000) - 1
                if abs(rel) > TOLERANCES["nato_gdp_vs_imf_gdp"]:
                    _add(report, "nato_gdp_vs_imf_gdp", ds.id, a.iso3, y,
                         f"NATO GDP USD {gdp / 1000:,.1f}bn is {rel:+.1%} from IMF WEO {weo.edition} "
                         f"USD {imf:,.1f}bn; accepted +/- {TOLERANCES['nato_gdp_vs_imf_gdp']:.0%}")


def validate(dataset_id: str | None = None, economics_id: str = DEFAULT_ECONOMICS) -> Report:
    """Run the checks; returns a :class:`Report` (errors and accepted known outliers).

    With no ``dataset_id``, every embedded (and imported) dataset is checked structurally and the primary NATO
    edition gets the NATO consistency checks. With a ``dataset_id``, just that dataset (plus the NATO checks when it
    carries NATO's core indicators).
    """
    from hague.data import dataset_ids

    report = Report()
    ids = [i for i in dataset_ids() if i != "allies"] if dataset_id is None else [dataset_id]
    for i in ids:
        validate_dataset(dataset(i), report)
    for i in ids:
        ds = dataset(i)
        if SHARE in ds.indicators():  # a NATO edition on the core basis
            _nato_checks(ds, dataset(economics_id), report)
    return report
