"""The result of a simulation: probabilities, fans and alliance totals read from the integer histograms."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from hague.allies import resolve
from hague.columns import table_result
from hague.data import dataset
from hague.economics.gdp import HORIZON
from hague.errors import HagueError, YearOutOfRangeError
from hague.models.montecarlo.calibration import Calibration
from hague.models.montecarlo.constants import (
    BLOCK,
    GROUPS,
    LOG_BIN,
    LOG_LO,
    PERCENTILES,
    REVIEW_YEAR,
    SHARE_BIN,
    SHARE_LO,
)
from hague.models.montecarlo.kernel import Accumulator, Params
from hague.results import Column, Result

__all__ = ["SimulationResult", "SIMULATION_VIEWS", "simulation_result"]


def _quantiles(hist: np.ndarray, lo: float, width: float) -> dict[int, float]:
    """Percentiles from a histogram (uniform within a bin); deterministic."""
    n = int(hist.sum())
    cum = np.cumsum(hist)
    out = {}
    for q in PERCENTILES:
        k = q / 100 * (n - 1)
        i = int(np.searchsorted(cum, k, side="right"))
        i = min(i, len(hist) - 1)
        before = cum[i - 1] if i > 0 else 0
        frac = (k - before + 0.5) / hist[i] if hist[i] else 0.5
        out[q] = float(lo + width * (i + min(max(frac, 0.0), 1.0)))
    return out


@dataclass
class SimulationResult:
    """Probabilities, fans and alliance totals of one run. Everything is a pure function of the inputs."""

    draws: int
    seed: int
    scenario: str
    target: float
    by: int
    threshold: float
    years: tuple[int, ...]
    allies: tuple[str, ...]
    report_allies: tuple[str, ...]
    acc: Accumulator
    params: Params
    calibration: Calibration
    source: str
    economics: str
    elapsed: float = 0.0
    chunks: int = 0
    backend: str = "in-process"
    national: list = field(default_factory=list)
    paths: list = field(default_factory=list)  # CentralPath per ally (in the order of ``allies``)
    #: ally -> probabilities "if the stated plan is delivered" (plan-anchored allies; the headline is the record)
    delivered: dict = field(default_factory=dict)
    _cache: dict = field(default_factory=dict, repr=False)

    def national_rows(self) -> list[dict]:
        """Each scored national target with the probability of meeting it (see :func:`national_targets_simulated`)."""
        rows = []
        for k, t in enumerate(self.national):
            rng = f"{t['value']:g}-{t['value_max']:g}" if t.get("value_max") else f"{t['value']:g}"
            rows.append({"ally": t["ally"], "target": f"{rng}% in {t['scored_year']}", "label": t["label"],
                         "year": t["scored_year"], "value": t["value"],
                         "probability": int(self.acc.extra[k]) / self.acc.draws,
                         "confidence": t.get("confidence"), "source": t.get("source")})
        return rows

    def national_table(self) -> tuple[list, list[dict]]:
        cols = [("ally", "Ally", ""), ("target", "National target", ""), ("probability", "P(met)", "probability"),
                ("confidence", "Confidence", ""), ("label", "As announced", ""), ("source", "Source", "")]
        rows = [r for r in self.national_rows() if r["ally"] in self.report_allies]
        return cols, rows

    def _a(self, ally: str) -> int:
        code = resolve(ally).iso3
        if code not in self.allies:
            raise HagueError(f"{code} was not simulated in this run (allies: {', '.join(self.allies)}); name it "
                             "with --ally or name no ally")
        return self.allies.index(code)

    def probability(self, ally: str, year: int) -> float:
        """Share of draws with the ally at or above 3.5% of GDP in ``year`` (2029 or 2035) or the target in ``by``."""
        i = self._a(ally)
        if year == REVIEW_YEAR:
            k = 0
        elif year == HORIZON:
            k = 1
        else:
            raise YearOutOfRangeError(f"probabilities are counted for {REVIEW_YEAR} and {HORIZON}; got {year}")
        return int(self.acc.hits[k, i]) / self.acc.draws

    def probability_if_delivered(self, ally: str, year: int = HORIZON) -> float | None:
        """Share of draws at or above 3.5% of GDP in ``year`` if the ally's stated plan is delivered as the pledges
        of the same kind and distance that were met or exceeded (None: no plan-anchored path)."""
        d = self.delivered.get(resolve(ally).iso3)
        if d is None:
            return None
        if year not in (REVIEW_YEAR, HORIZON):
            raise YearOutOfRangeError(f"probabilities are counted for {REVIEW_YEAR} and {HORIZON}; got {year}")
        return d["p_2029" if year == REVIEW_YEAR else "p_2035"]

    def probability_target(self, ally: str) -> float:
        """Share of draws with the ally at or above ``target`` in the year ``by``."""
        return int(self.acc.hits[2, self._a(ally)]) / self.acc.draws

    def fan(self, ally: str, kind: str = "share") -> dict[int, dict[int, float]]:
        """year -> {5, 25, 50, 75, 95: value}.

        ``kind``: ``share`` (% of GDP), ``usd_2021`` (USD million, constant 2021), ``usd`` (USD million, current) or
        ``nc`` (national currency million, current prices; ``usd`` adds the exchange-rate risk).
        """
        i = self._a(ally)
        out = {}
        for j, y in enumerate(self.years):
            if kind == "share":
                central = float(self.params.sstar[j, i])
                up, down = self.params.skew
                out[y] = {q: central * math.exp(v * (up if v > 0 else down))
                          for q, v in _quantiles(self.acc.share_hist[j, i], SHARE_LO, SHARE_BIN).items()}
            elif kind in ("usd_2021", "usd", "nc"):
                hist = {"usd_2021": self.acc.m21_hist, "usd": self.acc.mcur_hist, "nc": self.acc.mnc_hist}[kind]
                central = {"usd_2021": self.params.central21, "usd": self.params.centralcur,
                           "nc": self.params.central_nc}[kind][j, i]
                out[y] = {q: float(central) * math.exp(v) for q, v in _quantiles(hist[j, i], LOG_LO, LOG_BIN).items()}
            else:
                raise HagueError(f"unknown fan kind {kind!r}; accepted: share, usd_2021, usd, nc")
        return out

    def total(self, group: str = "NATO", kind: str = "usd_2021") -> dict[int, dict[int, float]]:
        """Alliance total spending, year -> percentiles (USD million); ``group``: EUCA, USA or NATO."""
        if group not in GROUPS:
            raise HagueError(f"unknown group {group!r}; accepted: {', '.join(GROUPS)}")
        if not self.params.totals:
            raise HagueError("alliance totals were not simulated in this run of some allies; name no ally, or ask "
                             "for totals (simulate(totals=True), hague simulate --totals)")
        k = GROUPS.index(group)
        hist = self.acc.g21_hist if kind == "usd_2021" else self.acc.gcur_hist
        central = self.params.group_central21 if kind == "usd_2021" else self.params.group_centralcur
        return {y: {q: float(central[j, k]) * math.exp(v) for q, v in _quantiles(hist[j, k], LOG_LO, LOG_BIN).items()}
                for j, y in enumerate(self.years)}

    @property
    def origin(self) -> int:
        """The last data year of the edition: the forecast starts after it."""
        return self.years[0] - 1

    def path_of(self, ally: str):
        """The ally's central path (:class:`hague.models.montecarlo.central.CentralPath`)."""
        return self.paths[self._a(ally)]

    def probability_table(self) -> tuple[list, list[dict]]:
        y0 = self.origin
        cols = [("ally", "Ally", ""), ("share_last", f"% GDP {y0}", "percent of GDP"),
                ("basis", "Central path", ""),
                ("central_2029", f"Central % {REVIEW_YEAR}", "percent of GDP"),
                ("p_2029", f"P(>={self.threshold}%) {REVIEW_YEAR}", "probability"),
                ("p_2035", f"P(>={self.threshold}%) {HORIZON}", "probability"),
                ("p_2035_delivered", f"P {HORIZON} if plan delivered", "probability"),
                ("median_2035", "Median % 2035", "percent of GDP"),
                ("usd_2021_2035_p50", "USD m 2021, 2035 p50", "USD million, constant 2021")]
        if (self.target, self.by) != (self.threshold, HORIZON):
            cols.insert(7, ("p_target", f"P(>={self.target}%) {self.by}", "probability"))
        cols += [("national", "National target", ""), ("p_national", "P(national)", "probability"),
                 ("source", "Basis and source", ""), ("horizon", "Horizon", "")]
        latest: dict[str, dict] = {}
        for r in self.national_rows():
            cur = latest.get(r["ally"])
            if cur is None or (r["year"], r["value"]) > (cur["year"], cur["value"]):
                latest[r["ally"]] = r
        rows = []
        for a in self.report_allies:
            nt = latest.get(a)
            cp = self.path_of(a)
            rows.append({"ally": a, "national": nt["target"] if nt else None,
                         "p_national": nt["probability"] if nt else None,
                         "share_last": cp.s0, "basis": cp.basis, "central_2029": cp.shares[REVIEW_YEAR],
                         "p_2029": self.probability(a, REVIEW_YEAR), "p_2035": self.probability(a, HORIZON),
                         "p_2035_delivered": self.probability_if_delivered(a),
                         "p_target": self.probability_target(a), "median_2035": self.fan(a)[HORIZON][50],
                         "usd_2021_2035_p50": self.fan(a, "usd_2021")[HORIZON][50],
                         "source": cp.detail + (f" [{'; '.join(cp.sources)}]" if cp.sources else ""),
                         "horizon": self.horizon_of(REVIEW_YEAR, HORIZON, self.by, *([nt["year"]] if nt else []))})
        for g in GROUPS if self.params.totals else ():
            t = self.total(g)[HORIZON]
            rows.append({"ally": g, "national": None, "p_national": None, "share_last": None, "basis": None,
                         "central_2029": None, "p_2029": None, "p_2035": None, "p_2035_delivered": None,
                         "p_target": None,
                         "median_2035": None, "usd_2021_2035_p50": t[50], "source": None,
                         "horizon": self.horizon_of(HORIZON)})
        return cols, rows

    def horizon_of(self, *years: int, alone: bool = False) -> str:
        """"scored", or which of ``years`` lie beyond the longest horizon the backtest scored with 30 or more
        outcomes (:func:`hague.models.montecarlo.backtest.scored_horizons` on this run's history); ``alone``: one
        year, no year named."""
        from hague.models.montecarlo.backtest import scored_horizons

        h = scored_horizons(self.source)[0]
        beyond = sorted({y for y in years if y - self.origin > h})
        if not beyond:
            return "scored"
        return "beyond the scored horizon" if alone else f"{', '.join(map(str, beyond))}: beyond the scored horizon"

    def fan_table(self) -> tuple[list, list[dict]]:
        cols = [("ally", "Ally", ""), ("year", "Year", ""), ("kind", "Measure", "")]
        cols += [(f"p{q}", f"p{q}", "") for q in PERCENTILES] + [("horizon", "Horizon", "")]
        rows = []
        for a in self.report_allies:
            cur = self.params.currencies[self.allies.index(a)]
            kinds = ("share", "usd_2021", "usd") + (("nc",) if cur != "USD" else ())
            labels = {"share": "% GDP", "usd_2021": "USD m 2021", "usd": "USD m current", "nc": f"{cur} m current"}
            for kind in kinds:
                for y, qs in self.fan(a, kind).items():
                    rows.append({"ally": a, "year": y, "kind": labels[kind], **{f"p{q}": v for q, v in qs.items()},
                                 "horizon": self.horizon_of(y, alone=True)})
        for g in GROUPS if self.params.totals else ():
            for kind in ("usd_2021", "usd"):
                for y, qs in self.total(g, kind).items():
                    rows.append({"ally": g, "year": y, "kind": "USD m 2021" if kind == "usd_2021" else "USD m current",
                                 **{f"p{q}": v for q, v in qs.items()}, "horizon": self.horizon_of(y, alone=True)})
        return cols, rows

    def result(self, view: str = "probability"):
        """A table of this run as a :class:`hague.results.Result`: ``probability``, ``fans`` or ``national``."""

        return simulation_result(self, view)

    def footer(self) -> str:
        nato, weo = dataset(self.source), dataset(self.economics)
        gdp = "" if self.params.gdp_source in ("", self.source) else (
            f" {self.source} has no GDP tables: GDP and money paths use {self.params.gdp_source}.")
        return (f"Simulation: {self.draws:,} draws, seed {self.seed}, scenario {self.scenario}, from {self.origin} "
                f"(the edition's last year), blocks of {BLOCK} draws; calibrated on "
                f"{'; '.join(self.calibration.sources)} (docs/economics.md). History: {nato.title} (edition "
                f"{nato.edition}); GDP: {weo.title} (edition {weo.edition}).{gdp} Probabilities count the simulated "
                "paths around each ally's central path (its basis in the table): a stated plan - national plans on "
                "top of The Hague's 3.5% by 2035, which every ally pledged - is read on the record of past delivery "
                "(the median and spread of the fraction of the gap past pledges closed by their deadline; hague "
                "backtest --pledges); 'if plan delivered': as the pledges that were met or exceeded. hague check's "
                "outlook (likely / as likely as not / unlikely) reads the same probabilities. " + self.horizon_note())

    def horizon_note(self) -> str:
        """How far ahead the backtest scored these forecasts (:func:`hague.models.montecarlo.backtest.horizon_note`)."""
        from hague.models.montecarlo.backtest import horizon_note

        return horizon_note(self.origin, self.source)

    def meta(self) -> dict:
        return {"draws": self.draws, "seed": self.seed, "scenario": self.scenario, "target": self.target,
                "by": self.by, "threshold": self.threshold, "block": BLOCK, "dataset": self.source,
                "economics": self.economics, "calibration": self.calibration.sources, "origin": self.origin,
                "central_paths": [self.path_of(a).row() for a in self.report_allies]}


