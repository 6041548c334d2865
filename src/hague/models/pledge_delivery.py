"""Pledge delivery: how much of the gap to a stated target allies closed by its deadline, on the record since 2014.

A **case** is a dated pledge on NATO's share of GDP (:mod:`hague.rules.pledges`) whose deadline is in the data:
``s0`` is the ally's share in the last year of data when the pledge was made (its *origin*, see
:attr:`hague.rules.pledges.Pledge.origin_year`), ``T`` the pledged share, ``R`` the share NATO reports for the
deadline year. The **delivery fraction** is ``d = (R - s0) / (T - s0)``: 1 = the pledge met exactly, 0 = no
change, above 1 = more than pledged. It is defined where the gap ``T - s0`` is at least :data:`MIN_GAP`
(smaller gaps were met when made and say nothing about delivery).

Cases: share-of-GDP pledges with a deadline year after the year they were made (the budget of the year a pledge is
made is already set), intermediate steps of a path left out (their headline row counts once), superseded pledges
kept (they were the pledge in force when made). Money pledges are kept in the rule tree but are not scored: they
are national-definition amounts (cumulative, increments, or one budget line) with no NATO series to score them
against; the count is printed.

The **model**: the quantiles of ``d`` among the cases whose deadline had passed at the forecast origin, taken from
the cases of the same delivery kind and distance class (gap below or at least :data:`FAR` pp) when there are at
least :data:`MIN_CASES` of them, else the same distance class, else all. The forecast of a pledge's outcome is
``s0 + d_q * (T - s0)`` for each quantile ``q``. It sets the median and the spread of every plan-anchored path
in ``hague simulate`` (:func:`hague.models.montecarlo.central.on_record`).

The **backtest** scores it two ways (docs/economics.md, "Pledge delivery"):

- leave one pledge out: each case forecast from every other case whose pledge is a different one (an
  alliance-wide pledge is left out for all the allies it bound);
- by origin: each case forecast only from the cases whose deadline had passed at its own origin (what a
  forecaster could have known), where there were at least :data:`MIN_CASES`.

Both report coverage of the 50/80/90% intervals, the bias (mean of outcome minus median forecast) and the median
absolute error against two benchmarks: "the pledge met exactly" (``T``) and "no change" (``s0``).

>>> cs = delivery_cases()
>>> c = next(c for c in cs if c.pledge.id == "ROU-2022-floor2.5-2023")
>>> c.s0, c.target, c.realised, round(c.fraction, 2)
(1.86, 2.5, 1.61, -0.39)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from hague.results import COMPUTED, Column, Provenance, Result

__all__ = ["DeliveryCase", "DeliveryModel", "delivery_cases", "delivery_model", "pledge_backtest",
           "PledgeBacktest", "pledge_delivery_result", "pledge_backtest_result", "MIN_GAP", "FAR", "MIN_CASES",
           "QUANTILES", "NOMINALS"]

#: smallest gap (pp) for which a delivery fraction is defined
MIN_GAP = 0.1
#: gaps of at least this many percentage points are "far"; smaller ones "near"
FAR = 0.5
#: fewest cases a group needs before its own quantiles are used
MIN_CASES = 10
QUANTILES = (5, 10, 25, 50, 75, 90, 95)
NOMINALS = (0.5, 0.8, 0.9)
SOURCE = "nato-2026"
SHARE = "core_defence_expenditure_share_gdp"


@dataclass(frozen=True)
class DeliveryCase:
    """One pledge scored against what happened (see the module docstring)."""

    pledge: object  # hague.rules.pledges.Pledge
    origin: int
    s0: float
    target: float
    deadline: int
    realised: float
    estimate: bool  # the deadline year's share is an estimate in the source

    @property
    def gap(self) -> float:
        return self.target - self.s0

    @property
    def scored(self) -> bool:
        return self.gap >= MIN_GAP

    @property
    def fraction(self) -> float | None:
        return (self.realised - self.s0) / self.gap if self.scored else None

    @property
    def distance(self) -> str:
        return distance_class(self.gap)

    @property
    def kind(self) -> str:
        return self.pledge.delivery_kind


def distance_class(gap: float) -> str:
    """``far`` for a gap of at least :data:`FAR` pp, else ``near``."""
    return "far" if gap >= FAR else "near"


@lru_cache(maxsize=4)
def _cases(source: str) -> tuple[tuple[DeliveryCase, ...], dict]:
    from hague.models.montecarlo.history import share_history
    from hague.rules.pledges import historical_pledges

    sh = share_history(source)
    first, last = sh.first, sh.last
    out, skipped = [], {"money": 0, "path step": 0, "no deadline": 0, "deadline in the year made": 0,
                        "deadline after the data": 0, "no data": 0}
    for p in historical_pledges(source=source):
        if not p.is_share:
            skipped["money"] += 1
            continue
        if p.role == "path_step":
            skipped["path step"] += 1
            continue
        if p.target_year is None:
            skipped["no deadline"] += 1
            continue
        if p.target_year <= p.announced_date.year:
            skipped["deadline in the year made"] += 1
            continue
        if p.target_year > last:
            skipped["deadline after the data"] += 1
            continue
        hist = sh.shares.get(p.ally, {})
        origin = max(p.origin_year, first)
        if hist.get(origin) is None or hist.get(p.target_year) is None:
            skipped["no data"] += 1
            continue
        est = (p.ally, p.target_year) in sh.estimates
        out.append(DeliveryCase(p, origin, float(hist[origin]), p.target_value, p.target_year,
                                float(hist[p.target_year]), est))
    return tuple(out), skipped


def delivery_cases(*, source: str = SOURCE) -> list[DeliveryCase]:
    """Every historical pledge on a share of GDP whose deadline is in ``source`` (see the module docstring)."""
    return list(_cases(source)[0])


def _q(values: list[float], qs=QUANTILES) -> dict[int, float]:
    return {q: float(v) for q, v in zip(qs, np.percentile(np.array(values, dtype=float), qs), strict=True)}


@dataclass(frozen=True)
class DeliveryModel:
    """The quantiles of the delivery fraction, by delivery kind and distance class, from ``cases``."""

    cases: tuple[DeliveryCase, ...]
    passed_by: int | None = None  # only cases whose deadline had passed by this year (None: every case given)
    met_only: bool = False  # only the cases that delivered (fraction >= 1): "if the plan is delivered"

    def _pool(self) -> list[DeliveryCase]:
        return [c for c in self.cases if c.scored and (not self.met_only or c.fraction >= 1)]

    def group(self, kind: str, gap: float) -> tuple[str, list[float]]:
        """The cases a pledge of ``kind`` with ``gap`` is forecast from: (label, fractions)."""
        dist = distance_class(gap)
        pool = self._pool()
        same = [c.fraction for c in pool if c.kind == kind and c.distance == dist]
        if len(same) >= MIN_CASES:
            return f"{kind}, {dist}", same
        near = [c.fraction for c in pool if c.distance == dist]
        if len(near) >= MIN_CASES:
            return f"every kind, {dist}", near
        return "every kind and distance", [c.fraction for c in pool]

    def fractions(self, kind: str, gap: float) -> dict[int, float]:
        """Quantiles (5..95) of the delivery fraction for a pledge of ``kind`` with ``gap`` pp to close."""
        _, fr = self.group(kind, gap)
        if not fr:
            raise ValueError("no delivery record to estimate from")
        return _q(fr)

    def forecast(self, s0: float, target: float, kind: str) -> dict[int, float]:
        """Quantiles of the share at the deadline: ``s0 + d_q * (target - s0)``."""
        gap = target - s0
        return {q: s0 + d * gap for q, d in self.fractions(kind, gap).items()}

    def n(self) -> int:
        return len(self._pool())


def delivery_model(origin: int | None = None, *, source: str = SOURCE, met_only: bool = False) -> DeliveryModel:
    """The delivery model from the pledges whose deadline had passed by ``origin`` (default: every case in
    ``source``), and that had been made by then."""
    cs = tuple(c for c in delivery_cases(source=source)
               if origin is None or (c.deadline <= origin and c.origin <= origin))
    return DeliveryModel(cs, passed_by=origin, met_only=met_only)


@dataclass(frozen=True)
class Score:
    case: DeliveryCase
    quantiles: dict[int, float]  # of the share at the deadline
    group: str
    n_train: int

    def covered(self, nominal: float) -> bool:
        lo, hi = {0.5: (25, 75), 0.8: (10, 90), 0.9: (5, 95)}[nominal]
        return self.quantiles[lo] <= self.case.realised <= self.quantiles[hi]


@dataclass(frozen=True)
class PledgeBacktest:
    """Scores of the delivery model on the historical pledges (see the module docstring)."""

    method: str  # "leave one pledge out" or "by origin"
    scores: tuple[Score, ...]
    not_scored: dict  # reason -> count

    @property
    def n(self) -> int:
        return len(self.scores)

    def coverage(self, nominal: float) -> float:
        return sum(s.covered(nominal) for s in self.scores) / self.n if self.n else float("nan")

    def bias(self) -> float:
        """Mean of outcome minus median forecast, pp (positive: outcomes above the forecast)."""
        return float(np.mean([s.case.realised - s.quantiles[50] for s in self.scores])) if self.n else float("nan")

    def mae(self, what: str = "model") -> float:
        """Median absolute error, pp, of the median forecast (``model``), the pledge met exactly (``pledge``) or
        no change (``no change``)."""
        if not self.n:
            return float("nan")
        point = {"model": lambda s: s.quantiles[50], "pledge": lambda s: s.case.target,
                 "no change": lambda s: s.case.s0}[what]
        return float(np.median([abs(s.case.realised - point(s)) for s in self.scores]))

    def above_median(self) -> float:
        return sum(s.case.realised > s.quantiles[50] for s in self.scores) / self.n if self.n else float("nan")

    def row(self) -> dict:
        return {"method": self.method, "n": self.n, "cov_50": self.coverage(0.5), "cov_80": self.coverage(0.8),
                "cov_90": self.coverage(0.9), "above_median": self.above_median(), "bias_pp": self.bias(),
                "mae_model_pp": self.mae("model"), "mae_pledge_pp": self.mae("pledge"),
                "mae_nochange_pp": self.mae("no change")}


def pledge_backtest(method: str = "leave one pledge out", *, source: str = SOURCE) -> PledgeBacktest:
    """Score the delivery model on every historical case (``leave one pledge out`` or ``by origin``)."""
    if method not in ("leave one pledge out", "by origin"):
        raise ValueError(f"unknown method {method!r}; accepted: 'leave one pledge out', 'by origin'")
    cases = [c for c in delivery_cases(source=source) if c.scored]
    scores, skipped = [], {"already met when made (gap < 0.1 pp)": len(delivery_cases(source=source)) - len(cases)}
    for c in cases:
        if method == "by origin":
            train = tuple(o for o in cases if o.deadline <= c.origin and o.origin <= c.origin)
        else:
            train = tuple(o for o in cases if o.pledge.source_id != c.pledge.source_id)
        m = DeliveryModel(train)
        label, fr = m.group(c.kind, c.gap)
        if len(fr) < MIN_CASES:
            skipped[f"fewer than {MIN_CASES} passed deadlines at its origin"] = skipped.get(
                f"fewer than {MIN_CASES} passed deadlines at its origin", 0) + 1
            continue
        scores.append(Score(c, m.forecast(c.s0, c.target, c.kind), label, len(fr)))
    return PledgeBacktest(method, tuple(scores), skipped)


# ---------------------------------------------------------------- results

DELIVERY_COLUMNS = [
    Column("group", "Kind, distance", kind="text", priority=0, description="delivery kind and distance class"),
    Column("n", "Pledges", kind="int", priority=1, description="cases with a passed deadline and a gap >= 0.1 pp",
           origin=COMPUTED, inputs=("historical pledges", SOURCE)),
    Column("d10", "d p10", "fraction of the gap", 2, "number", 3, origin=COMPUTED, inputs=("delivery fraction",)),
    Column("d50", "d median", "fraction of the gap", 2, "number", 1, origin=COMPUTED, inputs=("delivery fraction",)),
    Column("d90", "d p90", "fraction of the gap", 2, "number", 3, origin=COMPUTED, inputs=("delivery fraction",)),
    Column("missed", "Missed", "share of pledges", 2, "number", 2, "share of cases with d < 1", origin=COMPUTED,
           inputs=("delivery fraction",)),
]


def pledge_delivery_result(*, source: str = SOURCE, edition: str | None = None) -> Result:
    """The delivery record: quantiles of the fraction of the gap closed, by delivery kind and distance class
    (``hague backtest --pledges``); ``edition``: a NATO edition by any name, else ``source``."""
    if edition is not None:
        from hague.data import resolve_edition

        source = resolve_edition(edition)
    cases = [c for c in delivery_cases(source=source) if c.scored]
    groups: dict[str, list[float]] = {}
    for c in cases:
        groups.setdefault(f"{c.kind}, {c.distance}", []).append(c.fraction)
        groups.setdefault(f"{c.kind}, any distance", []).append(c.fraction)
        groups.setdefault(f"every kind, {c.distance}", []).append(c.fraction)
    groups["every kind and distance"] = [c.fraction for c in cases]
    rows = []
    for g in sorted(groups, key=lambda k: (k.startswith("every"), k)):
        fr = groups[g]
        q = _q(fr)
        rows.append({"group": g, "n": len(fr), "d10": q[10], "d50": q[50], "d90": q[90],
                     "missed": sum(f < 1 for f in fr) / len(fr)})
    _, skipped = _cases(source)
    notes = [f"d = (share in the deadline year - share when made) / (target - share when made); {len(cases)} "
             f"pledges with a passed deadline and a gap of at least {MIN_GAP} pp. Not scored: "
             + ", ".join(f"{k} {v}" for k, v in skipped.items() if v) + "."]
    return Result("Pledge delivery: the fraction of the gap to a stated target closed by its deadline", rows,
                  DELIVERY_COLUMNS, Provenance.of(source, statement="Pledges: hague/rules/tree/pledges/"
                                                  "historical-pledges-2014-2024.csv (dated, sourced)."), notes)


BACKTEST_COLUMNS = [
    Column("method", "Method", kind="text", priority=0),
    Column("n", "Pledges", kind="int", priority=1, origin=COMPUTED, inputs=("historical pledges",)),
    Column("cov_50", "Cov 50%", "share", 2, "number", 2, origin=COMPUTED, inputs=("delivery model",)),
    Column("cov_80", "Cov 80%", "share", 2, "number", 1, origin=COMPUTED, inputs=("delivery model",)),
    Column("cov_90", "Cov 90%", "share", 2, "number", 2, origin=COMPUTED, inputs=("delivery model",)),
    Column("above_median", "Above median", "share", 2, "number", 3, origin=COMPUTED, inputs=("delivery model",)),
    Column("bias_pp", "Bias", "pp", 2, "number", 2, "mean of outcome minus median forecast", origin=COMPUTED,
           inputs=("delivery model",)),
    Column("mae_model_pp", "MedAE model", "pp", 2, "number", 1, "median absolute error of the median forecast",
           origin=COMPUTED, inputs=("delivery model",)),
    Column("mae_pledge_pp", "MedAE pledge met", "pp", 2, "number", 1, "the same for 'the pledge met exactly'",
           origin=COMPUTED, inputs=("historical pledges",)),
    Column("mae_nochange_pp", "MedAE no change", "pp", 2, "number", 3, origin=COMPUTED, inputs=(SOURCE,)),
]


def pledge_backtest_result(*, source: str = SOURCE, edition: str | None = None) -> Result:
    """The delivery model scored on the historical pledges, leave one pledge out and by origin
    (``hague backtest --pledges``); ``edition``: a NATO edition by any name, else ``source``.

    >>> pledge_backtest_result().row(method="leave one pledge out")["n"]
    65
    """
    if edition is not None:
        from hague.data import resolve_edition

        source = resolve_edition(edition)
    runs = [pledge_backtest(m, source=source) for m in ("leave one pledge out", "by origin")]
    notes = [f"{r.method}: not scored: " + ", ".join(f"{k} {v}" for k, v in r.not_scored.items() if v) + "."
             for r in runs]
    notes.append("Coverage: share of outcomes inside the 50/80/90% interval; bias: mean outcome minus median "
                 "forecast; MedAE: median absolute error of the median forecast, of 'the pledge met exactly' and "
                 "of 'no change' (pp of GDP).")
    return Result("Pledge delivery backtest: plan-anchored forecasts scored on the pledges of 2014-2024",
                  [r.row() for r in runs], BACKTEST_COLUMNS,
                  Provenance.of(source, statement="Pledges: hague/rules/tree/pledges/historical-pledges-2014-2024.csv."),
                  notes)
