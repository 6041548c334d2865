"""Monte Carlo: how likely is each ally to reach 3.5% of GDP by 2029 and 2035, and how much money is at stake.

The model, its calibration, every parameter and the backtest that validates it are in docs/economics.md
("Monte Carlo", "Backtest"). In short, per draw, ally ``i`` and year ``t`` after the edition's last year ``y0``:

- the **central path** ``s*`` (:mod:`.central`) is what the ally has said it will do - its stated core path on
  NATO's basis (national plans in the rule tree), or a budget fixed in national currency - else a damped trend;
  scenarios ``plans`` (default), ``trend``, ``target`` and a user's plan file;
- real growth and inflation deviate from the projected path (:func:`hague.economics.gdp_path`) by
  ``sigma_i * (lambda_i * f_t + sqrt(1 - lambda_i**2) * e_it)``, with ``f_t`` a factor common to all allies;
  the deviations accumulate into the log level of real and nominal GDP (``R_real``, ``R_nom``);
- the share deviates from ``s*`` by an execution error ``z`` that is a random walk (its spread grows as
  ``a * h**b`` with the horizon ``h``), scaled per draw by a replicate of the calibration (parameter
  uncertainty) and read out with separate scales above and below the path (skew); where the budget is fixed in
  money, nominal GDP surprises move the share: ``s* * exp(z - R_nom)``;
- money = share x realised GDP, in constant 2021 USD, in national currency and in current USD (exchange rates
  random, one shock per currency).

Reproducibility: the draws are cut into fixed blocks of :data:`BLOCK` draws; block ``b`` draws from its own stream
``SeedSequence(seed, spawn_key=(b,))`` (identical to ``SeedSequence(seed).spawn(n)[b]``). A task (chunk) is a run
of whole blocks; each returns integer counts and histograms, whose sums do not depend on how blocks are grouped
or in which order tasks finish. So the same seed gives bit-identical probabilities and fans for any chunk size,
process count or Dask cluster. Percentiles are read from the histograms (exact to the bin width: 0.4% of the
share, 0.5% of money; linear within a bin). Half of each block's draws are the antithetic mirror of the other
half (variance reduction; also halves the random numbers needed). The kernel computes the paths of the stored
half only and counts each pair once (the twin's bin is the mirror image; the rare exceptions at a bin edge are
corrected), with the same histograms as binning every draw (docs/economics.md, "Reproducibility and scale").

Modules: :mod:`.calibration` (parameters from the data), :mod:`.central` (central paths), :mod:`.scenarios`
(the kernel's inputs), :mod:`.kernel` (one block), :mod:`.runners` (process pool, Dask), :mod:`.result`,
:mod:`.backtest`, :mod:`.progress`.

>>> r = simulate(draws=4000, seed=1, allies=["POL", "ESP"])
>>> r.path_of("ESP").basis, r.probability("ESP", 2029) < 0.15  # Spain: 2.00% in 2026e; The Hague's 3.5% by 2035
('plans', True)
>>> r.probability("POL", 2029) > 0.8  # Poland: 4.68% in 2026e; a fall below 3.5% by 2029 is possible, not likely
True
"""

from __future__ import annotations

import math
import time

import numpy as np

from hague.allies import resolve
from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS
from hague.economics.gdp import HORIZON
from hague.errors import HagueError, YearOutOfRangeError
from hague.models.montecarlo.calibration import Calibration, calibrate
from hague.models.montecarlo.constants import (
    BASE_YEAR,
    BLOCK,
    GROUPS,
    LOG_BIN,
    LOG_BINS,
    LOG_LO,
    MAX_DRAWS,
    PERCENTILES,
    RAW_COUNT,
    REVIEW_YEAR,
    SCENARIOS,
    SHARE_BIN,
    SHARE_BINS,
    SHARE_LO,
    SPEND,
    THRESHOLD,
)
from hague.models.montecarlo.kernel import Accumulator, Params, run_block, run_chunk
from hague.models.montecarlo.progress import _Progress
from hague.models.montecarlo.result import SimulationResult, _quantiles
from hague.models.montecarlo.runners import _chunks, _run, _run_dask, run_blocks
from hague.models.montecarlo.scenarios import (
    build_params,
    central_paths,
    edition_date,
    national_targets_simulated,
    restrict,
)

