"""Money against delivery: orders and deliveries by capability, investment, Ukraine support and dependence.

Everything here is computed from files the user imported (``hague data import sipri-trade|sipri-deliveries|kiel
FILE``) or that hague ships (Eurostat ``gov_ev``, Statskontoret's outturn), read by :mod:`hague.sources` and
stored by :mod:`hague.sources.delivery_store`; each function builds its own :class:`~hague.results.Result`.

- **Capability ledger** (:func:`ledger`, :func:`delivery_result`): every deal of SIPRI's trade register whose
  recipient is an ally, put in a capability area by its weapon description (``catalogs/delivery.yaml``): ordered,
  delivered (cumulative to the register's last year) and outstanding units, deal counts, SIPRI TIV, years.
  Outstanding = ordered - delivered over the deals whose number ordered is known; deals without a number are
  counted apart. Unit counts are summed only within one system; across systems a capability shows deals and TIV.
- **Headline systems** (:func:`system_summary`): F-35 and PAC-3 MSE with the delivery rate of the register's last
  year from the per-year deliveries file, and the years the outstanding units take at that rate.
- **Investment cross-check** (:func:`investment_result`): Eurostat's defence investment (P51G, COFOG 02) against
  NATO's equipment expenditure (equipment share x core spending, national currency) for the EU allies.
- **Sweden nowcast** (:func:`sweden_nowcast_result`): the months published so far of appropriations 1:3 and 1:14
  against the same months a year earlier and against the Budget Bill.
- **Ukraine support** (:func:`kiel_allocations`, :func:`ukraine_result`): Kiel allocations per ally and year
  beside NATO's core share, and a "without Ukraine aid" core share where a budget identifies the aid.
- **Dependence** (:func:`dependence_result`, :func:`exporters_result`): suppliers' shares of each ally's arms
  imports (TIV), the US share and a concentration index; China's exports beside Russia's.

SIPRI counts **major conventional weapons only**: no small arms and no ammunition other than guided missiles,
guided shells and bombs listed as weapons (:data:`HONESTY`); ammunition output is in ``hague compare
ammunition``, with NATO's and Russia's own sourced rows.

Long (over 500 lines): every view of ``hague delivery`` (ledger, systems, Ukraine, investment, dependence, exporters) and its Result, over one shared ledger.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources

from hague.errors import HagueError
from hague.results import COMPUTED, Column, Provenance, Result, Source

__all__ = ["HONESTY", "capabilities", "capability_of", "systems", "ledger", "delivery_result", "system_summary",
           "systems_result", "capability_history", "kiel_allocations", "ukraine_result", "investment_result",
           "sweden_nowcast_result", "dependence_result", "exporters_result", "delivery_sources", "register_meta",
           "ukraine_in_budget", "sources_result"]

HONESTY = ("SIPRI counts major conventional weapons only: no small arms and no ammunition other than guided "
           "missiles, guided shells and guided bombs listed as weapons (ammunition output: hague compare ammunition).")


# --- catalog ------------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _catalog() -> dict:
    from hague.rules.yaml_lines import parse_yaml

    label = "catalogs/delivery.yaml"
    text = resources.files("hague.models").joinpath("catalogs/delivery.yaml").read_text(encoding="utf-8")
    doc = parse_yaml(text, label)
    caps = []
    for i, c in enumerate(doc["capabilities"]):
        if set(c) != {"key", "name", "target", "patterns"}:
            raise HagueError(f"{label}: capability {i + 1}: keys {sorted(c)}; expected key, name, target, patterns")
        caps.append({"key": c["key"], "name": c["name"], "target": c["target"],
                     "rx": re.compile("|".join(f"(?:{p})" for p in c["patterns"]), re.IGNORECASE)})
    syss = []
    keys = {c["key"] for c in caps}
    for s in doc["systems"]:
        if s["capability"] not in keys:
            raise HagueError(f"{label}: system {s['key']!r}: unknown capability {s['capability']!r}")
        syss.append({**s, "rx": re.compile(s["designation"])})
    return {"capabilities": caps, "systems": syss, "ukraine": list(doc["ukraine_in_budget"]),
            "honesty": doc["metadata"]["honesty"]}


def capabilities() -> list[dict]:
    """The capability areas (key, name, the capability target they serve), in the catalog's order.

    >>> [c["key"] for c in capabilities()][:3]
    ['air-missile-defence', 'combat-air', 'armour']
    """
    return [{k: c[k] for k in ("key", "name", "target")} for c in _catalog()["capabilities"]]


def _capability(key: str) -> dict:
    for c in _catalog()["capabilities"]:
        if c["key"] == key:
            return c
    raise HagueError(f"unknown capability {key!r}; accepted: {', '.join(c['key'] for c in capabilities())}")


@lru_cache(maxsize=4096)
def capability_of(description: str) -> str:
    """The capability area of a SIPRI weapon description (first pattern that matches; ``other`` if none).

    >>> capability_of("FGA aircraft"), capability_of("SAM system"), capability_of("surface-to-air missile")
    ('combat-air', 'air-missile-defence', 'air-missile-defence')
    >>> capability_of("anti-ship missile"), capability_of("aircraft engine")
    ('naval', 'other')
    """
    for c in _catalog()["capabilities"]:
        if c["rx"].search(description):
            return c["key"]
    return "other"  # pragma: no cover - 'other' matches everything


def systems() -> list[dict]:
    """The headline systems (key, name, designation pattern, capability, recipients counted)."""
    return [{k: v for k, v in s.items() if k != "rx"} for s in _catalog()["systems"]]


def _system(key: str) -> dict:
    k = key.strip().lower()
    for s in _catalog()["systems"]:
        if k in (s["key"], s["name"].lower()):
            return s
    raise HagueError(f"unknown system {key!r}; accepted: {', '.join(s['key'] for s in _catalog()['systems'])}")


# --- data access ---------------------------------------------------------------------------------------------------

def _load(kind: str, dataset_id: str | None = None):
    from hague.sources.delivery_store import load_delivery

    return load_delivery(kind, dataset_id)


def _source(meta: dict) -> Source:
    clean = lambda k: " ".join(str(meta.get(k, "") or "").split())  # noqa: E731
    return Source(dataset=clean("id"), edition=clean("edition"), producer=clean("producer"), title=clean("title"),
                  url=clean("url"), licence=clean("licence"),
                  attribution=f"{clean('attribution')} ({clean('title')}, {clean('edition')})")


def _prov(*metas: dict, nato: str | None = None, statement: str = "") -> Provenance:
    srcs = [_source(m) for m in metas if m]
    if nato:
        srcs.append(Source.of(nato))
    return Provenance(tuple(srcs), statement=statement)


def register_meta(register: str | None = None) -> dict:
    """The sidecar of the trade register used (default: the newest imported register of every deal)."""
    return _load("sipri-trade", register)[1]


def delivery_sources() -> list[dict]:
    """Every delivery/investment/support dataset available (shipped and imported): id, kind, edition, origin."""
    from hague.sources.delivery_store import delivery_datasets

    return [{k: d[k] for k in ("id", "kind", "edition", "origin")} for d in delivery_datasets()]


def sources_result() -> Result:
    """Every delivery, investment and support dataset hague can use: shipped (Eurostat, Statskontoret) and imported
    (SIPRI, Kiel), with kind, edition, producer, licence, the stored file's SHA-256 and what it covers."""
    from hague.sources.delivery_store import delivery_datasets

    rows = []
    for d in delivery_datasets():
        m = d["meta"]
        f = (m.get("files") or [{}])[0]
        rows.append({"kind": "dataset", "id": d["id"], "source_kind": d["kind"], "edition": d["edition"],
                     "origin": d["origin"], "producer": m.get("producer", ""), "coverage": m.get("coverage", ""),
                     "licence": m.get("licence", ""), "sha256": str(f.get("sha256", ""))[:16],
                     "warnings": len(m.get("warnings") or [])})
    cols = [Column("id", "Dataset", kind="text", priority=0), Column("source_kind", "Kind", kind="text", priority=1),
            Column("edition", "Edition", kind="text", priority=1), Column("origin", "Origin", kind="text", priority=2),
            Column("producer", "Producer", kind="text", priority=4), Column("coverage", "Coverage", kind="text", priority=5),
            Column("licence", "Licence", kind="text", priority=6),
            Column("sha256", "SHA-256 (first 16)", kind="text", priority=3, description="of the stored file"),
            Column("warnings", "Warnings", "count", None, "int", 4, "reader warnings recorded on import")]
    notes = ["Shipped: Eurostat gov_ev (reuse with attribution) and Statskontoret (CC0). SIPRI and Kiel restrict "
             "redistribution: import your own copies (hague data import sipri-trade|sipri-deliveries|kiel FILE)."]
    return Result("Delivery, investment and support datasets (shipped and imported)", rows, cols, Provenance(), notes)


