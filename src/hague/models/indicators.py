"""One indicator of an edition as chart data, in Our World in Data's manner: allies x years, plus its metadata.

``indicator_result("core_defence_expenditure_share_gdp", allies=["POL", "DEU"], years=(2014, 2026))`` is a
:class:`hague.results.Result` with one row per ally and year (``code``, ``name``, ``year``, the indicator's value
under its own name, ``estimate``); the value column carries the unit and the decimals the source uses.
:func:`indicator_metadata` gives unit, description, source, edition, licence and citation.
:func:`parse_allies` and :func:`parse_time` read OWID's query syntax (``POL~DEU``, ``2014..2026``,
``2020..latest``, ``earliest..2020``, ``2026``).

An indicator with several units or price bases (``core_defence_expenditure``: USD million current and constant
2021, national currency) needs ``unit`` and ``price_basis``; the error lists what the edition has.

>>> r = indicator_result("core_defence_expenditure_share_gdp", allies=["POL"], years=(2025, 2025))
>>> r.rows[0]["core_defence_expenditure_share_gdp"], r.column("core_defence_expenditure_share_gdp").unit
(4.25, 'percent of GDP, constant 2021 prices')
"""

from __future__ import annotations

from hague.errors import HagueError, UnknownIndicatorError
from hague.results import Column, Provenance, Result

__all__ = ["indicator_result", "indicator_metadata", "indicator_series", "parse_allies", "parse_time",
           "MAX_ALLIES"]

MAX_ALLIES = 40


def parse_allies(text: str | None) -> list[str] | None:
    """ISO3 codes from OWID's ``POL~DEU`` (commas also accepted; codes or names); None for every ally.

    >>> parse_allies("POL~DEU"), parse_allies("pl,Germany"), parse_allies(None)
    (['POL', 'DEU'], ['POL', 'DEU'], None)
    """
    if text is None or not text.strip():
        return None
    from hague.allies import resolve

    out: list[str] = []
    for part in text.replace(",", "~").split("~"):
        if part.strip():
            code = resolve(part.strip()).iso3
            if code not in out:
                out.append(code)
    if len(out) > MAX_ALLIES:
        raise HagueError(f"{len(out)} allies chosen; at most {MAX_ALLIES}")
    return out or None


def parse_time(text: str | None, years: list[int]) -> tuple[int, int]:
    """``(first, last)`` from OWID's ``2014..2026``, ``2020..latest``, ``earliest..2020`` or ``2026``, within the
    edition's ``years``; a year outside them, or a malformed range, is a one-line error saying what is accepted.

    >>> parse_time("2014..2016", list(range(2014, 2027))), parse_time("2020..latest", list(range(2014, 2027)))
    ((2014, 2016), (2020, 2026))
    >>> parse_time("1990..2000", list(range(2014, 2027)))
    Traceback (most recent call last):
    hague.errors.HagueError: time 1990..2000 is outside the data's years 2014-2026; accepted: YEAR, FIRST..LAST, ...
    """
    lo, hi = years[0], years[-1]
    accepted = f"accepted: YEAR, FIRST..LAST, earliest..LAST, FIRST..latest, with years {lo}-{hi}"
    if text is None or not text.strip():
        return lo, hi
    t = text.strip()
    parts = t.split("..") if ".." in t else [t, t]
    if len(parts) != 2:
        raise HagueError(f"time {t!r} is not a year or a range; {accepted}")

    def year(p: str, default: int) -> int:
        p = p.strip().lower()
        if p in ("earliest", "latest"):
            return lo if p == "earliest" else hi
        if not p.isdigit() or len(p) > 4:
            raise HagueError(f"time {t!r} is not a year or a range; {accepted}")
        return int(p)

    a, b = year(parts[0], lo), year(parts[1], hi)
    if a > b:
        raise HagueError(f"time {t}: the first year is after the last; {accepted}")
    if b < lo or a > hi:
        raise HagueError(f"time {t} is outside the data's years {lo}-{hi}; {accepted}")
    return max(a, lo), min(b, hi)


def indicator_series(dataset_id: str, indicator: str, unit: str | None = None,
                     price_basis: str | None = None) -> tuple[str, str]:
    """The one ``(unit, price_basis)`` of ``indicator`` in the dataset, given or unique; else a one-line error
    listing the choices."""
    from hague.data import dataset

    ds = dataset(dataset_id)
    ds.check_indicator(indicator)
    combos = sorted({(o.unit, o.price_basis) for o in ds.rows if o.indicator == indicator})
    national = [c for c in combos if c[0].endswith(" million") and c[0] != "USD million"]
    shown = [c for c in combos if c not in national]
    if national:
        shown += sorted({("national currency million", b) for _, b in national})

    def listing() -> str:
        return "; ".join(f"unit={u}&price_basis={b}" for u, b in shown)

    match = [c for c in combos if (unit is None or c[0] == unit) and (price_basis is None or c[1] == price_basis)]
    if unit == "national currency million":
        raise HagueError(f"{indicator}: national currencies differ by ally; choose one currency, e.g. unit=EUR "
                         f"million, or USD; accepted: {listing()}")
    if not match:
        raise UnknownIndicatorError(f"{indicator} has no unit {unit!r} with price basis {price_basis!r} in "
                                    f"{dataset_id}; accepted: {listing()}")
    if len({c for c in match}) > 1:
        raise HagueError(f"{indicator} comes in several units or price bases in {dataset_id}; choose one: "
                         f"{listing()}")
    return match[0]


