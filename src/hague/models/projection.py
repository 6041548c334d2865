"""Deterministic spending paths: year by year, the budget an ally needs to reach a share of GDP by a deadline.

Rules (also in docs/economics.md):

- History (2014 to the last year of the NATO edition, 2026) is NATO's: share of GDP (Table 3), budget in
  national currency (Table 1), current and constant 2021 USD (Table 2).
- The path starts from the share of the last data year ``y0`` and reaches ``target`` in year ``by``:
  ``share(y) = s0 + (target - s0) * f((y - y0) / (by - y0))`` with ``f(x) = x`` (``linear``), ``sqrt(x)``
  (``front``: most of the rise early) or ``x**2`` (``back``: most of it late). After ``by`` the share stays at
  ``target``. An ally already at or above the target keeps its ``y0`` share (the pledge is a floor).
- ``plan``: the shares a user gives for some years (CSV ``year,share_gdp``), joined by straight lines from
  ``(y0, s0)``; after the last plan year the last plan share is held.
- Budget in constant 2021 USD = share x GDP in constant 2021 USD (NATO's share basis, Table 3); national
  currency and current USD follow by :func:`hague.economics.convert` (deflator and exchange rate of the year).
- Baseline: the share frozen at its ``y0`` level. Extra = path - baseline; cumulative extra sums the years
  ``y0+1 .. by`` (current-price sums add nominal amounts of different years, as budgets do).
- Related spending (``related=True``): up to 1.5% of GDP counted as defence- and security-related. NATO
  publishes no series for it, so there is no baseline: the line rises with the same shape from 0 in ``y0``
  to ``related_target`` in ``by`` and shows gross amounts, not extra.

>>> p = path("DEU", target=3.5, by=2035)
>>> r = p.year(2026)
>>> r["kind"], r["share_gdp"], r["budget_nc"]  # NATO 2026e, Germany: 2.69 %, EUR 124,660 m
('history', 2.69, 124660.0)
>>> round(p.year(2035)["share_gdp"], 2)
3.5
>>> round(p.cumulative_extra_usd_2021 / 1000)  # USD bn, constant 2021, 2027-2035
191
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path as _FsPath

from hague.allies import all_allies, resolve
from hague.columns import table_result, with_kind
from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS, dataset
from hague.economics.gdp import HORIZON, gdp_path
from hague.errors import HagueError, YearOutOfRangeError
from hague.results import Result

__all__ = ["SHAPES", "SpendingPath", "path", "path_all", "AlliancePaths", "read_plan", "share_path", "COLUMNS", "RELATED_COLUMNS", "path_result", "path_all_result"]

SHAPES = ("linear", "front", "back", "plan")
SPEND = "core_defence_expenditure"

#: key -> (header, unit) for tables and exports
COLUMNS = {
    "year": ("Year", ""),
    "kind": ("Kind", ""),
    "share_gdp": ("% GDP", "percent of GDP"),
    "budget_nc": ("Budget NC m", "national currency million, current"),
    "budget_usd": ("Budget USD m", "USD million, current"),
    "budget_usd_2021": ("Budget USD m 2021", "USD million, constant 2021"),
    "baseline_usd_2021": ("Baseline USD m 2021", "USD million, constant 2021"),
    "extra_nc": ("Extra NC m", "national currency million, current"),
    "extra_usd": ("Extra USD m", "USD million, current"),
    "extra_usd_2021": ("Extra USD m 2021", "USD million, constant 2021"),
    "cum_extra_usd_2021": ("Cum. extra USD m 2021", "USD million, constant 2021"),
    "gdp_usd_2021": ("GDP USD m 2021", "USD million, constant 2021"),
}
RELATED_COLUMNS = {
    "related_share_gdp": ("Related % GDP", "percent of GDP"),
    "related_usd": ("Related USD m", "USD million, current"),
    "related_usd_2021": ("Related USD m 2021", "USD million, constant 2021"),
}


def _shape_fraction(shape: str, x: float) -> float:
    if shape == "linear":
        return x
    if shape == "front":
        return math.sqrt(x)
    if shape == "back":
        return x * x
    raise HagueError(f"unknown shape {shape!r}; accepted: {', '.join(SHAPES)}")


def read_plan(file: str | _FsPath, *, first_year: int, last_year: int = HORIZON,
              ally: str | None = None) -> dict[int, float]:
    """Read a plan: the format ``hague plan assess`` reads (CSV/XLSX/YAML with ``core_share_gdp``; the same file
    works for ``path --plan``, ``simulate --plan`` and ``plan assess``), or the older CSV ``year,share_gdp``
    (percent of GDP). Errors name the file, row and column.

    Years must lie in ``first_year..last_year``, shares in (0, 100); a year may appear once.
    """
    p = _FsPath(file)
    if _is_assess_format(p):
        from hague.models.montecarlo.planfile import read_plan_shares

        if ally is None:
            from hague.rules.plans import read_plan as _read

            ally = _read(str(p)).ally
        return {y: v for y, v in read_plan_shares(p, first_year=first_year, ally=ally).items() if y <= last_year}
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise HagueError(f"cannot read plan file {p}: {exc.strerror}") from None
    rows = list(csv.reader(line for line in text.splitlines() if line.strip() and not line.startswith("#")))
    if not rows or [c.strip() for c in rows[0]][:2] != ["year", "share_gdp"]:
        raise HagueError(f"{p} row 1: expected the header 'year,share_gdp' (share in percent of GDP)")
    out: dict[int, float] = {}
    for i, r in enumerate(rows[1:], start=2):
        if len(r) < 2:
            raise HagueError(f"{p} row {i}: expected 2 fields year,share_gdp, got {len(r)}")
        try:
            y = int(r[0])
        except ValueError:
            raise HagueError(f"{p} row {i}, column 'year': {r[0]!r} is not a year") from None
        try:
            s = float(r[1])
        except ValueError:
            raise HagueError(f"{p} row {i}, column 'share_gdp': {r[1]!r} is not a number (percent of GDP)") from None
        if not first_year <= y <= last_year:
            raise YearOutOfRangeError(
                f"{p} row {i}, column 'year': {y} is outside {first_year}-{last_year} (plans start after the last "
                "year of data)")
        if not (0 < s < 100) or math.isnan(s):
            raise HagueError(f"{p} row {i}, column 'share_gdp': {s} is not a share of GDP in (0, 100)")
        if y in out:
            raise HagueError(f"{p} row {i}, column 'year': {y} appears twice")
        out[y] = s
    if not out:
        raise HagueError(f"{p}: no plan rows after the header")
    return out


def _is_assess_format(p: _FsPath) -> bool:
    """True for a plan in the ``plan assess`` format (XLSX, YAML, or a CSV whose header names core_share_gdp)."""
    if p.suffix.lower() in (".xlsx", ".yaml", ".yml"):
        return True
    try:
        with p.open(encoding="utf-8-sig") as fh:
            for line in fh:
                if line.strip() and not line.startswith("#"):
                    return "core_share_gdp" in line
    except (OSError, UnicodeDecodeError):
        return False
    return False


def share_path(s0: float, y0: int, *, target: float, by: int, shape: str = "linear",
               plan: dict[int, float] | None = None, last: int = HORIZON) -> dict[int, float]:
    """Share of GDP per projection year ``y0+1 .. last`` (see the module rules).

    >>> share_path(2.0, 2026, target=3.5, by=2029)
    {2027: 2.5, 2028: 3.0, 2029: 3.5, 2030: 3.5, 2031: 3.5, 2032: 3.5, 2033: 3.5, 2034: 3.5, 2035: 3.5}
    """
    out: dict[int, float] = {}
    if shape == "plan":
        if not plan:
            raise HagueError("shape 'plan' needs a plan (a CSV file with columns year,share_gdp)")
        pts = [(y0, s0)] + sorted(plan.items())
        for y in range(y0 + 1, last + 1):
            if y >= pts[-1][0]:
                out[y] = pts[-1][1]
                continue
            for (ya, sa), (yb, sb) in zip(pts, pts[1:], strict=False):
                if ya <= y <= yb:
                    out[y] = sa + (sb - sa) * (y - ya) / (yb - ya)
                    break
        return out
    if shape not in SHAPES:
        raise HagueError(f"unknown shape {shape!r}; accepted: {', '.join(SHAPES)}")
    for y in range(y0 + 1, last + 1):
        if s0 >= target:
            out[y] = s0
        elif y >= by:
            out[y] = target
        else:
            out[y] = s0 + (target - s0) * _shape_fraction(shape, (y - y0) / (by - y0))
    return out


@dataclass
class SpendingPath:
    """One ally's path: ``rows`` (one dict per year, keys in :data:`COLUMNS`), the settings, and sums."""

    ally: str
    name: str
    currency: str
    target: float
    by: int
    shape: str
    last_data_year: int
    rows: list[dict] = field(default_factory=list)
    related: bool = False
    source: str = DEFAULT_DATASET
    economics: str = DEFAULT_ECONOMICS

    def year(self, y: int) -> dict:
        for r in self.rows:
            if r["year"] == y:
                return r
        raise YearOutOfRangeError(f"year {y} is outside the path of {self.ally} ({self.rows[0]['year']}-{self.rows[-1]['year']})")

    def _cum(self, key: str) -> float:
        return sum(r[key] for r in self.rows if self.last_data_year < r["year"] <= self.by)

    @property
    def cumulative_extra_usd_2021(self) -> float:
        """Extra spending over the frozen-share baseline, ``y0+1 .. by``, USD million at constant 2021 prices."""
        return self._cum("extra_usd_2021")

    @property
    def cumulative_extra_nc(self) -> float:
        """The same in national currency million, current prices (nominal sum)."""
        return self._cum("extra_nc")

    @property
    def cumulative_extra_usd(self) -> float:
        return self._cum("extra_usd")

    def footer(self) -> str:
        nato, weo = dataset(self.source), dataset(self.economics)
        return (f"History: {nato.title} (edition {nato.edition}); GDP projections: {weo.title} "
                f"(edition {weo.edition}), extended to {HORIZON} by the rule in docs/economics.md. "
                f"Baseline: share frozen at {self.last_data_year}. Years after {self.last_data_year} are projections.")

    def frame(self):
        import pandas as pd

        return pd.DataFrame(self.rows).set_index("year")

    def result(self):
        """This path as a :class:`hague.results.Result` (what ``hague path ALLY`` shows)."""

        return path_result(self.ally, path=self)


