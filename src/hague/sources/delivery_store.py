"""Where the delivery, investment and support files live, and their all-or-nothing import.

``hague data import KIND FILE`` for the kinds of :data:`KINDS` reads the file completely with its reader (every
cell checked; a defect is a one-line :class:`~hague.sources.LayoutError` naming file, line and column and nothing
is written), then stores the file **verbatim** with a sidecar ``source.yaml`` (producer, title, edition, URL,
licence, the file's name, size and SHA-256, the reader's notes and warnings) in
``<data dir>/delivery/<id>/``. The folder is built in a temporary folder next to it and renamed into place only
when complete, so a dataset is either all there or not there.

On use, the file is read again by the same reader (its SHA-256 checked against the sidecar first) and cached per
process. Eurostat's ``gov_ev`` extract and Statskontoret's outturn (open licences) are shipped in
``hague/data/delivery/``; SIPRI's and Kiel's files are not (their terms restrict redistribution): import your own.

>>> sorted(KINDS)
['eurostat', 'kiel', 'sipri-deliveries', 'sipri-trade', 'statskontoret']
>>> [d["id"] for d in delivery_datasets("eurostat")]
['eurostat-gov-ev-2026-04-27']
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from hague.errors import HagueError
from hague.sources._common import LayoutError

__all__ = ["KINDS", "DeliveryImport", "import_delivery", "read_delivery", "load_delivery", "delivery_datasets",
           "delivery_dir", "NotImportedError"]

SIDE = "source.yaml"

#: kind -> what it is, producer, URL, licence (the sidecar's fixed fields)
KINDS = {
    "sipri-trade": {
        "what": "SIPRI Arms Transfers Database, trade register (one row per deal)",
        "producer": "Stockholm International Peace Research Institute (SIPRI)",
        "url": "https://armstrade.sipri.org/armstrade/page/trade_register.php",
        "licence": "(c) SIPRI; free for non-commercial use with attribution; not redistributed by hague (the user's own "
                   "file)",
        "attribution": "Source: SIPRI Arms Transfers Database",
    },
    "sipri-deliveries": {
        "what": "SIPRI Arms Transfers Database, deliveries per year (supplier, recipient, designation)",
        "producer": "Stockholm International Peace Research Institute (SIPRI)",
        "url": "https://www.sipri.org/databases/armstransfers",
        "licence": "(c) SIPRI; free for non-commercial use with attribution; not redistributed by hague (the user's own "
                   "file)",
        "attribution": "Source: SIPRI Arms Transfers Database (deliveries per year)",
    },
    "eurostat": {
        "what": "Eurostat JSON-stat dataset (gov_ev: general government expenditure and investment on defence)",
        "producer": "Eurostat",
        "url": "https://ec.europa.eu/eurostat/databrowser/view/gov_ev/default/table",
        "licence": "Eurostat: reuse with attribution (Commission Decision 2011/833/EU)",
        "attribution": "Source: Eurostat, gov_ev (DOI 10.2908/GOV_EV)",
    },
    "kiel": {
        "what": "Kiel Institute, Ukraine Support Tracker (allocations by donor and month)",
        "producer": "Kiel Institute for the World Economy",
        "url": "https://www.ifw-kiel.de/topics/war-against-ukraine/ukraine-support-tracker/",
        "licence": "cite the Kiel Institute Ukraine Support Tracker; no licence file published: not redistributed by "
                   "hague (the user's own files)",
        "attribution": "Source: Kiel Institute for the World Economy, Ukraine Support Tracker",
    },
    "statskontoret": {
        "what": "Statskontoret, monthly outturn of the state budget (Sweden), SEK million",
        "producer": "Statskontoret (Swedish Agency for Public Management)",
        "url": "https://www.statskontoret.se/psidata/manadsutfall-for-statens-budget/",
        "licence": "CC0 1.0",
        "attribution": "Source: Statskontoret, utfall statens budget",
    },
}


class NotImportedError(HagueError, LookupError):
    """No dataset of a kind is imported (and none is shipped): names the import command."""


def delivery_dir() -> Path:
    from hague.sources.store import user_data_dir

    return user_data_dir() / "delivery"


def _embedded_dir() -> Path:
    return Path(str(resources.files("hague.data").joinpath("delivery")))


def _read(kind: str, path: Path):
    if kind == "sipri-trade":
        from hague.sources.sipri_trade import read_trade_register

        return read_trade_register(path)
    if kind == "sipri-deliveries":
        from hague.sources.sipri_trade import read_deliveries_by_year

        return read_deliveries_by_year(path)
    if kind == "eurostat":
        from hague.sources.eurostat import read_jsonstat

        return read_jsonstat(path)
    if kind == "kiel":
        from hague.sources.kiel import read_kiel

        return read_kiel(path)
    if kind == "statskontoret":
        from hague.sources.statskontoret import read_outturn

        return read_outturn(path)
    raise HagueError(f"unknown source kind {kind!r}; accepted: nato, sipri, weo, {', '.join(KINDS)}")


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def _describe(kind: str, obj, files: dict) -> dict:
    """Edition, published date, default id, title, coverage and notes of a parsed file."""
    if kind == "sipri-trade":
        gen = obj.generated_iso or "undated"
        sel = obj.selection
        m = re.match(r"from (.+?) to (.+)$", sel)
        suffix = ""
        if m and not m.group(1).lower().startswith("all"):
            suffix += "-from-" + _slug(m.group(1))
        if m and not m.group(2).lower().startswith("all"):
            suffix += "-to-" + _slug(m.group(2))
        if obj.year_range:
            suffix += "-delivered"
        title = f"SIPRI trade register, transfers {sel}" if sel else "SIPRI trade register"
        return {"id": f"sipri-trade-{gen[:7]}{suffix}", "edition": gen,
                "published": f"{obj.generated or 'not stated'} (Data generated, title block)", "title": title,
                "coverage": f"{len(obj)} deals; {obj.scope}; 'delivered' = {obj.delivered_scope}",
                "layout": obj.layout, "encoding": obj.encoding, "scope": "all" if obj.year_range is None else "delivered",
                "selection": sel, "year_range": list(obj.year_range) if obj.year_range else None,
                "last_year": obj.last_year, "count": len(obj)}
    if kind == "sipri-deliveries":
        lo, hi = obj.years
        return {"id": f"sipri-deliveries-{lo}-{hi}", "edition": f"{lo}-{hi}", "published": "not stated in the file",
                "title": f"SIPRI deliveries per year, {lo}-{hi}", "coverage": obj.notes[0], "count": len(obj.records),
                "last_year": hi}
    if kind == "eurostat":
        upd = obj.updated[:10] or "undated"
        code = obj.dataset_code or "dataset"
        return {"id": f"eurostat-{_slug(code)}-{upd}", "edition": upd, "published": f"{obj.updated} (field updated)",
                "title": f"Eurostat {code}: {obj.label}", "coverage": obj.notes[0], "count": len(obj.values)}
    if kind == "kiel":
        rel = obj.release or "unknown"
        return {"id": f"kiel-ust-r{_slug(rel)}", "edition": f"release {rel} ({obj.period})" if obj.release else "unnamed",
                "published": obj.date or "not stated", "title": obj.label or "Kiel Ukraine Support Tracker",
                "coverage": obj.notes[-1], "count": len(obj.rows), "release": obj.release}
    if kind == "statskontoret":
        y = max(obj.years)
        m = obj.last_month.get(y, 0)
        return {"id": f"statskontoret-{y}-{m:02d}", "edition": f"{y}-{m:02d}", "published": f"outturn to {y}-{m:02d}",
                "title": "Statskontoret, monthly outturn of the state budget", "coverage": obj.notes[0],
                "count": len(obj.items)}
    raise HagueError(f"unknown kind {kind!r}")  # pragma: no cover


@dataclass
class DeliveryImport:
    """What :func:`import_delivery` did: the dataset id, its folder, the sidecar, the reader's notes and warnings."""

    dataset_id: str
    path: Path | None
    meta: dict
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: bool = True


