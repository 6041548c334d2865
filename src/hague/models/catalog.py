"""Catalogs of sourced figures: capability targets, unit costs, adversary production.

Each catalog is a YAML file in ``hague/models/catalogs/`` with ``metadata`` and ``entries``. The loader is
strict: an unknown key, a duplicate key, a missing field, a value of the wrong type, a confidence level
outside :data:`CONFIDENCE` or an entry without a source is an error naming the file, the line and the field.
Every entry carries its sources (label and URL; ``url: null`` only where no public URL was found),
its date and its confidence.

>>> t = target("brigades")
>>> t.requirement.low, t.requirement.high, t.confidence
(40.0, 50.0, 'medium')
>>> unit_cost("leopard-2a8").price, unit_cost("leopard-2a8").currency
(27.6, 'EUR')
>>> adversary_entry("ru-shells-efis-2024").per_year
4500000.0
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from hague.columns import table_result
from hague.confidence import CONFIDENCE
from hague.errors import CatalogError, UnknownEntryError
from hague.results import Result
from hague.results import Source as _ResultSource

__all__ = [
    "CatalogError", "UnknownEntryError", "CONFIDENCE", "Source", "Requirement", "Target", "UnitCost",
    "AdversaryEntry", "targets", "target", "unit_costs", "unit_cost", "adversary_entries", "adversary_entry",
    "load_catalog", "areas", "CURRENCY_ALLY", "catalog_source", "target_records", "targets_result", "costs_result",
]

# ---------------------------------------------------------------- strict YAML with line numbers
# One reader for rules and catalogs (hague.rules.loader: compose with start marks, refuse duplicate keys) and one
# confidence vocabulary (hague.confidence).


def _read(name: str, path: str | Path | None = None):
    if path is None:
        text = resources.files("hague.models").joinpath(f"catalogs/{name}.yaml").read_text(encoding="utf-8")
        label = f"catalogs/{name}.yaml"
    else:
        text = Path(path).read_text(encoding="utf-8")
        label = str(path)
    from hague.rules.loader import RuleError, _parse_yaml

    try:
        doc = _parse_yaml(text, label)
    except RuleError as exc:
        raise CatalogError(str(exc)) from None
    if not isinstance(doc, dict) or set(doc) != {"metadata", "entries"} or not isinstance(doc["entries"], list):
        raise CatalogError(f"{label}: expected exactly the top-level keys 'metadata' and 'entries' (a list)")
    return label, doc


# ---------------------------------------------------------------- field checks

_NUM = (int, float)


class _Checker:
    def __init__(self, label: str, m: dict, what: str):
        self.label, self.m, self.what = label, m, what
        self.line = getattr(m, "line", 0)

    def fail(self, msg: str):
        raise CatalogError(f"{self.label}: line {self.line}: {self.what}: {msg}")

    def keys(self, required: set[str], optional: set[str]):
        if not isinstance(self.m, dict):
            self.fail("expected a mapping")
        unknown = set(self.m) - required - optional
        if unknown:
            self.fail(f"unknown key(s) {', '.join(sorted(map(str, unknown)))}; accepted: {', '.join(sorted(required | optional))}")
        missing = required - set(self.m)
        if missing:
            self.fail(f"missing required field(s) {', '.join(sorted(missing))}")

    def str(self, k: str, *, optional=False, choices=None, allow_empty=False) -> str | None:
        v = self.m.get(k)
        if v is None and optional:
            return None
        if isinstance(v, (_dt.date, int, float)) and not isinstance(v, bool):
            v = str(v)
        if not isinstance(v, str) or (not v.strip() and not allow_empty):
            self.fail(f"field {k!r} must be a non-empty text")
        if choices and v not in choices:
            self.fail(f"field {k!r} is {v!r}; accepted: {', '.join(choices)}")
        return v

    def num(self, k: str, *, optional=False, positive=False) -> float | None:
        v = self.m.get(k)
        if v is None and optional:
            return None
        if not isinstance(v, _NUM) or isinstance(v, bool):
            self.fail(f"field {k!r} must be a number")
        if positive and v <= 0:
            self.fail(f"field {k!r} must be positive, got {v}")
        return float(v)

    def sources(self, k: str = "sources") -> tuple[Source, ...]:
        v = self.m.get(k)
        if not isinstance(v, list) or not v:
            self.fail(f"field {k!r} must be a non-empty list of {{label, url}}")
        out = []
        for s in v:
            c = _Checker(self.label, s, f"{self.what} source")
            c.line = getattr(s, "line", self.line)
            c.keys({"label", "url"}, set())
            url = c.str("url", optional=True)
            if url is not None and not url.startswith(("https://", "http://")):
                c.fail(f"url {url!r} must start with https:// (or be null where the notes give none)")
            out.append(Source(c.str("label"), url))
        return tuple(out)


def _range(c: _Checker, central: float, low: float | None, high: float | None) -> tuple[float, float]:
    low = central if low is None else low
    high = central if high is None else high
    if not low <= central <= high:
        c.fail(f"range must satisfy low <= central <= high, got {low} <= {central} <= {high}")
    return low, high


# ---------------------------------------------------------------- entry types


@dataclass(frozen=True)
class Source:
    label: str
    url: str | None

    def __str__(self) -> str:
        return f"{self.label} <{self.url}>" if self.url else f"{self.label} (no public URL found)"


@dataclass(frozen=True)
class Requirement:
    """The alliance-wide quantity behind a target that can be apportioned across allies."""

    value: float
    low: float
    high: float
    unit: str
    scope: str  # NATO (all members) or Europe (members other than the United States and Canada)
    basis: str
    derived: bool
    sources: tuple[Source, ...]
    confidence: str
    ref: str


@dataclass(frozen=True)
class Target:
    id: str
    name: str
    area: str
    statement: str
    change: dict
    unit: str
    scope: str
    date: str
    sources: tuple[Source, ...]
    confidence: str
    ref: str
    notes: str = ""
    requirement: Requirement | None = None

    @property
    def change_text(self) -> str:
        c = self.change
        kind = c.get("kind")
        if kind == "percent_increase":
            return f"+{c['value']:g}%"
        if kind == "multiple":
            return f"x{c['value']:g}"
        if kind == "level":
            to = f"{c['to']:g}"
            if "to_low" in c:
                to = f"{c['to_low']:g}-{c['to_high']:g}"
            return f"{c['from']:g} -> {to}" if "from" in c else f"{to}"
        if kind == "not_found":
            return "no public figure"
        return "qualitative"


@dataclass(frozen=True)
class UnitCost:
    id: str
    system: str
    area: str
    unit: str
    price: float  # million currency units, central
    low: float
    high: float
    currency: str
    price_year: int
    basis: str
    includes: str
    date: str
    sources: tuple[Source, ...]
    confidence: str
    ref: str
    derived: bool = False
    default_for_area: bool = False
    notes: str = ""


_PER = {"year": 1.0, "month": 12.0, "quarter": 4.0}


@dataclass(frozen=True)
class AdversaryEntry:
    id: str
    topic: str
    actor: str
    side: str
    item: str
    kind: str
    value: float
    low: float
    high: float
    unit: str
    per: str
    year: int
    date: str
    sources: tuple[Source, ...]
    confidence: str
    ref: str
    notes: str = ""

    @property
    def per_year(self) -> float | None:
        """The central value as a yearly rate (None for levels and ratios)."""
        return self.value * _PER[self.per] if self.per in _PER else None

    def range_per_year(self) -> tuple[float, float] | None:
        return (self.low * _PER[self.per], self.high * _PER[self.per]) if self.per in _PER else None


# ---------------------------------------------------------------- parsers

_TARGET_KEYS = {"id", "name", "area", "statement", "change", "unit", "scope", "date", "sources", "confidence", "ref"}
_CHANGE_KINDS = ("percent_increase", "multiple", "level", "qualitative", "not_found")
SCOPES = ("NATO", "Europe")


def _parse_target(label: str, m) -> Target:
    c = _Checker(label, m, f"target {m.get('id', '?') if isinstance(m, dict) else '?'}")
    c.keys(_TARGET_KEYS, {"notes", "requirement"})
    ch = m["change"]
    cc = _Checker(label, ch, f"{c.what} change")
    kind = cc.str("kind", choices=_CHANGE_KINDS) if isinstance(ch, dict) else cc.fail("expected a mapping")
    if kind in ("percent_increase", "multiple"):
        cc.keys({"kind", "value"}, set())
        cc.num("value", positive=True)
    elif kind == "level":
        cc.keys({"kind", "to"}, {"from", "to_low", "to_high"})
        for k in ("to", "from", "to_low", "to_high"):
            cc.num(k, optional=k != "to", positive=True)
        if ("to_low" in ch) != ("to_high" in ch):
            cc.fail("give both to_low and to_high, or neither")
    else:
        cc.keys({"kind"}, set())
    req = None
    if "requirement" in m:
        r = m["requirement"]
        rc = _Checker(label, r, f"{c.what} requirement")
        rc.keys({"value", "unit", "scope", "basis", "derived", "sources", "confidence", "ref"}, {"low", "high"})
        v = rc.num("value", positive=True)
        lo, hi = _range(rc, v, rc.num("low", optional=True, positive=True), rc.num("high", optional=True, positive=True))
        if not isinstance(r["derived"], bool):
            rc.fail("field 'derived' must be true or false")
        req = Requirement(v, lo, hi, rc.str("unit"), rc.str("scope", choices=SCOPES), rc.str("basis"), r["derived"],
                          rc.sources(), rc.str("confidence", choices=CONFIDENCE), rc.str("ref"))
    return Target(c.str("id"), c.str("name"), c.str("area"), c.str("statement"), dict(ch), c.str("unit", allow_empty=True),
                  c.str("scope", choices=SCOPES), c.str("date"), c.sources(), c.str("confidence", choices=CONFIDENCE),
                  c.str("ref"), c.str("notes", optional=True) or "", req)


_COST_KEYS = {"id", "system", "area", "unit", "price", "currency", "price_year", "basis", "includes", "date",
              "sources", "confidence", "ref"}
#: currencies a unit cost may be quoted in -> the ally whose NATO deflator and implied exchange rate convert it
CURRENCY_ALLY = {"USD": "USA", "EUR": "DEU", "SEK": "SWE", "NOK": "NOR", "CZK": "CZE", "PLN": "POL", "GBP": "GBR"}


def _parse_cost(label: str, m) -> UnitCost:
    c = _Checker(label, m, f"unit cost {m.get('id', '?') if isinstance(m, dict) else '?'}")
    c.keys(_COST_KEYS, {"derived", "default_for_area", "notes"})
    p = _Checker(label, m["price"], f"{c.what} price")
    p.keys({"central"}, {"low", "high"})
    central = p.num("central", positive=True)
    lo, hi = _range(p, central, p.num("low", optional=True, positive=True), p.num("high", optional=True, positive=True))
    py = m["price_year"]
    if not isinstance(py, int) or isinstance(py, bool) or not 1990 <= py <= 2100:
        c.fail(f"field 'price_year' must be a year, got {py!r}")
    for k in ("derived", "default_for_area"):
        if k in m and not isinstance(m[k], bool):
            c.fail(f"field {k!r} must be true or false")
    return UnitCost(c.str("id"), c.str("system"), c.str("area"), c.str("unit"), central, lo, hi,
                    c.str("currency", choices=tuple(CURRENCY_ALLY)), py, c.str("basis"), c.str("includes"),
                    c.str("date"), c.sources(), c.str("confidence", choices=CONFIDENCE), c.str("ref"),
                    bool(m.get("derived", False)), bool(m.get("default_for_area", False)),
                    c.str("notes", optional=True) or "")


_ADV_KEYS = {"id", "topic", "actor", "side", "item", "kind", "value", "unit", "per", "year", "date", "sources",
             "confidence", "ref"}
_KINDS = ("production", "capacity_target", "plan", "projection", "ratio")


def _parse_adv(label: str, m) -> AdversaryEntry:
    c = _Checker(label, m, f"estimate {m.get('id', '?') if isinstance(m, dict) else '?'}")
    c.keys(_ADV_KEYS, {"notes"})
    v = _Checker(label, m["value"], f"{c.what} value")
    v.keys({"central"}, {"low", "high"})
    central = v.num("central", positive=True)
    lo, hi = _range(v, central, v.num("low", optional=True, positive=True), v.num("high", optional=True, positive=True))
    y = m["year"]
    if not isinstance(y, int) or isinstance(y, bool):
        c.fail(f"field 'year' must be a year, got {y!r}")
    return AdversaryEntry(c.str("id"), c.str("topic"), c.str("actor"), c.str("side", choices=("adversary", "allied")),
                          c.str("item"), c.str("kind", choices=_KINDS), central, lo, hi, c.str("unit"),
                          c.str("per", choices=("year", "month", "quarter", "none")), y, c.str("date"), c.sources(),
                          c.str("confidence", choices=CONFIDENCE), c.str("ref"), c.str("notes", optional=True) or "")


_PARSERS = {"targets": _parse_target, "unit_costs": _parse_cost, "adversary": _parse_adv}


def load_catalog(name: str, path: str | Path | None = None) -> tuple[dict, tuple]:
    """Load and check one catalog (``targets``, ``unit_costs`` or ``adversary``); ``path`` reads another file.

    Returns ``(metadata, entries)``. Raises :class:`CatalogError` naming file, line and field.
    """
    if name not in _PARSERS:
        raise UnknownEntryError(f"unknown catalog {name!r}; accepted: {', '.join(_PARSERS)}")
    label, doc = _read(name, path)
    entries, seen = [], {}
    for m in doc["entries"]:
        e = _PARSERS[name](label, m)
        if e.id in seen:
            raise CatalogError(f"{label}: line {getattr(m, 'line', 0)}: duplicate id {e.id!r} (first at line {seen[e.id]})")
        seen[e.id] = getattr(m, "line", 0)
        entries.append(e)
    if name == "unit_costs":
        defaults: dict[str, str] = {}
        for e in entries:
            if e.default_for_area:
                if e.area in defaults:
                    raise CatalogError(f"{label}: area {e.area!r} has two default systems: {defaults[e.area]}, {e.id}")
                defaults[e.area] = e.id
    return dict(doc["metadata"]), tuple(entries)


@cache
def _cached(name: str) -> tuple[dict, tuple]:
    return load_catalog(name)


def _get(name: str, what: str, key: str):
    entries = _cached(name)[1]
    for e in entries:
        if e.id == key:
            return e
    import difflib

    ids = [e.id for e in entries]
    near = difflib.get_close_matches(key, ids, n=1)
    hint = f"did you mean {near[0]!r}? " if near else ""
    raise UnknownEntryError(f"unknown {what} {key!r}; {hint}accepted: {', '.join(ids)}")


def targets() -> tuple[Target, ...]:
    """The capability-target ledger (public proxies for the June 2025 targets)."""
    return _cached("targets")[1]


def target(key: str) -> Target:
    """One target by id; :class:`UnknownEntryError` lists the accepted ids."""
    return _get("targets", "target", key)


def unit_costs() -> tuple[UnitCost, ...]:
    """The unit-cost catalog."""
    return _cached("unit_costs")[1]


def unit_cost(key: str) -> UnitCost:
    """One system by id; :class:`UnknownEntryError` lists the accepted ids."""
    return _get("unit_costs", "system", key)


def adversary_entries(topic: str | None = None) -> tuple[AdversaryEntry, ...]:
    """Adversary and allied production estimates, optionally of one topic (ammunition, armour, ...)."""
    es = _cached("adversary")[1]
    if topic is None:
        return es
    topics = sorted({e.topic for e in es})
    if topic not in topics:
        raise UnknownEntryError(f"unknown comparison topic {topic!r}; accepted: {', '.join(topics)}")
    return tuple(e for e in es if e.topic == topic)


def adversary_entry(key: str) -> AdversaryEntry:
    return _get("adversary", "estimate", key)


def areas() -> dict[str, str]:
    """Capability area -> its default system id in the unit-cost catalog."""
    return {e.area: e.id for e in unit_costs() if e.default_for_area}


# ------------------------------------------------------------------ the Result of this model's table(s)

def target_records() -> list[dict]:
    """The capability-target ledger as plain rows (id, name, area, statement, change, unit, scope, requirement and
    its range and unit, date, confidence, sources, notes): what ``hague.targets()`` and ``/api/v1/targets`` list."""
    rows = []
    for t in targets():
        rq = t.requirement
        rows.append({"id": t.id, "name": t.name, "area": t.area, "statement": t.statement, "change": t.change_text,
                     "unit": t.unit, "scope": t.scope, "requirement": rq.value if rq else None,
                     "requirement_low": rq.low if rq else None, "requirement_high": rq.high if rq else None,
                     "requirement_unit": rq.unit if rq else None, "date": t.date, "confidence": t.confidence,
                     "sources": "; ".join(str(s) for s in t.sources), "notes": t.notes})
    return rows


def catalog_source(name: str) -> _ResultSource:
    """The provenance entry of one of hague's sourced catalogs (``targets``, ``unit_costs``, ``adversary``)."""

    meta, _ = load_catalog(name)
    return _ResultSource(dataset=f"catalog:{name}", producer="hague catalog (from the cited public sources)",
                  title=" ".join(str(meta.get("title", name)).split()),
                  attribution=" ".join(str(meta.get("reference", "")).split()))


