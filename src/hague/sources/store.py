"""Where imported editions live, and the all-or-nothing import.

Imported datasets are ``<id>.csv`` + ``<id>.yaml`` pairs in ``<data dir>/datasets``, where the data dir is
``$HAGUE_DATA_DIR`` if set, else ``platformdirs.user_data_dir("hague")``. The shipped (embedded) data are
never written: an imported id equal to an embedded id is an error.

An import reads the file completely, writes both files into a temporary directory next to the target,
validates them there (the same checks as the embedded data, plus for NATO the comparison of the workbook's
own aggregate rows with hague's recomputation), and only then renames them into place (csv first, the
sidecar last: a dataset is visible only once its sidecar is). Any error leaves the data dir as it was.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from hague.columns import table_result
from hague.errors import DataValidationError, HagueError
from hague.results import Result
from hague.sources._common import ImportResult

__all__ = ["user_data_dir", "datasets_dir", "import_file", "ImportOutcome", "editions", "read_source", "resolve_edition", "primary_dataset", "AGGREGATE_TOLERANCES", "editions_result",
           "check_economics"]

#: tolerance of the aggregate comparison (workbook's NATO rows vs hague's sums), with its reason
AGGREGATE_TOLERANCES = {
    "money": 0.5,  # USD million per member ally: each ally is rounded to USD 1 m (2026 edition)
    "gdp": 0.0001,  # relative, on top of "money": NATO's GDP totals include Iceland, whose GDP hague takes from the IMF
    "share": 0.02,  # pp of GDP; shares rounded to 2 decimals
    "percent": 0.1,  # pp; real change and equipment share, rounded to 2 decimals and weighted
    "personnel": 0.05,  # thousand per member ally: each ally is rounded to 0.1 thousand
}


def user_data_dir() -> Path:
    """``$HAGUE_DATA_DIR`` if set, else the platform's user data directory for hague."""
    env = os.environ.get("HAGUE_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("hague"))


def datasets_dir() -> Path:
    return user_data_dir() / "datasets"


@dataclass
class ImportOutcome:
    """The result of :func:`import_file`: the dataset written, its validation and aggregate comparison."""

    dataset_id: str
    csv_path: Path
    meta: dict
    rows: int
    notes: list[str] = field(default_factory=list)
    aggregate_checks: list[dict] = field(default_factory=list)
    known_findings: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    written: bool = True  # False for a dry run: csv_path is where the import would write


def _reader(kind: str):
    if kind == "nato":
        from hague.sources.nato import read_nato_workbook

        return read_nato_workbook
    if kind == "sipri":
        from hague.sources.sipri import read_sipri_workbook

        return read_sipri_workbook
    if kind == "weo":
        from hague.sources.weo import read_weo

        return read_weo
    raise HagueError(f"unknown source kind {kind!r}; accepted: nato, sipri, weo")


_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def check_dataset_id(dataset_id: str) -> str:
    """A dataset id is lower-case letters, digits and '-' (it names files in the data dir); else an error.

    >>> check_dataset_id("nato-2027")
    'nato-2027'
    """
    if not _ID.match(dataset_id or "") or len(dataset_id) > 80:
        raise HagueError(f"invalid dataset id {dataset_id!r}; accepted: lower-case letters a-z, digits 0-9 and '-' "
                         f"(starting with a letter or digit, at most 80), e.g. nato-2027")
    return dataset_id


def read_source(kind: str, path: str | Path, *, dataset_id: str | None = None, edition: str | None = None,
                published: str | None = None) -> ImportResult:
    """Read a NATO, SIPRI or IMF WEO file into hague's long format without writing anything.

    ``published`` (``YYYY-MM-DD``) is the date the edition was published, when the file does not say it or says it
    wrongly; without either, forecasts from the dataset use only plans published by 31 December of its last data
    year (:func:`hague.sources.vintages.edition_date`)."""
    res = _reader(kind)(path, dataset_id=dataset_id, edition=edition)
    if published is not None:
        res.meta["published"] = f"{check_published(published).isoformat()} (given at import)"
    elif not str(res.meta.get("published") or "").strip():
        last = f" ({max(o.year for o in res.rows)})" if res.rows else ""
        res.notes.append(f"no publication date in the file: forecasts from it use only plans published by 31 December "
                         f"of its last data year{last}; give it with --published YYYY-MM-DD")
    return res


def check_published(text: str):
    """The publication date given with ``--published``: ``YYYY-MM-DD``, not in the future; else a one-line error.

    >>> check_published("2024-06-17")
    datetime.date(2024, 6, 17)
    """
    import datetime as _dt

    try:
        d = _dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise HagueError(f"--published: expected a date YYYY-MM-DD (the day the edition was published), got "
                         f"{text!r}") from None
    if d > _dt.date.today():
        raise HagueError(f"--published: {d.isoformat()} is in the future; give the day the edition was published")
    return d


def import_file(kind: str, path: str | Path, *, dataset_id: str | None = None, edition: str | None = None,
                replace: bool = False, allow_findings: bool = False, published: str | None = None,
                dry_run: bool = False) -> ImportOutcome:
    """Read, validate and store one outside file as an imported edition (all-or-nothing).

    ``kind`` is ``nato``, ``sipri`` or ``weo``. Raises :class:`~hague.sources.LayoutError` for a file whose
    layout is not the documented one, :class:`HagueError` for an id clash, and
    :class:`~hague.errors.DataValidationError` when the data fail a check that is not a known outlier
    (unless ``allow_findings``, which records the findings in the sidecar). Nothing is written on error.
    ``published``: the edition's publication date (``YYYY-MM-DD``), stored in the sidecar; it limits what a forecast
    from the dataset may know (national plans and targets published by then). ``dry_run``: every check of the
    import (id, clash, layout, validation, aggregates) in a temporary folder outside the data directory, which is
    left untouched; the outcome has ``written=False``.
    """
    from hague.data import _embedded_catalogue, _user_catalogue

    path = Path(path)
    if dataset_id is not None:
        check_dataset_id(dataset_id)
    res = read_source(kind, path, dataset_id=dataset_id, edition=edition, published=published)
    dsid = res.dataset_id
    if dsid in _embedded_catalogue():
        raise HagueError(f"dataset id {dsid!r} is shipped with hague and is never overwritten; pass another id "
                         f"(e.g. --id {dsid}-import)")
    target = datasets_dir()
    existing = _user_catalogue().get(dsid)
    if existing and not replace:
        raise HagueError(f"dataset {dsid!r} is already imported ({existing[0]}); pass --replace to replace it "
                         f"or --id to import under another id")
    import datetime as _dt  # imported here, not at start-up: `hague status` imports this module
    import hashlib
    import shutil
    import tempfile

    data = path.read_bytes()
    res.meta.update({
        "imported_from": {"file": path.name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)},
        "accessed": _dt.date.today().isoformat() + " (imported)",
        "processing": _processing(res),
    })
    if res.warnings:
        res.meta["warnings"] = list(res.warnings)
    final_csv = target / f"{dsid}.csv"
    if existing and existing[0] != final_csv:
        raise HagueError(f"dataset {dsid!r} is imported at {existing[0]}, outside {target}; remove it there first")
    if not dry_run:
        target.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".import-{dsid}-", dir=None if dry_run else target))
    try:
        outcome = _validate_in(tmp, res, allow_findings=allow_findings)
        if dry_run:
            outcome.csv_path, outcome.written = final_csv, False
            return outcome
        os.replace(tmp / f"{dsid}.csv", final_csv)
        os.replace(tmp / f"{dsid}.yaml", target / f"{dsid}.yaml")
        outcome.csv_path = final_csv
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    from hague.data import dataset

    dataset.cache_clear()
    return outcome


