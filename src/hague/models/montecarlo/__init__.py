"""Monte Carlo: how likely is each ally to reach 3.5% of GDP by 2029 and 2035, and how much money is at stake.

The model, its calibration and every parameter are described in docs/economics.md (section "Monte Carlo").
In short, per draw, ally ``i`` and year ``t`` (2026-2035, the base year is 2025):

- real growth and inflation deviate from the projected path (:func:`hague.economics.gdp_path`) by
  ``sigma_i * (lambda_i * f_t + sqrt(1 - lambda_i**2) * e_it)``, with ``f_t`` a factor common to all allies;
  the deviations accumulate into the log level of real and nominal GDP (``R_real``, ``R_nom``);
- the spending share deviates from the scenario's planned share ``s*`` by a persistent execution error
  ``z_t = rho * z_{t-1} + sigma_z_i * u_t`` (log scale);
- ``target`` and ``trend``: the share is ``s* * exp(z)`` (the plan is a share of GDP); ``plan``: the same budgets
  are fixed in national currency, so GDP surprises move the share: ``s* * exp(z - R_nom)``;
- money = share x realised GDP, in constant 2021 USD and in current USD (exchange rates as projected).

Reproducibility: the draws are cut into fixed blocks of :data:`BLOCK` draws; block ``b`` draws from its own stream
``SeedSequence(seed, spawn_key=(b,))`` (identical to ``SeedSequence(seed).spawn(n)[b]``). A task (chunk) is a run
of whole blocks; each returns integer counts and histograms, whose sums do not depend on how blocks are grouped
or in which order tasks finish. So the same seed gives bit-identical probabilities and fans for any chunk size,
process count or Dask cluster. Percentiles are read from the histograms (exact to the bin width: 0.4% of the
share, 0.5% of money; linear within a bin). Half of each block's draws are the antithetic mirror of the other
half (variance reduction; also halves the random numbers needed). The kernel computes the paths of the stored
half only and counts each pair once (the twin's bin is the mirror image; the rare exceptions at a bin edge are
corrected), with the same histograms as binning every draw (docs/economics.md, "Reproducibility and scale").

>>> r = simulate(draws=4000, seed=1, allies=["POL", "DEU"], scenario="target")
>>> r.probability("POL", 2035)  # Poland is at 4.68% in 2026 and holds it; execution risk remains
0.98...
>>> 0.3 < r.probability("DEU", 2035) < 0.7  # Germany's path ends exactly at 3.5%
True
"""

from __future__ import annotations

import math
import time

import numpy as np

from hague.allies import resolve
from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS, dataset
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
from hague.models.montecarlo.scenarios import build_params, national_targets_simulated

__all__ = ["BLOCK", "SCENARIOS", "MAX_DRAWS", "Calibration", "calibrate", "simulate", "SimulationResult",
           "PERCENTILES", "Accumulator", "Params", "build_params", "run_block", "run_chunk",
           "national_targets_simulated"]

# re-exported for callers that import them from here
_REEXPORTS = (BASE_YEAR, GROUPS, LOG_BIN, LOG_BINS, LOG_LO, RAW_COUNT, REVIEW_YEAR, SHARE_BIN, SHARE_BINS, SHARE_LO,
              SPEND, THRESHOLD, _quantiles, _run_dask, np, _chunks, _run)

def simulate(*, draws: int = 10_000, seed: int = 20250625, allies: list[str] | None = None, scenario: str = "trend",
             target: float = THRESHOLD, by: int = HORIZON, workers: int = 1, scheduler: str | None = None,
             chunk_size: int | None = None, progress: bool = False, source: str = DEFAULT_DATASET,
             economics: str = DEFAULT_ECONOMICS) -> SimulationResult:
    """Run the Monte Carlo (see the module docstring and docs/economics.md).

    ``chunk_size`` (draws per task, rounded up to whole blocks), ``workers`` (local processes) and ``scheduler``
    (a Dask scheduler address) change only where and in what grouping the blocks run, never the results.
    """
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws <= 0:
        raise HagueError(f"draws must be a whole number of at least 1, got {draws!r}")
    if draws > MAX_DRAWS:
        raise HagueError(f"draws {draws:,} is more than the {MAX_DRAWS:,} accepted (percentiles are exact to the bin "
                         "width long before that)")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise HagueError(f"seed must be a whole number >= 0, got {seed!r}")
    if scenario not in SCENARIOS:
        raise HagueError(f"unknown scenario {scenario!r}; accepted: {', '.join(SCENARIOS)}")
    if not isinstance(workers, int) or workers < 1:
        raise HagueError(f"workers must be at least 1, got {workers!r}")
    if chunk_size is not None and (not isinstance(chunk_size, int) or chunk_size < 1):
        raise HagueError(f"chunk size must be at least 1 draw, got {chunk_size!r}")
    if not (0 < target < 100) or math.isnan(target):
        raise HagueError(f"target {target} is not a share of GDP in (0, 100)")
    last_data = max(dataset(source).years(f"{SPEND}_share_gdp"))
    if not (last_data < by <= HORIZON):
        raise YearOutOfRangeError(f"target year {by} must come after the last year of data ({last_data}, {source}) "
                                  f"and not after {HORIZON}")
    report = tuple(dict.fromkeys(resolve(a).iso3 for a in allies)) if allies else None
    for a in report or ():
        if not resolve(a).has_armed_forces:
            raise HagueError(f"{resolve(a).name} ({a}) has no armed forces; nothing to simulate")
    cal = calibrate(source=source)
    nat = national_targets_simulated(cal.allies)
    p, cal = build_params(draws=int(draws), seed=int(seed), scenario=scenario, target=target, by=by, source=source,
                          economics=economics, cal=cal, national=nat)
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
    return SimulationResult(draws=p.draws, seed=p.seed, scenario=scenario, target=target, by=by, threshold=THRESHOLD,
                            years=p.years, allies=cal.allies, report_allies=report or cal.allies, acc=acc, params=p,
                            calibration=cal, source=source, economics=economics, national=nat,
                            elapsed=time.perf_counter() - t0, chunks=n_chunks,
                            backend=f"dask {scheduler}" if scheduler else (f"{workers} processes" if workers > 1
                                                                           else "in-process"))