def path(ally: str, *, target: float | None = None, by: int | None = None, shape: str = "linear",
         plan: dict[int, float] | str | _FsPath | None = None, related: bool = False, related_target: float | None = None,
         source: str = DEFAULT_DATASET, economics: str = DEFAULT_ECONOMICS) -> SpendingPath:
    """The year-by-year budget path of one ally to ``target`` percent of GDP by ``by``.

    ``plan`` is a mapping year -> share or a CSV path (implies ``shape="plan"``).

    >>> p = path("POL", target=5.0, by=2030)
    >>> p.year(2026)["share_gdp"], round(p.year(2030)["share_gdp"], 2)
    (4.68, 5.0)
    """
    from hague.rules import thresholds as _t  # 3.5 / 2035 / 1.5 by default, from the rule tree

    target, by, related_target = _t.core(target), _t.by(by), _t.related(related_target)
    a = resolve(ally)
    if not a.has_armed_forces:
        raise HagueError(f"{a.name} ({a.iso3}) has no armed forces and no defence budget; no spending path")
    if not (0 < target < 100) or math.isnan(target):
        raise HagueError(f"target {target} is not a share of GDP in (0, 100)")
    if related and not 0 <= related_target < 100:  # also refuses NaN
        raise HagueError(f"related target {related_target} is not a share of GDP in [0, 100)")
    nato = dataset(source)
    g = gdp_path(a.iso3, economics=economics, source=source)
    y0 = g.last_data_year
    if not (y0 < by <= HORIZON):
        raise YearOutOfRangeError(
            f"target year {by} must come after the last year of data ({y0}, {source}) and not after {HORIZON}")
    if plan is not None:
        shape = "plan"
        if not isinstance(plan, dict):
            plan = read_plan(plan, first_year=y0 + 1, ally=a.iso3)
    cur = g.currency
    nc_unit = f"{cur} million"
    rows: list[dict] = []
    for y in range(2014, y0 + 1):
        sh = nato.value(a.iso3, f"{SPEND}_share_gdp", y)
        usd = nato.value(a.iso3, SPEND, y, unit="USD million", price_basis="current")
        usd21 = nato.value(a.iso3, SPEND, y, unit="USD million", price_basis="constant_2021")
        nc = usd if cur == "USD" else nato.value(a.iso3, SPEND, y, unit=nc_unit, price_basis="current")
        rows.append({"year": y, "kind": "history", "share_gdp": sh, "budget_nc": nc, "budget_usd": usd,
                     "budget_usd_2021": usd21, "baseline_usd_2021": None, "extra_nc": None, "extra_usd": None,
                     "extra_usd_2021": None, "cum_extra_usd_2021": None, "gdp_usd_2021": g.gdp_usd_2021[y]})
    s0 = rows[-1]["share_gdp"]
    if s0 is None:
        raise HagueError(f"{source} has no share of GDP for {a.iso3} in {y0}; cannot start a path")
    shares = share_path(s0, y0, target=target, by=by, shape=shape, plan=plan)
    rel = share_path(0.0, y0, target=related_target, by=by, shape="linear" if shape == "plan" else shape) if related else {}
    cum = 0.0
    for y in range(y0 + 1, HORIZON + 1):
        s = shares[y]
        gdp21 = g.gdp_usd_2021[y]
        b21 = s / 100 * gdp21
        base21 = s0 / 100 * gdp21
        to_nc = g.xr_2021 * g.defence_deflator[y]  # constant 2021 USD -> national currency, current prices
        b_nc, base_nc = b21 * to_nc, base21 * to_nc
        extra21 = b21 - base21
        if y <= by:
            cum += extra21
        row = {"year": y, "kind": "projection", "share_gdp": s, "budget_nc": b_nc, "budget_usd": b_nc / g.xr[y],
               "budget_usd_2021": b21, "baseline_usd_2021": base21, "extra_nc": b_nc - base_nc,
               "extra_usd": (b_nc - base_nc) / g.xr[y], "extra_usd_2021": extra21, "cum_extra_usd_2021": cum,
               "gdp_usd_2021": gdp21}
        rows.append(row)
    if related:
        for r in rows:
            y = r["year"]
            if y <= y0:
                r.update({"related_share_gdp": None, "related_usd": None, "related_usd_2021": None})
            else:
                r21 = rel[y] / 100 * g.gdp_usd_2021[y]
                r.update({"related_share_gdp": rel[y], "related_usd_2021": r21,
                          "related_usd": r21 * g.xr_2021 * g.defence_deflator[y] / g.xr[y]})
    return SpendingPath(ally=a.iso3, name=a.name, currency=cur, target=target, by=by, shape=shape,
                        last_data_year=y0, rows=rows, related=related, source=source, economics=economics)