def targets_result() -> Result:
    """``hague targets``: the capability-target ledger (public proxies), each with source, date and confidence."""

    cols = [("id", "Id", ""), ("name", "Capability", ""), ("change", "Change", ""), ("unit", "Unit", ""),
            ("requirement", "Apportionable", ""), ("date", "Date", ""), ("confidence", "Confidence", ""),
            ("source", "Source", "")]
    rows = []
    for t in targets():
        rq = t.requirement
        req = ""
        if rq:
            rng = f" ({rq.low:g}-{rq.high:g})" if rq.low != rq.high else ""
            req = f"{rq.value:g}{rng} {rq.unit}, {rq.scope}"
        rows.append({"id": t.id, "name": t.name, "change": t.change_text, "unit": t.unit, "requirement": req,
                     "date": t.date, "confidence": t.confidence,  # a vocabulary value only (hague.confidence)
                     "source": "; ".join(str(s) for s in t.sources)})
    low = [t.id for t in targets() if t.confidence == "low"]
    footer = ("Public proxies: NATO's June 2025 capability targets are classified. Quotes and "
              "figures from the public sources named on each row. Apportionable = the alliance-wide "
              "quantity `hague targets apportion` splits (derived where marked in the catalog)."
              + (f" Low confidence ({', '.join(low)}): the figure is not in an official text." if low else ""))
    return table_result(cols, rows, title="Capability-target ledger (June 2025 targets, public proxies)",
                        footer=footer, sources=(catalog_source("targets"),))


