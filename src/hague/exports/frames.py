"""A Result as typed columns: the one step every machine export shares.

Each column keeps its :class:`hague.results.Column` spec and gets a storage type from its kind and its values:
``number`` (float64) for number/percent/money columns whose values are all numbers, ``integer`` for int/year
columns, ``boolean`` for bool columns, ``string`` otherwise (a numeric column holding a word such as ``n/a`` is
stored as text rather than losing the word). Values are :func:`hague.render.data_value` of the unrounded row, so a
figure reads the same in every export as in the CSV and the JSON.

>>> from hague.results import Column, Result
>>> t = typed_table(Result("x", [{"code": "ALB", "gap": 0.4541940000000001, "ok": False}],
...     [Column("code", "Code", priority=0), Column("gap", "Gap", "USD bn", 2, "money"),
...      Column("ok", "OK", kind="bool")]), "x")
>>> [(f.key, f.type) for f in t.fields], t.columns["gap"]
([('code', 'string'), ('gap', 'number'), ('ok', 'boolean')], [0.45])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hague.render import data_value
from hague.results import Column, Result

__all__ = ["Field", "TypedTable", "typed_table", "table_name"]

_NUMERIC = ("number", "percent", "money")


@dataclass(frozen=True)
class Field:
    key: str
    type: str  # string | number | integer | boolean
    column: Column

    @property
    def unit(self) -> str:
        return self.column.unit


@dataclass
class TypedTable:
    """A Result's rows as typed columns (lists), with the Result kept for its specs and provenance."""

    name: str
    result: Result
    fields: list[Field]
    columns: dict[str, list] = field(default_factory=dict)
    primary_key: list[str] = field(default_factory=list)

    @property
    def nrows(self) -> int:
        return len(self.result.rows)

    def frame(self):
        """A pandas DataFrame with nullable dtypes by field type (float64, Int64, boolean, object strings)."""
        import pandas as pd

        data = {}
        for f in self.fields:
            vals = self.columns[f.key]
            if f.type == "number":
                data[f.key] = pd.array([float("nan") if v is None else float(v) for v in vals], dtype="float64")
            elif f.type == "integer":
                data[f.key] = pd.array(vals, dtype="Int64")
            elif f.type == "boolean":
                data[f.key] = pd.array(vals, dtype="boolean")
            else:
                data[f.key] = pd.Series(vals, dtype="object")
        return pd.DataFrame(data, columns=[f.key for f in self.fields])


def table_name(text: str) -> str:
    """A lower-case name of letters, digits and underscores (for files, SQL tables and package resources).

    >>> table_name("nato-2023-2024-graphicnews"), table_name("Status 2026")
    ('nato_2023_2024_graphicnews', 'status_2026')
    """
    name = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return name or "table"


def _type(col: Column, values: list) -> str:
    present = [v for v in values if v is not None]
    if col.kind == "bool" and all(isinstance(v, bool) for v in present):
        return "boolean"
    if col.kind in ("int", "year") and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "integer"
    if col.kind in _NUMERIC and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "number"
    return "string"


def typed_table(result: Result, name: str, *, primary_key: list[str] | None = None) -> TypedTable:
    """``result`` as typed columns named ``name`` (see the module docstring); ``primary_key`` is kept only when
    those columns are present and unique in every row (else the table has none)."""
    fields, columns = [], {}
    for c in result.columns:
        vals = [data_value(r.get(c.key), c) for r in result.rows]
        t = _type(c, vals)
        if t == "string":
            vals = [None if v is None else (("true" if v else "false") if isinstance(v, bool) else str(v))
                    for v in vals]
        elif t == "number":
            vals = [None if v is None else float(v) for v in vals]
        fields.append(Field(c.key, t, c))
        columns[c.key] = vals
    pk = list(primary_key or [c.key for c in result.columns if c.priority == 0])
    if pk and all(k in columns for k in pk):
        keys = list(zip(*(columns[k] for k in pk)))
        if any(v is None for k in keys for v in k) or len(set(keys)) != len(keys):
            pk = []
    else:
        pk = []
    return TypedTable(table_name(name), result, fields, columns, pk)
