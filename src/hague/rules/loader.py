"""The strict loader of the dated rule tree.

Every rule file is YAML with a ``kind``:

- ``commitment``: an alliance commitment (Wales 2014, Vilnius 2023, The Hague 2025) with its parameters;
- ``national``: one ally's own stated targets;
- ``assessment``: the thresholds of the plan-assessment test, each with the reason for its value.

A parameter has a ``description``, a ``unit``, a ``reference`` list (``label`` + ``href``) and ``values``
keyed by the date each value took effect (``YYYY-MM-DD``). A deadline is its own field (``target_year``), never
a value dated in the future. Unknown keys, duplicate keys, a missing unit or reference and bad dates are errors
naming the file and line (:class:`RuleError`).

The shipped tree is read once and cached; :func:`load_rules` always returns a new copy, so user folders
(``extra_dirs``) and scenarios never change the shipped rules.

>>> tree = load_rules()
>>> p = tree.parameter("hague-2025.core")
>>> p.value_at(2035), p.target_year, p.unit
(3.5, 2035, 'percent of GDP')
>>> tree.parameter("wales-2014.floor").value_at(2013) is None  # not yet adopted in 2013
True
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from hague.confidence import CONFIDENCE  # the one vocabulary (this module said "low-medium", catalogs "medium-low")
from hague.errors import HagueError

__all__ = ["RuleError", "Reference", "Parameter", "Commitment", "RuleTree", "load_rules", "parse_rule_text",
           "KINDS", "COMPARISONS", "CONFIDENCE"]

KINDS = ("commitment", "national", "assessment")
COMPARISONS = ("at_least", "at_most", "between", "provision")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TID = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class RuleError(HagueError, ValueError):
    """A rule file that is not valid: the message names the file and line and says what is accepted."""


# --------------------------------------------------------------------------------------------------------------
# YAML with line numbers: compose the node graph (PyYAML keeps start marks), then build plain values ourselves,
# refusing duplicate keys.
# --------------------------------------------------------------------------------------------------------------


class _Map(dict):
    """A mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    lines: dict

    def __init__(self, *a, line: int = 0, **kw) -> None:
        super().__init__(*a, **kw)
        self.line = line
        self.lines = {}


class _Seq(list):
    line: int = 0
    lines: list

    def __init__(self, *a, line: int = 0) -> None:
        super().__init__(*a)
        self.line = line
        self.lines = []


