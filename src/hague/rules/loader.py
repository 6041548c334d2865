"""The rule tree: the shipped rules read once (YAML files plus the national plans), user folders layered on a copy.

The file format is checked by :mod:`hague.rules.schema`; YAML is read with line numbers by
:mod:`hague.rules.yaml_lines`.

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
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from hague.columns import table_result
from hague.results import Result, Source
from hague.rules.schema import (
    COMPARISONS,
    CONFIDENCE,
    KINDS,
    REFERENCE_KINDS,
    Commitment,
    Parameter,
    Reference,
    parse_rule_text,
)
from hague.rules.yaml_lines import RuleError, _Map, _parse_yaml, _Seq  # noqa: F401 - re-exported for older imports

__all__ = ["RuleError", "resolve_rules", "Reference", "REFERENCE_KINDS", "Parameter", "Commitment", "RuleTree", "load_rules",
           "parse_rule_text", "KINDS", "COMPARISONS", "CONFIDENCE", "rules_result"]


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
    from hague.rules.national_plans import PLANS_FILE

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


def target_parameters(plans=None) -> dict[str, dict[str, object]]:
    """The stated targets (``target_share`` rows with a value, not superseded) as rule parameters, by ally.

    A NATO-basis target is checked against NATO's core share of GDP, or against the 5 % total when it includes
    related spending; a national-basis or share-of-GNI target has no NATO series to be checked against; an
    open-ended one (``2030+``) is a position without a deadline.
    """
    from hague.allies import resolve
    from hague.rules.national_plans import PLANS_FILE, _basis_label, national_plans

    out: dict[str, dict[str, object]] = {}
    for p in (national_plans() if plans is None else plans):
        if p.kind != "target_share" or p.value is None or p.superseded_at():
            continue
        if p.basis == "national" or p.unit != "pct_GDP":
            measure = None
        elif p.includes_related:
            measure = "total_share_gdp"
        else:
            measure = "core_defence_expenditure_share_gdp"
        open_end = p.year_from is not None and p.year_to is None
        comparison = "provision" if open_end and measure else ("between" if p.value_max is not None else "at_least")
        value = (p.value, p.value_max) if comparison == "between" else p.value
        until = p.year_to if p.year_to is not None and p.year_to != p.year_from else None
        unit = {"pct_GDP": "percent of GDP", "pct_GNI": "percent of GNI"}[p.unit]
        ref = Reference(f"{p.source_kind or 'source'}, {p.published}", p.source_url, p.source_kind)
        out.setdefault(p.ally, {})[p.id] = Parameter(
            key=p.key, name=p.id, description=p.what, unit=unit, reference=(ref,),
            values=((p.published_date, value),), target_year=p.year_from, until_year=until, measure=measure,
            comparison=comparison, confidence=p.confidence if p.confidence in ("high", "medium", "low") else None,
            basis=_basis_label(p), label=f"{resolve(p.ally).name} - {p.what}", note=p.note or None,
            file=PLANS_FILE, line=p.row)
    return out


def resolve_rules(rules=None) -> RuleTree:
    """A RuleTree from ``None`` (shipped), a RuleTree, or a folder / list of folders layered on the shipped tree."""
    if rules is None:  # read-only use inside hague: the cached shipped tree, no copy needed
        return _shipped()
    if isinstance(rules, RuleTree):
        return rules
    return load_rules(rules)


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


# ------------------------------------------------------------------ the Result of this model's table(s)

def rules_result(extra_dirs=(), *, national: bool = False, assessment: bool = False) -> Result:
    """``hague rules``: the dated rule tree (commitments, national targets, assessment thresholds) with sources."""
    tree = load_rules(list(extra_dirs))
    rows = []
    if not national and not assessment:
        rows += [_rule_row(p) for c in tree.commitments.values() for p in c.parameters.values()]
    if national or not assessment:
        rows += [_rule_row(p) for ally in sorted(tree.national) for p in tree.national[ally].values()]
    if assessment or not national:
        rows += [_rule_row(p) for p in tree.assessment.values()]
    cols = [("key", "Rule", ""), ("value", "Value", ""), ("unit", "Unit", ""), ("since", "Since", "date it took effect"),
            ("deadline", "By", "target year"), ("status", "Status", ""), ("confidence", "Conf.", ""),
            ("source", "Source", "")]
    if assessment:
        cols.insert(-1, ("reason", "Reason", ""))
    rule_tree = Source(dataset="rules", producer="hague rule tree (from the cited texts)",
                       title="Dated commitments, national targets and assessment rules",
                       attribution="; ".join(tree.files))
    return table_result(cols, rows, title="Rules (dated, with references)",
                        footer="Rule files: " + ", ".join(tree.files), sources=(rule_tree,))


def _rule_row(p) -> dict:
    d, v = p.values[-1]
    if isinstance(v, tuple):
        v = f"{v[0]:g}–{v[1]:g}"
    return {"key": p.key, "value": v, "unit": p.unit, "since": d.isoformat(),
            "deadline": p.target_year if p.until_year in (None, p.target_year) else f"{p.target_year}-{p.until_year}",
            "status": p.status or "", "confidence": p.confidence or "", "reason": p.reason or "",
            "source": p.reference[0].href}