def ledger(*, register: str | None = None) -> list[dict]:
    """Every deal of the register whose recipient is an ally, with its capability area (one dict per deal)."""
    reg, meta = _load("sipri-trade", register)
    return _ledger(reg)


_LEDGER: dict = {}


def _ledger(reg) -> list[dict]:
    key = id(reg)
    if key in _LEDGER:
        return _LEDGER[key]
    out = []
    for d in reg.deals:
        if d.recipient_iso3 is None:
            continue
        out.append({"ally": d.recipient_iso3, "recipient": d.recipient, "supplier": d.supplier,
                    "capability": capability_of(d.description), "designation": d.designation,
                    "description": d.description, "order_year": d.order_year, "ordered": d.ordered,
                    "delivered": d.delivered, "delivery_years": d.delivery_years,
                    "uncertain": d.order_year_uncertain or d.ordered_uncertain or d.delivered_uncertain,
                    "tiv_order": d.tiv_order, "tiv_delivered": d.tiv_delivered, "comments": d.comments,
                    "status": d.status, "line": d.line})
    _LEDGER.clear()
    _LEDGER[key] = out
    return out


def _resolve_ally(ally: str | None) -> str | None:
    if ally is None:
        return None
    from hague.allies import resolve

    return resolve(ally).iso3


def _ally_name(iso3: str) -> str:
    from hague.allies import resolve

    return resolve(iso3).name


# --- aggregation ---------------------------------------------------------------------------------------------------

def _aggregate(deals: list[dict]) -> dict:
    known = [d for d in deals if d["ordered"] is not None]
    ordered = sum(d["ordered"] for d in known)
    delivered = sum(d["delivered"] or 0 for d in deals)
    delivered_known = sum(d["delivered"] or 0 for d in known)
    ys = [y for d in deals for y in d["delivery_years"]]
    oys = [d["order_year"] for d in deals if d["order_year"]]
    return {"deals": len(deals), "deals_number_unknown": len(deals) - len(known), "ordered": ordered if known else None,
            "delivered": delivered, "outstanding": max(ordered - delivered_known, 0) if known else None,
            "tiv_order": sum(d["tiv_order"] or 0 for d in deals), "tiv_delivered": sum(d["tiv_delivered"] or 0 for d in deals),
            "first_order": min(oys) if oys else None, "last_order": max(oys) if oys else None,
            "last_delivery": max(ys) if ys else None,
            "uncertain": sum(1 for d in deals if d["uncertain"])}


_COMMON = [
    Column("deals", "Deals", "deals", None, "int", 1, "deals in SIPRI's register (one row each)"),
    Column("ordered", "Ordered", "units", None, "int", 2,
           "units ordered, over the deals with a known number", COMPUTED, ("sipri-trade: Number ordered",)),
    Column("delivered", "Delivered", "units", None, "int", 2,
           "units delivered, cumulative to the register's last year", COMPUTED, ("sipri-trade: Number delivered",)),
    Column("outstanding", "To come", "units", None, "int", 2,
           "ordered - delivered over the deals with a known number ordered", COMPUTED,
           ("sipri-trade: Number ordered", "sipri-trade: Number delivered")),
    Column("deals_number_unknown", "No number", "deals", None, "int", 6,
           "deals whose number ordered SIPRI does not know yet (not in Ordered)"),
    Column("tiv_order", "TIV ordered", "SIPRI TIV million", 0, "number", 4,
           "SIPRI trend-indicator value of the orders (a volume of military capability, not money)", COMPUTED,
           ("sipri-trade: SIPRI TIV for total order",)),
    Column("tiv_delivered", "TIV delivered", "SIPRI TIV million", 0, "number", 4,
           "SIPRI trend-indicator value of the deliveries", COMPUTED, ("sipri-trade: SIPRI TIV of delivered weapons",)),
    Column("first_order", "First order", "year", None, "year", 5),
    Column("last_delivery", "Last delivery", "year", None, "year", 5),
    Column("uncertain", "Uncertain", "deals", None, "int", 7, "deals with a '?' on the order year or a number"),
]


def _register_notes(meta: dict) -> list[str]:
    return [f"Register: {meta.get('id')} ({meta.get('coverage')}).", HONESTY]


