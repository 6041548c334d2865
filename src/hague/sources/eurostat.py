"""Reader of Eurostat JSON-stat 2.0 datasets, checked for ``gov_ev`` (defence expenditure and investment).

``gov_ev`` ("Expenditure variables supporting the implementation of the EU economic governance framework",
DOI 10.2908/GOV_EV) holds, for ``expend=DEF`` (COFOG 02, defence), total general-government expenditure
(``na_item=TE``) and gross fixed capital formation (``P51G``, the **defence investment** the EU's national escape
clause looks at) in million euro, million national currency and % of GDP, EU27 and member states, 2021 on.

A JSON-stat dataset stores the values in one flat array (or an object keyed by the flat index) in row-major
order of ``id``/``size``; :func:`read_jsonstat` unrolls it into one :class:`StatValue` per cell and checks the
structure (version, class, ids, sizes, category indexes, value positions). A defect is a one-line
:class:`~hague.sources.LayoutError` naming the file and the field (and, for a JSON syntax error, the line and
column). Eurostat data: reuse with attribution (Commission Decision 2011/833/EU).

>>> doc = {"version": "2.0", "class": "dataset", "id": ["geo", "time"], "size": [1, 2],
...        "dimension": {"geo": {"category": {"index": {"SE": 0}, "label": {"SE": "Sweden"}}},
...                      "time": {"category": {"index": {"2021": 0, "2022": 1}}}}, "value": {"1": 5.5}}
>>> [(v.coords["geo"], v.coords["time"], v.value) for v in parse_jsonstat(doc, name="x.json").values]
[('SE', '2022', 5.5)]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from hague.sources._common import LayoutError

__all__ = ["StatValue", "JsonStat", "read_jsonstat", "parse_jsonstat", "GEO_ISO3"]

#: Eurostat geo codes that are not ISO 3166 alpha-2 (Greece is EL, the UK was UK)
_EUROSTAT_ISO2 = {"EL": "GR", "UK": "GB"}


@dataclass(frozen=True)
class StatValue:
    """One cell: its coordinates (dimension id -> category code) and value; ``status`` as published, if any."""

    coords: dict
    value: float
    status: str = ""


@dataclass
class JsonStat:
    name: str
    label: str
    updated: str
    dataset_code: str
    dimensions: dict  # id -> {"label": ..., "categories": {code: label}}
    values: list[StatValue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def get(self, **coords) -> float | None:
        for v in self.values:
            if all(v.coords.get(k) == c for k, c in coords.items()):
                return v.value
        return None


def GEO_ISO3(code: str) -> str | None:  # noqa: N802 - a mapping-like helper
    """The ally code of a Eurostat geo code, None for a non-ally or an aggregate.

    >>> GEO_ISO3("EL"), GEO_ISO3("SE"), GEO_ISO3("AT"), GEO_ISO3("EU27_2020")
    ('GRC', 'SWE', None, None)
    """
    from hague.allies import all_allies

    iso2 = _EUROSTAT_ISO2.get(code, code)
    for a in all_allies():
        if a.iso2 == iso2:
            return a.iso3
    return None


def read_jsonstat(path: str | Path) -> JsonStat:
    """Read a JSON-stat 2.0 dataset file (Eurostat's API response)."""
    path = Path(path)
    if not path.is_file():
        raise LayoutError(f"{path}: no such file")
    data = path.read_bytes()
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise LayoutError(f"{path.name}: byte {exc.start}: not UTF-8; expected a JSON-stat 2.0 file from Eurostat's "
                          f"API") from None
    except json.JSONDecodeError as exc:
        raise LayoutError(f"{path.name}: line {exc.lineno} column {exc.colno}: not JSON ({exc.msg}); expected a "
                          f"JSON-stat 2.0 file from Eurostat's API") from None
    return parse_jsonstat(doc, name=path.name)


def parse_jsonstat(doc, *, name: str) -> JsonStat:
    """Unroll a parsed JSON-stat 2.0 dataset, checking its structure."""
    if not isinstance(doc, dict):
        raise LayoutError(f"{name}: the top level is a {type(doc).__name__}; expected a JSON-stat object")
    if doc.get("class") != "dataset" or str(doc.get("version", "")) != "2.0":
        raise LayoutError(f"{name}: field 'class'/'version' = {doc.get('class')!r}/{doc.get('version')!r}; expected a "
                          f"JSON-stat 2.0 'dataset' (Eurostat API: /statistics/1.0/data/<code>?format=JSON)")
    ids, size, dims = doc.get("id"), doc.get("size"), doc.get("dimension")
    if not (isinstance(ids, list) and isinstance(size, list) and len(ids) == len(size) and isinstance(dims, dict)):
        raise LayoutError(f"{name}: fields 'id', 'size', 'dimension': expected two lists of equal length and an "
                          f"object (got id={ids!r}, size={size!r})")
    order: list[list[str]] = []
    dimensions = {}
    for d, n in zip(ids, size, strict=True):
        dim = dims.get(d)
        cat = dim.get("category") if isinstance(dim, dict) else None
        index = cat.get("index") if isinstance(cat, dict) else None
        if index is None and isinstance(cat, dict) and isinstance(cat.get("label"), dict) and len(cat["label"]) == 1:
            index = {next(iter(cat["label"])): 0}  # JSON-stat allows a single category without an index
        if isinstance(index, list):
            index = {c: i for i, c in enumerate(index)}
        if not isinstance(index, dict) or len(index) != n:
            raise LayoutError(f"{name}: dimension {d!r}: category index has {len(index) if isinstance(index, dict) else 0}"
                              f" entries; expected {n} (field 'size')")
        codes = [None] * n
        for c, i in index.items():
            if not isinstance(i, int) or not 0 <= i < n or codes[i] is not None:
                raise LayoutError(f"{name}: dimension {d!r} category {c!r}: index {i!r}; expected a unique position "
                                  f"0-{n - 1}")
            codes[i] = c
        order.append(codes)
        labels = cat.get("label", {}) if isinstance(cat.get("label"), dict) else {}
        dimensions[d] = {"label": dim.get("label", d), "categories": {c: labels.get(c, c) for c in codes}}
    total = 1
    for n in size:
        total *= n
    raw = doc.get("value")
    if isinstance(raw, list):
        items = [(i, v) for i, v in enumerate(raw) if v is not None]
        if len(raw) != total:
            raise LayoutError(f"{name}: field 'value' has {len(raw)} entries; expected {total} (the product of 'size')")
    elif isinstance(raw, dict):
        items = []
        for k, v in raw.items():
            if not (isinstance(k, str) and k.isdigit() and int(k) < total):
                raise LayoutError(f"{name}: field 'value' key {k!r}; expected a position 0-{total - 1}")
            items.append((int(k), v))
    else:
        raise LayoutError(f"{name}: field 'value' is {type(raw).__name__}; expected a list or an object")
    status = doc.get("status") or {}
    values = []
    for pos, v in items:
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise LayoutError(f"{name}: field 'value' position {pos}: {v!r}; expected a number or null")
        coords = {}
        rest = pos
        for d, codes in zip(reversed(ids), reversed(order), strict=True):
            rest, i = divmod(rest, len(codes))
            coords[d] = codes[i]
        st = status.get(str(pos), "") if isinstance(status, dict) else (status[pos] if pos < len(status) else "")
        values.append(StatValue(coords=coords, value=float(v), status=st or ""))
    ext = doc.get("extension") if isinstance(doc.get("extension"), dict) else {}
    js = JsonStat(name=name, label=str(doc.get("label", "")), updated=str(doc.get("updated", "")),
                  dataset_code=str(ext.get("id", "")), dimensions=dimensions, values=values)
    js.notes.append(f"{len(values)} values of {total} cells ({total - len(values)} empty), dimensions "
                    + ", ".join(f"{d} {n}" for d, n in zip(ids, size, strict=True)))
    return js