@dataclass
class AlliancePaths:
    """Every ally's path plus alliance totals per year: ``totals[group][year]`` for ``EUCA``, ``USA``, ``NATO``."""

    paths: dict[str, SpendingPath]
    totals: dict[str, dict[int, dict]]
    target: float
    by: int
    shape: str

    def summary_rows(self) -> list[dict]:
        """One row per ally at the deadline year, then each group per year."""
        out = []
        for iso, p in self.paths.items():
            r = p.year(self.by)
            out.append({"code": iso, "name": p.name, "year": self.by, "share_gdp": r["share_gdp"],
                        "budget_usd": r["budget_usd"], "budget_usd_2021": r["budget_usd_2021"],
                        "extra_usd_2021": r["extra_usd_2021"], "cum_extra_usd_2021": p.cumulative_extra_usd_2021})
        return out

    def total_rows(self) -> list[dict]:
        return [dict(t) for g in ("EUCA", "USA", "NATO") for t in self.totals[g].values()]

    def result(self):
        """Allies at the deadline then the alliance totals as a :class:`hague.results.Result` (``path --all``)."""

        return path_all_result(paths=self)


_GROUP_NAMES = {"EUCA": "Europe and Canada", "USA": "United States", "NATO": "NATO total"}


def path_all(*, target: float | None = None, by: int | None = None, shape: str = "linear", related: bool = False,
             source: str = DEFAULT_DATASET, economics: str = DEFAULT_ECONOMICS) -> AlliancePaths:
    """Paths for every ally with armed forces, and totals for Europe and Canada, the United States and NATO.

    Group shares are ratios of sums in constant 2021 USD; group GDP includes Iceland (NATO's convention) and
    counts allies from their accession year.

    >>> ap = path_all(target=3.5, by=2035)
    >>> round(ap.totals["NATO"][2035]["share_gdp"], 2)  # above 3.5: allies already above keep their share
    3.52
    """
    from hague.models.aggregates import group_members
    from hague.rules import thresholds as _t

    target, by = _t.core(target), _t.by(by)
    paths = {a.iso3: path(a.iso3, target=target, by=by, shape=shape, related=related, source=source,
                          economics=economics) for a in all_allies() if a.has_armed_forces}
    y0 = next(iter(paths.values())).last_data_year
    isl = gdp_path("ISL", economics=economics, source=source)
    totals: dict[str, dict[int, dict]] = {}
    for grp in ("EUCA", "USA", "NATO"):
        totals[grp] = {}
        cum = 0.0
        for y in range(2014, HORIZON + 1):
            ms = group_members(grp, min(y, y0))
            b = b21 = extra21 = gdp21 = 0.0
            for m in ms:
                if not m.has_armed_forces:
                    gdp21 += isl.gdp_usd_2021.get(y, 0.0)
                    continue
                r = paths[m.iso3].year(y)
                b += r["budget_usd"]
                b21 += r["budget_usd_2021"]
                gdp21 += r["gdp_usd_2021"]
                extra21 += r["extra_usd_2021"] or 0.0
            if y0 < y <= by:
                cum += extra21
            totals[grp][y] = {"code": grp, "name": _GROUP_NAMES[grp], "year": y,
                              "share_gdp": 100 * b21 / gdp21, "budget_usd": b, "budget_usd_2021": b21,
                              "extra_usd_2021": extra21 if y > y0 else None,
                              "cum_extra_usd_2021": cum if y > y0 else None}
    return AlliancePaths(paths=paths, totals=totals, target=target, by=by, shape=shape)


