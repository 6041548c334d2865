"""Writer of NATO's workbook layout (Tables 1-8b) from a dataset: the round trip of
:func:`hague.sources.nato.read_nato_workbook` (``hague data export-nato-workbook``)."""

from __future__ import annotations

import re
from pathlib import Path

from hague.errors import HagueError
from hague.sources._common import normalise_label
from hague.sources.nato import AGGREGATE_NAMES, CURRENCY_LABEL, TABLES, Block, _nato_name

__all__ = ["write_nato_workbook", "NATO_CREDIT"]


def write_nato_workbook(dataset_id: str, path: str | Path, *, economics: str | None = None) -> Path:
    """Write a dataset in NATO's workbook layout (the round trip of :func:`read_nato_workbook`).

    The aggregate rows ``NATO Europe and Canada`` and ``NATO Total`` are computed by hague from the allies
    (:func:`hague.models.aggregates.aggregate`, NATO conventions) where hague computes that quantity, and ``..``
    elsewhere; a ``Notes:`` row says so. Missing values are written as ``..``. The file is written atomically.
    """
    import io

    import openpyxl

    from hague.allies import all_allies
    from hague.data import DEFAULT_ECONOMICS, dataset
    from hague.export import write
    from hague.sources.store import primary_dataset, recompute_aggregate

    if Path(path).suffix.lower() != ".xlsx":  # it wrote an xlsx workbook under any name, x.csv included
        raise HagueError(f"{Path(path).name}: the NATO workbook is written as .xlsx only; accepted: a FILE ending "
                         f"in .xlsx")
    primary_dataset(dataset_id, family="nato")  # a SIPRI or WEO dataset has no NATO tables: one-line error
    ds = dataset(dataset_id)
    economics = economics or DEFAULT_ECONOMICS
    credit = NATO_CREDIT.format(title=ds.meta.get("attribution") or ds.title)
    inds = ds.indicators()
    prefix = "core_defence_expenditure" if any(i.startswith("core_") for i in inds) else "defence_expenditure"
    years = ds.years()
    est = set(ds.estimate_years())
    bases = sorted({o.price_basis for o in ds.rows if o.price_basis.startswith("constant_")})
    base_year = int(bases[0].split("_")[1]) if bases else 2021
    armed = [a for a in all_allies() if a.has_armed_forces]
    armed.sort(key=lambda a: normalise_label(_nato_name(a.name)))
    word = "Core defence expenditure" if prefix.startswith("core") else "Defence expenditure"

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    agg_cache: dict = {}

    def agg(group: str, y: int):
        if (group, y) not in agg_cache:
            from hague.models.aggregates import aggregate

            try:
                agg_cache[(group, y)] = aggregate(group, y, source=dataset_id, economics=economics)
            except Exception:  # noqa: BLE001 - a dataset without the needed series gives no aggregate
                agg_cache[(group, y)] = None
        return agg_cache[(group, y)]

    for t in TABLES:
        ws = wb.create_sheet(t.sheet)
        ws.cell(1, 1, f"{t.sheet}: {t.title_2026.replace('Core defence expenditure', word)}")
        ws.cell(2, 1, _UNIT_LINES[t.sheet])
        r = 3
        for b in t.blocks:
            title = b.example.replace("2021", str(base_year))
            if b.indicator == "{P}_per_capita" and not prefix.startswith("core"):
                title = title.replace("Core defence", "Defence")
            ws.cell(r, 1, title)
            r += 1
            for j, y in enumerate(years):
                ws.cell(r, 2 + j, f"{y}e" if y in est else y)
            r += 1
            ind = b.indicator.replace("{P}", prefix)
            basis = f"constant_{base_year}" if b.price_basis == "constant" else b.price_basis
            for a in armed:
                unit = b.unit.replace("{P}", prefix.replace("_", " "))
                label = _nato_name(a.name)
                if "{CUR}" in unit:
                    cur = a.currency or "USD"
                    unit = unit.replace("{CUR}", cur) if cur != "USD" else "USD million"
                    label = f"{label} ({CURRENCY_LABEL.get(cur, cur)})"
                ws.cell(r, 1, label)
                for j, y in enumerate(years):
                    v = ds.value(a.iso3, ind, y, unit=unit, price_basis=basis)
                    ws.cell(r, 2 + j, ".." if v is None else v)
                r += 1
            for group in ("EUCA", "NATO"):
                ws.cell(r, 1, AGGREGATE_NAMES[group])
                for j, y in enumerate(years):
                    v = None if t.sheet == "Table 1" else recompute_aggregate(ds, group, t.sheet, ind, basis, y)[0]
                    v = None if v is None else round(v, 6)
                    ws.cell(r, 2 + j, ".." if v is None else v)
                r += 1
            r += 1
        est_txt = " and ".join(str(y) for y in sorted(est))
        ws.cell(r, 1, f"Notes: written by hague from dataset {ds.id} (edition {ds.edition}). "
                      + (f"Figures for {est_txt} are estimates. " if est else "")
                      + "The rows NATO Europe and Canada and NATO Total are computed by hague from the allies "
                        "(NATO conventions), not NATO's published totals; '..' = not available.")
        ws.cell(r + 1, 1, credit)
    wb.properties.creator = "hague"
    wb.properties.description = credit
    buf = io.BytesIO()
    wb.save(buf)
    content = buf.getvalue()
    m = re.match(r"^(\d{4})-(\d{2})", str(ds.meta.get("edition", "")))
    if m:  # openpyxl stamps "modified" with the time of saving; NATO readers take the edition month from it
        content = _set_modified(content, f"{m.group(1)}-{m.group(2)}-10T00:00:00Z")
    return write(content, str(path))