def _processing(res: ImportResult) -> str:
    return (f"Read by hague.sources ({res.kind} reader) from the file named in imported_from; layout checked "
            f"cell by cell; reshaped to long format without changing any value except where stated: "
            + "; ".join(res.notes))


def _write(tmp: Path, res: ImportResult, meta: dict) -> None:
    import yaml

    (tmp / f"{res.dataset_id}.csv").write_text(res.csv_text(), encoding="utf-8")
    (tmp / f"{meta['id']}.yaml").write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _validate_in(tmp: Path, res: ImportResult, *, allow_findings: bool) -> ImportOutcome:
    from hague import data as hdata
    from hague.data import DEFAULT_ECONOMICS, dataset
    from hague.data.validate import Report, _nato_checks, validate_dataset

    dsid = res.dataset_id
    probe_id = f"{dsid}.importing"
    probe_meta = {**res.meta, "id": probe_id, "file": f"{dsid}.csv"}
    _write(tmp, res, probe_meta)
    hdata._extra_dirs.insert(0, tmp)
    dataset.cache_clear()
    try:
        ds = dataset(probe_id)  # the written file, read back by the same loader as any dataset
        report = Report()
        validate_dataset(ds, report)
        if res.kind == "nato":
            _nato_checks(ds, dataset(DEFAULT_ECONOMICS), report)
            checks = compare_aggregates(res, probe_id)
        else:
            checks = []
    finally:
        hdata._extra_dirs.remove(tmp)
        dataset.cache_clear()
    (tmp / f"{probe_id}.yaml").unlink()
    if report.errors and not allow_findings:
        lines = "; ".join(str(f).replace(probe_id, dsid) for f in report.errors[:5])
        more = f" (and {len(report.errors) - 5} more)" if len(report.errors) > 5 else ""
        raise DataValidationError(f"{res.meta.get('imported_from', {}).get('file', dsid)}: validation failed, nothing "
                                  f"imported: {lines}{more}; pass --allow-findings to import anyway", report.errors)
    differs = [c for c in checks if c["status"] == "differs"]
    meta = dict(res.meta)
    meta["validation"] = {
        "rows": len(res.rows),
        "errors": [str(f).replace(probe_id, dsid) for f in report.errors],
        "known_outliers": sorted({f"{f.check} {f.ally}" for f in report.known}),
    }
    if res.kind == "nato":
        meta["aggregate_check"] = {
            "compared": len([c for c in checks if c["status"] != "not recomputed"]),
            "agree": len([c for c in checks if c["status"] == "agrees"]),
            "differ": [f"{c['group']} {c['table']} {c['indicator']} {c['year']}: workbook {c['workbook']:.6g} vs "
                       f"hague {c['hague']:.6g}" for c in differs],
            "tolerances": AGGREGATE_TOLERANCES,
        }
    _write(tmp, res, meta)
    return ImportOutcome(dataset_id=dsid, csv_path=tmp / f"{dsid}.csv", meta=meta, rows=len(res.rows),
                         notes=res.notes, aggregate_checks=checks, known_findings=report.known,
                         findings=report.errors)


