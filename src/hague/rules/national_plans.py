"""National plans as dated data: targets, year-by-year paths, budget laws and drafts, each with its source.

The data is one CSV in the rule tree (``hague/rules/tree/national/plans.csv``), one row per stated figure:

======================  =====================================================================================
column                  meaning
======================  =====================================================================================
``id``                  short id, unique per ally (``core-3.5-2029``); the rule key is ``national.ALLY.ID``
``ally``                ISO3 code
``kind``                ``target_share`` (a share of GDP by a year), ``path_share`` (a share in a year of a
                        stated path), ``path_amount`` (money in a year or over a period), ``budget_law`` (an
                        adopted budget), ``budget_draft`` (a government draft or request)
``year``                the year, a range (``2026-2030``), a fiscal-year range (``2025/26-2029/30``), an
                        open end (``2030+``: from or after that year) or empty (no year stated)
``value``               the figure, in ``unit``; empty when the source gives none (then ``what`` says why)
``value_max``           upper end of a stated range (Lithuania's 5-6 %)
``unit``                ``pct_GDP``, ``pct_GNI``, ``pp_GDP_cumulative`` (percentage points above a base) or
                        ``XXX_bn`` (national currency billion, current prices)
``basis``               ``NATO`` (NATO's definition of defence expenditure) or ``national`` (a national budget
                        definition: never compared with NATO's core series as if it were the same thing)
``includes_related``    ``yes`` when the figure counts defence- and security-related spending too (a 5 % total),
                        ``no`` when the source says core only, empty when the source does not say
``stated_share_gdp``    the share of GDP the source states for a money figure, on the row's basis
``what``                what the source says, in short
``source_url``          the best source found; ``source_kind``: government, parliament, NATO, think_tank, press
``published``           when the source published it: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``
``confidence``          high, medium, low; ``none``/``n/a`` on rows that record that nothing was found
``superseded_on``       when a later statement dropped this plan (same precision rules as ``published``)
``superseded_by``       the id of the row that replaced it
``note``                caveats: where it was read, what is not verified
``amount_type``         money rows only: ``total`` (the whole defence budget on the row's basis), ``increment``
                        (extra money over a stated baseline) or ``part`` (one budget line or programme); a
                        year range makes any of them cumulative over the period
``baseline``            for an increment, what it is added to: ``2.0 pct_GDP`` (a constant share of GDP, from
                        which the implied share is computed) or the words of the source (not computable)
======================  =====================================================================================

Only ``total`` amounts make a money path (:func:`hague.models.montecarlo.central.money_records`): Italy's EUR
3.5 / 7 / 12 bn are increments over a constant 2% of GDP, i.e. 2% of GDP plus the amount (2.5% in 2028), never
a budget of EUR 12 bn. :mod:`hague.rules.money_plans` checks the share each money row implies against the
ally's stated share targets.

Dates given only to the month or year count from the **last** day they allow (``2025-06`` = 30 June 2025),
so ``as_of`` never lets a backtest see a plan before it could have been known.

>>> deu = national_plans("DEU")
>>> [(p.id, p.value, p.unit) for p in deu if p.kind == "budget_law"]
[('law-2026-108.2eur', 108.2, 'EUR_bn'), ('law-2026-82.69eur', 82.69, 'EUR_bn'), ('law-2026-25.51eur', 25.51, 'EUR_bn')]
>>> [p.id for p in national_plans("CZE")]  # the Fiala government's 3 % by 2030 was dropped
['core-2-2026']
>>> [p.id for p in national_plans("CZE", as_of=date(2025, 12, 31))]  # what was known at the end of 2025
['path-2.2-2026', 'core-3-2030']
"""

from __future__ import annotations

import calendar
import csv
import io
import re
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from hague.errors import HagueError