# ------------------------------------------------------------------ the Result of this model's table(s)

_PATH_COMPUTED = {
    "share_gdp": ("NATO share of GDP (history)", "target", "shape (projection)"),
    "budget_nc": ("share_gdp", "gdp[national currency, current]"),
    "budget_usd": ("share_gdp", "gdp[USD million, current]"),
    "budget_usd_2021": ("share_gdp", "gdp[USD million, constant]"),
    "baseline_usd_2021": ("share_gdp[last data year]", "gdp[USD million, constant]"),
    "extra_nc": ("budget_nc", "baseline"), "extra_usd": ("budget_usd", "baseline"),
    "extra_usd_2021": ("budget_usd_2021", "baseline_usd_2021"),
    "cum_extra_usd_2021": ("extra_usd_2021",),
}


_PATH_NOTE = ("Years up to the edition's last year copy NATO's figures; later years are computed by hague from "
              "the IMF WEO GDP projection and the path shape.")


def path_result(ally: str, *, target: float | None = None, by: int | None = None, shape: str = "linear", plan=None,
                related: bool = False, related_target: float | None = None, edition: str | None = None,
                economics: str = DEFAULT_ECONOMICS, path=None) -> Result:
    """``hague path ALLY`` as a Result (one row per year); ``path`` reuses an already computed SpendingPath.

    >>> r = path_result("DEU")
    >>> round(r.row(year=2035)["budget_usd_2021"]), r.column("budget_usd_2021").origin  # USD million, 2021 prices
    (169465, 'computed by hague')
    """
    from hague.data import resolve_edition
    from hague.models.projection import path as _path

    p = path or _path(ally, target=target, by=by, shape=shape, plan=plan, related=related,
                      related_target=related_target, source=resolve_edition(edition), economics=economics)
    spec = dict(COLUMNS)
    if p.related:
        spec.update(RELATED_COLUMNS)
    cols = [(k, h.replace("NC", p.currency), u.replace("national currency", p.currency)) for k, (h, u) in spec.items()]
    title = (f"{p.name}: path to {p.target}% of GDP by {p.by} ({p.shape}); cumulative extra "
             f"{p.last_data_year + 1}-{p.by}: USD {p.cumulative_extra_usd_2021 / 1000:,.1f} bn at 2021 prices, "
             f"{p.currency} {p.cumulative_extra_nc / 1000:,.1f} bn nominal")
    meta = {"ally": p.ally, "target": p.target, "by": p.by, "shape": p.shape, "dataset": p.source,
            "economics": p.economics, "cumulative_extra_usd_2021": p.cumulative_extra_usd_2021,
            "cumulative_extra_nc": p.cumulative_extra_nc, "currency": p.currency}
    computed = {k: v for k, v in _PATH_COMPUTED.items() if k in spec}
    computed.update({k: ("related_target", "gdp") for k in spec if k.startswith("related")})
    return table_result(cols, p.rows, title=title, footer=p.footer(), meta=meta, datasets=(p.source, p.economics),
                        computed=computed)


