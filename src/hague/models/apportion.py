"""Fair-share apportionment of an alliance-wide requirement, solved as a linear programme (HiGHS).

NATO's defence planning "apportions requirements to each Ally as Capability Targets on the basis of a fair
share of the overall requirement" and balances fair share against "reasonable challenge" (NATO
defence planning, as publicly described). This module makes that explicit and reproducible with public data:

**Principles** (weights ``w_i``, normalised to sum to 1 over the allies in scope):

- ``gdp``: share of GDP, current USD (NATO Table 5; Iceland from the IMF WEO);
- ``spending``: share of core defence expenditure, current USD (NATO Table 2) -- i.e. today's effort;
- ``population``: share of population (IMF WEO);
- ``ability``: ability to pay, GDP weighted by GDP per head relative to the scope's GDP per head,
  ``w_i ∝ GDP_i × (GDPpc_i / GDPpc_scope) ** elasticity`` (elasticity 1 by default): richer-per-head allies carry
  more than their GDP share, poorer ones less.

**Bounds** ("reasonable challenge"): a cap ``x_i <= cap × e_i × R``, where ``e_i`` is the ally's current share of
the scope's core defence spending (its *current effort*) and ``R`` the requirement: no ally is asked for more than
``cap`` times its current share of the burden. Minimums: ``x_i >= m × e_i × R`` (a multiple of current effort) or
absolute amounts per ally, in the requirement's unit.

**The programme.** Unbounded, the fair share is ``x_i = w_i × R``. With bounds, hague finds the allocation closest
to proportional: a common level ``t`` is minimised subject to ``x_i <= t × w_i`` (no ally above the level in
proportion to its weight), ``sum x_i = R`` and the bounds. At the optimum every ally pays
``clip(t* × w_i, min_i, cap_i)``: what a capped ally cannot carry is spread over the others in proportion to their
weights ("water filling"). hague computes that solution directly and exactly (:func:`_water_fill`: the level
from the sorted kinks of ``sum_i clip(t w_i, lo_i, hi_i)``, all lines at once, about 1.5x the bare arithmetic and
a few hundred times faster than the solver). A line water filling cannot solve -- allies without a weight hold
their minimum in the programme, so the others' caps can fall short -- goes to HiGHS: allies held at their
minimum are fixed at it and the programme is solved again until none is left, many lines stacked into sparse
programmes of :data:`CHUNK` lines. ``solve_lines(..., method="lp")`` forces the LP; tests check both agree.

Infeasible bounds are detected before solving and reported with the bound that breaks: a minimum above a cap,
caps that cannot add up to the requirement, minimums that add up to more than it.

>>> import numpy as np
>>> x = solve_lines(np.array([100.0]), np.array([0.5, 0.3, 0.2]), lo=np.zeros(3), hi=np.array([40.0, np.inf, np.inf]))
>>> [round(float(v), 6) for v in x[0]]  # A capped at 40; the other 60 split 3:2
[40.0, 36.0, 24.0]
>>> a = apportion("brigades", principle="gdp", year=2026)
>>> round(a.allocation("DEU"), 2), a.requirement, a.unit
(3.89, 45.0, 'brigades')

Long (over 500 lines): the linear programme, its principles and bounds, and its two Results (apportion, compare).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from hague.allies import members, resolve
from hague.columns import records, table_result
from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS
from hague.errors import HagueError, InfeasibleError
from hague.models.catalog import catalog_source
from hague.results import Result

__all__ = ["PRINCIPLES", "InfeasibleError", "Apportionment", "apportion", "compare_principles", "principle_weights",
           "solve_lines", "apportion_result", "compare_principles_result"]

#: principle -> description
PRINCIPLES: dict[str, str] = {
    "gdp": "share of GDP (current USD)",
    "spending": "share of core defence expenditure (current USD): current effort",
    "population": "share of population (IMF WEO)",
    "ability": "ability to pay: GDP x (GDP per head / scope GDP per head) ** elasticity",
}

_TOL = 1e-9


# ---------------------------------------------------------------- the LP core


def _check_lines(R, lo, hi, names, unit, labels=None) -> None:
    """Raise on the first line whose bounds cannot hold (checked for all lines at once, reported line by line)."""
    with np.errstate(invalid="ignore"):
        bad_r = ~np.isfinite(R) | (R < 0)
        bad_pair = lo > hi * (1 + 1e-12) + _TOL
        over = lo.sum(axis=1) > R * (1 + 1e-12) + _TOL
        under = hi.sum(axis=1) < R * (1 - 1e-12) - _TOL
    bad = bad_r | bad_pair.any(axis=1) | over | under
    if not bad.any():
        return
    li = int(np.argmax(bad))
    r = R[li]
    at = f" ({labels[li]})" if labels else ""
    if bad_r[li]:
        raise HagueError(f"requirement must be a non-negative number, got {r}")
    if bad_pair[li].any():
        i = int(np.argmax(bad_pair[li]))
        raise InfeasibleError(
            f"minimum for {names[i]} ({lo[li, i]:,.4g} {unit}) exceeds its cap ({hi[li, i]:,.4g} {unit}){at}; "
            "lower the minimum or raise --cap")
    if over[li]:
        raise InfeasibleError(
            f"minimums add up to {lo[li].sum():,.4g} {unit}, more than the requirement {r:,.4g} {unit}{at}; "
            "lower --min")
    raise InfeasibleError(
        f"caps add up to {hi[li].sum():,.4g} {unit}, less than the requirement {r:,.4g} {unit}{at}; raise --cap")


def solve_lines(R, w, *, lo, hi, names=None, unit: str = "", labels=None, method: str = "auto") -> np.ndarray:
    """Solve many requirement lines at once: ``R`` (L,), weights ``w`` (n,) or (L, n), bounds (n,) or (L, n).

    Returns the allocation, shape (L, n). Raises :class:`InfeasibleError` naming the bound that breaks.

    ``method``: ``auto`` (default) solves every line by water filling (:func:`_water_fill`, exact, no solver) and
    sends to the LP only the lines it cannot solve; ``lp`` solves every line with HiGHS; ``water`` never calls
    the LP (a line it cannot solve raises). Both give the same allocation wherever water filling applies
    (tests/models/test_apportion.py compares them).

    >>> x = solve_lines(np.array([100.0]), np.array([0.5, 0.3, 0.2]), lo=np.array([0, 0, 30.0]), hi=np.full(3, np.inf))
    >>> [round(float(v), 6) for v in x[0]]  # C held at its minimum 30; 70 split 5:3
    [43.75, 26.25, 30.0]
    """
    R = np.atleast_1d(np.asarray(R, dtype=float))
    L = R.shape[0]
    w = np.asarray(w, dtype=float)
    n = w.shape[-1]
    W = np.broadcast_to(w, (L, n)).astype(float)
    if (W < 0).any():
        raise HagueError("weights must be non-negative")
    sums = W.sum(axis=1, keepdims=True)
    if (sums <= 0).any():
        raise HagueError("weights must not all be zero")
    W = W / sums
    LO = np.broadcast_to(np.asarray(lo, dtype=float), (L, n)).copy()
    HI = np.broadcast_to(np.asarray(hi, dtype=float), (L, n)).copy()
    if (LO < 0).any():
        raise HagueError("minimums must be non-negative")
    names = list(names) if names is not None else [f"ally {i + 1}" for i in range(n)]
    _check_lines(R, LO, HI, names, unit, labels)
    if method not in ("auto", "lp", "water"):
        raise HagueError(f"unknown method {method!r}; accepted: auto, lp, water")
    if method == "lp":
        return _solve_lp(R, W, LO, HI)
    x, solved = _water_fill(R, W, LO, HI)
    if solved.all():
        return x
    if method == "water":
        raise InfeasibleError(f"water filling cannot reach the requirement on {int((~solved).sum())} line(s): the "
                              "allies with a weight cannot carry it within their caps (allies without a weight "
                              "pay only their minimum)")
    rest = np.nonzero(~solved)[0]
    x[rest] = _solve_lp(R[rest], W[rest], LO[rest], HI[rest])
    return x


def _water_fill(R, W, LO, HI) -> tuple[np.ndarray, np.ndarray]:
    """Exact water filling, all lines at once: ``x_i = clip(t w_i, lo_i, hi_i)`` with ``sum_i x_i = R``.

    Why it solves the programme: at the LP's optimum every ally not held at its minimum pays
    ``min(hi_i, t* w_i)`` (the level constraint is tight or the cap binds, else ``t`` could fall) and those held
    pay ``lo_i >= t* w_i``, so every ally pays ``clip(t* w_i, lo_i, hi_i)`` -- the fixed point :func:`solve_lines`'
    LP iteration reaches. ``g(t) = sum_i clip(t w_i, lo_i, hi_i)`` is piecewise linear and non-decreasing in ``t``,
    with kinks where an ally leaves its minimum (``t = lo_i / w_i``, slope ``+w_i``) and reaches its cap
    (``t = hi_i / w_i``, slope ``-w_i``); sorting the kinks gives ``g`` at each, and ``t*`` by linear interpolation
    on the segment that crosses ``R``. Allocation is unique: where ``g`` is flat no term moves.

    Returns ``(x, solved)``: ``solved`` is False for a line where ``g`` never reaches ``R`` (allies without a
    weight hold their minimum in the programme, so caps of the others can fall short) or where the allocation
    does not add up to ``R`` within 1e-9; those lines go to the LP.
    """
    L, n = W.shape
    pos = W > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        safe = np.where(pos, W, 1.0)
        a = np.where(pos, LO / safe, np.inf)  # kink: leaves its minimum
        b = np.where(pos, HI / safe, np.inf)  # kink: reaches its cap (inf when uncapped)
    ev = np.concatenate([a, b], axis=1)
    dw = np.concatenate([np.where(pos, W, 0.0), np.where(pos & np.isfinite(b), -W, 0.0)], axis=1)
    order = np.argsort(ev, axis=1, kind="stable")
    ev = np.take_along_axis(ev, order, axis=1)
    slope = np.cumsum(np.take_along_axis(dw, order, axis=1), axis=1)  # slope of g just after each kink
    with np.errstate(invalid="ignore"):
        gap = np.nan_to_num(np.diff(ev, axis=1), nan=0.0, posinf=np.inf)  # inf - inf: past the last kink
        rise = np.where(slope[:, :-1] > 0, slope[:, :-1] * gap, 0.0)  # inf when g rises to infinity
    G = np.concatenate([LO.sum(axis=1, keepdims=True), rise], axis=1).cumsum(axis=1)  # g at each kink
    idx = (G < R[:, None]).sum(axis=1)
    k = np.maximum(idx - 1, 0)
    rows = np.arange(L)
    tk, gk, sk = ev[rows, k], G[rows, k], slope[rows, k]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where((idx > 0) & (sk > 0), tk + (R - gk) / np.where(sk > 0, sk, 1.0), tk)
    t = np.where(np.isfinite(t), t, 0.0)
    x = np.clip(t[:, None] * W, LO, HI)
    solved = (idx < ev.shape[1]) & (np.abs(x.sum(axis=1) - R) <= 1e-9 * np.maximum(R, 1.0))
    return x, solved


def _solve_lp(R, W, LO, HI) -> np.ndarray:
    """The programme solved by HiGHS (see the module docstring), for lines water filling does not solve."""
    L, n = W.shape
    # Allies "pinned" are held at their minimum (no level constraint). Warm start: the level of the
    # water-filling solution estimated by bisection; the LP then decides, and pins are added or dropped
    # until no ally's status changes (lines that changed are solved again, the others are kept).
    lam0 = _level_estimate(R, W, LO, HI)
    Wt0 = W * lam0[:, None]
    pinned = (W <= 0) | ((LO > 0) & (LO >= Wt0 * (1 - 1e-9) - _TOL))
    x = np.empty((L, n))
    todo = np.arange(L)
    for _ in range(n + 2):
        xs, ts = _solve_chunked(R[todo], W[todo], LO[todo], HI[todo], pinned[todo])
        x[todo] = xs
        P, lo, Wt = pinned[todo], LO[todo], W[todo] * ts[:, None]
        add = (~P) & (lo > 0) & (lo >= Wt * (1 - 1e-9) - _TOL)
        drop = P & (W[todo] > 0) & (np.minimum(HI[todo], Wt) > lo * (1 + 1e-9) + _TOL)
        changed = (add | drop).any(axis=1)
        if not changed.any():
            break
        pinned[todo] = (P | add) & ~drop
        todo = todo[changed]
    return x


def _level_estimate(R, W, LO, HI) -> np.ndarray:
    """Per line, the level t with sum_i clip(t w_i, lo_i, hi_i) = R (bisection; a warm start for the LP)."""
    L = R.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        top = np.where(W > 0, np.maximum(np.minimum(HI, R[:, None]), LO) / np.where(W > 0, W, 1), 0.0)
    a, b = np.zeros(L), np.maximum(top.max(axis=1), R)
    for _ in range(60):
        m = (a + b) / 2
        below = np.clip(m[:, None] * W, LO, HI).sum(axis=1) < R
        a, b = np.where(below, m, a), np.where(below, b, m)
    return b


#: lines per stacked LP: the lines are independent, and dual simplex time grows faster than linearly with the
#: programme's size, so blocks of about a hundred lines solve faster than one programme of a thousand
CHUNK = 100


def _solve_chunked(R, W, LO, HI, pinned) -> tuple[np.ndarray, np.ndarray]:
    if R.shape[0] <= CHUNK:
        return _solve_stacked(R, W, LO, HI, pinned)
    parts = [_solve_stacked(R[i:i + CHUNK], W[i:i + CHUNK], LO[i:i + CHUNK], HI[i:i + CHUNK], pinned[i:i + CHUNK])
             for i in range(0, R.shape[0], CHUNK)]
    return np.vstack([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _solve_stacked(R, W, LO, HI, pinned) -> tuple[np.ndarray, np.ndarray]:
    """One sparse LP for all lines: minimise sum of levels t_l; returns (x (L, n), t (L,))."""
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix, csr_matrix

    L, n = W.shape
    nx = L * n
    line_of = np.repeat(np.arange(L), n)
    c = np.concatenate([np.zeros(nx), np.ones(L)])
    A_eq = csr_matrix((np.ones(nx), (line_of, np.arange(nx))), shape=(L, nx + L))
    rows = np.nonzero(~pinned.ravel())[0]
    k = rows.size
    # x_{l,i} - w_{l,i} t_l <= 0 for allies not held at their minimum
    data = np.concatenate([np.ones(k), -W.ravel()[rows]])
    ri = np.concatenate([np.arange(k), np.arange(k)])
    ci = np.concatenate([rows, nx + line_of[rows]])
    A_ub = coo_matrix((data, (ri, ci)), shape=(k, nx + L)).tocsr()
    ub = np.where(pinned, LO, HI).ravel()
    bounds = np.column_stack([np.concatenate([LO.ravel(), np.zeros(L)]),
                              np.concatenate([ub, np.full(L, np.inf)])])
    res = linprog(c, A_ub=A_ub if k else None, b_ub=np.zeros(k) if k else None, A_eq=A_eq, b_eq=R,
                  bounds=bounds, method="highs")
    if res.status != 0:
        raise InfeasibleError(f"the solver (HiGHS) found no allocation: {res.message}")
    return res.x[:nx].reshape(L, n), res.x[nx:]


# ---------------------------------------------------------------- data: weights and current effort


def _scope_members(year: int, scope: str, include: list[str] | None):
    if include:
        allies = [resolve(c) for c in include]
        for a in allies:
            if not a.is_member(year):
                raise HagueError(f"{a.name} ({a.iso3}) was not a member in {year} (joined {a.accession_year})")
        return allies
    ms = [a for a in members(year) if a.has_armed_forces]
    if scope == "Europe":
        ms = [a for a in ms if a.iso3 not in ("USA", "CAN")]
    elif scope != "NATO":
        raise HagueError(f"unknown scope {scope!r}; accepted: NATO, Europe")
    return ms


def principle_weights(principle: str, year: int | None = None, *, allies=None, scope: str = "NATO",
                      elasticity: float = 1.0, source: str = DEFAULT_DATASET,
                      economics: str = DEFAULT_ECONOMICS) -> dict[str, float]:
    """ISO3 -> weight share (sums to 1) under ``principle`` for the allies in scope.

    >>> w = principle_weights("gdp", 2026)
    >>> round(w["USA"], 4), "ISL" in w  # allies with armed forces by default
    (0.5155, False)
    """
    from hague.models.burden import burden_inputs

    if principle not in PRINCIPLES:
        raise HagueError(f"unknown principle {principle!r}; accepted: {', '.join(PRINCIPLES)}")
    inp = burden_inputs(year, source=source, economics=economics)
    allies = _scope_members(inp.year, scope, allies)
    raw = _raw_weights(principle, inp, [a.iso3 for a in allies], elasticity)
    tot = sum(raw.values())
    return {k: v / tot for k, v in raw.items()}


#: largest ability-to-pay elasticity taken: the richest ally per head is about 3x the mean, and 3**10 already
#: gives it nearly all of a requirement (beyond a few hundred the weights overflow)
MAX_ELASTICITY = 10.0
#: units --amount may be given in besides the target's own: money (the requirement as a sum) and plain units
AMOUNT_UNITS = ("units", "USD million", "USD billion", "EUR million", "EUR billion")


def _raw_weights(principle, inp, codes, elasticity) -> dict[str, float]:
    if not math.isfinite(float(elasticity)):
        raise HagueError(f"--elasticity must be a finite number, got {elasticity}")
    if not 0 <= float(elasticity) <= MAX_ELASTICITY:  # below 0 the poorer ally per head pays more; far above, inf
        raise HagueError(f"--elasticity {elasticity:g} is out of range; accepted: 0 to {MAX_ELASTICITY:g} (0: shares "
                         f"of GDP; 1: the default; higher: more from the richer ally per head)")

    def need(d, what):
        miss = [c for c in codes if c not in d]
        if miss:
            raise HagueError(f"{what} missing for {', '.join(miss)} in {inp.year}; principle {principle!r} needs it")
        return d

    if principle == "gdp":
        g = need(inp.gdp, "GDP")
        return {c: g[c] for c in codes}
    if principle == "spending":
        return {c: inp.spend.get(c, 0.0) for c in codes}
    if principle == "population":
        p = need(inp.pop, "population")
        return {c: p[c] for c in codes}
    if principle == "ability":
        g, p = need(inp.gdp, "GDP"), need(inp.pop, "population")
        pc_scope = sum(g[c] for c in codes) / sum(p[c] for c in codes)
        return {c: g[c] * (g[c] / p[c] / pc_scope) ** elasticity for c in codes}
    raise HagueError(f"unknown principle {principle!r}; accepted: {', '.join(PRINCIPLES)}")


# ---------------------------------------------------------------- the public result


@dataclass
class Apportionment:
    """An apportioned requirement: one row per ally (``rows``), with the fair share, the bounds and the result."""

    target: str
    principle: str
    year: int
    requirement: float
    low: float
    high: float
    unit: str
    scope: str
    cap: float | None
    rows: list[dict]
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def allocation(self, code: str) -> float:
        iso3 = resolve(code).iso3
        for r in self.rows:
            if r["code"] == iso3:
                return r["allocated"]
        raise HagueError(f"{iso3} is not in the scope of this apportionment ({self.scope})")

    def frame(self):
        import pandas as pd

        df = pd.DataFrame(self.rows).set_index("code")
        df.attrs.update({"target": self.target, "principle": self.principle, "year": self.year,
                         "requirement": self.requirement, "unit": self.unit, "notes": self.notes})
        return df


def _parse_minimum(minimum, codes, effort, R) -> np.ndarray:
    lo = np.zeros(len(codes))
    if minimum is None:
        return lo
    items = minimum if isinstance(minimum, (list, tuple)) else [minimum]
    for m in items:
        if isinstance(m, dict):
            pairs = list(m.items())
        elif isinstance(m, str) and "=" in m:
            k, _, v = m.partition("=")
            pairs = [(k.strip(), v.strip())]
        else:
            try:
                mult = float(m)
            except (TypeError, ValueError):
                raise HagueError(f"--min {m!r}: expected a multiple of current effort (e.g. 0.5) or ALLY=AMOUNT "
                                 "(e.g. DEU=3)") from None
            if not math.isfinite(mult) or mult < 0:
                raise HagueError(f"--min {m!r}: must be a non-negative number")
            lo = np.maximum(lo, mult * effort * R)
            continue
        for k, v in pairs:
            iso3 = resolve(k).iso3
            if iso3 not in codes:
                raise HagueError(f"--min {k}={v}: {iso3} is not in the scope of this apportionment")
            try:
                val = float(v)
            except (TypeError, ValueError):
                raise HagueError(f"--min {k}={v}: amount must be a number") from None
            if not math.isfinite(val) or val < 0:
                raise HagueError(f"--min {k}={v}: amount must be non-negative")
            i = codes.index(iso3)
            lo[i] = max(lo[i], val)
    return lo


def apportion(target: str | None = None, *, principle: str = "gdp", year: int | None = None, amount: float | None = None,
              unit: str | None = None, cap: float | None = None, minimum=None, scope: str | None = None,
              allies: list[str] | None = None, elasticity: float = 1.0, source: str = DEFAULT_DATASET,
              economics: str = DEFAULT_ECONOMICS) -> Apportionment:
    """Apportion a target's requirement (or ``amount``) across allies under ``principle``.

    ``target`` is an id of the capability-target ledger (:func:`hague.models.catalog.targets`); its requirement
    (central, low, high) is used unless ``amount`` is given. ``cap`` is a multiple of each ally's current
    effort (share of core spending); ``minimum`` a multiple of current effort, ``"ALLY=AMOUNT"`` strings or a
    dict. Raises :class:`InfeasibleError` naming the bound that breaks.

    >>> a = apportion("brigades", principle="gdp", cap=1.2, year=2026)
    >>> a.allocation("ESP") < apportion("brigades", principle="gdp", year=2026).allocation("ESP")  # capped
    True
    """
    from hague.models.burden import burden_inputs
    from hague.models.catalog import target as get_target

    t = get_target(target) if target else None
    if unit is not None:
        own = t.requirement.unit if t and t.requirement else None
        accepted = ([own] if own else []) + list(AMOUNT_UNITS)
        if unit not in accepted:
            raise HagueError(f"--unit {unit!r} is not a unit of this requirement; accepted: {', '.join(accepted)}")
        if amount is None and unit != own:
            raise HagueError(f"--unit {unit!r} needs --amount (it is the unit of --amount); {target}'s own requirement "
                             f"is in {own or 'no unit'}")
    notes: list[str] = []
    srcs: list[str] = []
    if amount is not None:
        amount = float(amount)
        if not math.isfinite(amount) or not 0 <= amount <= 1e12:
            raise HagueError(f"--amount must be a non-negative number up to 1e+12 (in the target's unit), got {amount:g}")
        R = np.array([amount])
        low = high = amount
        unit = unit or (t.requirement.unit if t and t.requirement else "units")
        sc = scope or (t.requirement.scope if t and t.requirement else "NATO")
        notes.append("requirement given by the user (--amount)")
    else:
        if t is None:
            raise HagueError("give a target id or an amount")
        if t.requirement is None:
            raise HagueError(f"target {t.id!r} has no public alliance-wide quantity ({t.change_text}); "
                             "pass --amount N (and --unit)")
        rq = t.requirement
        R = np.array([rq.value, rq.low, rq.high])
        low, high = rq.low, rq.high
        unit = unit or rq.unit
        sc = scope or rq.scope
        notes.append(f"requirement: {rq.basis} ({rq.confidence} confidence{', derived' if rq.derived else ''})")
        srcs += [str(s) for s in rq.sources]
    if principle not in PRINCIPLES:
        raise HagueError(f"unknown principle {principle!r}; accepted: {', '.join(PRINCIPLES)}")
    if cap is not None and (not math.isfinite(cap) or cap <= 0):
        raise HagueError(f"--cap must be a positive multiple of current effort, got {cap}")
    inp = burden_inputs(year, source=source, economics=economics)
    scope_allies = _scope_members(inp.year, sc, allies)
    codes = [a.iso3 for a in scope_allies]
    raw = _raw_weights(principle, inp, codes, elasticity)
    w = np.array([raw[c] for c in codes])
    w = w / w.sum()
    spend = np.array([inp.spend.get(c, 0.0) for c in codes])
    effort = spend / spend.sum()
    rows_lo, rows_hi = [], []
    for r in R:
        rows_lo.append(_parse_minimum(minimum, codes, effort, r))
        rows_hi.append(np.full(len(codes), np.inf) if cap is None else cap * effort * r)
    names = [f"{a.iso3} ({a.name})" for a in scope_allies]
    try:
        labels = ["central requirement", "low end of the range", "high end of the range"][: len(R)] if len(R) > 1 else None
        x = solve_lines(R, w, lo=np.array(rows_lo), hi=np.array(rows_hi), names=names, unit=unit, labels=labels)
    except InfeasibleError as exc:
        if cap is not None and "caps add up" in str(exc):
            raise InfeasibleError(f"{exc} (--cap {cap:g} x current effort allows at most {cap:g} x the requirement "
                                  "when minimums do not bind; it must be at least 1)") from None
        raise
    out = []
    for i, a in enumerate(scope_allies):
        fair = w[i] * R[0]
        xi = float(x[0, i])
        binding = ""
        if cap is not None and xi >= rows_hi[0][i] * (1 - 1e-7) and R[0] > 0:
            binding = "cap"
        elif rows_lo[0][i] > 0 and xi <= rows_lo[0][i] * (1 + 1e-7) and fair < xi * (1 - 1e-9):
            binding = "minimum"
        out.append({
            "code": a.iso3, "name": a.name,
            "weight_share": float(100 * w[i]), "effort_share": float(100 * effort[i]),
            "fair_share": float(fair), "allocated": xi,
            "low": float(x[1, i]) if len(R) > 1 else xi, "high": float(x[2, i]) if len(R) > 1 else xi,
            "vs_fair_pct": float(100 * (xi / fair - 1)) if fair > 0 else None,
            "cap": None if cap is None else float(rows_hi[0][i]),
            "minimum": float(rows_lo[0][i]) if rows_lo[0][i] > 0 else None,
            "binding": binding,
        })
    out.sort(key=lambda r: -r["allocated"])
    if t is not None:
        notes.append(f"target {t.id}: {t.statement!r} ({t.date}, {t.confidence} confidence)")
        srcs += [str(s) for s in t.sources]
    notes.append(f"principle {principle}: {PRINCIPLES[principle]}; year {inp.year}{' (estimate)' if inp.estimate else ''}; "
                 f"scope {sc} ({len(codes)} allies)")
    notes.append("allocations are shares of the requirement, not procurement decisions (fractions are kept)")
    return Apportionment(target=t.id if t else "custom", principle=principle, year=inp.year, requirement=float(R[0]),
                         low=float(low), high=float(high), unit=unit, scope=sc, cap=cap, rows=out, notes=notes,
                         sources=srcs)


def compare_principles(target: str | None = None, *, principles=None, **kw):
    """Side by side: allocation per ally under each principle (pandas DataFrame, one column per principle).

    >>> df = compare_principles("brigades", year=2026)
    >>> list(df.columns)
    ['name', 'effort_share', 'gdp', 'spending', 'population', 'ability']
    >>> round(float(df["gdp"].sum()), 6)
    45.0
    """
    import pandas as pd

    principles = list(principles or PRINCIPLES)
    cols = {}
    base = None
    for p in principles:
        a = apportion(target, principle=p, **kw)
        f = a.frame()
        if base is None:
            base = f[["name", "effort_share"]]
        cols[p] = f["allocated"]
    df = pd.concat([base] + [cols[p].rename(p) for p in principles], axis=1)
    df = df.sort_values(principles[0], ascending=False)
    df.attrs.update({"requirement": a.requirement, "unit": a.unit, "year": a.year, "notes": a.notes,
                     "sources": a.sources})
    return df


# ------------------------------------------------------------------ the Result of this model's table(s)

_APPORTION_COMPUTED = {
    "weight_share": ("principle", "gdp / spending / population of the allies in scope"),
    "effort_share": ("core defence expenditure",), "fair_share": ("requirement", "weight_share"),
    "allocated": ("fair_share", "cap", "minimum", "linear programme (HiGHS)"),
    "low": ("requirement low", "weight_share"), "high": ("requirement high", "weight_share"),
    "vs_fair_pct": ("allocated", "fair_share"), "cap": ("effort_share", "cap multiple"), "minimum": ("minimum",),
    "binding": ("allocated", "cap", "minimum"),
}


def apportion_result(target: str, *, principle: str = "gdp", edition: str | None = None, **kwargs) -> Result:
    """``hague targets apportion TARGET`` as a Result (see :func:`hague.models.apportion.apportion`)."""
    from hague.data import resolve_edition

    source = resolve_edition(edition)
    a = apportion(target, principle=principle, source=source, **kwargs)
    u = a.unit
    cols = [("code", "Code", ""), ("name", "Ally", ""), ("weight_share", "Weight %", f"{a.principle} share"),
            ("effort_share", "Effort %", "share of core spending"), ("fair_share", "Fair share", u),
            ("allocated", "Allocated", u), ("low", "Low", u), ("high", "High", u),
            ("vs_fair_pct", "vs fair %", "percent"), ("cap", "Cap", u), ("minimum", "Min", u), ("binding", "Bound", "")]
    rng = f" (range {a.low:g}-{a.high:g})" if a.low != a.high else ""
    title = f"{a.target}: {a.requirement:g} {u}{rng} apportioned by {a.principle}, {a.year}" + (
        f", cap {a.cap:g}x current effort" if a.cap else "")
    notes = [n.rstrip(".") + "." for n in a.notes]
    if a.sources:
        notes.append("Sources: " + "; ".join(a.sources))
    meta = {"target": a.target, "principle": a.principle, "year": a.year, "requirement": a.requirement, "unit": u}
    return table_result(cols, a.rows, title=title, meta=meta, notes=notes, computed=_APPORTION_COMPUTED,
                        datasets=(source, DEFAULT_ECONOMICS), sources=(catalog_source("targets"),))


def compare_principles_result(target: str, *, edition: str | None = None, **kwargs) -> Result:
    """``hague targets apportion TARGET --compare``: the allocation per ally under every principle."""
    from hague.data import resolve_edition

    source = resolve_edition(edition)
    df = compare_principles(target, source=source, **kwargs)
    keys = list(df.columns)
    cols = [("code", "Code", ""), ("name", "Ally", ""), ("effort_share", "Current effort %", "share of core spending")]
    cols += [(k, k, df.attrs["unit"]) for k in keys if k not in ("name", "effort_share")]
    rows = records(df, keys)
    title = (f"{target}: {df.attrs['requirement']:g} {df.attrs['unit']} apportioned under each principle, "
             f"{df.attrs['year']}")
    notes = [n.rstrip(".") + "." for n in df.attrs["notes"]] + ["Sources: " + "; ".join(df.attrs["sources"])]
    computed = {k: ("requirement", "principle", "allies' GDP, spending, population") for k in keys if k != "name"}
    return table_result(cols, rows, title=title, notes=notes, computed=computed,
                        meta={"target": target, "year": df.attrs["year"], "unit": df.attrs["unit"]},
                        datasets=(source, DEFAULT_ECONOMICS), sources=(catalog_source("targets"),))
