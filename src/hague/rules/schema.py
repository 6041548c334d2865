"""The schema of rule files: the rule objects (:class:`Reference`, :class:`Parameter`, :class:`Commitment`) and
:func:`parse_rule_text`, which checks one file against the schema (unknown keys, missing units or references, bad
dates and values are errors naming the file and line).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from hague.errors import HagueError
from hague.rules.yaml_lines import KINDS, RuleError, _Map, _parse_yaml, _Seq

__all__ = ["Reference", "Parameter", "Commitment", "parse_rule_text", "REFERENCE_KINDS", "KINDS", "COMPARISONS",
           "CONFIDENCE"]

COMPARISONS = ("at_least", "at_most", "between", "provision")
from hague.confidence import CONFIDENCE  # noqa: E402 - the one vocabulary (this module said "low-medium")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TID = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

# --------------------------------------------------------------------------------------------------------------
# Rule objects
# --------------------------------------------------------------------------------------------------------------


#: kinds of source a reference may name; NATO, government, parliament and international are official
REFERENCE_KINDS = ("NATO", "government", "parliament", "international", "think_tank", "press")


@dataclass(frozen=True)
class Reference:
    label: str
    href: str
    kind: str | None = None  # one of REFERENCE_KINDS; None = not stated (treated as unknown)

    def to_dict(self) -> dict:
        return {"label": self.label, "href": self.href, "kind": self.kind}


@dataclass(frozen=True)
class Parameter:
    """One dated rule value: a threshold, a cap, a deadline-bound target or a provision.

    ``values`` holds ``(date it took effect, value)`` pairs, oldest first. A value is a number, a boolean or,
    for a range target (``comparison: between``), a ``(min, max)`` pair.
    """

    key: str  # "hague-2025.core", "national.DEU.core-3.5-2029", "assessment.fall_tolerance_pp"
    name: str
    description: str
    unit: str
    reference: tuple[Reference, ...]
    values: tuple[tuple[dt.date, object], ...]
    target_year: int | None = None
    until_year: int | None = None
    applies_below: float | None = None  # the rule applies only while the core share of GDP is below this
    measure: str | None = None
    comparison: str = "provision"
    status: str | None = None
    confidence: str | None = None
    basis: str | None = None
    label: str | None = None
    reason: str | None = None
    note: str | None = None
    file: str = ""
    line: int = 0

    def value_at(self, when: int | dt.date):
        """The value in effect on a date, or at the end of a year; None if not yet adopted."""
        day = dt.date(when, 12, 31) if isinstance(when, int) else when
        out = None
        for d, v in self.values:
            if d <= day:
                out = v
        return out

    @property
    def adopted(self) -> dt.date:
        return self.values[0][0]

    @property
    def latest(self):
        return self.values[-1][1]

    def to_dict(self) -> dict:
        def _v(v):
            return {"min": v[0], "max": v[1]} if isinstance(v, tuple) else v

        return {
            "key": self.key, "name": self.name, "label": self.label, "description": self.description, "unit": self.unit,
            "values": {d.isoformat(): _v(v) for d, v in self.values}, "target_year": self.target_year,
            "until_year": self.until_year, "applies_below": self.applies_below, "measure": self.measure, "comparison": self.comparison,
            "status": self.status, "confidence": self.confidence, "basis": self.basis, "reason": self.reason,
            "note": self.note, "reference": [r.to_dict() for r in self.reference], "file": self.file, "line": self.line,
        }


@dataclass(frozen=True)
class Commitment:
    id: str
    label: str
    description: str
    adopted: dt.date
    status: str
    confidence: str
    reference: tuple[Reference, ...]
    parameters: dict[str, Parameter]
    note: str | None = None
    file: str = ""
    line: int = 0


# --------------------------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------------------------

_COMMITMENT_KEYS = {"kind": True, "id": True, "label": True, "description": True, "adopted": True, "status": True,
                    "confidence": True, "reference": True, "parameters": True, "note": False}
_NATIONAL_KEYS = {"kind": True, "ally": True, "targets": True, "note": False}
_ASSESSMENT_KEYS = {"kind": True, "id": True, "label": True, "description": True, "reference": True,
                    "parameters": True, "note": False}
_PARAM_KEYS = {"description": True, "unit": True, "reference": True, "values": True, "target_year": False,
               "until_year": False, "applies_below": False, "measure": False, "comparison": False, "status": False, "confidence": False,
               "basis": False, "label": False, "reason": False, "note": False}


def _at(where: str, m, key: str | None = None) -> str:
    line = m.lines.get(key, m.line) if key is not None and isinstance(m, _Map) else getattr(m, "line", 0)
    return f"{where}:{line}"


def _check_keys(m, spec: dict[str, bool], where: str, what: str) -> None:
    if not isinstance(m, _Map):
        raise RuleError(f"{where}:{getattr(m, 'line', 0)}: {what} must be a mapping")
    for k in m:
        if k not in spec:
            raise RuleError(f"{_at(where, m, k)}: unknown key {k!r} in {what}; accepted: {', '.join(spec)}")
    for k, req in spec.items():
        if req and (k not in m or m[k] is None or m[k] == ""):
            raise RuleError(f"{_at(where, m)}: {what} is missing {k!r} (required: "
                            f"{', '.join(x for x, r in spec.items() if r)})")


def _text(m, key: str, where: str) -> str:
    v = m[key]
    if not isinstance(v, str) or not v.strip():
        raise RuleError(f"{_at(where, m, key)}: {key!r} must be non-empty text, got {v!r}")
    return " ".join(v.split())


def _date(text, where: str, what: str) -> dt.date:
    if not isinstance(text, str) or not _DATE.match(text):
        raise RuleError(f"{where}: {what} must be a date YYYY-MM-DD, got {text!r}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise RuleError(f"{where}: {what} {text!r} is not a real date (YYYY-MM-DD)") from None


def _year(m, key: str, where: str) -> int | None:
    if key not in m or m[key] is None:
        return None
    v = m[key]
    if isinstance(v, bool) or not isinstance(v, int) or not 1949 <= v <= 2100:
        raise RuleError(f"{_at(where, m, key)}: {key!r} must be a year (1949-2100), got {v!r}")
    return v


def _references(m, where: str) -> tuple[Reference, ...]:
    refs = m["reference"]
    if not isinstance(refs, _Seq) or not refs:
        raise RuleError(f"{_at(where, m, 'reference')}: 'reference' must be a non-empty list of label + href")
    out = []
    for r, line in zip(refs, refs.lines, strict=True):
        if not isinstance(r, _Map):
            raise RuleError(f"{where}:{line}: a reference must be a mapping with 'label' and 'href'")
        _check_keys(r, {"label": True, "href": True, "kind": False}, where, "reference")
        href = _text(r, "href", where)
        if not href.startswith(("http://", "https://")):
            raise RuleError(f"{_at(where, r, 'href')}: 'href' must be an http(s) URL, got {href!r}")
        kind = r.get("kind")
        if kind is not None and kind not in REFERENCE_KINDS:
            raise RuleError(f"{_at(where, r, 'kind')}: reference kind {kind!r} not accepted; accepted: "
                            f"{', '.join(REFERENCE_KINDS)}")
        out.append(Reference(_text(r, "label", where), href, kind))
    return tuple(out)


def _value(v, where: str, unit: str, comparison: str):
    if comparison == "between":
        if not (isinstance(v, _Map) and set(v) == {"min", "max"}):
            raise RuleError(f"{where}: a 'between' value must be a mapping with min and max, got {v!r}")
        lo, hi = v["min"], v["max"]
        for x in (lo, hi):
            if isinstance(x, bool) or not isinstance(x, (int, float)):
                raise RuleError(f"{where}: min and max must be numbers, got {x!r}")
        if lo > hi:
            raise RuleError(f"{where}: min {lo} is above max {hi}")
        return (float(lo), float(hi))
    if unit == "boolean":
        if not isinstance(v, bool):
            raise RuleError(f"{where}: unit is boolean; the value must be true or false, got {v!r}")
        return v
    if unit == "year":
        if isinstance(v, bool) or not isinstance(v, int):
            raise RuleError(f"{where}: unit is year; the value must be a year, got {v!r}")
        return v
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise RuleError(f"{where}: the value must be a number in {unit!r}, got {v!r}")
    if v != v or v < 0 or v == math.inf:
        raise RuleError(f"{where}: the value must be a finite non-negative number in {unit!r}, got {v!r}")
    return float(v) if unit.startswith("percent") else v


def _parameter(m, where: str, *, key: str, name: str, require_reason: bool = False) -> Parameter:
    spec = dict(_PARAM_KEYS)
    if require_reason:
        spec["reason"] = True
    _check_keys(m, spec, where, f"parameter {name!r}")
    unit = _text(m, "unit", where)
    comparison = m.get("comparison", "provision")
    if comparison not in COMPARISONS:
        raise RuleError(f"{_at(where, m, 'comparison')}: comparison {comparison!r} not accepted; "
                        f"accepted: {', '.join(COMPARISONS)}")
    conf = m.get("confidence")
    if conf is not None and conf not in CONFIDENCE:
        raise RuleError(f"{_at(where, m, 'confidence')}: confidence {conf!r} not accepted; accepted: {', '.join(CONFIDENCE)}")
    vals = m["values"]
    if not isinstance(vals, _Map) or not vals:
        raise RuleError(f"{_at(where, m, 'values')}: 'values' must map dates (YYYY-MM-DD) to values")
    pairs = []
    for d, v in vals.items():
        loc = f"{where}:{vals.lines[d]}"
        pairs.append((_date(d, loc, "a values key"), _value(v, loc, unit, comparison)))
    pairs.sort(key=lambda p: p[0])
    if len({d for d, _ in pairs}) != len(pairs):  # pragma: no cover - duplicate keys are caught by the YAML layer
        raise RuleError(f"{_at(where, m, 'values')}: two values with the same date")
    target_year = _year(m, "target_year", where)
    until_year = _year(m, "until_year", where)
    if target_year and until_year and until_year < target_year:
        raise RuleError(f"{_at(where, m, 'until_year')}: until_year {until_year} is before target_year {target_year}")
    if target_year is not None and target_year < pairs[0][0].year:
        raise RuleError(f"{_at(where, m, 'target_year')}: target_year {target_year} is before the rule took effect "
                        f"({pairs[0][0].isoformat()})")
    if comparison != "provision" and unit in ("boolean", "year"):
        raise RuleError(f"{_at(where, m, 'comparison')}: comparison {comparison!r} needs a numeric unit, not {unit!r}")
    below = m.get("applies_below")
    if below is not None and (isinstance(below, bool) or not isinstance(below, (int, float)) or below != below):
        raise RuleError(f"{_at(where, m, 'applies_below')}: 'applies_below' must be a share of GDP, got {below!r}")
    opt = {k: (_text(m, k, where) if k in m and m[k] is not None else None)
           for k in ("measure", "status", "basis", "label", "reason", "note")}
    return Parameter(key=key, name=name, description=_text(m, "description", where), unit=unit,
                     reference=_references(m, where), values=tuple(pairs), target_year=target_year,
                     until_year=until_year, comparison=comparison, confidence=conf, file=where,
                     applies_below=None if below is None else float(below),
                     line=m.line, **opt)


def _parameters(m, where: str, prefix: str, *, require_reason: bool = False) -> dict[str, Parameter]:
    ps = m["parameters"] if "parameters" in m else m["targets"]
    field_name = "parameters" if "parameters" in m else "targets"
    if not isinstance(ps, _Map) or not ps:
        raise RuleError(f"{_at(where, m, field_name)}: {field_name!r} must be a non-empty mapping of name -> parameter")
    out = {}
    for name, p in ps.items():
        rx = _TID if field_name == "targets" else _NAME
        if not rx.match(name):
            raise RuleError(f"{where}:{ps.lines[name]}: name {name!r} must match {rx.pattern}")
        out[name] = _parameter(p, where, key=f"{prefix}.{name}", name=name, require_reason=require_reason)
    return out


def parse_rule_text(text: str, where: str):
    """Parse one rule file; returns ``(kind, object)``: a Commitment, ``(ally, {id: Parameter})`` or
    ``{name: Parameter}`` for the assessment thresholds."""
    m = _parse_yaml(text, where)
    if not isinstance(m, _Map):
        raise RuleError(f"{where}:1: a rule file must be a mapping with 'kind' ({', '.join(KINDS)})")
    kind = m.get("kind")
    if kind not in KINDS:
        raise RuleError(f"{_at(where, m, 'kind' if 'kind' in m else None)}: 'kind' must be one of "
                        f"{', '.join(KINDS)}, got {kind!r}")
    if kind == "commitment":
        _check_keys(m, _COMMITMENT_KEYS, where, "commitment")
        cid = _text(m, "id", where)
        if not _ID.match(cid):
            raise RuleError(f"{_at(where, m, 'id')}: id {cid!r} must match {_ID.pattern}")
        if m["confidence"] not in CONFIDENCE:
            raise RuleError(f"{_at(where, m, 'confidence')}: confidence {m['confidence']!r} not accepted; "
                            f"accepted: {', '.join(CONFIDENCE)}")
        return kind, Commitment(
            id=cid, label=_text(m, "label", where), description=_text(m, "description", where),
            adopted=_date(m["adopted"], _at(where, m, "adopted"), "'adopted'"), status=_text(m, "status", where),
            confidence=m["confidence"], reference=_references(m, where), parameters=_parameters(m, where, cid),
            note=_text(m, "note", where) if m.get("note") else None, file=where, line=m.line)
    if kind == "national":
        _check_keys(m, _NATIONAL_KEYS, where, "national targets")
        from hague.allies import resolve

        code = m["ally"]
        try:
            a = resolve(str(code))
        except HagueError as exc:
            raise RuleError(f"{_at(where, m, 'ally')}: {exc}") from None
        if a.iso3 != code:
            raise RuleError(f"{_at(where, m, 'ally')}: 'ally' must be an ISO3 code; use {a.iso3!r}, not {code!r}")
        return kind, (a.iso3, _parameters(m, where, f"national.{a.iso3}"))
    _check_keys(m, _ASSESSMENT_KEYS, where, "assessment")
    _references(m, where)
    return kind, _parameters(m, where, "assessment", require_reason=True)