def path_all_result(*, target: float | None = None, by: int | None = None, shape: str = "linear", related: bool = False,
                    edition: str | None = None, economics: str = DEFAULT_ECONOMICS, paths=None) -> Result:
    """``hague path --all`` as a Result: every ally at the deadline, then the alliance totals per year;
    ``paths`` reuses an already computed AlliancePaths."""
    from hague.data import resolve_edition

    source = resolve_edition(edition)
    ap = paths or path_all(target=target, by=by, shape=shape, related=related, source=source, economics=economics)
    cols = [("code", "Code", ""), ("name", "Name", ""), ("year", "Year", ""),
            ("share_gdp", "% GDP", "percent of GDP"), ("budget_usd", "Budget USD m", "USD million, current"),
            ("budget_usd_2021", "Budget USD m 2021", "USD million, constant 2021"),
            ("extra_usd_2021", "Extra USD m 2021", "USD million, constant 2021"),
            ("cum_extra_usd_2021", "Cum. extra USD m 2021", "USD million, constant 2021")]
    any_path = next(iter(ap.paths.values()))
    title = f"Paths to {ap.target}% of GDP by {ap.by} ({ap.shape}): allies in {ap.by}, alliance totals"
    meta = {"target": ap.target, "by": ap.by, "shape": ap.shape, "dataset": any_path.source,
            "economics": any_path.economics}
    cols, rows, sections = with_kind(cols, [("ally", ap.summary_rows()), ("aggregate", ap.total_rows())])
    computed = {k: v for k, v in _PATH_COMPUTED.items() if k in {c[0] for c in cols}}
    return table_result(cols, rows, title=title, footer=any_path.footer(), meta=meta, sections=sections,
                        datasets=(any_path.source, any_path.economics), computed=computed)