def recompute_aggregate(ds, group: str, sheet: str, ind: str, basis: str, year: int) -> tuple[float | None, str]:
    """hague's value of one NATO aggregate cell (``EUCA``/``NATO``, a table, indicator and price basis, a year),
    from a dataset's ally rows, with NATO's conventions (see :func:`compare_aggregates`); (None, kind) if an
    ally value it needs is missing. ``kind`` names the tolerance used to compare it."""
    from hague.models.aggregates import group_members, iceland_gdp

    inds = ds.indicators()
    spend = "core_defence_expenditure" if "core_defence_expenditure" in inds else "defence_expenditure"

    def total(members, ind, year, **kw):
        vals = [ds.value(a.iso3, ind, year, **kw) for a in members]
        return None if any(v is None for v in vals) else sum(vals)

    def gdp(members_all, year, basis):
        t = 0.0
        for a in members_all:
            v = ds.value(a.iso3, "gdp", year, unit="USD million", price_basis=basis)
            if v is None and not a.has_armed_forces and basis in ("current", "constant_2021"):
                v = iceland_gdp(year, price_basis=basis)  # hague has Iceland's GDP in current and 2021 prices
            if v is None:
                return None
            t += v
        return t

    everyone = group_members(group, year)
    armed = [a for a in everyone if a.has_armed_forces]
    con = basis if basis.startswith("constant") else next(
        (o.price_basis for o in ds.rows if o.price_basis.startswith("constant_")), "constant_2021")
    ours, kind = None, "percent"
    if sheet == "Table 2":
        ours, kind = total(armed, spend, year, unit="USD million", price_basis=basis), "money"
    elif sheet == "Table 5":
        ours, kind = gdp(everyone, year, basis), "gdp"
    elif sheet == "Table 7":
        ours, kind = total(armed, "military_personnel", year), "personnel"
    elif sheet == "Table 3" and ind.endswith("_share_gdp"):
        s, g = total(armed, spend, year, unit="USD million", price_basis=con), gdp(everyone, year, con)
        ours, kind = (100 * s / g if s is not None and g else None), "share"
    elif sheet == "Table 3" and ind.endswith("_real_change"):
        now = total(armed, spend, year, unit="USD million", price_basis=con)
        # NATO's convention: this year's members against last year's members (so Finland's and Sweden's
        # accession years show as growth), not like-for-like
        before_members = [a for a in group_members(group, year - 1) if a.has_armed_forces]
        before = total(before_members, spend, year - 1, unit="USD million", price_basis=con)
        ours, kind = (100 * (now / before - 1) if now is not None and before else None), "percent"
    elif sheet == "Table 6":
        pop = 0.0
        for a in everyone:
            g = ds.value(a.iso3, "gdp", year, unit="USD million", price_basis=con)
            pc = ds.value(a.iso3, "gdp_per_capita", year)
            if g is None or not pc:
                pop = None
                break
            pop += g / pc  # thousand persons
        if pop:
            if ind == "gdp_per_capita":
                g = gdp(everyone, year, con)
                ours = g / pop if g is not None else None
            else:
                s = total(armed, spend, year, unit="USD million", price_basis=con)
                ours = 1000 * s / pop if s is not None else None
        kind = "percent"
    elif sheet in ("Table 8a", "Table 8b"):
        num = den = 0.0
        for a in armed:
            sh = ds.value(a.iso3, ind, year)
            w = ds.value(a.iso3, spend, year, unit="USD million", price_basis="current")
            if sh is None or w is None:
                num = None
                break
            num += sh * w
            den += w
        ours, kind = (num / den if num is not None and den else None), "percent"
    return ours, kind