#: the credit line every exported workbook carries (NATO's terms for external use require crediting NATO)
NATO_CREDIT = ("{title}. Credit: NATO. Reproduced by hague from NATO's published tables; NATO's terms for external "
               "use of NATO content apply (credit NATO; no sale or advertising use).")


def _set_modified(xlsx: bytes, stamp: str) -> bytes:
    """Rewrite the workbook's document properties (created/modified) to ``stamp``."""
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:modified|created)[^>]*>)[^<]*(</dcterms:)", rf"\g<1>{stamp}\g<2>", text)
                data = text.encode("utf-8")
            dst.writestr(item, data)
    return out.getvalue()


_UNIT_LINES = {
    "Table 1": "Million national currency",
    "Table 2": "Million US dollars",
    "Table 3": "Percentage",
    "Table 5": "Million US dollars",
    "Table 6": "2021 prices and exchange rates",
    "Table 7": "Military personnel",
    "Table 8a": "Percentage of core defence expenditure",
    "Table 8b": "Percentage of core defence expenditure",
}

#: hague's English names -> NATO's spellings where they differ
def _agg_value(sheet: str, b: Block, basis: str, a: dict | None, ds, group: str, y: int, ind: str) -> float | None:
    if a is None:
        return None
    cur = basis == "current"
    if sheet == "Table 2":
        v = a["spend_usd_current" if cur else "spend_usd_constant"]
        return None if a["missing"].get("spend_usd_current" if cur else "spend_usd_constant") else round(v, 6)
    if sheet == "Table 5":
        return None if a["missing"].get("gdp") else round(a["gdp_usd_current" if cur else "gdp_usd_constant"], 6)
    if sheet == "Table 3":
        v = a["share_gdp"] if "share" in ind else a["real_change"]
        return None if v is None or a["missing"].get("gdp") else round(v, 6)
    if sheet == "Table 8a" and "equipment" in ind:
        return None if a["equipment_share"] is None or a["missing"].get("equipment_share") else round(a["equipment_share"], 6)
    if sheet == "Table 7":
        total = 0.0
        for code in a["members"]:
            v = ds.value(code, "military_personnel", y)
            if v is None and code != "ISL":
                return None
            total += v or 0.0
        return round(total, 6)
    return None
