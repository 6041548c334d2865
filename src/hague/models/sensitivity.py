"""What drives the number: the sensitivity of an ally's probabilities and money to each assumption.

:func:`tornado` moves one assumption at a time to the low and the high end of its own calibrated range (the
Monte Carlo's parameters, docs/economics.md) and re-runs the same model with the same seed and draws:

- **delivery record**: the scale of the execution error (how far allies have strayed from their central path),
  at the 10th and 90th percentiles of the calibration's bootstrap replicates;
- **GDP growth**: nominal and real GDP one standard deviation (the ally's growth volatility, IMF WEO actual years,
  growing with the square root of the years ahead) below / above the projection; it moves the share only where the
  budget is fixed in money (a denominator effect), and the money everywhere;
- **exchange rate**: the currency one standard deviation weaker / stronger against the dollar (USD money only);
- **defence prices**: defence prices one standard deviation of their historical wedge over the GDP deflator
  above / below (money at 2021 prices only).

:func:`full_sensitivity` is a variance-based (Sobol) analysis over the same four parameters, drawn uniformly in
those ranges (Saltelli's sampling, Jansen's total-effect estimator), each point a smaller Monte Carlo; the points
run as tasks on a Dask cluster when a scheduler address is given (``"local"``: a local cluster).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from hague.document import Chart
from hague.errors import HagueError
from hague.results import COMPUTED, Column, Provenance, Result

__all__ = ["tornado", "Tornado", "full_sensitivity", "full_result", "FACTORS", "OUTPUTS"]

FACTORS = ("delivery record", "GDP growth", "exchange rate", "defence prices")
#: output key -> label, unit, decimals
OUTPUTS = {"p_2029": ("P(>=3.5%) 2029", "probability", 2), "p_2035": ("P(>=3.5%) 2035", "probability", 2),
           "usd_2035": ("Core spending 2035, median", "USD bn, current", 1),
           "real_2035": ("Core spending 2035, median", "USD bn, 2021 prices", 1)}


def _ranges(sim, i: int) -> dict[str, tuple[float, float, str, str]]:
    """factor -> (low, high, low label, high label) in the factor's own unit (scale or standard deviations)."""
    p = sim.params
    boot = p.boot[-1] if p.boot is not None else np.array([1.0])
    lo, hi = (float(np.quantile(boot, q) / boot.mean()) for q in (0.1, 0.9))
    return {"delivery record": (lo, hi, f"execution error x{lo:.2f} (P10 of calibration)",
                                f"execution error x{hi:.2f} (P90)"),
            "GDP growth": (-1.0, 1.0, "GDP 1 sd below projection", "GDP 1 sd above"),
            "exchange rate": (-1.0, 1.0, "currency 1 sd weaker", "currency 1 sd stronger"),
            "defence prices": (1.0, -1.0, "defence prices 1 sd above deflator", "1 sd below")}


def _run(sim, i: int, x: dict[str, float], draws: int | None = None):
    """The model at factor settings ``x`` (delivery: scale; others: standard deviations): a SimulationResult, or
    the baseline itself when only money-side factors move (their effect is applied to the quantiles)."""
    from hague.models.whatif import _rerun, _shifted_path

    T = len(sim.years)
    h = np.sqrt(np.arange(1, T + 1, dtype=float))
    g = x.get("GDP growth", 0.0)
    scale = x.get("delivery record", 1.0)
    base = sim if draws is None else replace(sim, draws=draws)
    money = bool(sim.paths[i].money_years)
    if (g == 0.0 or not money) and scale == 1.0 and draws is None:
        return sim  # the share does not move (no budget fixed in money): GDP moves the money, in _outputs
    shift = np.zeros((T, len(sim.allies)))
    paths = list(sim.paths)
    if g and money:
        d = g * float(sim.calibration.sigma_growth[i]) / 100 * h
        shift[:, i] = d
        paths[i] = _shifted_path(paths[i], {y: float(d[j]) for j, y in enumerate(sim.years)}, money_only=True)
    return _rerun(base, paths, real_shift=shift, nom_shift=shift, sz_scale=scale)