def delivery_result(ally: str | None = None, capability: str | None = None, *, system: str | None = None,
                    register: str | None = None) -> Result:
    """Orders, deliveries and what is still to come, from SIPRI's trade register.

    - no ``ally``/``capability``: one row per capability area, all allies together;
    - ``ally``: one row per capability area for that ally;
    - ``capability``: one row per ally for that area (plus the total);
    - both: one row per system (designation) of that ally and area;
    - ``system`` (``f-35``, ``pac-3-mse``, ...): one row per ally ordering that system, plus the total.

    Raises :class:`~hague.sources.delivery_store.NotImportedError` if no register is imported.
    """
    reg, meta = _load("sipri-trade", register)
    rows_all = _ledger(reg)
    a = _resolve_ally(ally)
    if capability is not None:
        capability = _capability(capability.strip().lower())["key"]
    sys_ = _system(system) if system else None
    deals = [d for d in rows_all if (a is None or d["ally"] == a)]
    notes = _register_notes(meta)
    if sys_ is not None:
        deals = [d for d in deals if sys_["rx"].search(d["designation"])]
        if sys_["recipients"] == "allies-except-usa":
            deals = [d for d in deals if d["ally"] != "USA"]
            notes.insert(0, "Allies other than the United States (the producer).")
        if capability is not None:
            deals = [d for d in deals if d["capability"] == capability]
        groups = _group(deals, lambda d: d["ally"])
        rows = [{"kind": "ally", "code": k, "name": _ally_name(k), **_aggregate(v)} for k, v in groups]
        rows.sort(key=lambda r: (-(r["ordered"] or 0), r["code"]))
        rows.append({"kind": "aggregate", "code": "ALLIES", "name": "Allies (total)", **_aggregate(deals)})
        title = f"{sys_['name']}: orders and deliveries by ally (SIPRI trade register {meta.get('edition')})"
        cols = [Column("code", "Code", kind="text", priority=0), Column("name", "Ally", kind="text", priority=1),
                *_COMMON]
    elif a is not None and capability is not None:
        deals = [d for d in deals if d["capability"] == capability]
        groups = _group(deals, lambda d: (d["designation"], d["description"], d["supplier"]))
        rows = [{"kind": "system", "system": k[0], "description": k[1], "supplier": k[2], **_aggregate(v)}
                for k, v in groups]
        rows.sort(key=lambda r: (-(r["tiv_order"] or 0), r["system"]))
        rows.append({"kind": "aggregate", "system": "Total", "description": "", "supplier": "", **_aggregate(deals)})
        title = f"{_ally_name(a)}: {_capability(capability)['name']} by system (SIPRI trade register {meta.get('edition')})"
        cols = [Column("system", "System", kind="text", priority=0),
                Column("description", "Description", kind="text", priority=3),
                Column("supplier", "Supplier", kind="text", priority=3), *_COMMON]
    elif capability is not None:
        deals = [d for d in deals if d["capability"] == capability]
        groups = _group(deals, lambda d: d["ally"])
        rows = [{"kind": "ally", "code": k, "name": _ally_name(k), **_aggregate(v)} for k, v in groups]
        rows.sort(key=lambda r: (-(r["tiv_order"] or 0), r["code"]))
        rows.append({"kind": "aggregate", "code": "ALLIES", "name": "Allies (total)", **_aggregate(deals)})
        title = f"{_capability(capability)['name']}: orders and deliveries by ally (SIPRI trade register {meta.get('edition')})"
        cols = [Column("code", "Code", kind="text", priority=0), Column("name", "Ally", kind="text", priority=1),
                *_COMMON]
        notes.insert(0, "Units are summed across different systems of the area (missiles with launchers, tanks "
                        "with trucks): read the deals and TIV for the area, the units per system.")
    else:
        rows = []
        for c in capabilities():
            ds = [d for d in deals if d["capability"] == c["key"]]
            rows.append({"kind": "capability", "capability": c["key"], "name": c["name"], "target": c["target"] or "",
                         **_aggregate(ds)})
        rows.append({"kind": "aggregate", "capability": "all", "name": "All major weapons", "target": "",
                     **_aggregate(deals)})
        who = _ally_name(a) if a else "Allies"
        title = f"{who}: orders and deliveries of major weapons by capability (SIPRI trade register {meta.get('edition')})"
        cols = [Column("capability", "Capability", kind="text", priority=0),
                Column("name", "Area", kind="text", priority=1),
                Column("target", "Target", kind="text", priority=6, description="entry of hague targets it serves"),
                *_COMMON]
        notes.insert(0, "Units are summed across different systems of an area: compare deals and TIV between areas, "
                        "units within a system (--system, or ALLY --capability X).")
    if sys_ is not None and a is None:
        notes.insert(0, system_summary(sys_["key"], register=register)["sentence"] + ".")
    if capability is not None:
        t = _target_of(capability)
        if t:
            flows = _flows(capability, a, register)
            notes.insert(0, f"Target served: {t['name']}: \"{t['statement']}\" ({t['change']}; {t['source']}, "
                            f"confidence {t['confidence']}). SIPRI's orders and deliveries below are of the systems "
                            f"in this area; the target is a capability level, not a count of these units.{flows}")
    return Result(title, rows, cols, _prov(meta), notes,
                  meta={"ally": a, "capability": capability, "system": sys_["key"] if sys_ else None,
                        "register": meta.get("id"), "last_year": reg.last_year})


def _flows(capability: str, ally: str | None, register: str | None) -> str:
    """Orders and deliveries (SIPRI TIV) of the last three register years against the three before: the pace the
    target is read against."""
    h = capability_history(capability, ally=ally, register=register, start=1990)
    reg, _ = _load("sipri-trade", register)
    last = reg.last_year
    if not last:
        return ""
    by = {r["year"]: r for r in h.rows}

    def tot(key, y0, y1):
        vals = [by[y][key] for y in range(y0, y1 + 1) if y in by and by[y][key] is not None]
        return sum(vals) if len(vals) == y1 - y0 + 1 else None

    o1, o0 = tot("tiv_order", last - 2, last), tot("tiv_order", last - 5, last - 3)
    d1, d0 = tot("tiv_delivered", last - 2, last), tot("tiv_delivered", last - 5, last - 3)
    out = f" Orders {last - 2}-{last}: TIV {o1:,.0f} million"
    out += f" (x{o1 / o0:.1f} the {last - 5}-{last - 3} orders, TIV {o0:,.0f})" if o0 else ""
    if d1 is not None:
        out += f"; deliveries {last - 2}-{last}: TIV {d1:,.0f}" + (f" (x{d1 / d0:.1f} the {last - 5}-{last - 3} "
                                                                   f"deliveries, TIV {d0:,.0f})" if d0 else "")
    return out + "."


def _target_of(capability: str) -> dict | None:
    """The capability target (hague targets) an area serves: id, name, statement, change, confidence, source."""
    t_id = _capability(capability)["target"]
    if not t_id:
        return None
    from hague.models.catalog import target as _target

    t = _target(t_id)
    return {"id": t.id, "name": t.name, "statement": t.statement, "change": t.change_text, "date": str(t.date),
            "confidence": t.confidence, "source": t.sources[0].label if t.sources else "",
            "url": t.sources[0].url if t.sources else ""}


def _group(deals, key):
    g: dict = defaultdict(list)
    for d in deals:
        g[key(d)].append(d)
    return list(g.items())


# --- headline systems ------------------------------------------------------------------------------------------------

def _deliveries_in(year: int, rx, recipients: str, *, deliveries: str | None = None) -> tuple[float | None, dict]:
    """Units of the designations matching ``rx`` delivered to allies in ``year`` (per-year file), or None."""
    from hague.sources.delivery_store import NotImportedError

    try:
        per, meta = _load("sipri-deliveries", deliveries)
    except NotImportedError:
        return None, {}
    n = 0.0
    for r in per.records:
        if r.year == year and r.recipient_iso3 and rx.search(r.designation):
            if recipients == "allies-except-usa" and r.recipient_iso3 == "USA":
                continue
            n += r.number or 0
    return n, meta


