r"""YAML with line numbers: compose PyYAML's node graph (which keeps start marks) and build plain values, refusing
duplicate keys, so every rule error can name the file and line.

>>> m = parse_yaml("a: 1\nb: [x, y]\n", "f.yaml")
>>> m["b"], m.lines["b"]
(['x', 'y'], 2)
>>> parse_yaml("a: 1\na: 2\n", "f.yaml")
Traceback (most recent call last):
hague.rules.yaml_lines.RuleError: f.yaml:2: duplicate key 'a' (first at line 1)
"""

from __future__ import annotations

import math

from hague.errors import HagueError

__all__ = ["RuleError", "parse_yaml", "LineMap", "LineSeq"]

#: the kinds of rule file (named in the error for an empty file)
KINDS = ("commitment", "national", "assessment")


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


def parse_yaml(text: str, where: str):
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



_parse_yaml = parse_yaml
LineMap, LineSeq = _Map, _Seq