__all__ = ["NationalPlan", "PlanDataError", "national_plans", "read_plans_csv", "KINDS", "UNITS",
           "SOURCE_KINDS", "CONFIDENCE", "OFFICIAL_SOURCE_KINDS", "COLUMNS", "parse_date", "check_confidence"]

KINDS = ("target_share", "path_share", "path_amount", "budget_law", "budget_draft")
SHARE_UNITS = ("pct_GDP", "pct_GNI", "pp_GDP_cumulative")
UNITS = SHARE_UNITS + ("XXX_bn",)
BASES = ("NATO", "national")
#: kinds of source, most authoritative first; press-only figures carry at most medium confidence
SOURCE_KINDS = ("NATO", "government", "parliament", "international", "think_tank", "press")
OFFICIAL_SOURCE_KINDS = ("NATO", "government", "parliament", "international")
CONFIDENCE = ("high", "medium", "low", "none", "n/a")
COLUMNS = ("id", "ally", "kind", "year", "value", "value_max", "unit", "basis", "includes_related",
           "stated_share_gdp", "what", "source_url", "source_kind", "published", "confidence", "superseded_on",
           "superseded_by", "note", "amount_type", "baseline")
#: columns a user's plans file may leave out (then its money rows are untyped and make no money path)
OPTIONAL = ("amount_type", "baseline")
AMOUNT_TYPES = ("total", "increment", "part")
_BASELINE_SHARE = re.compile(r"^(?P<v>\d+(?:\.\d+)?) pct_GDP$")