def compare_aggregates(res: ImportResult, source_id: str) -> list[dict]:
    """Compare every published ``NATO Europe and Canada`` / ``NATO Total`` value with hague's recomputation.

    Every aggregate the workbook prints is compared, in its own price basis (2015 prices in the 2024 edition,
    2021 in 2025/2026), recomputed from the workbook's ally rows for the allies who were members that year:
    sums (Table 2 spending, Table 5 GDP, Table 7 personnel), ratios of those sums (Table 3 share of GDP and
    real change; Table 6 per capita, with population = GDP / GDP per capita of each ally) and
    spending-weighted shares (Tables 8a/8b, weights = current USD spending). Iceland's GDP comes from the
    workbook's own Iceland rows where it has them (2024 Tables 5/6), else from the IMF (as NATO's totals
    include it). Returns one dict per published value: group, table, indicator, unit, price_basis, year,
    workbook, hague, difference, status (``agrees``, ``differs``, ``not recomputed``).
    """
    from hague.data import dataset

    ds = dataset(source_id)
    out = []
    for (group, sheet, ind, unit, basis, year), wb_value in sorted(res.aggregates.items()):
        ours, kind = recompute_aggregate(ds, group, sheet, ind, basis, year)
        from hague.models.aggregates import group_members

        armed = [a for a in group_members(group, year) if a.has_armed_forces]
        row = {"group": group, "table": sheet, "indicator": ind, "unit": unit, "price_basis": basis, "year": year,
               "workbook": wb_value, "hague": ours, "difference": None, "status": "not recomputed"}
        if ours is not None:
            diff = wb_value - ours
            n = len(armed)
            tol = {"money": AGGREGATE_TOLERANCES["money"] * n, "personnel": AGGREGATE_TOLERANCES["personnel"] * n,
                   "gdp": AGGREGATE_TOLERANCES["money"] * n + AGGREGATE_TOLERANCES["gdp"] * abs(wb_value)
                   }.get(kind, AGGREGATE_TOLERANCES.get(kind, 0.0))
            row.update(difference=diff, status="agrees" if abs(diff) <= tol else "differs")
        out.append(row)
    return out


# --- editions ---------------------------------------------------------------------------------------------------

#: families and the embedded datasets that hold each NATO edition (dataset ids, edition filter)
from hague.data import EDITIONS as EMBEDDED_EDITIONS  # noqa: E402, F401  (re-exported; defined once, in hague.data)