def system_summary(system: str, *, register: str | None = None, deliveries: str | None = None) -> dict:
    """Ordered, delivered, to come and the years that takes at the register's last-year delivery rate.

    Returns a dict with ``ordered``, ``delivered``, ``outstanding``, ``deals``, ``rate_year``, ``rate`` (units
    delivered to those allies in that year, from the per-year deliveries file; None if it is not imported),
    ``years_to_complete`` and ``sentence``.
    """
    s = _system(system)
    reg, meta = _load("sipri-trade", register)
    deals = [d for d in _ledger(reg) if s["rx"].search(d["designation"])]
    if s["recipients"] == "allies-except-usa":
        deals = [d for d in deals if d["ally"] != "USA"]
    agg = _aggregate(deals)
    year = reg.last_year
    rate, dmeta = _deliveries_in(year, s["rx"], s["recipients"], deliveries=deliveries) if year else (None, {})
    years = agg["outstanding"] / rate if rate and agg["outstanding"] is not None else None
    who = "allies other than the US" if s["recipients"] == "allies-except-usa" else "allies"
    if not deals or agg["outstanding"] is None:
        sent = (f"{s['name']}: no order by {who} with a known number in SIPRI's trade register "
                f"{meta.get('edition')} ({agg['deals']} deals)")
        return {"system": s["key"], "name": s["name"], "capability": s["capability"], "recipients": who, **agg,
                "rate_year": year, "rate": rate, "years_to_complete": None, "sentence": sent,
                "register": meta.get("id"), "deliveries": dmeta.get("id")}
    sent = (f"{s['name']}: {agg['ordered']:,} ordered by {who}, {agg['delivered']:,} delivered by end-{year}, "
            f"{agg['outstanding']:,} to come")
    if years is not None:
        sent += f"; at the {year} delivery rate ({rate:,.0f} a year) that is {years:.1f} years"
    elif rate == 0:
        sent += f"; none delivered in {year}, so no rate to extrapolate"
    else:
        sent += "; delivery rate unknown (import SIPRI's deliveries per year: hague data import sipri-deliveries FILE)"
    sent += f" ({agg['deals']} deals; SIPRI trade register {meta.get('edition')}"
    sent += f", deliveries per year {dmeta.get('edition')})" if dmeta else ")"
    return {"system": s["key"], "name": s["name"], "capability": s["capability"], "recipients": who, **agg,
            "rate_year": year, "rate": rate, "years_to_complete": years, "sentence": sent,
            "register": meta.get("id"), "deliveries": dmeta.get("id")}


def systems_result(*, register: str | None = None, deliveries: str | None = None) -> Result:
    """One row per headline system (F-35, PAC-3 MSE, ...): ordered, delivered, to come, rate, years to complete."""
    reg, meta = _load("sipri-trade", register)
    rows = []
    dmeta: dict = {}
    for s in systems():
        r = system_summary(s["key"], register=register, deliveries=deliveries)
        rows.append({"kind": "system", **{k: r[k] for k in ("system", "name", "capability", "recipients", "deals",
                                                              "ordered", "delivered", "outstanding", "rate",
                                                              "years_to_complete", "deals_number_unknown")}})
        if r["deliveries"] and not dmeta:
            dmeta = _load("sipri-deliveries", deliveries)[1]
    y = reg.last_year
    cols = [Column("system", "System", kind="text", priority=0), Column("name", "Name", kind="text", priority=1),
            Column("capability", "Capability", kind="text", priority=4),
            Column("recipients", "Recipients", kind="text", priority=6),
            Column("deals", "Deals", "deals", None, "int", 3),
            *[c for c in _COMMON if c.key in ("ordered", "delivered", "outstanding", "deals_number_unknown")],
            Column("rate", f"Delivered {y}", "units a year", 0, "number", 2,
                   f"units delivered to these allies in {y} (SIPRI deliveries per year)", "source",
                   ("sipri-deliveries",)),
            Column("years_to_complete", "Years to come", "years", 1, "number", 2,
                   f"to come / delivered in {y}: years at the {y} rate", COMPUTED, ("outstanding", "rate"))]
    notes = _register_notes(meta)
    if not dmeta:
        notes.insert(0, "Delivery rate not shown: SIPRI's deliveries per year are not imported "
                        "(hague data import sipri-deliveries FILE).")
    return Result(f"Headline systems: orders, deliveries and the pace (SIPRI, to end-{y})", rows, cols,
                  _prov(meta, dmeta), notes, meta={"last_year": y})