def _decimals(values) -> int:
    d = 0
    for v in values:
        text = repr(float(v))
        d = max(d, len(text.split(".")[1].rstrip("0")) if "." in text and "e" not in text else 0)
    return min(d, 6)


def _kind(unit: str) -> str:
    return "percent" if unit.startswith("percent") else "money" if ("USD" in unit or " million" in unit) else "number"


def indicator_result(indicator: str, *, allies: list[str] | None = None, years: tuple[int, int] | None = None,
                     edition: str | None = None, unit: str | None = None, price_basis: str | None = None) -> Result:
    """One indicator of a NATO edition for ``allies`` (default: every ally with a value) and ``years`` (first,
    last; default: all), one row per ally and year, values as published."""
    from hague.allies import resolve
    from hague.data import dataset, edition_datasets

    ids, only = edition_datasets(edition)  # a file holding two editions (2023 and 2024) is read for one of them
    ds = dataset(ids[0])
    unit, basis = indicator_series(ds.id, indicator, unit, price_basis)
    lo, hi = years or (ds.years()[0], ds.years()[-1])
    wanted = set(allies) if allies else None
    obs = [o for o in ds.rows if o.indicator == indicator and o.unit == unit and o.price_basis == basis
           and lo <= o.year <= hi and (wanted is None or o.ally in wanted) and (only is None or o.edition == only)]
    order = {c: i for i, c in enumerate(allies or [])}
    obs.sort(key=lambda o: (order.get(o.ally, len(order)), o.ally, o.year))
    names = {}
    rows = []
    for o in obs:
        if o.ally not in names:
            names[o.ally] = resolve(o.ally).name
        rows.append({"code": o.ally, "name": names[o.ally], "year": o.year, indicator: o.value,
                     "estimate": o.estimate})
    table = next((o.get("nato_table") for o in obs if o.get("nato_table")), None)
    where = f"{ds.title}{', ' + table if table else ''}"
    unit_text = unit + (f", {basis.replace('_', ' ')} prices" if basis not in ("n/a", "") else "")
    cols = [Column("code", "Code", "", None, "text", 0, "ISO3 code of the ally"),
            Column("name", "Ally", "", None, "text", 1),
            Column("year", "Year", "", None, "year", 0),
            Column(indicator, indicator, unit_text, _decimals(o.value for o in obs), _kind(unit), 1,
                   f"{indicator} as published in {where}"),
            Column("estimate", "Estimate", "", None, "bool", 2, "true where the producer marks an estimate")]
    notes = []
    if wanted:
        missing = [c for c in (allies or []) if c not in names]
        if missing:
            notes.append(f"No {indicator} for {', '.join(missing)} in {ds.id} {lo}-{hi}."
                         + (" Iceland has no armed forces and reports no defence expenditure." if "ISL" in missing
                            else ""))
    prov = Provenance.of(ds.id)
    if only:
        from dataclasses import replace

        prov = replace(prov, sources=tuple(replace(x, edition=only) for x in prov.sources))
    return Result(f"{indicator} ({unit_text}), {lo}-{hi}", rows, cols, prov, notes,
                  meta={"indicator": indicator, "unit": unit, "price_basis": basis, "dataset": ds.id,
                        "edition": only or ds.edition, "time": [lo, hi]})


def indicator_metadata(indicator: str, *, edition: str | None = None, unit: str | None = None,
                       price_basis: str | None = None) -> dict:
    """Unit, description, source, edition, licence and citation of one indicator (OWID's ``.metadata.json``)."""
    from hague.data import dataset, resolve_edition

    ds = dataset(resolve_edition(edition))
    res = indicator_result(indicator, edition=edition, unit=unit, price_basis=price_basis)
    col = res.column(indicator)
    src = res.provenance.sources[0]
    m = ds.meta
    clean = lambda k: " ".join(str(m.get(k, "") or "").split())  # noqa: E731
    years = sorted({r["year"] for r in res.rows})
    return {
        "indicator": indicator, "title": indicator, "unit": col.unit, "unit_base": res.meta["unit"],
        "price_basis": res.meta["price_basis"], "decimals": col.decimals, "description": col.description,
        "source": {"dataset": src.dataset, "producer": src.producer, "title": src.title, "url": src.url,
                   "published": clean("published"), "edition": src.edition, "processing": clean("processing")},
        "edition": src.edition, "licence": src.licence,
        "citation": f"{src.attribution}; via hague (dataset {src.dataset}, edition {src.edition}).",
        "years": [years[0], years[-1]] if years else [],
        "allies": sorted({r["code"] for r in res.rows}),
        "estimates": clean("estimates"),
        "columns": [c.to_dict() for c in res.columns],
    }