__all__ = ["BLOCK", "SCENARIOS", "MAX_DRAWS", "Calibration", "calibrate", "simulate", "SimulationResult",
           "PERCENTILES", "Accumulator", "Params", "build_params", "run_block", "run_chunk",
           "national_targets_simulated", "simulate_result"]

# re-exported for callers that import them from here
_REEXPORTS = (BASE_YEAR, GROUPS, LOG_BIN, LOG_BINS, LOG_LO, RAW_COUNT, REVIEW_YEAR, SHARE_BIN, SHARE_BINS, SHARE_LO,
              SPEND, THRESHOLD, _quantiles, _run_dask, np, _chunks, _run)

def simulate(*, draws: int = 10_000, seed: int = 20250625, allies: list[str] | None = None, scenario: str = "plans",
             target: float = THRESHOLD, by: int = HORIZON, workers: int = 1, scheduler: str | None = None,
             chunk_size: int | None = None, progress: bool = False, source: str = DEFAULT_DATASET,
             economics: str = DEFAULT_ECONOMICS, plan: str | None = None,
             edition: str | None = None, totals: bool | None = None) -> SimulationResult:
    """Run the Monte Carlo (see the module docstring and docs/economics.md).

    ``scenario``: ``plans`` (each ally's stated plans where sourced, else the damped trend), ``trend`` or
    ``target`` (a straight line to ``target`` by ``by``). ``plan``: a plan file (the format ``hague plan assess``
    reads) for the one ally in ``allies``. ``edition`` (or ``source``): the NATO edition; the forecast starts after
    its last year. ``chunk_size`` (draws per task, rounded up to whole blocks), ``workers`` (local processes) and
    ``scheduler`` (a Dask scheduler address) change only where and in what grouping the blocks run, never the
    results. ``totals``: simulate the alliance totals (EUCA, USA, NATO); by default only when no ``allies`` are
    named - a run of some allies simulates those allies only (the same figures for them as the all-ally run).
    """
    if edition is not None:
        source = edition
    target, by = THRESHOLD if target is None else target, HORIZON if by is None else by  # None: the rule tree's
    try:
        from hague.data import resolve_edition  # the one edition resolver (result layer)
    except ImportError:
        resolve_edition = None
    if resolve_edition is not None:
        source = resolve_edition(source)
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws <= 0:
        raise HagueError(f"draws must be a whole number of at least 1, got {draws!r}")
    if draws > MAX_DRAWS:
        raise HagueError(f"draws {draws:,} is more than the {MAX_DRAWS:,} accepted (percentiles are exact to the bin "
                         "width long before that)")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise HagueError(f"seed must be a whole number >= 0, got {seed!r}")
    if scenario not in SCENARIOS:
        raise HagueError(f"unknown scenario {scenario!r}; accepted: {', '.join(SCENARIOS)} (or a plan file)")
    if not isinstance(workers, int) or workers < 1:
        raise HagueError(f"workers must be at least 1, got {workers!r}")
    if chunk_size is not None and (not isinstance(chunk_size, int) or chunk_size < 1):
        raise HagueError(f"chunk size must be at least 1 draw, got {chunk_size!r}")
    if math.isnan(target) or not (0 < target <= 20):
        raise HagueError(f"target {target}% of GDP is outside 0-20% of GDP")
    from hague.models.montecarlo.history import share_history

    last_data = share_history(source).last
    if not (last_data < by <= HORIZON):
        raise YearOutOfRangeError(f"target year {by} must come after the last year of data ({last_data}, {source}) "
                                  f"and not after {HORIZON}")
    report = tuple(dict.fromkeys(resolve(a).iso3 for a in allies)) if allies else None
    for a in report or ():
        if not resolve(a).has_armed_forces:
            raise HagueError(f"{resolve(a).name} ({a}) has no armed forces; nothing to simulate")
    plan_shares, plan_ally = None, None
    if plan is not None:
        if not report or len(report) != 1:
            raise HagueError(f"a plan file ({plan}) belongs to one ally: name it with --ally")
        plan_ally = report[0]
        plan_shares = read_plan_shares(plan, first_year=last_data + 1, ally=plan_ally)
    cal = calibrate(source=source, history=economics)
    origin, paths = central_paths(cal.allies, source=source, scenario=scenario, target=target, by=by,
                                  plan=plan_shares, plan_ally=plan_ally, plan_file=plan, economics=economics)
    from hague.data import DEFAULT_DATASET as _default

    nat = national_targets_simulated(cal.allies, origin,
                                     as_of=None if source == _default else edition_date(source))
    p, cal = build_params(draws=int(draws), seed=int(seed), scenario=scenario, target=target, by=by, source=source,
                          economics=economics, cal=cal, national=nat, paths=paths)
    sim_allies, nat_all = cal.allies, nat
    if report and not (totals if totals is not None else False):  # the named allies only, no alliance totals
        p, nat = restrict(p, report, nat)
        sim_allies = report
        paths = [paths[cal.allies.index(a)] for a in report]
    n_blocks = -(-p.draws // BLOCK)
    bar = _Progress(p.draws, progress)
    t0 = time.perf_counter()
    try:  # tasks sized by the slots that run them (runners.plan_chunks)
        acc, n_chunks = run_blocks(p, n_blocks, chunk_size=chunk_size, workers=workers, scheduler=scheduler,
                                   progress=bar)
    finally:
        bar.close()
    if acc.draws != p.draws:  # every block must be counted exactly once
        raise HagueError(f"the back end returned {acc.draws:,} draws instead of {p.draws:,}; results discarded")
    delivered = {}
    if scenario == "plans" and plan is None and any(cp.delivery for cp in paths):
        # the second probability: "if the stated plan is delivered" (as the pledges that were met), same draws
        _, paths_d = central_paths(cal.allies, source=source, scenario=scenario, target=target, by=by,
                                   economics=economics, delivery="delivered")
        p_d, _ = build_params(draws=int(draws), seed=int(seed), scenario=scenario, target=target, by=by,
                              source=source, economics=economics, cal=cal, national=nat_all, paths=paths_d)
        if sim_allies != cal.allies:
            p_d, _ = restrict(p_d, report, nat_all)
            paths_d = [paths_d[cal.allies.index(a)] for a in report]
        acc_d, _ = run_blocks(p_d, n_blocks, chunk_size=chunk_size, workers=workers, scheduler=scheduler,
                              progress=_Progress(p_d.draws, False))
        for i, (cp, cpd) in enumerate(zip(paths, paths_d, strict=True)):
            if cp.delivery and cpd.delivery:
                delivered[cp.ally] = {"p_2029": int(acc_d.hits[0, i]) / acc_d.draws,
                                      "p_2035": int(acc_d.hits[1, i]) / acc_d.draws,
                                      "p_target": int(acc_d.hits[2, i]) / acc_d.draws, "path": cpd}
    return SimulationResult(draws=p.draws, seed=p.seed, scenario="plan file" if plan else scenario, target=target,
                            by=by, threshold=THRESHOLD, years=p.years, allies=sim_allies,
                            report_allies=report or cal.allies, acc=acc, params=p, calibration=cal, source=source,
                            economics=economics, national=nat, paths=paths, delivered=delivered,
                            elapsed=time.perf_counter() - t0, chunks=n_chunks,
                            backend=f"dask {scheduler}" if scheduler else (f"{workers} processes" if workers > 1
                                                                           else "in-process"))


def read_plan_shares(file: str, *, first_year: int, ally: str) -> dict[int, float]:
    """Year -> core share of GDP from a plan file in the format ``hague plan assess`` reads (the plan reader of
    :mod:`hague.rules.plans`); errors name the file and row (missing or duplicate years, shares outside 0-20%)."""
    from hague.models.montecarlo.planfile import read_plan_shares as _read

    return _read(file, first_year=first_year, ally=ally)


def simulate_result(view: str = "probability", **kwargs):
    """:func:`simulate` (same keywords) as a :class:`hague.results.Result`: ``view`` is ``probability`` (default),
    ``fans`` or ``national``; ``simulate(...).result(view)`` does the same for a run you already have.

    >>> r = simulate_result(draws=2048, seed=5, allies=["LTU"])
    >>> r.row(ally="LTU")["basis"], r.row(ally="LTU")["p_2029"] > 0.9  # Lithuania: 5.33% in 2026, 5-6% stated to 2030
    ('plans', True)
    """
    return simulate(**kwargs).result(view)