def _outputs(run, sim, i: int, ally: str, x: dict[str, float]) -> dict[str, float]:
    last = sim.years[-1]
    hh = math.sqrt(len(sim.years))
    fx = x.get("exchange rate", 0.0) * float(sim.calibration.sigma_fx[i]) * hh
    price = x.get("defence prices", 0.0) * float(sim.calibration.sigma_wedge[i]) * hh
    gdp = 0.0
    if x.get("GDP growth") and not sim.paths[i].money_years:  # a share path: the share holds, money moves
        gdp = x["GDP growth"] * float(sim.calibration.sigma_growth[i]) / 100 * hh
    return {"p_2029": run.probability(ally, 2029), "p_2035": run.probability(ally, last),
            "usd_2035": run.fan(ally, "usd")[last][50] / 1000 * math.exp(fx + gdp),
            "real_2035": run.fan(ally, "usd_2021")[last][50] / 1000 * math.exp(gdp - price)}


@dataclass
class Tornado:
    ally: str
    base: dict[str, float]
    rows: list[dict]
    result: Result
    summary: str

    def chart(self, year: int) -> Chart:
        key = f"p_{year}"
        bars = sorted(({"label": r["factor"], "low": r[f"{key}_low"], "high": r[f"{key}_high"],
                        "range_label": f"{r[f'{key}_low']:.2f} / {r[f'{key}_high']:.2f}"} for r in self.rows),
                      key=lambda b: -abs(b["high"] - b["low"]))
        return Chart("tornado", f"{self.ally}: what moves P(core >= 3.5%) in {year}", "probability", bars=bars,
                     base=self.base[key])


def tornado(sim, ally: str) -> Tornado:
    """One-at-a-time sensitivity of the ally's probabilities and money (see the module docstring)."""
    from hague.allies import resolve

    code = resolve(ally).iso3
    i = sim.allies.index(code)
    base = _outputs(sim, sim, i, code, {})
    rows, long = [], [{"factor": "baseline", "setting": "as calibrated", **base}]
    for f, (lo, hi, lo_label, hi_label) in _ranges(sim, i).items():
        row = {"factor": f}
        for end, v, label in (("low", lo, lo_label), ("high", hi, hi_label)):
            x = {f: v}
            out = _outputs(_run(sim, i, x), sim, i, code, x)
            long.append({"factor": f, "setting": label, **out})
            for k, val in out.items():
                row[f"{k}_{end}"] = val
        rows.append(row)
    cols = [Column("factor", "Assumption", priority=0), Column("setting", "Setting", priority=2)]
    for k, (label, unit, dec) in OUTPUTS.items():
        cols.append(Column(k, label + (" (2021 prices)" if k == "real_2035" else " (USD)" if k == "usd_2035" else ""),
                           unit, dec, "number", 1, origin=COMPUTED, inputs=("Monte Carlo", "setting")))
    swing = {r["factor"]: abs(r["p_2035_high"] - r["p_2035_low"]) for r in rows}
    top = max(swing, key=swing.get)
    summary = (f"Baseline P(>= 3.5%): {base['p_2029']:.2f} in 2029, {base['p_2035']:.2f} in 2035. Moved one at a "
               f"time across its calibrated range, {top} moves P(2035) most ({swing[top]:.2f}); GDP growth moves "
               "the share only where a budget is fixed in money, the exchange rate and defence prices move only the "
               "money (dollars, 2021 prices).")
    res = Result(f"{code}: sensitivity of the forecast, one assumption at a time", long, cols,
                 Provenance.of(sim.source, sim.economics),
                 [f"Same seed ({sim.seed}) and draws ({sim.draws:,}) in every run. Baseline: "
                  + ", ".join(f"{OUTPUTS[k][0]} {v:.2f}" for k, v in base.items()) + "."],
                 meta={"ally": code, "baseline": base})
    return Tornado(code, base, rows, res, summary)


# --- variance-based (Sobol) ------------------------------------------------------------------------------------


_SOBOL_OUTPUTS = ("p_2029", "p_2035", "usd_2035")


def _point(args) -> tuple[float, ...]:
    sim, i, ally, x, draws = args
    out = _outputs(_run(sim, i, x, draws=draws), sim, i, ally, x)
    return tuple(out[k] for k in _SOBOL_OUTPUTS)