def capability_history(capability: str | None = None, *, ally: str | None = None, system: str | None = None,
                       register: str | None = None, deliveries: str | None = None, start: int = 2000) -> Result:
    """Per year: units/TIV ordered (by order year, register) and delivered (per-year file), with running totals.

    The page per capability draws it (orders vs deliveries over time); the target it serves is in ``meta``.
    """
    reg, meta = _load("sipri-trade", register)
    a = _resolve_ally(ally)
    cap = _capability(capability.strip().lower()) if capability else None
    sys_ = _system(system) if system else None
    deals = [d for d in _ledger(reg) if (a is None or d["ally"] == a) and (cap is None or d["capability"] == cap["key"])
             and (sys_ is None or sys_["rx"].search(d["designation"]))]
    if sys_ is not None and sys_["recipients"] == "allies-except-usa":
        deals = [d for d in deals if d["ally"] != "USA"]
    ordered: dict = defaultdict(float)
    tiv_o: dict = defaultdict(float)
    nd: dict = defaultdict(int)
    for d in deals:
        if d["order_year"]:
            ordered[d["order_year"]] += d["ordered"] or 0
            tiv_o[d["order_year"]] += d["tiv_order"] or 0
            nd[d["order_year"]] += 1
    from hague.sources.delivery_store import NotImportedError

    delivered: dict = defaultdict(float)
    tiv_d: dict = defaultdict(float)
    dmeta: dict = {}
    try:
        per, dmeta = _load("sipri-deliveries", deliveries)
        capkey = cap["key"] if cap else None
        for r in per.records:
            if not r.recipient_iso3 or (a and r.recipient_iso3 != a):
                continue
            if sys_ is not None:
                if not sys_["rx"].search(r.designation) or (sys_["recipients"] == "allies-except-usa"
                                                            and r.recipient_iso3 == "USA"):
                    continue
            elif capkey and capability_of(r.description) != capkey:
                continue
            delivered[r.year] += r.number or 0
            tiv_d[r.year] += r.tiv or 0
    except NotImportedError:
        pass
    last = max([y for y in (*ordered, *delivered)] + [start])
    reg_last = reg.last_year or last
    rows = []
    # running totals include everything before the first year shown
    co = sum(v for y, v in ordered.items() if y < start)
    cd = sum(v for y, v in delivered.items() if y < start)
    to = sum(v for y, v in tiv_o.items() if y < start)
    td = sum(v for y, v in tiv_d.items() if y < start)
    for y in range(start, last + 1):
        co += ordered.get(y, 0)
        cd += delivered.get(y, 0)
        to += tiv_o.get(y, 0)
        td += tiv_d.get(y, 0)
        in_reg = y <= reg_last
        rows.append({"kind": "year", "year": y, "deals": nd.get(y, 0) if in_reg else None,
                     "ordered": ordered.get(y, 0) if in_reg else None,
                     "tiv_order": tiv_o.get(y, 0) if in_reg else None, "delivered": delivered.get(y, 0) if dmeta else None,
                     "tiv_delivered": tiv_d.get(y, 0) if dmeta else None, "ordered_cum": co if in_reg else None,
                     "delivered_cum": cd if dmeta else None, "tiv_order_cum": to if in_reg else None,
                     "tiv_delivered_cum": td if dmeta else None})
    what = sys_["name"] if sys_ else cap["name"] if cap else "All major weapons"
    who = _ally_name(a) if a else "allies"
    cols = [Column("year", "Year", kind="year", priority=0),
            Column("deals", "Deals ordered", "deals", None, "int", 3),
            Column("ordered", "Ordered", "units", None, "int", 1, "units in deals ordered that year"),
            Column("delivered", "Delivered", "units", None, "int", 1, "units delivered that year (SIPRI per year)"),
            Column("ordered_cum", "Ordered to date", "units", None, "int", 2, "", COMPUTED, ("ordered",)),
            Column("delivered_cum", "Delivered to date", "units", None, "int", 2, "", COMPUTED, ("delivered",)),
            Column("tiv_order", "TIV ordered", "SIPRI TIV million", 0, "number", 4),
            Column("tiv_delivered", "TIV delivered", "SIPRI TIV million", 0, "number", 4),
            Column("tiv_order_cum", "TIV ordered to date", "SIPRI TIV million", 0, "number", 5, "", COMPUTED,
                   ("tiv_order",)),
            Column("tiv_delivered_cum", "TIV delivered to date", "SIPRI TIV million", 0, "number", 5, "", COMPUTED,
                   ("tiv_delivered",))]
    notes = _register_notes(meta)
    if not dmeta:
        notes.insert(0, "Deliveries per year not shown: import SIPRI's deliveries per year (hague data import "
                        "sipri-deliveries FILE).")
    else:
        notes.insert(0, "Orders by order year from the register; deliveries by year from SIPRI's per-year file "
                        f"({dmeta.get('edition')}); their counts can differ slightly.")
    tkey = sys_["capability"] if sys_ else cap["key"] if cap else None
    target = _target_of(tkey) if tkey else None
    return Result(f"{what}, {who}: ordered and delivered per year", rows, cols, _prov(meta, dmeta), notes,
                  meta={"capability": cap["key"] if cap else None, "system": sys_["key"] if sys_ else None,
                        "ally": a, "target": target})


# --- Ukraine support ---------------------------------------------------------------------------------------------------

def kiel_allocations(ally: str | None = None, year: int | None = None, *, release: str | None = None) -> list[dict]:
    """Kiel allocations to Ukraine per ally and year, EUR billion: military, financial, humanitarian, total,
    commitments, and % of GDP (Kiel's own GDP reference for the donor).

    One dict per (ally, year) with keys ``ally``, ``name``, ``year``, ``military``, ``financial``,
    ``humanitarian``, ``total``, ``commitments``, ``gdp_eur_bn``, ``military_pct_gdp``, ``total_pct_gdp``,
    ``months`` (months of that year in the release), ``release``. Only NATO allies; raises
    :class:`~hague.sources.delivery_store.NotImportedError` if no Kiel release is imported.
    """
    k, meta = _load("kiel", release)
    a = _resolve_ally(ally)
    acc: dict = {}
    from hague.sources._common import match_ally

    for r in k.rows:
        iso = r["iso"] if r["iso"] and len(r["iso"]) == 3 else None
        code = match_ally(r["country"]) or (iso if iso and _is_ally(iso) else None)
        if code is None or (a and code != a) or (year is not None and r["year"] != year):
            continue
        e = acc.setdefault((code, r["year"]), {"ally": code, "name": _ally_name(code), "year": r["year"],
                                              "military": 0.0, "financial": 0.0, "humanitarian": 0.0, "total": 0.0,
                                              "commitments": 0.0, "gdp_eur_bn": r["gdp"], "months": 0,
                                              "release": meta.get("id")})
        for f in ("military", "financial", "humanitarian", "total", "commitments"):
            e[f] += r[f] or 0.0
        e["months"] += 1
    out = sorted(acc.values(), key=lambda e: (e["ally"], e["year"]))
    for e in out:
        g = e["gdp_eur_bn"]
        e["military_pct_gdp"] = 100 * e["military"] / g if g else None
        e["total_pct_gdp"] = 100 * e["total"] / g if g else None
    return out


def _is_ally(iso3: str) -> bool:
    from hague.allies import all_allies

    return any(x.iso3 == iso3 for x in all_allies())


def _core_share(ally: str, year: int) -> float | None:
    from hague.data import DEFAULT_DATASET, dataset

    return dataset(DEFAULT_DATASET).value(ally, "core_defence_expenditure_share_gdp", year)


def ukraine_in_budget(ally: str, year: int) -> dict | None:
    """The Ukraine support a national budget identifies inside core spending, as pp of GDP, with its source:
    Sweden's appropriation 1:14 (Statskontoret outturn over NATO's core spending in SEK x NATO's core share),
    Lithuania's 0.25% of GDP (2026 budget, related-claims ledger). None where no budget line is known."""
    from hague.data import DEFAULT_DATASET, dataset

    for u in _catalog()["ukraine"]:
        if u["ally"] != ally:
            continue
        if u["kind"] == "statskontoret":
            out, smeta = _load("statskontoret")
            if year not in out.years or out.last_month.get(year, 0) < 12:
                return None
            sek = out.total(year=year, appropriation=u["appropriation"])
            core = dataset(DEFAULT_DATASET).value(ally, "core_defence_expenditure", year, unit="SEK million",
                                                  price_basis="current")
            share = _core_share(ally, year)
            if not core or share is None:
                return None
            return {"pp": share * sek / core, "amount": sek, "unit": "SEK million", "label": u["label"],
                    "source": f"{smeta.get('attribution')} ({smeta.get('id')}), outturn {year}; NATO core spending "
                              f"{DEFAULT_DATASET}", "basis": f"{sek:,.0f} / {core:,.0f} x {share:.2f}% of GDP"}
        if u["kind"] == "related-claim":
            from hague.rules.related import related_claims

            hit = [c for c in related_claims(ally) if c.id == u["claim"] and str(c.year) == str(year)]
            if hit:
                return {"pp": float(hit[0].value), "amount": None, "unit": "pp of GDP", "label": u["label"],
                        "source": u["source"], "basis": "as stated"}
    return None