def _files_of(kind: str, path: Path, obj) -> dict[str, bytes]:
    if kind == "kiel":
        return dict(obj.files)
    data = getattr(obj, "data", None)
    return {path.name: data if data is not None else path.read_bytes()}


def read_delivery(kind: str, path: str | Path):
    """Parse a file of ``kind`` (every cell checked) without storing anything; returns the reader's object."""
    if kind not in KINDS:
        raise HagueError(f"unknown source kind {kind!r}; accepted: {', '.join(KINDS)}")
    return _read(kind, Path(path))


def import_delivery(kind: str, path: str | Path, *, dataset_id: str | None = None, replace: bool = False,
                    dry_run: bool = False) -> DeliveryImport:
    """Read, check and store one delivery/investment/support file (all-or-nothing); see the module docstring."""
    import datetime as _dt

    import yaml

    from hague.sources.store import check_dataset_id

    path = Path(path)
    if dataset_id is not None:
        check_dataset_id(dataset_id)
    obj = read_delivery(kind, path)
    files = _files_of(kind, path, obj)
    d = _describe(kind, obj, files)
    dsid = dataset_id or d.pop("id")
    d.pop("id", None)
    check_dataset_id(dsid)
    notes = list(getattr(obj, "notes", []))
    warnings = list(getattr(obj, "warnings", []))
    meta = {"id": dsid, "kind": kind, **{k: v for k, v in KINDS[kind].items()}, **d,
            "files": [{"file": n, "sha256": hashlib.sha256(b).hexdigest(), "bytes": len(b)} for n, b in files.items()],
            "imported": _dt.date.today().isoformat(),
            "processing": "stored verbatim; read by hague.sources (" + kind + " reader), every cell checked: "
                          + "; ".join(notes),
            "warnings": warnings}
    if dry_run:
        return DeliveryImport(dsid, None, meta, notes, warnings, written=False)
    if (_embedded_dir() / dsid).is_dir():
        raise HagueError(f"dataset id {dsid!r} is shipped with hague and is never overwritten; pass another id "
                         f"(e.g. --id {dsid}-import)")
    root = delivery_dir()
    target = root / dsid
    if target.exists() and not replace:
        raise HagueError(f"dataset {dsid!r} is already imported ({target}); pass --replace to replace it or --id to "
                         f"import under another id")
    import tempfile

    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".import-{dsid}-", dir=root))
    old = None
    try:
        for n, b in files.items():
            (tmp / n).write_bytes(b)
        (tmp / SIDE).write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8")
        if target.exists():
            old = root / f".old-{dsid}-{os.getpid()}"
            os.replace(target, old)
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    _CACHE.clear()
    return DeliveryImport(dsid, target, meta, notes, warnings)


