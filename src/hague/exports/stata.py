"""Stata ``.dta`` files (pyreadstat) and a long CSV for R.

``.dta``: one file per table; variable names are the column keys made Stata-safe (letters, digits, underscore,
at most 32 characters); each variable's label is its header and unit (80 characters at most); yes/no columns are
stored as 0/1 with the value labels ``no``/``yes``, and short categorical text columns (at most 24 distinct
values, none of them a key column) as integers with their words as value labels; numbers are stored as doubles,
so a figure reads back exactly (``pd.read_stata`` or ``pyreadstat.read_dta(..., apply_value_formats=True)``).
The dataset label is the table's title; a ``.dta`` cannot carry the provenance, so ``FILE.meta.json`` beside it
does (as for a CSV).

Long CSV for R: one row per figure: the table's identifying text columns (ISO3 codes stay as the ``code`` or
``ally`` column), ``variable`` (column key), ``value`` (a number, empty when the source has none), ``unit`` and
``decimals``; ``read.csv`` gives numeric ``value`` and integer ``year``. Only number columns are melted; yes/no
and text columns stay as identifying columns.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from hague.exports.frames import TypedTable
from hague.exports.writers import export_dir, needs_export

__all__ = ["write_dta", "write_long_csv", "stata_names", "long_csv"]

_CATEGORIES = 24


def stata_names(keys: list[str]) -> dict[str, str]:
    """Column key -> a unique Stata variable name.

    >>> stata_names(["code", "core_defence_expenditure[USD million,current]", "2pct"])
    {'code': 'code', 'core_defence_expenditure[USD million,current]': 'core_defence_expenditure_usd_mil', '2pct': 'v2pct'}
    """
    out, used = {}, set()
    for k in keys:
        base = re.sub(r"[^A-Za-z0-9_]+", "_", k).strip("_").lower() or "v"
        if base[0].isdigit():
            base = "v" + base
        name, i = base[:32], 1
        while name in used:
            i += 1
            name = f"{base[:32 - len(str(i)) - 1]}_{i}"
        used.add(name)
        out[k] = name
    return out


def _dta_frame(t: TypedTable):
    import pandas as pd

    names = stata_names([f.key for f in t.fields])
    data, labels, value_labels = {}, {}, {}
    for f in t.fields:
        n = names[f.key]
        vals = t.columns[f.key]
        c = f.column
        labels[n] = (c.header + (f" ({c.unit})" if c.unit else ""))[:80]
        if f.type == "number":
            data[n] = pd.Series([float("nan") if v is None else v for v in vals], dtype="float64")
        elif f.type == "integer" and None not in vals and all(-2**31 < v < 2**31 for v in vals):
            data[n] = pd.Series(vals, dtype="int32")
        elif f.type == "integer":
            data[n] = pd.Series([float("nan") if v is None else float(v) for v in vals], dtype="float64")
        elif f.type == "boolean":
            data[n] = pd.Series([float("nan") if v is None else float(v) for v in vals], dtype="float64")
            value_labels[n] = {0: "no", 1: "yes"}
        else:
            words = sorted({v for v in vals if v is not None})
            if c.priority > 0 and 0 < len(words) <= _CATEGORIES and all(len(w) <= 120 for w in words):
                codes = {w: i + 1 for i, w in enumerate(words)}
                data[n] = pd.Series([float("nan") if v is None else float(codes[v]) for v in vals], dtype="float64")
                value_labels[n] = {i: w for w, i in codes.items()}
            else:
                data[n] = pd.Series(["" if v is None else v[:2045] for v in vals], dtype="object")
    return pd.DataFrame(data), labels, value_labels


def _write_one_dta(t: TypedTable, path: Path) -> None:
    import pyreadstat

    df, labels, value_labels = _dta_frame(t)
    pyreadstat.write_dta(df, str(path), file_label=t.result.title[:80], column_labels=labels,
                         variable_value_labels=value_labels, version=15)


def _sidecar(t: TypedTable) -> str:
    from hague.render import sidecar

    return sidecar(t.result)


def write_dta(tables: list[TypedTable], path: str | Path, *, single: bool = False) -> list[Path]:
    """One ``.dta`` (+ ``.dta.meta.json``) per table in the folder ``path``; with ``single`` and a path ending in
    ``.dta``, that file and its sidecar."""
    needs_export("dta")
    target = Path(path)
    if single and target.suffix.lower() == ".dta":
        import tempfile

        from hague.render import write_files

        with tempfile.TemporaryDirectory() as d:
            _write_one_dta(tables[0], Path(d) / "t.dta")
            write_files([(target, (Path(d) / "t.dta").read_bytes()), (f"{target}.meta.json", _sidecar(tables[0]))])
        return [target, Path(f"{target}.meta.json")]
    with export_dir(target) as tmp:
        for t in tables:
            _write_one_dta(t, tmp / f"{t.name}.dta")
            (tmp / f"{t.name}.dta.meta.json").write_text(_sidecar(t), encoding="utf-8")
    return [target / f"{t.name}.dta" for t in tables]


def long_csv(t: TypedTable) -> str:
    """The table melted to ``id columns..., variable, value, unit, decimals`` (see the module docstring)."""
    ids = [f for f in t.fields if f.type != "number"]
    measures = [f for f in t.fields if f.type == "number"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([f.key for f in ids] + ["variable", "value", "unit", "decimals"])
    for i in range(t.nrows):
        head = ["" if (v := t.columns[f.key][i]) is None else ("TRUE" if v is True else "FALSE" if v is False else v)
                for f in ids]
        for m in measures:
            v = t.columns[m.key][i]
            w.writerow(head + [m.key, "" if v is None else _num(v, m.column.decimals), m.column.unit,
                               "" if m.column.decimals is None else m.column.decimals])
    return buf.getvalue()


def _num(v: float, decimals: int | None):
    return int(v) if decimals == 0 and float(v).is_integer() else v


def write_long_csv(tables: list[TypedTable], path: str | Path, *, single: bool = False) -> list[Path]:
    """One long CSV (+ ``.csv.meta.json``) per table in the folder ``path``; with ``single`` and a path ending in
    ``.csv``, that file and its sidecar."""
    target = Path(path)
    if single and target.suffix.lower() == ".csv":
        from hague.render import write_files

        write_files([(target, long_csv(tables[0])), (f"{target}.meta.json", _sidecar(tables[0]))])
        return [target, Path(f"{target}.meta.json")]
    with export_dir(target) as tmp:
        for t in tables:
            (tmp / f"{t.name}.csv").write_text(long_csv(t), encoding="utf-8")
            (tmp / f"{t.name}.csv.meta.json").write_text(_sidecar(t), encoding="utf-8")
    return [target / f"{t.name}.csv" for t in tables]