def ukraine_result(ally: str | None = None, year: int | None = None, *, release: str | None = None) -> Result:
    """Kiel allocations per ally and year beside NATO's core share, and core share without the Ukraine aid a
    budget identifies (Sweden 1:14, Lithuania 0.25%). The Hague declaration (para 3) lets allies count "direct
    contributions towards Ukraine's defence and its defence industry" in defence spending (bucket unstated)."""
    rows = kiel_allocations(ally, year, release=release)
    k, meta = _load("kiel", release)
    from hague.data import DEFAULT_DATASET

    out = []
    budget_notes = set()
    for e in rows:
        core = _core_share(e["ally"], e["year"])
        ub = ukraine_in_budget(e["ally"], e["year"])
        if ub:
            budget_notes.add(f"{e['name']} {e['year']}: {ub['label']} = {ub['pp']:.2f} pp of GDP ({ub['basis']}; "
                             f"{ub['source']}).")
        out.append({"kind": "ally", "code": e["ally"], "name": e["name"], "year": e["year"],
                    "military": e["military"], "financial": e["financial"], "humanitarian": e["humanitarian"],
                    "total": e["total"], "military_pct_gdp": e["military_pct_gdp"], "total_pct_gdp": e["total_pct_gdp"],
                    "core_share": core, "ukraine_in_budget_pp": ub["pp"] if ub else None,
                    "core_without_ukraine": (core - ub["pp"]) if (ub and core is not None) else None,
                    "months": e["months"]})
    if ally is None and year is not None:
        tot = {f: sum(r[f] for r in out) for f in ("military", "financial", "humanitarian", "total")}
        out.append({"kind": "aggregate", "code": "ALLIES", "name": "Allies (total)", "year": year, **tot,
                    "military_pct_gdp": None, "total_pct_gdp": None, "core_share": None, "ukraine_in_budget_pp": None,
                    "core_without_ukraine": None, "months": None})
    cols = [Column("code", "Code", kind="text", priority=0), Column("name", "Ally", kind="text", priority=3),
            Column("year", "Year", kind="year", priority=0),
            Column("military", "Military", "EUR bn", 2, "money", 1, "Kiel: military allocations"),
            Column("financial", "Financial", "EUR bn", 2, "money", 4, "Kiel: financial allocations"),
            Column("humanitarian", "Humanitarian", "EUR bn", 2, "money", 4, "Kiel: humanitarian allocations"),
            Column("total", "Total", "EUR bn", 2, "money", 2, "Kiel: total bilateral allocations"),
            Column("military_pct_gdp", "Military % GDP", "percent of GDP", 3, "percent", 2,
                   "military allocations over Kiel's GDP reference of the donor", COMPUTED, ("military", "kiel: gdp")),
            Column("total_pct_gdp", "Total % GDP", "percent of GDP", 3, "percent", 5, "", COMPUTED,
                   ("total", "kiel: gdp")),
            Column("core_share", "Core % GDP (NATO)", "percent of GDP", 2, "percent", 1,
                   "NATO core defence expenditure, % of GDP", "source", (DEFAULT_DATASET,)),
            Column("ukraine_in_budget_pp", "Ukraine in budget", "pp of GDP", 2, "percent", 3,
                   "Ukraine support a national budget identifies inside core spending", COMPUTED,
                   ("statskontoret 1:14", "related claims")),
            Column("core_without_ukraine", "Core without Ukraine", "percent of GDP", 2, "percent", 2,
                   "core share minus the Ukraine support the budget identifies", COMPUTED,
                   ("core_share", "ukraine_in_budget_pp")),
            Column("months", "Months", "months", None, "int", 7, "months of that year with a row in the Kiel release")]
    notes = ["Kiel counts allocations (aid earmarked for Ukraine), not deliveries; EUR bn at current prices.",
             "The Hague declaration (25 June 2025, para 3): allies 'will include direct contributions towards "
             "Ukraine's defence and its defence industry when calculating Allies' defence spending' (it does not say "
             "whether in the 3.5% or the 1.5%).",
             "'Core without Ukraine' only where a budget identifies the aid (Sweden appropriation 1:14, Lithuania "
             "0.25% of GDP in 2026); elsewhere hague does not know how much of NATO's figure is Ukraine aid.",
             *sorted(budget_notes)]
    ch = k.tables.get("procurement_trends")
    if ch:
        tot = {c: sum(r[c] or 0 for r in ch) for c in ("procurement", "stockpile", "unspecified", "nato_purl")}
        notes.append(f"Military aid by channel, all donors, {meta.get('edition')}: procurement EUR {tot['procurement']:.1f} "
                     f"bn, stockpiles {tot['stockpile']:.1f}, unspecified {tot['unspecified']:.1f}, NATO PURL "
                     f"{tot['nato_purl']:.1f} (Kiel procurement_trends.csv).")
    metas = [meta]
    if budget_notes and any("Statskontoret" in n for n in budget_notes):
        metas.append(_load("statskontoret")[1])
    title = "Ukraine support (Kiel) beside core defence spending"
    if ally:
        title += f": {_ally_name(_resolve_ally(ally))}"
    return Result(title, out, cols, _prov(*metas, nato=DEFAULT_DATASET), notes,
                  meta={"release": meta.get("id"), "ally": _resolve_ally(ally), "year": year})


# --- investment cross-check ------------------------------------------------------------------------------------