def _metas() -> list[tuple[dict, Path, bool]]:
    import yaml

    out = []
    for base, embedded in ((_embedded_dir(), True), (delivery_dir(), False)):
        if not base.is_dir():
            continue
        for d in sorted(base.iterdir()):
            side = d / SIDE
            if d.name.startswith(".") or not side.is_file():
                continue
            m = yaml.safe_load(side.read_text(encoding="utf-8")) or {}
            out.append((m, d, embedded))
    return out


def delivery_datasets(kind: str | None = None) -> list[dict]:
    """Every shipped and imported dataset of ``kind`` (all kinds if None): id, kind, edition, origin, path, meta."""
    out = []
    for m, d, emb in _metas():
        if kind and m.get("kind") != kind:
            continue
        out.append({"id": m.get("id", d.name), "kind": m.get("kind"), "edition": str(m.get("edition", "")),
                    "origin": "embedded" if emb else "imported", "path": str(d), "meta": m})
    return out


_CACHE: dict = {}


def _pick(kind: str, candidates: list[dict]) -> dict | None:
    if not candidates:
        return None
    if kind == "sipri-trade":  # the newest full register of every deal (not a delivered-only or one-supplier export)
        full = [c for c in candidates if c["meta"].get("scope") == "all"
                and str(c["meta"].get("selection", "")).lower().startswith("from all")]
        candidates = full or candidates
    imported = [c for c in candidates if c["origin"] == "imported"]
    pool = imported or candidates
    return max(pool, key=lambda c: (c["edition"], c["id"]))


def load_delivery(kind: str, dataset_id: str | None = None):
    """The parsed dataset of ``kind``: ``dataset_id``, else the newest imported one (for ``sipri-trade`` the newest
    register of every deal), else the shipped one. Returns ``(object, meta)``; raises :class:`NotImportedError`
    naming the import command when there is none."""
    if kind not in KINDS:
        raise HagueError(f"unknown delivery source kind {kind!r}; accepted: {', '.join(KINDS)}")
    cands = delivery_datasets(kind)
    if dataset_id is not None:
        hit = next((c for c in cands if c["id"] == dataset_id), None)
        if hit is None:
            raise NotImportedError(f"no {kind} dataset {dataset_id!r}; available: "
                                   f"{', '.join(c['id'] for c in cands) or 'none'} (hague data import {kind} FILE)")
    else:
        hit = _pick(kind, cands)
        if hit is None:
            raise NotImportedError(f"no {KINDS[kind]['what']} imported; hague ships none (its terms restrict "
                                   f"redistribution): run 'hague data import {kind} FILE' with your own copy")
    d = Path(hit["path"])
    meta = hit["meta"]
    files = meta.get("files") or []
    stamp = tuple((f["file"], (d / f["file"]).stat().st_mtime_ns if (d / f["file"]).exists() else 0) for f in files)
    key = (str(d), stamp)
    hit_cache = _CACHE.get(kind)
    if hit_cache and hit_cache[0] == key:
        return hit_cache[1], meta
    for f in files:
        p = d / f["file"]
        if not p.is_file():
            raise HagueError(f"{p}: missing; the {kind} dataset {hit['id']!r} is incomplete: import it again with "
                             f"--replace")
        if hashlib.sha256(p.read_bytes()).hexdigest() != f["sha256"]:
            raise HagueError(f"{p}: changed since it was imported (sha256 differs from {SIDE}); import it again with "
                             f"'hague data import {kind} FILE --replace'")
    src = d if kind == "kiel" else d / files[0]["file"]
    try:
        obj = _read(kind, src)
    except LayoutError as exc:  # pragma: no cover - it was checked on import
        raise HagueError(f"stored dataset {hit['id']!r} no longer reads: {exc}") from None
    _CACHE[kind] = (key, obj)
    return obj, meta
