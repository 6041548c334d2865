"""Thresholds and deadlines of the commitments, read from the rule tree: their one source.

Models and faces never write 2.0, 3.5, 20 or 2035 themselves; they ask here (the values, dates and sources live in
``hague/rules/tree/commitments/*.yaml``).

So that ``hague status`` starts without a YAML parser, the commitments' values are also kept in
``tree/commitments.json``: an index written from the tree (:func:`write_index`), carrying the SHA-256 of the YAML
texts it was built from. A stale index (a YAML file edited, added or removed) is never used: the tree is read instead.

>>> value("hague-2025.core"), deadline("hague-2025.core")
(3.5, 2035)
>>> review_year()
2029
>>> value("wales-2014.floor"), value("wales-2014.equipment"), value("hague-2025.related"), value("hague-2025.total")
(2.0, 20.0, 1.5, 5.0)
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

__all__ = ["value", "deadline", "review_year", "core", "related", "by", "build_index", "write_index", "CORE", "RELATED", "TOTAL", "FLOOR",
           "EQUIPMENT", "REVIEW"]

#: the parameter keys most code needs
CORE = "hague-2025.core"
RELATED = "hague-2025.related"
TOTAL = "hague-2025.total"
FLOOR = "wales-2014.floor"
EQUIPMENT = "wales-2014.equipment"
REVIEW = "hague-2025.review_year"

_TREE = Path(__file__).resolve().parent / "tree"
INDEX = _TREE / "commitments.json"


def _digest() -> str:
    try:
        from _sha256 import sha256  # hashlib imports OpenSSL too: 3 ms more at every start of `hague status`
    except ImportError:  # pragma: no cover
        from hashlib import sha256
    h = sha256()
    for f in sorted((_TREE / "commitments").glob("*.y*ml")):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def build_index() -> dict:
    """The numeric commitment parameters from the rule tree: ``{key: {"values": [[date, v], ...], "target_year"}}``."""
    from hague.rules.loader import _shipped

    params = {}
    for c in _shipped().commitments.values():
        for p in c.parameters.values():
            if all(isinstance(v, (int, float)) and not isinstance(v, bool) for _, v in p.values):
                params[p.key] = {"values": [[d.isoformat(), v] for d, v in p.values], "target_year": p.target_year}
    return {"digest": _digest(), "parameters": params}


def write_index() -> Path:
    """Rewrite ``tree/commitments.json`` from the YAML tree (run after editing a commitment file)."""
    INDEX.write_text(json.dumps(build_index(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return INDEX


@lru_cache(maxsize=1)
def _index() -> dict | None:
    try:
        data = json.loads(INDEX.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data["parameters"] if data.get("digest") == _digest() else None


def _entry(key: str) -> dict:
    idx = _index()
    if idx is not None and key in idx:
        return idx[key]
    from hague.rules.loader import _shipped  # the cached shipped tree (read-only); raises for an unknown key

    p = _shipped().parameter(key)
    return {"values": [[d.isoformat(), v] for d, v in p.values], "target_year": p.target_year}


def value(key: str, year: int | None = None) -> float:
    """A commitment parameter's value: the latest, or the one in effect at the end of ``year``."""
    values = _entry(key)["values"]
    if year is None:
        v = values[-1][1]
    else:
        v = None
        for d, x in values:
            if int(d[:4]) <= year:
                v = x
        if v is None:
            from hague.errors import HagueError

            raise HagueError(f"{key} was not yet adopted in {year} (took effect {values[0][0]})")
    return float(v[0] if isinstance(v, (list, tuple)) else v)


def deadline(key: str) -> int | None:
    """The target year of a commitment parameter (``None`` for a floor without a date)."""
    return _entry(key)["target_year"]


def core(target: float | None = None) -> float:
    """``target``, or The Hague's core share (3.5) when it is None: the default of every ``target=``."""
    return value(CORE) if target is None else target


def related(target: float | None = None) -> float:
    """``target``, or The Hague's related cap (1.5) when it is None."""
    return value(RELATED) if target is None else target


def by(year: int | None = None) -> int:
    """``year``, or The Hague's deadline (2035) when it is None: the default of every ``by=``."""
    return deadline(CORE) if year is None else year


def review_year() -> int:
    """The year The Hague's trajectory is reviewed (2029)."""
    return int(value(REVIEW))