def costs_result() -> Result:
    """``hague costs``: the unit-cost catalog, prices as published with currency, price year and source."""

    cols = [("id", "Id", ""), ("system", "System", ""), ("area", "Area", ""), ("unit", "Unit", ""),
            ("price", "Price m", "million, currency and year as published"), ("low", "Low m", ""),
            ("high", "High m", ""), ("currency", "Cur.", ""), ("price_year", "Price year", ""),
            ("basis", "Basis", ""), ("includes", "Includes", ""), ("confidence", "Confidence", ""),
            ("source", "Source", "")]
    rows = [{"id": u.id, "system": u.system + (" *" if u.default_for_area else ""), "area": u.area, "unit": u.unit,
             "price": u.price, "low": u.low if u.low != u.price else None,
             "high": u.high if u.high != u.price else None, "currency": u.currency, "price_year": u.price_year,
             "basis": u.basis + (" (derived)" if u.derived else ""), "includes": u.includes,
             "confidence": u.confidence, "source": "; ".join(str(s) for s in u.sources)} for u in unit_costs()]
    footer = ("* = the system that prices its area in `hague buys`. Derived = per-unit price divided out by hague "
              "from the contract total in 'includes'. Order-of-magnitude values from the "
              "public sources named on each row; currency and year as published.")
    return table_result(cols, rows, title="Unit-cost catalog", footer=footer, sources=(catalog_source("unit_costs"),))