def _scalar(node, where: str):
    import yaml

    if node.style in ("'", '"'):  # quoted: always a string
        return node.value
    tag = node.tag
    try:
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in ("true", "yes", "on")
        if tag == "tag:yaml.org,2002:int":
            text = node.value.replace("_", "")
            try:
                return int(text)
            except ValueError:
                return int(text, 0)
        if tag == "tag:yaml.org,2002:float":
            text = node.value.replace("_", "").lower()
            specials = {".nan": math.nan, ".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf}
            return specials[text] if text in specials else float(text)
    except ValueError:
        raise RuleError(f"{where}:{node.start_mark.line + 1}: cannot read {node.value!r} as {tag.rsplit(':', 1)[-1]}") from None
    if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
        return node.value  # dates stay text: checked (and parsed) by the schema, with the line
    if isinstance(node, yaml.ScalarNode):
        return node.value
    raise RuleError(f"{where}:{node.start_mark.line + 1}: unsupported YAML tag {tag}")  # pragma: no cover


def _build(node, where: str):
    import yaml

    if isinstance(node, yaml.MappingNode):
        out = _Map(line=node.start_mark.line + 1)
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                raise RuleError(f"{where}:{knode.start_mark.line + 1}: a key must be plain text")
            key = knode.value
            kline = knode.start_mark.line + 1
            if key in out:
                raise RuleError(f"{where}:{kline}: duplicate key {key!r} (first at line {out.lines[key]})")
            out[key] = _build(vnode, where)
            out.lines[key] = kline
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = _Seq(line=node.start_mark.line + 1)
        for item in node.value:
            seq.append(_build(item, where))
            seq.lines.append(item.start_mark.line + 1)
        return seq
    return _scalar(node, where)


def _parse_yaml(text: str, where: str):
    import yaml

    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(f"{where}{line}: not valid YAML: {problem}") from None
    if node is None:
        raise RuleError(f"{where}:1: empty rule file; expected a mapping with 'kind' ({', '.join(KINDS)})")
    return _build(node, where)


# --------------------------------------------------------------------------------------------------------------
# Rule objects
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    label: str
    href: str

    def to_dict(self) -> dict:
        return {"label": self.label, "href": self.href}


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


@dataclass
class RuleTree:
    """The loaded rules: commitments, national targets and plan-assessment thresholds.

    A tree returned by :func:`load_rules` is a private copy: changing it never changes the shipped rules.
    """

    commitments: dict[str, Commitment] = field(default_factory=dict)
    national: dict[str, dict[str, Parameter]] = field(default_factory=dict)
    assessment: dict[str, Parameter] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def commitment(self, cid: str) -> Commitment:
        if cid not in self.commitments:
            raise RuleError(f"unknown commitment {cid!r}; accepted: {', '.join(self.commitments)} (or 'national')")
        return self.commitments[cid]

    def parameter(self, key: str) -> Parameter:
        """A parameter by key: ``hague-2025.core``, ``national.DEU.core-3.5-2029`` or ``assessment.NAME``."""
        head, _, rest = key.partition(".")
        if head == "assessment":
            if rest not in self.assessment:
                raise RuleError(f"unknown assessment threshold {rest!r}; accepted: {', '.join(self.assessment)}")
            return self.assessment[rest]
        if head == "national":
            ally, _, tid = rest.partition(".")
            targets = self.national.get(ally, {})
            if tid not in targets:
                raise RuleError(f"unknown national target {key!r}; {ally or 'ally'} has: {', '.join(targets) or 'none'}")
            return targets[tid]
        c = self.commitment(head)
        if rest not in c.parameters:
            raise RuleError(f"unknown parameter {rest!r} of {head}; accepted: {', '.join(c.parameters)}")
        return c.parameters[rest]

    def threshold(self, name: str, year: int | None = None):
        """A plan-assessment threshold value (latest, or in effect at the end of ``year``)."""
        p = self.parameter(f"assessment.{name}")
        return p.latest if year is None else p.value_at(year)

    def national_targets(self) -> list[dict]:
        """Every national target as a flat dict (ally, id, value, unit, deadline, source, date, confidence...)."""
        out = []
        for ally in sorted(self.national):
            for tid, p in self.national[ally].items():
                d, v = p.values[-1]
                lo, hi = (v if isinstance(v, tuple) else (v, None))
                out.append({
                    "ally": ally, "id": tid, "label": p.label, "value": lo, "value_max": hi, "unit": p.unit,
                    "comparison": p.comparison, "year": p.target_year, "deadline": p.target_year,
                    "until": p.until_year, "basis": p.basis, "measure": p.measure, "date": d.isoformat(),
                    "source": p.reference[0].href, "source_label": p.reference[0].label,
                    "sources": [r.to_dict() for r in p.reference], "confidence": p.confidence,
                    "description": p.description, "note": p.note, "file": p.file, "line": p.line,
                })
        return out

    def copy(self) -> RuleTree:
        """An independent copy (a scenario starts here)."""
        return copy.deepcopy(self)


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
        _check_keys(r, {"label": True, "href": True}, where, "reference")
        href = _text(r, "href", where)
        if not href.startswith(("http://", "https://")):
            raise RuleError(f"{_at(where, r, 'href')}: 'href' must be an http(s) URL, got {href!r}")
        out.append(Reference(_text(r, "label", where), href))
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


def _apply(tree: RuleTree, kind: str, obj, where: str, *, overlay: bool) -> None:
    tree.files.append(where)
    if kind == "commitment":
        c: Commitment = obj
        old = tree.commitments.get(c.id)
        if old is not None and not overlay:
            raise RuleError(f"{where}:{c.line}: commitment {c.id!r} is already defined in {old.file}")
        if old is not None:  # a user folder: its parameters replace or add to the shipped ones, on the copy
            c = replace(c, parameters={**old.parameters, **c.parameters})
        tree.commitments[c.id] = c
    elif kind == "national":
        ally, targets = obj
        have = tree.national.setdefault(ally, {})
        if not overlay:
            dup = sorted(set(have) & set(targets))
            if dup:
                raise RuleError(f"{where}: national target(s) {', '.join(dup)} of {ally} already defined")
        have.update(targets)
    else:
        if not overlay:
            dup = sorted(set(tree.assessment) & set(obj))
            if dup:
                raise RuleError(f"{where}: assessment threshold(s) {', '.join(dup)} already defined")
        tree.assessment.update(obj)


@lru_cache(maxsize=1)
def _shipped() -> RuleTree:
    tree = RuleTree()
    root = resources.files("hague.rules").joinpath("tree")
    entries = []
    for sub in sorted(root.iterdir(), key=lambda p: p.name):
        if sub.is_dir():
            entries += [(f"hague/rules/tree/{sub.name}/{f.name}", f) for f in sorted(sub.iterdir(), key=lambda p: p.name)
                        if f.name.endswith((".yaml", ".yml"))]
    for where, f in entries:
        kind, obj = parse_rule_text(f.read_text(encoding="utf-8"), where)
        _apply(tree, kind, obj, where, overlay=False)
    from hague.rules.national_plans import PLANS_FILE, target_parameters

    tree.files.append(PLANS_FILE)
    for ally, targets in target_parameters().items():
        _apply(tree, "national", (ally, targets), PLANS_FILE, overlay=False)
        tree.files.pop()
    _check_tree(tree)
    return tree


def _check_tree(tree: RuleTree) -> None:
    for name in ("hague-2025",):
        if name not in tree.commitments:
            raise RuleError(f"the rule tree has no {name!r} commitment (files: {', '.join(tree.files)})")


def load_rules(extra_dirs=()) -> RuleTree:
    """The rule tree: a fresh copy of the shipped rules, with each folder in ``extra_dirs`` layered on top.

    A user folder holds YAML files (any sub-folders) of the same kinds. A commitment with a shipped id replaces
    the parameters it names and keeps the others; a national target or assessment threshold with a shipped name
    replaces it; anything new is added. The shipped tree itself is never changed.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "dk.yaml").write_text('''
    ... kind: national
    ... ally: DNK
    ... targets:
    ...   core-4-2030:
    ...     description: A user's scenario, not an official target.
    ...     unit: percent of GDP
    ...     measure: core_defence_expenditure_share_gdp
    ...     comparison: at_least
    ...     target_year: 2030
    ...     reference: [{label: my note, href: "https://example.org/"}]
    ...     values: {2026-01-01: 4.0}
    ... ''')
    >>> load_rules([d]).parameter("national.DNK.core-4-2030").value_at(2030)
    4.0
    >>> "core-4-2030" in load_rules().national.get("DNK", {})  # the shipped tree is untouched
    False
    """
    if isinstance(extra_dirs, (str, Path)):
        extra_dirs = [extra_dirs]
    tree = _shipped().copy()
    for d in extra_dirs:
        p = Path(d)
        if not p.is_dir():
            raise RuleError(f"rules folder {str(p)!r} does not exist or is not a folder")
        files = sorted(x for x in p.rglob("*") if x.suffix in (".yaml", ".yml") and x.is_file())
        if not files:
            raise RuleError(f"rules folder {str(p)!r} has no .yaml files")
        for f in files:
            try:
                text = f.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise RuleError(f"{f}: cannot read: {exc}") from None
            kind, obj = parse_rule_text(text, str(f))
            _apply(tree, kind, obj, str(f), overlay=True)
    return tree