# ------------------------------------------------------------------ the Result of this model's table(s)

SIMULATION_VIEWS = ("probability", "fans", "national")


def simulation_result(sim, view: str = "probability") -> Result:
    """A table of a :class:`hague.models.montecarlo.SimulationResult`: ``probability`` (of reaching the
    threshold by the years reported), ``fans`` (percentiles per ally and year) or ``national`` (targets)."""
    from hague.errors import HagueError

    if view == "national":
        cols, rows = sim.national_table()
        title = (f"Probability of meeting national targets, {sim.scenario} scenario, {sim.draws:,} draws, "
                 f"seed {sim.seed}")
    elif view == "fans":
        cols, rows = sim.fan_table()
        title = f"Percentile fans, {sim.scenario} scenario, {sim.draws:,} draws, seed {sim.seed}"
    elif view == "probability":
        cols, rows = sim.probability_table()
        title = (f"Probability of core defence spending >= {sim.threshold}% of GDP ({sim.scenario} scenario, "
                 f"from {sim.origin}, {sim.draws:,} draws, seed {sim.seed})")
    else:
        raise HagueError(f"unknown view {view!r}; accepted: {', '.join(SIMULATION_VIEWS)}")
    keys = [c[0] if not isinstance(c, Column) else c.key for c in cols]
    draws = (f"{sim.draws:,} Monte Carlo draws (seed {sim.seed}, {sim.scenario} scenario)",)
    computed = {k: draws for k in keys if k.startswith(("p_", "p", "prob", "median", "share_")) and k != "plan"}
    gdp_source = getattr(getattr(sim, "params", None), "gdp_source", "") or ""
    return table_result(cols, rows, title=title, footer=sim.footer(), meta=sim.meta(),
                        datasets=(sim.source, sim.economics, gdp_source), computed=computed)