_ID = re.compile(r"^[a-z0-9][a-z0-9.+-]*$")
_YEAR = re.compile(r"^(?P<a>\d{4})(?:/(?P<af>\d{2}))?(?:-(?P<b>\d{4})(?:/(?P<bf>\d{2}))?|(?P<plus>\+))?$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class PlanDataError(HagueError, ValueError):
    """A national-plans file that is not valid: the message names the file, row and column, and what is accepted."""


@dataclass(frozen=True)
class NationalPlan:
    """One stated national figure (see the module docstring for each field)."""

    id: str
    ally: str
    kind: str
    year: str  # as written: "2026", "2026-2030", "2025/26-2029/30", "2030+", "" (none stated)
    year_from: int | None
    year_to: int | None  # None: open-ended ("2030+") or no year
    value: float | None
    value_max: float | None
    unit: str
    basis: str
    includes_related: bool | None
    stated_share_gdp: float | None
    what: str
    source_url: str | None
    source_kind: str | None
    published: str | None  # as written: YYYY-MM-DD, YYYY-MM or YYYY
    published_date: date | None  # the last day ``published`` allows
    confidence: str
    superseded_on: str | None = None
    superseded_date: date | None = None
    superseded_by: str | None = None
    note: str = ""
    row: int = 0  # line in the CSV file
    amount_type: str | None = None  # money rows: total, increment or part (None: not stated)
    baseline: str | None = None  # increments: "2.0 pct_GDP" or the source's words

    @property
    def baseline_share(self) -> float | None:
        """The baseline of an increment as a share of GDP (``2.0 pct_GDP`` -> 2.0), else None."""
        m = _BASELINE_SHARE.match(self.baseline or "")
        return float(m["v"]) if m else None

    @property
    def cumulative(self) -> bool:
        """True for an amount over several years (a range, or an open end)."""
        return self.year_from is not None and self.year_to != self.year_from

    @property
    def key(self) -> str:
        """The rule key, ``national.ALLY.ID``."""
        return f"national.{self.ally}.{self.id}"

    @property
    def currency(self) -> str | None:
        """ISO currency of a money figure (``EUR_bn`` -> ``EUR``), else None."""
        return self.unit[:-3] if self.unit.endswith("_bn") else None

    @property
    def is_share(self) -> bool:
        return self.unit in SHARE_UNITS

    def superseded_at(self, when: date | None = None) -> bool:
        """True if a later statement had dropped this plan by ``when`` (default: as far as known)."""
        if self.superseded_date is None:
            return False
        return when is None or self.superseded_date <= when

    def to_dict(self) -> dict:
        d = asdict(self)
        for k in ("published_date", "superseded_date"):
            d[k] = d[k].isoformat() if d[k] else None
        d["key"] = self.key
        return d


def parse_date(text: str, *, end: bool = True) -> date:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` as a date: the last day it allows (``end``) or the first.

    >>> parse_date("2025-06"), parse_date("2025"), parse_date("2025-06", end=False)
    (datetime.date(2025, 6, 30), datetime.date(2025, 12, 31), datetime.date(2025, 6, 1))
    """
    if not _DATE.match(text or ""):
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    parts = [int(x) for x in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        y, m = parts
        return date(y, m, calendar.monthrange(y, m)[1] if end else 1)
    return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)


def check_confidence(confidence: str, source_kind: str | None) -> str | None:
    """The problem with a confidence grade for a kind of source, or None.

    High confidence needs an official source (NATO, a government, a parliament, an international organisation);
    a press, think-tank or unknown source gives at most medium.

    >>> check_confidence("high", "press")
    "confidence 'high' needs an official source (NATO, government, parliament, international); a press source gives at most medium"
    >>> check_confidence("medium", "press") is None
    True
    """
    if confidence == "high" and source_kind not in OFFICIAL_SOURCE_KINDS:
        return (f"confidence 'high' needs an official source ({', '.join(OFFICIAL_SOURCE_KINDS)}); a "
                f"{source_kind or 'unknown'} source gives at most medium")
    return None


def _fail(where: str, row: int, column: str | None, message: str) -> PlanDataError:
    col = f", column {column}" if column else ""
    return PlanDataError(f"{where}: row {row}{col}: {message}")


def _num(raw: str, where: str, row: int, column: str) -> float | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        v = float(raw)
    except ValueError:
        raise _fail(where, row, column, f"must be a number, got {raw!r}") from None
    if v != v or v in (float("inf"), float("-inf")) or v < 0:
        raise _fail(where, row, column, f"must be a finite non-negative number, got {raw!r}")
    return v


def read_plans_csv(text: str, where: str = "plans.csv") -> tuple[NationalPlan, ...]:
    """Read and validate a national-plans CSV (the columns in the module docstring); errors name row and column."""
    from hague.allies import resolve

    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in COLUMNS if c not in header and c not in OPTIONAL]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown:
        what = f"missing column(s) {', '.join(missing)}" if missing else f"unknown column(s) {', '.join(unknown)}"
        raise PlanDataError(f"{where}: row 1: {what}; accepted: {', '.join(COLUMNS)}")
    out: list[NationalPlan] = []
    seen: dict[tuple[str, str], int] = {}
    for n, r in enumerate(reader, start=2):
        r = {k: (v or "").strip() for k, v in r.items() if k is not None}
        for k in OPTIONAL:
            r.setdefault(k, "")
        pid = r["id"]
        if not _ID.match(pid):
            raise _fail(where, n, "id", f"{pid!r} must match {_ID.pattern}")
        try:
            ally = resolve(r["ally"]).iso3
        except HagueError as exc:
            raise _fail(where, n, "ally", str(exc)) from None
        if ally != r["ally"]:
            raise _fail(where, n, "ally", f"use the ISO3 code {ally!r}, not {r['ally']!r}")
        if (ally, pid) in seen:
            raise _fail(where, n, "id", f"duplicate id {pid!r} for {ally} (first at row {seen[(ally, pid)]})")
        seen[(ally, pid)] = n
        if r["kind"] not in KINDS:
            raise _fail(where, n, "kind", f"{r['kind']!r} not accepted; accepted: {', '.join(KINDS)}")
        year_from = year_to = None
        if r["year"]:
            m = _YEAR.match(r["year"])
            if not m:
                raise _fail(where, n, "year", f"{r['year']!r} is not a year; accepted: 2026, 2026-2030, "
                                              "2025/26-2029/30, 2030+ or empty")
            year_from = int(m["a"])
            year_to = None if m["plus"] else int(m["b"] or m["a"])
            if year_to is not None and year_to < year_from:
                raise _fail(where, n, "year", f"range {r['year']!r} ends before it starts")
        value = _num(r["value"], where, n, "value")
        value_max = _num(r["value_max"], where, n, "value_max")
        if value_max is not None and (value is None or value_max < value):
            raise _fail(where, n, "value_max", f"{value_max:g} must be at least value ({r['value'] or 'empty'})")
        unit = r["unit"]
        if value is not None and not (unit in SHARE_UNITS or re.fullmatch(r"[A-Z]{3}_bn", unit)):
            raise _fail(where, n, "unit", f"{unit!r} not accepted; accepted: {', '.join(SHARE_UNITS)} or "
                                          "a currency in billion such as EUR_bn")
        if unit.endswith("_bn"):
            cur = unit[:-3]
            a = resolve(ally)
            if a.currency and cur != a.currency:
                raise _fail(where, n, "unit", f"{a.name} reports in {a.currency}; {unit!r} is another currency")
        if r["basis"] not in BASES:
            raise _fail(where, n, "basis", f"{r['basis']!r} not accepted; accepted: {', '.join(BASES)}")
        inc = {"yes": True, "no": False, "": None}.get(r["includes_related"], "bad")
        if inc == "bad":
            raise _fail(where, n, "includes_related", f"{r['includes_related']!r} not accepted; accepted: yes, no, empty")
        share = _num(r["stated_share_gdp"], where, n, "stated_share_gdp")
        if (share is not None and share > 100) or (value is not None and unit in SHARE_UNITS and value > 100):
            raise _fail(where, n, "value", "a share of GDP above 100 is not possible")
        if not r["what"]:
            raise _fail(where, n, "what", "missing: say what the source states")
        url = r["source_url"] or None
        if url is not None and not url.startswith(("http://", "https://")):
            if not url.startswith("github:"):
                raise _fail(where, n, "source_url", f"{url!r} must be an http(s) URL")
        skind = r["source_kind"] or None
        if skind is not None and skind not in SOURCE_KINDS:
            raise _fail(where, n, "source_kind", f"{skind!r} not accepted; accepted: {', '.join(SOURCE_KINDS)}")
        conf = r["confidence"]
        if conf not in CONFIDENCE:
            raise _fail(where, n, "confidence", f"{conf!r} not accepted; accepted: {', '.join(CONFIDENCE)}")
        if value is not None and (url is None or conf in ("none", "n/a")):
            raise _fail(where, n, "source_url", "a figure needs a source URL and a confidence grade")
        problem = check_confidence(conf, skind)
        if problem:
            raise _fail(where, n, "confidence", problem)
        pub = pub_date = None
        if r["published"]:
            try:
                pub, pub_date = r["published"], parse_date(r["published"])
            except ValueError as exc:
                raise _fail(where, n, "published", str(exc)) from None
        elif value is not None:
            raise _fail(where, n, "published", "a figure needs the date its source published it")
        sup_on = sup_date = None
        if r["superseded_on"]:
            try:
                sup_on, sup_date = r["superseded_on"], parse_date(r["superseded_on"])
            except ValueError as exc:
                raise _fail(where, n, "superseded_on", str(exc)) from None
            if not r["superseded_by"]:
                raise _fail(where, n, "superseded_by", "a superseded plan names the row that replaced it")
        elif r["superseded_by"]:
            raise _fail(where, n, "superseded_on", "give the date the plan was dropped")
        atype, base = r["amount_type"] or None, r["baseline"] or None
        if atype is not None and atype not in AMOUNT_TYPES:
            raise _fail(where, n, "amount_type", f"{atype!r} not accepted; accepted: {', '.join(AMOUNT_TYPES)} "
                                                 "(money rows only)")
        if atype is not None and not unit.endswith("_bn"):
            raise _fail(where, n, "amount_type", f"only money rows have an amount type; this row is in {unit!r}")
        if "amount_type" in header and unit.endswith("_bn") and value is not None and atype is None:
            raise _fail(where, n, "amount_type", f"a money row says what it is; accepted: {', '.join(AMOUNT_TYPES)}")
        if atype == "increment" and base is None:
            raise _fail(where, n, "baseline", "an increment names its baseline (e.g. '2.0 pct_GDP' or the "
                                              "source's words)")
        if atype != "increment" and base is not None:
            raise _fail(where, n, "baseline", "only an increment has a baseline")
        out.append(NationalPlan(
            id=pid, ally=ally, kind=r["kind"], year=r["year"], year_from=year_from, year_to=year_to, value=value,
            value_max=value_max, unit=unit, basis=r["basis"], includes_related=inc, stated_share_gdp=share,
            what=" ".join(r["what"].split()), source_url=url, source_kind=skind, published=pub,
            published_date=pub_date, confidence=conf, superseded_on=sup_on, superseded_date=sup_date,
            superseded_by=r["superseded_by"] or None, note=r["note"], row=n, amount_type=atype, baseline=base))
    ids = {(p.ally, p.id) for p in out}
    for p in out:
        if p.superseded_by and (p.ally, p.superseded_by) not in ids:
            raise _fail(where, p.row, "superseded_by", f"{p.ally} has no row {p.superseded_by!r}")
    return tuple(out)


PLANS_FILE = "hague/rules/tree/national/plans.csv"


@lru_cache(maxsize=1)
def _shipped_plans() -> tuple[NationalPlan, ...]:
    text = resources.files("hague.rules").joinpath("tree", "national", "plans.csv").read_text(encoding="utf-8")
    return read_plans_csv(text, PLANS_FILE)


def national_plans(ally: str | None = None, *, as_of: date | None = None, include_superseded: bool = False,
                   kind: str | None = None) -> list[NationalPlan]:
    """The national plans (targets, paths, budget laws and drafts), in file order.

    Args:
        ally: ISO3 code or name (default: every ally).
        as_of: only what had been published by this date, judged as it stood then (a plan dropped later is still
            current on that date). Rows without a publication date are left out. For backtests: no leakage.
        include_superseded: also return plans that a later statement dropped (they carry ``superseded_by``).
        kind: only one kind (``target_share``, ``path_share``, ``path_amount``, ``budget_law``, ``budget_draft``).

    >>> [(p.id, p.value, p.confidence) for p in national_plans("GBR", kind="target_share")][:2]
    [('core-2.5-2027', 2.5, 'medium'), ('total-4.1-2027', 4.1, 'high')]
    >>> len(national_plans(include_superseded=True))
    108
    """
    from hague.allies import resolve

    if kind is not None and kind not in KINDS:
        raise PlanDataError(f"unknown kind {kind!r}; accepted: {', '.join(KINDS)}")
    if as_of is not None and not isinstance(as_of, date):
        raise PlanDataError(f"as_of must be a date, got {as_of!r}")
    code = resolve(ally).iso3 if ally else None
    out = []
    for p in _shipped_plans():
        if code and p.ally != code or kind and p.kind != kind:
            continue
        if as_of is not None and (p.published_date is None or p.published_date > as_of):
            continue
        if not include_superseded and p.superseded_at(as_of):
            continue
        out.append(p)
    return out


def _basis_label(p: NationalPlan) -> str:
    if p.basis == "national":
        return "national definition (not comparable with NATO's core series)"
    if p.unit == "pct_GNI":
        return "share of GNI, not GDP (not comparable with NATO's share of GDP)"
    if p.includes_related:
        return "The Hague total (core plus related)"
    return "NATO definition"