def investment_result(year: int | None = None, *, eurostat: str | None = None) -> Result:
    """Eurostat's defence investment (P51G) against NATO's equipment expenditure for the EU allies, in national
    currency, with the difference and why the definitions differ; EU27 totals in EUR."""
    from hague.data import DEFAULT_DATASET, dataset
    from hague.sources.eurostat import GEO_ISO3

    js, meta = _load("eurostat", eurostat)
    years = sorted(js.dimensions["time"]["categories"])
    y = str(year) if year is not None else years[-1]
    if y not in years:
        raise HagueError(f"year {y} is not in {meta.get('id')}; accepted: {', '.join(years)}")
    val: dict = {}
    for v in js.values:
        c = v.coords
        if c.get("time") == y and c.get("expend", "DEF") == "DEF":
            val[(c["geo"], c["na_item"], c["unit"])] = v.value
    ds = dataset(DEFAULT_DATASET)
    rows = []
    for geo, label in js.dimensions["geo"]["categories"].items():
        iso = GEO_ISO3(geo)
        p51_eur = val.get((geo, "P51G", "MIO_EUR"))
        te_eur = val.get((geo, "TE", "MIO_EUR"))
        row = {"kind": "aggregate" if iso is None and geo.startswith("EU") else "ally" if iso else "non-ally",
               "code": iso or geo, "name": label, "year": int(y), "p51g_eur_m": p51_eur, "te_eur_m": te_eur,
               "p51g_pct_gdp": val.get((geo, "P51G", "PC_GDP")),
               "p51g_share_te": 100 * p51_eur / te_eur if p51_eur is not None and te_eur else None,
               "nato_equipment_share": None, "p51g_nac_m": val.get((geo, "P51G", "MIO_NAC")),
               "nato_equipment_nac_m": None, "difference_pct": None}
        if iso:
            a = _ally_currency(iso)
            eq = ds.value(iso, "core_defence_expenditure|equipment_share", int(y))
            core = ds.value(iso, "core_defence_expenditure", int(y), unit=f"{a} million", price_basis="current")
            row["nato_equipment_share"] = eq
            if eq is not None and core is not None:
                row["nato_equipment_nac_m"] = eq / 100 * core
                if row["p51g_nac_m"] is not None and row["nato_equipment_nac_m"]:
                    row["difference_pct"] = 100 * (row["p51g_nac_m"] / row["nato_equipment_nac_m"] - 1)
        rows.append(row)
    order = {"aggregate": 1, "ally": 0, "non-ally": 2}
    rows.sort(key=lambda r: (order[r["kind"]], r["code"]))
    cols = [Column("code", "Code", kind="text", priority=0), Column("name", "Country", kind="text", priority=4),
            Column("p51g_eur_m", "P51G defence investment", "EUR million", 0, "money", 1,
                   "Eurostat gov_ev: gross fixed capital formation, COFOG 02 defence"),
            Column("p51g_pct_gdp", "P51G % GDP", "percent of GDP", 1, "percent", 3, "as published (1 decimal)"),
            Column("p51g_share_te", "P51G % of defence exp.", "percent", 1, "percent", 2,
                   "P51G / total defence expenditure (TE), both Eurostat", COMPUTED, ("P51G", "TE")),
            Column("nato_equipment_share", "NATO equipment %", "percent of core defence expenditure", 2, "percent", 2,
                   "NATO: equipment share of core defence expenditure", "source", (DEFAULT_DATASET,)),
            Column("p51g_nac_m", "P51G (nat. cur.)", "national currency million", 0, "money", 5),
            Column("nato_equipment_nac_m", "NATO equipment (nat. cur.)", "national currency million", 0, "money", 5,
                   "equipment share x core defence expenditure, current prices", COMPUTED,
                   ("nato equipment share", "nato core defence expenditure")),
            Column("difference_pct", "P51G vs NATO equipment", "percent", 0, "percent", 1,
                   "P51G / NATO equipment expenditure - 1", COMPUTED, ("p51g_nac_m", "nato_equipment_nac_m")),
            Column("te_eur_m", "Defence expenditure (TE)", "EUR million", 0, "money", 6)]
    notes = ["Why they differ: Eurostat's P51G is national-accounts investment (COFOG 02, accrual: weapons recorded "
             "when delivered, incl. buildings and infrastructure, excl. R&D expensed and military pensions); NATO's "
             "equipment is major equipment and the R&D devoted to it, recorded when paid (incl. prepayments), and "
             "NATO's total includes pensions and some non-MoD spending. Large prepayments make NATO's figure lead "
             "deliveries; large deliveries of prepaid systems make P51G lead.",
             "Non-NATO EU members (Austria, Ireland, Cyprus, Malta) have no NATO figure; EU27 is Eurostat's aggregate.",
             "Eurostat publishes no status flags in this file; some P51G values are negative as published (sales of "
             "assets)."]
    return Result(f"Defence investment: Eurostat P51G against NATO equipment expenditure, {y}", rows, cols,
                  _prov(meta, nato=DEFAULT_DATASET), notes, meta={"year": int(y), "eurostat": meta.get("id")})


def _ally_currency(iso3: str) -> str:
    from hague.allies import resolve

    return resolve(iso3).currency


# --- Sweden nowcast ----------------------------------------------------------------------------------------------------

def sweden_nowcast_result(year: int | None = None, *, outturn: str | None = None) -> Result:
    """Sweden's monthly outturn so far this year against the same months last year and the Budget Bill:
    appropriation 1:3 (materiel), 1:14 (Ukraine support) and all of 6:1 (defence).

    The run-rate projection is the stated rule "this year's months so far x (last year's full year / last year's
    same months)" (December carries a large share of materiel payments); it is a projection, not a forecast with
    an interval, and with one earlier year in the file it cannot be backtested.
    """
    out, meta = _load("statskontoret", outturn)
    y = year or max(out.years)
    if y not in out.years:
        raise HagueError(f"year {y} is not in {meta.get('id')}; accepted: {', '.join(map(str, out.years))}")
    m = out.last_month.get(y, 0)
    months = tuple(range(1, m + 1))
    budget = {u["appropriation"]: u for u in _catalog()["ukraine"] if u["ally"] == "SWE"}
    bill = budget.get("1:14", {})
    lines = [("1:3", "Materiel (1:3 Anskaffning av materiel och anläggningar)", None, bill.get("materiel_2026_sek_m")),
             ("1:14", "Ukraine support (1:14 Stöd till Ukraina)", None, bill.get("budget_2026_sek_m")),
             (None, "Defence (all of 6:1)", "0601", None)]
    rows = []
    for app, label, prefix, bud in lines:
        ytd = out.total(year=y, appropriation=app, prefix=prefix, months=months)
        prev_same = out.total(year=y - 1, appropriation=app, prefix=prefix, months=months) if y - 1 in out.years else None
        prev_full = out.total(year=y - 1, appropriation=app, prefix=prefix) if y - 1 in out.years else None
        run = ytd * prev_full / prev_same if prev_same and prev_full is not None else None
        b = bud if y == 2026 else None
        rows.append({"kind": "line", "line": app or "6:1", "label": label, "year": y, "months": m, "ytd": ytd,
                     "prev_same_months": prev_same, "prev_full_year": prev_full, "run_rate": run, "budget": b,
                     "ytd_pct_budget": 100 * ytd / b if b else None})
    last_dec = out.total(year=y - 1, appropriation="1:3", months=(12,)) if y - 1 in out.years else None
    cols = [Column("line", "Appropriation", kind="text", priority=0), Column("label", "What", kind="text", priority=4),
            Column("months", "Months", "months", None, "int", 3, "months published this year"),
            Column("ytd", "So far", "SEK million", 0, "money", 1, "outturn of the months published"),
            Column("prev_same_months", "Same months a year earlier", "SEK million", 0, "money", 2),
            Column("prev_full_year", "Previous full year", "SEK million", 0, "money", 3),
            Column("run_rate", "Run-rate projection", "SEK million", 0, "money", 2,
                   "so far x previous full year / previous same months", COMPUTED,
                   ("ytd", "prev_full_year", "prev_same_months")),
            Column("budget", "Budget Bill", "SEK million", 0, "money", 2, "Budget Bill 2026 (national plans ledger)"),
            Column("ytd_pct_budget", "So far % of budget", "percent", 1, "percent", 1, "", COMPUTED, ("ytd", "budget"))]
    notes = [f"Statskontoret outturn {meta.get('edition')}: {m} months of {y} published.",
             "Budget Bill 2026 figures: " + (bill.get("source", "") + ", " + bill.get("url", "")) + " (read via a "
             "secondary compilation; confidence " + str(bill.get("confidence", "")) + ").",
             "Run-rate rule: months so far x (previous full year / previous same months); no interval, not backtested "
             "(one earlier year in the file)."]
    if last_dec is not None:
        notes.append(f"December {y - 1} materiel (1:3): SEK {last_dec:,.2f} million - payments bunch at year end.")
    return Result(f"Sweden {y}: defence outturn so far against last year and the budget", rows, cols, _prov(meta),
                  notes, meta={"year": y, "months": m, "december_prev_materiel": last_dec})