def full_sensitivity(sim, ally: str, *, n: int = 32, draws: int = 4096, seed: int = 1,
                     scheduler: str | None = None) -> dict:
    """First-order and total Sobol indices of P(2029), P(2035) and 2035 spending (USD) for the four factors.

    ``n`` base points (Saltelli: n * (k + 2) model runs of ``draws`` draws each); ``scheduler``: a Dask scheduler
    address (``"local"`` starts a local cluster) to run the points on, else in this process.
    """
    from hague.allies import resolve

    code = resolve(ally).iso3
    i = sim.allies.index(code)
    ranges = _ranges(sim, i)
    k = len(FACTORS)
    rng = np.random.default_rng(seed)
    A, B = rng.random((n, k)), rng.random((n, k))

    def to_x(u):
        return {f: ranges[f][0] + u[j] * (ranges[f][1] - ranges[f][0]) for j, f in enumerate(FACTORS)}

    mats = [A, B] + [np.where(np.arange(k) == j, B, A) for j in range(k)]  # AB_j: A with column j from B
    points = [(sim, i, code, to_x(u), draws) for m in mats for u in m]
    if scheduler:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise HagueError("--scheduler needs Dask: pip install -e '.[dask]'") from None
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) \
            if scheduler == "local" else None  # every port on loopback, picked by the OS
        try:
            with Client(cluster if cluster else scheduler, timeout="20s") as client:
                futs = client.map(_point, points, pure=False)
                values = client.gather(futs)
        except OSError as exc:
            raise HagueError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
        finally:
            if cluster is not None:
                cluster.close()
        backend = f"dask {scheduler}"
    else:
        values = [_point(p) for p in points]
        backend = "in-process"
    out = {}
    for o, name in enumerate(_SOBOL_OUTPUTS):
        y = np.array([v[o] for v in values]).reshape(len(mats), n)
        f0 = float(np.mean(np.concatenate([y[0], y[1]])))
        fa, fb, y = y[0] - f0, y[1] - f0, y - f0  # centred: the first-order estimator's noise grows with the mean
        var = np.var(np.concatenate([fa, fb]))
        res = {}
        for j, f in enumerate(FACTORS):
            fab = y[2 + j]
            s1 = float(np.mean(fb * (fab - fa)) / var) if var > 0 else 0.0  # Saltelli 2010, on centred outputs
            st = float(0.5 * np.mean((fa - fab) ** 2) / var) if var > 0 else 0.0  # Jansen
            res[f] = (s1, st)
        out[name] = {"variance": float(var), "indices": res}
    return {"ally": code, "n": n, "draws": draws, "runs": len(points), "backend": backend, "outputs": out}


def full_result(sim, ally: str, *, n: int = 32, draws: int = 4096, scheduler: str | None = None) -> Result:
    """:func:`full_sensitivity` as a Result: one row per factor, first-order and total indices."""
    s = full_sensitivity(sim, ally, n=n, draws=draws, scheduler=scheduler)
    rows = []
    for f in FACTORS:
        r = {"factor": f}
        for name in _SOBOL_OUTPUTS:
            s1, st = s["outputs"][name]["indices"][f]
            r[f"{name}_s1"], r[f"{name}_st"] = s1, st
        rows.append(r)
    cols = [Column("factor", "Assumption", priority=0)]
    for name, label in (("p_2029", "P(2029)"), ("p_2035", "P(2035)"), ("usd_2035", "USD 2035")):
        cols += [Column(f"{name}_s1", f"{label} first-order", "Sobol index", 2, "number", 1, origin=COMPUTED,
                        inputs=("Monte Carlo",)),
                 Column(f"{name}_st", f"{label} total", "Sobol index", 2, "number", 1, origin=COMPUTED,
                        inputs=("Monte Carlo",))]
    return Result(f"{s['ally']}: variance-based sensitivity (Sobol)", rows, cols,
                  Provenance.of(sim.source, sim.economics),
                  [f"{s['runs']} model runs ({s['n']} base points, Saltelli sampling; {s['draws']:,} draws each) "
                   f"on {s['backend']}; factors uniform across the ranges of the one-at-a-time table. First-order: "
                   "the share of the variance a factor explains alone; total: with its interactions. Estimates "
                   "from few points carry sampling noise (an index a little below 0 is 0)."],
                  meta=s)
