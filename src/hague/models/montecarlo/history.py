"""Share-of-GDP histories for calibration and backtests: NATO editions (core spending) or an imported SIPRI dataset."""

from __future__ import annotations

from dataclasses import dataclass

from hague.data import dataset
from hague.errors import HagueError

__all__ = ["ShareHistory", "share_history"]

INDICATORS = ("core_defence_expenditure_share_gdp", "defence_expenditure_share_gdp", "military_expenditure_share_gdp")


@dataclass(frozen=True)
class ShareHistory:
    """year -> share (percent of GDP) per ally, and the (ally, year) pairs the source marks as estimates."""

    dataset_id: str
    indicator: str
    title: str
    shares: dict[str, dict[int, float]]
    estimates: frozenset[tuple[str, int]]

    @property
    def first(self) -> int:
        return min(min(s) for s in self.shares.values() if s)

    @property
    def last(self) -> int:
        return max(max(s) for s in self.shares.values() if s)

    def truncated(self, origin: int) -> dict[str, dict[int, float]]:
        """Only the years up to ``origin`` (what a forecaster knew then)."""
        return {a: {y: v for y, v in s.items() if y <= origin} for a, s in self.shares.items()}


def share_history(dataset_id: str, allies: tuple[str, ...] | None = None) -> ShareHistory:
    """The share of GDP of every ally with armed forces from ``dataset_id`` (NATO core spending or SIPRI milex)."""
    from hague.allies import all_allies

    ds = dataset(dataset_id)
    ind = next((i for i in INDICATORS if i in ds.indicators()), None)
    if ind is None:
        raise HagueError(f"{dataset_id} has no share of GDP ({' or '.join(INDICATORS)}); a backtest history needs one")
    allies = allies or tuple(a.iso3 for a in all_allies() if a.has_armed_forces)
    shares: dict[str, dict[int, float]] = {a: {} for a in allies}
    est = set()
    for o in ds.rows:
        if o.indicator != ind or o.ally not in shares or o.value is None:
            continue
        if o.value <= 0:  # SIPRI's zeros (no armed forces spending recorded) cannot enter a log-share model
            continue
        shares[o.ally][o.year] = float(o.value)
        if o.estimate:
            est.add((o.ally, o.year))
    return ShareHistory(dataset_id, ind, ds.title, shares, frozenset(est))