# --- dependence -----------------------------------------------------------------------------------------------------------

def _imports(start: int, end: int, deliveries: str | None = None):
    per, meta = _load("sipri-deliveries", deliveries)
    acc: dict = defaultdict(lambda: defaultdict(float))
    for r in per.records:
        if start <= r.year <= end and r.recipient_iso3 and r.tiv:
            acc[r.recipient_iso3][r.supplier] += r.tiv
    return acc, meta


def dependence_result(ally: str | None = None, *, start: int = 2015, end: int = 2025,
                      deliveries: str | None = None) -> Result:
    """Who supplies the allies' arms imports (SIPRI TIV, ``start``-``end``): per ally the US share, the largest
    supplier and the supplier concentration (Herfindahl-Hirschman index, 0-10,000); with ``ally``, one row per
    supplier."""
    acc, meta = _imports(start, end, deliveries)
    a = _resolve_ally(ally)
    notes = [f"SIPRI TIV of deliveries {start}-{end} (deliveries per year, {meta.get('edition')}); TIV measures "
             "volume of military capability, not money.", HONESTY,
             "Concentration: Herfindahl-Hirschman index of supplier shares (10,000 = one supplier)."]
    if a is not None:
        sup = acc.get(a, {})
        tot = sum(sup.values())
        rows = [{"kind": "supplier", "supplier": s, "tiv": v, "share": 100 * v / tot if tot else None}
                for s, v in sorted(sup.items(), key=lambda kv: -kv[1])]
        rows.append({"kind": "aggregate", "supplier": "Total", "tiv": tot, "share": 100.0 if tot else None})
        cols = [Column("supplier", "Supplier", kind="text", priority=0),
                Column("tiv", "TIV", "SIPRI TIV million", 0, "number", 1),
                Column("share", "Share", "percent", 1, "percent", 1, "", COMPUTED, ("tiv",))]
        if not sup:
            notes.insert(0, f"No deliveries to {_ally_name(a)} recorded in {start}-{end}.")
        return Result(f"{_ally_name(a)}: arms imports by supplier, {start}-{end}", rows, cols, _prov(meta), notes,
                      meta={"ally": a, "start": start, "end": end})
    from hague.allies import all_allies

    rows = []
    for al in all_allies():
        sup = acc.get(al.iso3, {})
        tot = sum(sup.values())
        if not tot:
            rows.append({"kind": "ally", "code": al.iso3, "name": al.name, "tiv": 0.0, "us_share": None,
                         "top_supplier": "", "top_share": None, "hhi": None, "suppliers": 0})
            continue
        shares = {s: 100 * v / tot for s, v in sup.items()}
        top = max(shares, key=shares.get)
        rows.append({"kind": "ally", "code": al.iso3, "name": al.name, "tiv": tot,
                     "us_share": shares.get("United States", 0.0), "top_supplier": top, "top_share": shares[top],
                     "hhi": sum(s * s for s in shares.values()), "suppliers": len(sup)})
    cols = [Column("code", "Code", kind="text", priority=0), Column("name", "Ally", kind="text", priority=3),
            Column("tiv", "Imports (TIV)", "SIPRI TIV million", 0, "number", 1),
            Column("us_share", "US share", "percent", 1, "percent", 1, "", COMPUTED, ("tiv by supplier",)),
            Column("top_supplier", "Largest supplier", kind="text", priority=2),
            Column("top_share", "Its share", "percent", 1, "percent", 2, "", COMPUTED, ("tiv by supplier",)),
            Column("hhi", "Concentration (HHI)", "index 0-10,000", 0, "number", 2, "", COMPUTED, ("supplier shares",)),
            Column("suppliers", "Suppliers", "count", None, "int", 4)]
    return Result(f"Arms imports of the allies by supplier, {start}-{end}: US share and concentration", rows, cols,
                  _prov(meta), notes, meta={"start": start, "end": end})


def exporters_result(*, start: int = 2015, end: int = 2025, deliveries: str | None = None,
                     china_register: str | None = None) -> Result:
    """The adversary view: Russia's and China's arms exports per year (SIPRI TIV, deliveries per year), beside
    the United States'; with China's 2026-format register (deliveries 2000-2025) as a cross-check when imported."""
    per, meta = _load("sipri-deliveries", deliveries)
    who = ("Russia", "China", "United States")
    acc: dict = defaultdict(float)
    for r in per.records:
        if start <= r.year <= end and r.supplier in who and r.tiv:
            acc[(r.supplier, r.year)] += r.tiv
    rows = [{"kind": "year", "period": str(y), **{f"{_key(s)}": acc.get((s, y), 0.0) for s in who}}
            for y in range(start, end + 1)]
    tot = {f"{_key(s)}": sum(acc.get((s, y), 0.0) for y in range(start, end + 1)) for s in who}
    rows.append({"kind": "aggregate", "period": f"{start}-{end}", **tot})
    notes = [f"SIPRI TIV of deliveries per year ({meta.get('edition')}); Russia includes the Soviet Union before 1992 "
             "as consolidated in that file.", HONESTY]
    metas = [meta]
    from hague.sources.delivery_store import NotImportedError, delivery_datasets

    cands = [d for d in delivery_datasets("sipri-trade") if "from-china" in d["id"]]
    if china_register or cands:
        try:
            creg, cmeta = _load("sipri-trade", china_register or max(cands, key=lambda d: d["edition"])["id"])
            tiv = sum(d.tiv_delivered or 0 for d in creg.deals)
            notes.append(f"China's 2026-format register ({cmeta.get('id')}): {len(creg)} deals with deliveries in "
                         f"{creg.year_range[0]}-{creg.year_range[1]}, TIV delivered {tiv:,.0f} million (deliveries in "
                         f"the year range only).")
            metas.append(cmeta)
        except NotImportedError:  # pragma: no cover
            pass
    cols = [Column("period", "Year", kind="text", priority=0),
            Column("russia", "Russia", "SIPRI TIV million", 0, "number", 1),
            Column("china", "China", "SIPRI TIV million", 0, "number", 1),
            Column("united_states", "United States", "SIPRI TIV million", 0, "number", 2)]
    return Result(f"Arms exports of Russia and China (and the US), {start}-{end}", rows, cols, _prov(*metas), notes,
                  meta={"start": start, "end": end})


def _key(s: str) -> str:
    return s.lower().replace(" ", "_")
