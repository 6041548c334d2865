"""Dated pledges as data: what allies promised from Wales 2014 to The Hague 2025, each with its source and kind.

Two sources, both in the rule tree:

- ``hague/rules/tree/pledges/historical-pledges-2014-2024.csv``: 100 pledges announced between the Wales summit
  (September 2014) and the end of 2024 - national share targets, floors, legislated paths and money amounts, and
  two alliance-wide rows (Wales 2014, Vilnius 2023) - each with its announcement date, source URL, kind of
  source and confidence;
- The Hague commitment (``hague-2025.core``: at least 3.5% of GDP on core defence by 2035, adopted 2025-06-25): a
  dated pledge of **every** ally; national plans (``hague.rules.national_plans``) come on top of it.

An alliance-wide pledge is expanded to one pledge per ally it binds (``NATO-2014-wales-2pct-2024.DEU``): Wales
bound the members of 2014 below 2% of GDP (in the NATO series hague ships) when it was made: 24 allies; Vilnius
and The Hague bind every member with armed forces.

Each pledge has a **delivery kind**, the grouping the delivery record is estimated by
(:mod:`hague.models.pledge_delivery`): ``law`` (a floor written into law), ``legislated path`` (a year's value in a
programming law), ``political target`` (a share of GDP by a year, or a floor not in law), ``money`` (an amount in
national currency) and ``alliance-wide`` (a summit pledge).

>>> p = next(p for p in historical_pledges("ROU") if p.id == "ROU-2022-floor2.5-2023")
>>> p.target_value, p.target_year, p.delivery_kind, p.announced_date.isoformat()
(2.5, 2023, 'political target', '2022-03-01')
>>> len(historical_pledges(expand=False)), len([p for p in historical_pledges() if p.source_id.startswith("NATO-2014")])
(100, 24)
>>> hague_pledge("ESP").target_value, hague_pledge("ESP").target_year, hague_pledge("ESP").delivery_kind
(3.5, 2035, 'alliance-wide')
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources

from hague.errors import HagueError

__all__ = ["Pledge", "PledgeDataError", "historical_pledges", "hague_pledge", "read_pledges_csv", "PLEDGES_FILE",
           "DELIVERY_KINDS", "PLEDGE_KINDS"]

PLEDGES_FILE = "hague/rules/tree/pledges/historical-pledges-2014-2024.csv"
PLEDGE_KINDS = ("share_target", "floor", "legislated_path", "amount_target")
DELIVERY_KINDS = ("law", "legislated path", "political target", "money", "alliance-wide")
ROLES = ("headline", "path_step", "amount", "alliance")
SOURCE_KINDS = ("government", "parliament", "law", "NATO", "press", "think_tank")
CONFIDENCE = ("high", "medium", "low")
COLUMNS = ("id", "ally_iso3", "announced", "kind", "target_value", "unit", "target_year", "basis", "source_url",
           "source_kind", "confidence", "superseded_by", "note", "realised_share_in_target_year", "realised_edition",
           "realised_is_estimate", "gap_pp", "outcome", "floor_end_year", "realised_floor_min_to_2025", "role")
#: a floor is ``law`` when its note says it was written into law (an act, an amendment, a statute)
_LAW = re.compile(r"\b(law|act|amendment|statut\w*|Seimas|Saeima|Sejm)\b", re.IGNORECASE)
#: the allies Wales bound: below this share of GDP in the NATO series when it was made (paragraph 14)
WALES_BAR = 2.0


class PledgeDataError(HagueError, ValueError):
    """A pledges file that is not valid: the message names the file, row and column, and what is accepted."""


@dataclass(frozen=True)
class Pledge:
    """One dated pledge of one ally (an alliance-wide row expanded per ally carries ``source_id``)."""

    id: str  # unique: the row id, or ``ROW-ID.ALLY`` for an alliance-wide row
    source_id: str  # the row id in the file (or ``hague-2025.core``)
    ally: str
    announced: str  # as written: YYYY-MM-DD, YYYY-MM or YYYY
    announced_date: date  # the last day ``announced`` allows (no forecast sees a pledge before it was known)
    kind: str  # share_target, floor, legislated_path, amount_target
    delivery_kind: str  # law, legislated path, political target, money, alliance-wide
    target_value: float
    unit: str  # pct_GDP or XXX_bn
    target_year: int | None
    basis: str
    source_url: str
    source_kind: str
    confidence: str
    superseded_by: str | None
    role: str
    note: str
    row: int = 0
    file_realised: float | None = None  # the file's realised share (NATO 2026 edition), for checking only

    @property
    def is_share(self) -> bool:
        return self.unit == "pct_GDP"

    @property
    def origin_year(self) -> int:
        """The last year of data when the pledge was made: the announcement year from July (NATO publishes its
        estimates for the current year in June or July), the year before otherwise."""
        d = self.announced_date
        return d.year if d.month >= 7 else d.year - 1


def _fail(where: str, row: int, column: str, message: str) -> PledgeDataError:
    return PledgeDataError(f"{where}: row {row}, column {column}: {message}")


def read_pledges_csv(text: str, where: str = PLEDGES_FILE) -> tuple[Pledge, ...]:
    """Read and validate a pledges CSV (the columns of the shipped file); errors name the row and column."""
    from hague.allies import resolve
    from hague.rules.national_plans import parse_date

    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise PledgeDataError(f"{where}: row 1: missing column(s) {', '.join(missing)}; accepted: {', '.join(COLUMNS)}")
    out, seen = [], {}
    for n, r in enumerate(reader, start=2):
        r = {k: (v or "").strip() for k, v in r.items() if k is not None}
        pid = r["id"]
        if not pid or pid in seen:
            raise _fail(where, n, "id", f"{pid!r} is empty or repeats row {seen.get(pid)}")
        seen[pid] = n
        ally = r["ally_iso3"]
        if ally != "NATO":
            try:
                if resolve(ally).iso3 != ally:
                    raise HagueError(f"use the ISO3 code, not {ally!r}")
            except HagueError as exc:
                raise _fail(where, n, "ally_iso3", str(exc)) from None
        try:
            ann = parse_date(r["announced"])
        except ValueError as exc:
            raise _fail(where, n, "announced", str(exc)) from None
        if r["kind"] not in PLEDGE_KINDS:
            raise _fail(where, n, "kind", f"{r['kind']!r} not accepted; accepted: {', '.join(PLEDGE_KINDS)}")
        try:
            value = float(r["target_value"])
        except ValueError:
            raise _fail(where, n, "target_value", f"must be a number, got {r['target_value']!r}") from None
        if not (value > 0) or value != value or value == float("inf"):
            raise _fail(where, n, "target_value", f"must be a positive number, got {r['target_value']!r}")
        unit = r["unit"]
        if unit != "pct_GDP" and not re.fullmatch(r"[A-Z]{3}_bn", unit):
            raise _fail(where, n, "unit", f"{unit!r} not accepted; accepted: pct_GDP or a currency in billion (EUR_bn)")
        if unit == "pct_GDP" and value > 100:
            raise _fail(where, n, "target_value", "a share of GDP above 100 is not possible")
        year = None
        if r["target_year"]:
            if not re.fullmatch(r"\d{4}", r["target_year"]):
                raise _fail(where, n, "target_year", f"{r['target_year']!r} is not a year (YYYY or empty)")
            year = int(r["target_year"])
        if r["source_kind"] not in SOURCE_KINDS:
            raise _fail(where, n, "source_kind", f"{r['source_kind']!r} not accepted; accepted: {', '.join(SOURCE_KINDS)}")
        if r["confidence"] not in CONFIDENCE:
            raise _fail(where, n, "confidence", f"{r['confidence']!r} not accepted; accepted: {', '.join(CONFIDENCE)}")
        if not r["source_url"].startswith(("http://", "https://")):
            raise _fail(where, n, "source_url", f"{r['source_url']!r} must be an http(s) URL")
        if r["role"] not in ROLES:
            raise _fail(where, n, "role", f"{r['role']!r} not accepted; accepted: {', '.join(ROLES)}")
        if ally == "NATO":
            dkind = "alliance-wide"
        elif r["kind"] == "amount_target":
            dkind = "money"
        elif r["kind"] == "legislated_path":
            dkind = "legislated path"
        elif r["kind"] == "floor" and (r["source_kind"] == "law" or _LAW.search(r["note"])):
            dkind = "law"
        else:
            dkind = "political target"
        realised = float(r["realised_share_in_target_year"]) if r["realised_share_in_target_year"] else None
        out.append(Pledge(id=pid, source_id=pid, ally=ally, announced=r["announced"], announced_date=ann,
                          kind=r["kind"], delivery_kind=dkind, target_value=value, unit=unit, target_year=year,
                          basis=r["basis"], source_url=r["source_url"], source_kind=r["source_kind"],
                          confidence=r["confidence"], superseded_by=r["superseded_by"] or None, role=r["role"],
                          note=r["note"], row=n, file_realised=realised))
    for p in out:
        if p.superseded_by and p.superseded_by not in seen:
            raise _fail(where, p.row, "superseded_by", f"no row {p.superseded_by!r}")
    return tuple(out)


@lru_cache(maxsize=1)
def _shipped() -> tuple[Pledge, ...]:
    text = resources.files("hague.rules").joinpath("tree", "pledges", "historical-pledges-2014-2024.csv").read_text(
        encoding="utf-8")
    return read_pledges_csv(text)


def _bound_by(p: Pledge, source: str) -> list[str]:
    """The allies an alliance-wide pledge binds (see the module docstring)."""
    from hague.allies import all_allies
    from hague.models.montecarlo.history import share_history

    members = [a.iso3 for a in all_allies() if a.has_armed_forces and a.accession_year <= p.announced_date.year]
    if p.source_id.startswith("NATO-2014-wales"):
        shares = share_history(source).shares
        year = max(p.origin_year, min(min(s) for s in shares.values() if s))
        return [a for a in members if a in shares and shares[a].get(year) is not None and shares[a][year] < WALES_BAR]
    return members


@lru_cache(maxsize=4)
def _expanded(source: str) -> tuple[Pledge, ...]:
    out = []
    for p in _shipped():
        if p.ally != "NATO":
            out.append(p)
            continue
        out += [replace(p, id=f"{p.id}.{a}", ally=a) for a in _bound_by(p, source)]
    return tuple(out)


def historical_pledges(ally: str | None = None, *, as_of: date | None = None, expand: bool = True,
                       source: str = "nato-2026") -> list[Pledge]:
    """The pledges of 2014-2024, in file order.

    Args:
        ally: ISO3 code or name (default: every ally).
        as_of: only pledges announced by this date (judged by the last day their date allows).
        expand: alliance-wide rows as one pledge per ally bound (default), or as the file's single rows.
        source: the share-of-GDP series that decides which allies Wales bound (below 2% when it was made).
    """
    from hague.allies import resolve

    code = resolve(ally).iso3 if ally else None
    rows = _expanded(source) if expand else _shipped()
    return [p for p in rows if (code is None or p.ally == code) and (as_of is None or p.announced_date <= as_of)]


def hague_pledge(ally: str) -> Pledge:
    """The Hague commitment as a dated pledge of ``ally``: at least 3.5% of GDP on core defence by 2035, from
    2025-06-25 (the rule ``hague-2025.core``, with its reference)."""
    from hague.allies import resolve
    from hague.rules.loader import _shipped

    a = resolve(ally)
    rule = _shipped().parameter("hague-2025.core")  # read only: the shipped tree, not a deep copy per ally
    adopted, value = rule.values[0]
    ref = rule.reference[0]
    return Pledge(id=f"hague-2025.core.{a.iso3}", source_id="hague-2025.core", ally=a.iso3,
                  announced=adopted.isoformat(), announced_date=adopted, kind="share_target",
                  delivery_kind="alliance-wide", target_value=float(value), unit="pct_GDP",
                  target_year=rule.target_year, basis="NATO", source_url=ref.href, source_kind="NATO",
                  confidence=rule.confidence or "high", superseded_by=None, role="alliance",
                  note=rule.description, row=0)
