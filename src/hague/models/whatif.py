"""What-ifs: named, combinable toggles that re-run the same models on changed inputs, beside the baseline.

A :class:`Scenario` is a set of toggles (all off: the baseline). :func:`evaluate` runs one ally through the same
models under a scenario - the rule tree's 5% lines, the central path (:mod:`hague.models.montecarlo.central`), the
Monte Carlo (the same kernel, the same seed: common random numbers, so a difference is the toggle's, not noise),
the GDP path - and returns its headline figures; :func:`whatif_result` sets a scenario beside the baseline.

Toggles (each a pure transformation of the inputs; the shipped data and rule tree are never changed):

- ``without_ukraine_aid``: the military aid to Ukraine that the ally allocated in the latest full year of the
  Kiel Ukraine Support Tracker is taken out of its core share (NATO's definition lets allies count it; the Kiel
  figures are allocations, not NATO's own breakdown), in the last data year and along the central path.
- ``related_cap``: the 1.5% related cap replaced by another (what counts toward the 5% total).
- ``weo``: another IMF WEO vintage for GDP (growth, inflation, exchange rates, calibration).
- ``recession``: a GDP shock like that year's (2009): in the first forecast year real GDP grows at the ally's
  2009 rate (IMF WEO April 2020) instead of the projection, the level loss is kept, prices as projected. Where the
  budget is fixed in money the share *rises*: a denominator effect, not more defence; where the plan is a share,
  the money falls.
- ``cost_growth``: defence prices outrun the GDP deflator at the ally's historical rate (NATO's implied defence
  deflator against its GDP deflator, the Monte Carlo calibration) or at a rate given in pp a year: what the 2035
  budget buys at 2021 prices, and the share needed in 2035 to buy what it buys at GDP-deflator prices.

>>> s = Scenario.parse({"related_cap": "1.0", "recession": "2009"})
>>> s.active, s.label
([('related_cap', 1.0), ('recession', 2009)], 'related cap 1%, recession like 2009')
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

import numpy as np

from hague.allies import resolve
from hague.errors import HagueError
from hague.results import COMPUTED, Column, Provenance, Result, Source

__all__ = ["Scenario", "TOGGLES", "Evaluation", "evaluate", "whatif_result", "recession_growth",
           "ukraine_military_aid", "FIGURES", "DEFAULT_DRAWS", "DEFAULT_SEED"]

DEFAULT_DRAWS = 20_000
DEFAULT_SEED = 20250625

#: toggle -> (CLI option, help); the order is the order in which they are applied and shown
TOGGLES: dict[str, tuple[str, str]] = {
    "without_ukraine_aid": ("--without-ukraine-aid", "take the military aid to Ukraine (Kiel allocations, latest "
                                                     "full year) out of the core share"),
    "related_cap": ("--related-cap", "count related spending toward the 5% up to this share of GDP (default 1.5)"),
    "weo": ("--weo", "another IMF WEO vintage for GDP, e.g. 2025-04"),
    "recession": ("--recession", "a GDP shock like that year's (2009) in the first forecast year"),
    "cost_growth": ("--cost-growth", "defence prices outrun the GDP deflator: 'historical' (the ally's rate) or pp "
                                     "a year"),
}
RECESSION_FILE = "real_gdp_growth_2009.csv"


@dataclass(frozen=True)
class Scenario:
    """The toggles of a what-if (None / False: off)."""

    without_ukraine_aid: bool = False
    related_cap: float | None = None
    weo: str | None = None
    recession: int | None = None
    cost_growth: str | float | None = None  # "historical" or pp a year

    @classmethod
    def parse(cls, values: dict) -> Scenario:
        """From option values (strings or typed); errors name the toggle and what is accepted."""
        kw: dict = {}
        for k, v in values.items():
            if k not in TOGGLES:
                raise HagueError(f"unknown what-if {k!r}; accepted: {', '.join(TOGGLES)}")
            if v is None or v is False or v == "":
                continue
            if k == "without_ukraine_aid":
                if v not in (True, "true", "1", "yes", 1):
                    raise HagueError(f"--without-ukraine-aid is a switch; got {v!r}")
                kw[k] = True
            elif k == "related_cap":
                try:
                    cap = float(v)
                except (TypeError, ValueError):
                    raise HagueError(f"--related-cap must be a share of GDP in percent (0-5), got {v!r}") from None
                if not (0 <= cap <= 5) or math.isnan(cap):
                    raise HagueError(f"--related-cap must be a share of GDP in percent (0-5), got {v!r}")
                kw[k] = cap
            elif k == "weo":
                kw[k] = _weo_dataset(str(v))
            elif k == "recession":
                if str(v) != "2009":
                    raise HagueError(f"--recession accepts 2009 (the shock hague has data for: IMF WEO April 2020 "
                                     f"real GDP growth), got {v!r}")
                kw[k] = 2009
            elif k == "cost_growth":
                if v in (True, "historical"):
                    kw[k] = "historical"
                else:
                    try:
                        rate = float(v)
                    except (TypeError, ValueError):
                        raise HagueError(f"--cost-growth accepts 'historical' or a rate in pp a year (-5 to 10), "
                                         f"got {v!r}") from None
                    if not (-5 <= rate <= 10) or math.isnan(rate):
                        raise HagueError(f"--cost-growth accepts 'historical' or a rate in pp a year (-5 to 10), "
                                         f"got {v!r}")
                    kw[k] = rate
        return cls(**kw)

    @property
    def active(self) -> list[tuple[str, object]]:
        return [(k, getattr(self, k)) for k in TOGGLES if getattr(self, k) not in (None, False)]

    @property
    def label(self) -> str:
        if not self.active:
            return "baseline"
        words = {"without_ukraine_aid": lambda v: "without Ukraine aid",
                 "related_cap": lambda v: f"related cap {v:g}%", "weo": lambda v: f"GDP from {v}",
                 "recession": lambda v: f"recession like {v}",
                 "cost_growth": lambda v: ("defence cost growth at the historical rate" if v == "historical"
                                           else f"defence cost growth {v:g} pp a year")}
        return ", ".join(words[k](v) for k, v in self.active)

    def to_dict(self) -> dict:
        return {k: v for k, v in self.active}

    def only(self, name: str) -> Scenario:
        """This scenario with only one toggle kept."""
        return Scenario(**{name: getattr(self, name)})


def _weo_dataset(v: str) -> str:
    from hague.data import dataset_ids

    cands = [v, f"imf-weo-{v}", v.lower()]
    ids = [d for d in dataset_ids() if d.startswith("imf-weo-") and not d.endswith("-fiscal")]
    for c in cands:
        if c in ids:
            return c
    raise HagueError(f"--weo {v}: no IMF WEO vintage of that name in hague; accepted: "
                     f"{', '.join(d.removeprefix('imf-weo-') for d in ids)} (import another with "
                     "`hague data import weo FILE`)")


# --- inputs of the toggles -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _recession_table() -> dict[tuple[str, int], float]:
    text = resources.files("hague.models").joinpath("shocks", RECESSION_FILE).read_text(encoding="utf-8")
    return {(r["ally"], int(r["year"])): float(r["real_gdp_growth"]) for r in csv.DictReader(text.splitlines())}


def recession_growth(ally: str, year: int = 2009) -> float:
    """The ally's real GDP growth in ``year`` (percent; IMF WEO April 2020, NGDP_RPCH).

    >>> recession_growth("DEU"), recession_growth("POL")
    (-5.694, 2.82)
    """
    code = resolve(ally).iso3
    try:
        return _recession_table()[(code, year)]
    except KeyError:
        raise HagueError(f"no real GDP growth for {code} in {year} in IMF WEO April 2020 ({RECESSION_FILE})") from None


def _recession_source() -> Source:
    return Source(dataset="imf-weo-2020-04", edition="2020-04", producer="International Monetary Fund",
                  title="World Economic Outlook database, April 2020: real GDP growth (NGDP_RPCH) 2008-2009",
                  url="https://www.imf.org/en/Publications/WEO/weo-database/2020/April",
                  licence="IMF terms of use; reuse with attribution",
                  attribution=f"IMF WEO April 2020, real GDP growth 2009 (hague/models/shocks/{RECESSION_FILE})")


def ukraine_military_aid(ally: str, *, year: int | None = None) -> dict | None:
    """The ally's military aid to Ukraine in one calendar year (Kiel Ukraine Support Tracker allocations): EUR bn
    and share of GDP, or None where the tracker has nothing for the ally (see :mod:`hague.models.kiel`)."""
    from hague.models.kiel import military_aid

    return military_aid(ally, year=year)


# --- evaluation --------------------------------------------------------------------------------------------------

#: the headline figures a scenario changes: key, label, unit, decimals, kind
FIGURES = (
    ("share_last", "Core share of GDP, last data year", "percent of GDP (NATO)", 2, "percent"),
    ("related_counted", "Related counted toward the 5%", "percent of GDP (government statement, >= medium)", 2,
     "percent"),
    ("known_total", "Known 5% total, last data year", "percent of GDP, core + related counted", 2, "percent"),
    ("central_2029", "Central path 2029", "percent of GDP", 2, "percent"),
    ("central_2035", "Central path 2035", "percent of GDP", 2, "percent"),
    ("p_2029", "P(core >= 3.5% in 2029), on the record of past delivery", "probability", 2, "number"),
    ("p_2035", "P(core >= 3.5% in 2035)", "probability", 2, "number"),
    ("p_2029_delivered", "P(core >= 3.5% in 2029) if the plan is delivered", "probability", 2, "number"),
    ("p_2035_delivered", "P(core >= 3.5% in 2035) if the plan is delivered", "probability", 2, "number"),
    ("median_2035", "Core share 2035, median", "percent of GDP", 2, "percent"),
    ("spend_2035_nc", "Core spending 2035, median", "national currency bn, current prices", 1, "money"),
    ("spend_2035_usd", "Core spending 2035, median", "USD bn, current prices", 1, "money"),
    ("spend_2035_real", "Core spending 2035 at 2021 prices", "USD bn, 2021 prices and exchange rates", 1, "money"),
    ("share_same_volume_2035", "Share needed in 2035 for the same volume", "percent of GDP", 2, "percent"),
)


@dataclass
class Evaluation:
    """One ally under one scenario: the figures, the simulation and what each toggle did."""

    ally: str
    scenario: Scenario
    figures: dict
    sim: object  # SimulationResult
    notes: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    last_year: int = 0


def _simulate(ally: str, *, draws: int, seed: int, edition: str, economics: str):
    from hague.models.montecarlo import simulate

    return simulate(draws=draws, seed=seed, allies=[ally], source=edition, economics=economics)


def _rerun(base, paths: list, *, economics: str | None = None, real_shift: np.ndarray | None = None,
           nom_shift: np.ndarray | None = None, sz_scale: float = 1.0, usd_shift: float = 0.0,
           price_shift: np.ndarray | None = None, delivery: str = "record"):
    """The same Monte Carlo (same seed, calibration, national targets) on changed central paths, GDP vintage and
    shifted GDP / prices; returns a SimulationResult. Shifts are log points by (year, ally)."""
    from hague.models.montecarlo import build_params, run_chunk
    from hague.models.montecarlo.constants import BLOCK
    from hague.models.montecarlo.scenarios import restrict

    econ = economics or base.economics
    cal = base.calibration
    full_paths, full_nat = _all_paths(base.source, econ, base.target, base.by, delivery)
    full = list(full_paths)
    for a, cp in zip(base.allies, paths, strict=True):  # the run's allies (all, or the one a dossier is about)
        full[cal.allies.index(a)] = cp
    p, _ = build_params(draws=base.draws, seed=base.seed, scenario="plans", target=base.target, by=base.by,
                        source=base.source, economics=econ, cal=cal, national=full_nat, paths=full)
    nat = full_nat
    if tuple(base.allies) != tuple(cal.allies):  # the same columns of the same random streams (bit for bit)
        p, nat = restrict(p, tuple(base.allies), full_nat)
    c21, cnc = p.central21.astype(float), np.array(p.central_nc, dtype=float)
    ccur = p.centralcur.astype(float)
    if real_shift is not None:
        c21 = c21 * np.exp(real_shift)
    if nom_shift is not None:
        cnc, ccur = cnc * np.exp(nom_shift), ccur * np.exp(nom_shift)
    if price_shift is not None:
        c21 = c21 * np.exp(-price_shift)
    if usd_shift:
        ccur = ccur * np.exp(usd_shift * (np.array([c != "USD" for c in p.currencies])[None, :]))
    f32 = np.float32
    p = replace(p, central21=c21.astype(f32), centralcur=ccur.astype(f32), central_nc=cnc,
                group_central21=(c21 @ p.groups.astype(float)).astype(f32),
                group_centralcur=(ccur @ p.groups.astype(float)).astype(f32),
                sz=(p.sz * f32(sz_scale)).astype(f32))
    acc = run_chunk(p, 0, -(-p.draws // BLOCK))
    return replace(base, acc=acc, params=p, paths=list(paths), economics=econ, national=nat, _cache={})


@lru_cache(maxsize=8)
def _all_paths(source: str, economics: str, target: float, by: int, delivery: str = "record") -> tuple[tuple, list]:
    """Every ally's central path (``plans``; plans read on the record of past delivery, or ``delivered``) and the
    national targets scored, for one edition and WEO vintage."""
    from hague.allies import all_allies
    from hague.models.montecarlo.scenarios import central_paths, national_targets_simulated

    allies = tuple(a.iso3 for a in all_allies() if a.has_armed_forces)  # the calibration's allies, in its order
    origin, paths = central_paths(allies, source=source, scenario="plans", target=target, by=by, economics=economics,
                                  delivery=delivery)
    return tuple(paths), national_targets_simulated(allies, origin)



def _shifted_path(cp, shift: dict[int, float], *, money_only: bool):
    """A central path whose share is multiplied by ``exp(-shift[y])`` in its money years (a budget fixed in money
    over a GDP ``shift`` log points off) - or in every year when not ``money_only``."""
    shares = {y: (s * math.exp(-shift.get(y, 0.0)) if (not money_only or y in cp.money_years) else s)
              for y, s in cp.shares.items()}
    return replace(cp, shares=shares)


def _minus_path(cp, pp: float):
    return replace(cp, shares={y: max(0.01, s - pp) for y, s in cp.shares.items()},
                   s0=max(0.01, cp.s0 - pp))


def _related_counted(ally: str, year: int, cap: float):
    from hague.rules.related import related_share

    c = related_share(ally, year)
    return None if c is None else {"value": c.value, "claim": c}


def evaluate(ally: str, scenario: Scenario | None = None, *, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
             edition: str | None = None, economics: str | None = None, base=None) -> Evaluation:
    """The headline figures of ``ally`` under ``scenario`` (the baseline when None). ``base``: the baseline
    simulation of the same ally, seed and draws, reused by toggles that change the paths only."""
    from hague.data import DEFAULT_ECONOMICS, dataset, resolve_edition
    from hague.economics.gdp import gdp_path
    from hague.rules import thresholds

    scenario = scenario or Scenario()
    a = resolve(ally)
    if not a.has_armed_forces:
        raise HagueError(f"{a.name} ({a.iso3}) has no armed forces; there is no core share to forecast")
    ed = resolve_edition(edition)
    econ = scenario.weo or economics or DEFAULT_ECONOMICS
    notes: list[str] = []
    sources: list[Source] = []
    if base is None:
        base = _simulate(a.iso3, draws=draws, seed=seed, edition=ed, economics=economics or DEFAULT_ECONOMICS)
    sim = base
    paths = list(sim.paths)
    changed = False
    transforms = []  # what the toggles do to the ally's central path (applied to the "if delivered" path too)
    if scenario.weo and scenario.weo != base.economics:
        full_paths, _ = _all_paths(ed, econ, base.target, base.by)
        cal_allies = base.calibration.allies
        paths = [full_paths[cal_allies.index(x)] for x in base.allies]
        changed = True
        notes.append(f"GDP paths (growth, inflation, exchange rates) and the money paths' GDP from {econ} instead "
                     f"of {base.economics}; the same Monte Carlo, calibration, seed and draws.")
        sources += list(Provenance.of(econ).sources)
    ds = dataset(ed)
    y0 = sim.years[0] - 1
    i = sim.allies.index(a.iso3)
    share0 = ds.value(a.iso3, "core_defence_expenditure_share_gdp", y0)
    T = len(sim.years)
    A = len(sim.allies)
    real_shift = np.zeros((T, A))
    aid_pp = 0.0
    if scenario.without_ukraine_aid:
        aid = ukraine_military_aid(a.iso3)
        if aid is None or not aid.get("share_gdp"):
            notes.append(f"Without Ukraine aid: the Kiel Ukraine Support Tracker has no military allocation by "
                         f"{a.name}; nothing taken out.")
        else:
            aid_pp = aid["share_gdp"]
            transforms.append(lambda cp, pp=aid_pp: _minus_path(cp, pp))
            paths[i] = _minus_path(paths[i], aid_pp)
            changed = True
            notes.append(f"Without Ukraine aid: {a.name}'s military aid to Ukraine allocated in {aid['year']}, EUR "
                         f"{aid['eur_bn']:.2f} bn = {aid_pp:.2f}% of GDP as the tracker states it (Kiel Ukraine "
                         "Support Tracker, "
                         f"{aid['release']}), taken out of the {y0} core share and of every year of the central "
                         "path. Allies may count such aid in NATO's core figure; NATO does not publish how much "
                         "each did, so this is the upper bound of what the aid contributes.")
            sources.append(aid["source"])
    if scenario.recession:
        g = gdp_path(a.iso3, economics=econ, source=ed)
        y1 = sim.years[0]
        proj = g.real_growth.get(y1)
        shock = recession_growth(a.iso3, scenario.recession)
        if proj is None:
            raise HagueError(f"{a.iso3}: no projected real GDP growth for {y1} in {econ}")
        d = math.log(1 + shock / 100) - math.log(1 + proj / 100)
        shift = {y: d for y in sim.years}
        real_shift[:, i] = d
        transforms.append(lambda cp, sh=shift: _shifted_path(cp, sh, money_only=True))
        paths[i] = _shifted_path(paths[i], shift, money_only=True)
        changed = True
        money = bool(paths[i].money_years)
        notes.append(
            f"Recession like {scenario.recession}: real GDP grows {shock:+.2f}% in {y1} ({a.name} in "
            f"{scenario.recession}, IMF WEO April 2020) instead of the projected {proj:+.2f}%; GDP stays "
            f"{100 * (1 - math.exp(d)):.1f}% below the projection after it, prices as projected. "
            + ("Where the budget is fixed in money the share rises: a denominator effect, not more defence."
               if money else f"{a.name}'s central path is a share of GDP, so the share holds and the money falls "
               "with GDP (with budgets fixed in money the share would rise: a denominator effect)."))
        sources.append(_recession_source())
    delivered = base.delivered.get(a.iso3)
    if changed:
        sim = _rerun(sim, paths, economics=econ, real_shift=real_shift, nom_shift=real_shift)
        if delivered is not None:  # the second probability, "if the stated plan is delivered", on the same toggles
            if scenario.weo and scenario.weo != base.economics:
                dpaths, _ = _all_paths(ed, econ, base.target, base.by, "delivered")
                cpd = dpaths[base.calibration.allies.index(a.iso3)]
            else:
                cpd = delivered["path"]
            for t in transforms:
                cpd = t(cpd)
            dp = list(sim.paths)
            dp[i] = cpd
            run_d = _rerun(base, dp, economics=econ, real_shift=real_shift, nom_shift=real_shift,
                           delivery="delivered")
            review, deadline = thresholds.review_year(), thresholds.by()  # 2029 and 2035, from the rule tree
            delivered = {f"p_{review}": run_d.probability(a.iso3, review),
                         f"p_{deadline}": run_d.probability(a.iso3, deadline)}
            sim = replace(sim, delivered={**sim.delivered, a.iso3: {**base.delivered[a.iso3], **delivered}})
    # the 5% total: core + related counted (government statement, evidence >= medium) up to the cap
    cap = scenario.related_cap if scenario.related_cap is not None else thresholds.value(thresholds.RELATED)
    rel = _related_counted(a.iso3, y0, cap)
    core_last = None if share0 is None else share0 - aid_pp
    if scenario.related_cap is not None:
        notes.append(f"Related cap {cap:g}% of GDP instead of the declaration's "
                     f"{thresholds.value(thresholds.RELATED):g}%: related spending counts toward the 5% up to it.")
    fan = sim.fan(a.iso3, "share")
    nc = sim.fan(a.iso3, "nc")
    usd = sim.fan(a.iso3, "usd")
    g = gdp_path(a.iso3, economics=econ, source=ed)
    last = sim.years[-1]
    real = nc[last][50] / (g.xr_2021 * g.deflator[last]) / 1000
    same_volume = fan[last][50]
    if scenario.cost_growth is not None:
        rate = (float(sim.calibration.drift_wedge[i]) if scenario.cost_growth == "historical"
                else float(scenario.cost_growth) / 100)
        h = last - y0
        real *= math.exp(-rate * h)
        same_volume *= math.exp(rate * h)
        which = (f"{a.name}'s historical rate, {100 * rate:+.2f} pp a year (NATO's implied defence deflator "
                 f"against its GDP deflator, {sim.calibration.sources[0]})" if scenario.cost_growth == "historical"
                 else f"{100 * rate:+.2f} pp a year (given)")
        notes.append(f"Defence cost growth: defence prices outrun the GDP deflator at {which}; over {h} years the "
                     f"{last} budget buys {100 * (1 - math.exp(-rate * h)):.1f}% less at 2021 prices. The share "
                     "and the money are unchanged; NATO deflates with GDP-wide prices, so its history shows "
                     "little such drift for most allies.")
    p = sim.params
    figures = {
        "share_last": core_last,
        "related_counted": rel["value"] if rel else None,
        "known_total": None if core_last is None else core_last + (min(rel["value"], cap) if rel else 0.0),
        "central_2029": float(p.sstar[sim.years.index(2029), i]),
        "central_2035": float(p.sstar[sim.years.index(last), i]),
        "p_2029": sim.probability(a.iso3, 2029),
        "p_2035": sim.probability(a.iso3, last),
        "p_2029_delivered": None if delivered is None else delivered["p_2029"],
        "p_2035_delivered": None if delivered is None else delivered["p_2035"],
        "median_2035": fan[last][50],
        "spend_2035_nc": nc[last][50] / 1000,
        "spend_2035_usd": usd[last][50] / 1000,
        "spend_2035_real": real,
        "share_same_volume_2035": same_volume,
    }
    return Evaluation(a.iso3, scenario, figures, sim, notes, sources, y0)


def whatif_result(base: Evaluation, alt: Evaluation) -> Result:
    """The what-if beside the baseline: one row per headline figure, with the change."""
    rows = []
    for key, label, unit, _dec, _kind in FIGURES:
        b, w = base.figures.get(key), alt.figures.get(key)
        label = label.replace("last data year", str(base.last_year))
        rows.append({"figure": label, "unit": unit, "baseline": b, "whatif": w,
                     "change": None if b is None or w is None else w - b, "key": key})
    cols = [Column("figure", "Figure", priority=0), Column("unit", "Unit", priority=3),
            Column("baseline", "Baseline", "in the row's unit", 2, "number", 0),
            Column("whatif", alt.scenario.label[:40].capitalize(), "in the row's unit", 2, "number", 0,
                   origin=COMPUTED, inputs=tuple(k for k, _ in alt.scenario.active)),
            Column("change", "Change", "in the row's unit", 2, "number", 0, origin=COMPUTED,
                   inputs=("baseline", "whatif"))]
    sim = base.sim
    prov = Provenance((*Provenance.of(sim.source, sim.economics).sources,
                       *({(s.dataset, s.edition): s for s in alt.sources}.values())))
    notes = [f"{alt.scenario.label.capitalize()} against the baseline, {sim.draws:,} draws, seed {sim.seed} "
             "(the same random numbers in both, so the change is the toggle's)."] + alt.notes
    return Result(f"What if: {alt.scenario.label}", rows, cols, prov, notes,
                  meta={"ally": base.ally, "scenario": alt.scenario.to_dict()})