def _family(meta: dict) -> str:
    if meta.get("family"):
        return str(meta["family"])
    i = str(meta.get("id", ""))
    return "nato" if i.startswith("nato") else "weo" if "weo" in i else "sipri" if "sipri" in i else "reference"


def check_economics(dataset_id: str) -> str:
    """``dataset_id`` if it is an IMF WEO vintage with GDP projections (what ``economics=`` takes), else an error
    naming the accepted ids (a NATO id there was a traceback deep in the model).

    >>> check_economics("imf-weo-2025-10")
    'imf-weo-2025-10'
    """
    from hague.data import dataset_ids, provenance

    weo = [i for i in dataset_ids() if _family(provenance(i)) == "weo" and not i.endswith("-fiscal")]
    if dataset_id not in weo:
        raise HagueError(f"--economics {dataset_id!r} is not an IMF WEO vintage with GDP projections; accepted: "
                         f"{', '.join(weo)}")
    return dataset_id


def editions() -> list[dict]:
    """Every dataset (embedded and imported) with its family, edition, origin, years and row count.

    >>> e = {x["id"]: x for x in editions()}
    >>> e["nato-2026"]["family"], e["nato-2026"]["edition"], e["imf-weo-2025-10"]["family"]
    ('nato', '2026-07', 'weo')
    """
    from hague.data import dataset, dataset_ids, provenance

    out = []
    for i in dataset_ids():
        if i == "allies":
            continue
        m = provenance(i)
        ds = dataset(i)
        ys = ds.years()
        out.append({"id": i, "family": _family(m), "edition": str(m.get("edition", "")),
                    "origin": "embedded" if m.get("embedded") else "imported",
                    "published": str(m.get("published", "")), "years": f"{ys[0]}-{ys[-1]}" if ys else "",
                    "rows": len(ds), "title": str(m.get("title", "")), "path": ds.path})
    order = {"nato": 0, "sipri": 1, "weo": 2}
    out.sort(key=lambda e: (order.get(e["family"], 3), e["id"]))
    return out


def resolve_edition(name: str) -> tuple[tuple[str, ...], str | None]:
    """Dataset ids (and an edition filter) for a dataset id or an edition name: :func:`hague.data.edition_datasets`.

    >>> resolve_edition("NATO-2025")
    (('nato-2025-secondary', 'nato-2025-press'), None)
    >>> resolve_edition("nato-2026")
    (('nato-2026',), None)
    """
    from hague.data import edition_datasets

    key = name.strip().lower()
    if "@" in key:  # one edition of a dataset that holds several, e.g. nato-2023-2024-graphicnews@2024-06
        from hague.data import dataset_ids

        base, _, ed = key.partition("@")
        if base in dataset_ids() and re.fullmatch(r"\d{4}-\d{2}", ed):
            return (base,), ed
    return edition_datasets(name)


def primary_dataset(name: str, family: str | None = None) -> str:
    """The single dataset id for ``--edition`` where a command needs one full dataset (e.g. ``hague status``).

    >>> primary_dataset("2026")
    'nato-2026'
    """
    from hague.data import resolve_edition as _resolve

    dsid = _resolve(name)
    if family is not None:
        from hague.data import provenance

        fam = _family(provenance(dsid))
        if fam != family:
            same = [e["id"] for e in editions() if e["family"] == family]
            raise HagueError(f"dataset {dsid!r} is a{'n' if fam[0] in 'aeiou' else ''} {fam.upper()} edition; this "
                             f"needs a {family.upper()} edition: "
                             f"{', '.join(same) or 'none imported (hague data import ' + family + ' FILE)'}")
    return dsid


# ------------------------------------------------------------------ the Result of this model's table(s)

def editions_result() -> Result:
    """``hague data editions``: every embedded and imported dataset with family, edition and origin."""

    cols = [("family", "Family", ""), ("id", "Dataset", ""), ("edition", "Edition", ""), ("origin", "Origin", ""),
            ("years", "Years", ""), ("rows", "Rows", ""), ("published", "Published", "")]
    rows = editions()
    return table_result(cols, rows, title="Editions (embedded and imported)",
                        footer="Select one with --edition ID (or a name such as NATO-2025 in hague data diff). "
                               "Imported editions live in the user data dir (hague data import).",
                        computed={"rows": ("the dataset's observations",), "years": ("the dataset's years",)})
