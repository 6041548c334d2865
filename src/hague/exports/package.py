"""Frictionless data packages (https://specs.frictionlessdata.io/data-package/): CSV resources + ``datapackage.json``.

Each resource is the table's CSV exactly as ``--format csv`` writes it (:func:`hague.render.render_csv`: keys as
header, numbers rounded by the column spec), described by a Table Schema: a field per column with its type,
title, description and, as hague's own properties, ``unit``, ``decimals``, ``kind`` and ``origin`` (source or
computed by hague, with its inputs); missing values are empty cells; the primary key where the rows have one.
Each resource names its sources (dataset, edition, producer, URL) and licences, and carries the sha256 and size
of its file, so ``frictionless validate datapackage.json`` checks the data against all of it.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from hague.exports.frames import TypedTable
from hague.exports.writers import export_dir

__all__ = ["write_package", "package_descriptor", "resource_descriptor"]

_URL = re.compile(r"https?://[^\s)]+")


def _clean(text: str) -> str:
    return " ".join(str(text or "").split())


def _licences(table: TypedTable) -> list[dict]:
    """One licence per distinct licence text of the sources: its words, and its URL where the text gives one."""
    out, seen = [], set()
    for s in table.result.provenance.sources:
        text = _clean(s.licence)
        if not text or text in seen:
            continue
        seen.add(text)
        m = _URL.search(text)
        lic = {"title": text}
        lic["path"] = m.group(0).rstrip(".;,") if m else (s.url or "")
        if not lic["path"]:
            lic.pop("path")
        out.append(lic)
    return out


def _sources(table: TypedTable) -> list[dict]:
    out = []
    for s in table.result.provenance.sources:
        src = {"title": _clean(s.title or s.dataset)}
        if s.url:
            src["path"] = s.url
        src.update({"hague:dataset": s.dataset, "hague:edition": s.edition, "hague:producer": s.producer,
                    "hague:attribution": s.attribution})
        out.append(src)
    return out


def _field(f) -> dict:
    c = f.column
    d = {"name": f.key, "type": f.type, "title": c.header or f.key}
    if c.description:
        d["description"] = _clean(c.description)
    if f.type == "boolean":
        d["trueValues"], d["falseValues"] = ["True", "true"], ["False", "false"]
    d.update({"unit": c.unit, "hague:decimals": c.decimals, "hague:kind": c.kind, "hague:origin": c.origin})
    if c.inputs:
        d["hague:inputs"] = list(c.inputs)
    return d


def resource_descriptor(table: TypedTable, content: bytes) -> dict:
    """The resource of one table whose CSV is ``content`` (path, format, size, sha256, schema, sources)."""
    res = table.result
    schema = {"fields": [_field(f) for f in table.fields], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    desc = {"name": table.name.replace("_", "-"), "path": f"{table.name}.csv", "title": _clean(res.title),
            "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "bytes": len(content), "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
            "schema": schema, "sources": _sources(table)}
    lic = _licences(table)
    if lic:
        desc["licenses"] = lic
    notes = [n for n in [res.provenance.statement, *res.notes] if n]
    if notes:
        desc["description"] = _clean(" ".join(notes))
    if res.meta:
        desc["hague:meta"] = json.loads(json.dumps(res.meta, default=str))
    return desc


def package_descriptor(name: str, title: str, resources: list[dict]) -> dict:
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("hague")
    except PackageNotFoundError:  # pragma: no cover
        v = "unknown"
    lic, src = [], []
    for r in resources:
        lic += [x for x in r.get("licenses", []) if x not in lic]
        src += [x for x in r.get("sources", []) if x not in src]
    doc = {"profile": "tabular-data-package", "name": name, "title": title,
           "description": "Written by hague (NATO's 2025 defence-investment framework as software). Figures are "
                          "rounded as hague shows them; every resource names its sources, editions and licences.",
           "hague:version": v, "resources": resources}
    if lic:
        doc["licenses"] = lic
    if src:
        doc["sources"] = src
    return doc


def write_package(tables: list[TypedTable], path: str | Path, *, single: bool = False,
                  title: str | None = None) -> list[Path]:
    """Write ``tables`` as one data package in the folder ``path`` (all-or-nothing); returns the files written."""
    from hague.render import render_csv

    target = Path(path)
    resources, written = [], []
    with export_dir(target) as tmp:
        for t in tables:
            content = render_csv(t.result).encode("utf-8")
            (tmp / f"{t.name}.csv").write_bytes(content)
            resources.append(resource_descriptor(t, content))
            written.append(target / f"{t.name}.csv")
        name = "hague-" + (tables[0].name.replace("_", "-") if single and tables else "export")
        doc = package_descriptor(name, title or (_clean(tables[0].result.title) if single and tables else
                                                 "hague: every edition, status, plans, rules and related claims"),
                                 resources)
        (tmp / "datapackage.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [target / "datapackage.json", *written]
