"""Reader of the SIPRI Military Expenditure Database workbook (``SIPRI-Milex-data-1949-YYYY*.xlsx``).

Layout (docs/data-import.md, verified on the April 2025 release): sheets
``Constant (YYYY) US$``, ``Current US$``, ``Share of GDP``, ``Per capita``, ``Share of Govt. spending`` (among
ten); a header row whose column A is ``Country`` (row 6, 6, 6, 7 and 8 respectively), integer year headers, a
``Notes`` column; country rows under region headings; ``...`` no data, ``xxx`` country did not exist (also
``…`` and ``. .`` in other releases); the two share sheets hold **fractions** (0.0342 = 3.42 %), multiplied
by 100 here; blue font (indexed colour 12 or RGB ``FF0000FF``) marks a SIPRI estimate, red (indexed 10 or
``FFFF0000``) highly uncertain data.

The local-currency sheets are not read: their units are full currency units and some currency labels are
stale (Croatia still ``Kunas`` with euro magnitudes). SIPRI's data are © SIPRI: only the user's own file is
imported, and hague ships none of it.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from hague.data import Observation
from hague.sources._common import ImportResult, LayoutError, cell_ref, match_ally, open_workbook, workbook_stamps

__all__ = ["read_sipri_workbook", "SHEETS", "MISSING_MARKERS"]

MISSING_MARKERS = {"...": "no data", "\u2026": "no data", "xxx": "country did not exist or was not independent",
                   ". .": "no data", ".. ": "no data"}

#: sheets whose damage does not stop an import: skipped with a warning naming the sheet and what was wrong
AUXILIARY = ("Per capita", "Share of Govt. spending")

#: sheet (pattern) -> (header row, indicator, unit, price basis, fraction?)
SHEETS = (
    (r"Constant \((\d{4})\) US(?:\$|D)", 6, "military_expenditure", "USD million", "constant", False),
    (r"Current US\$", 6, "military_expenditure", "USD million", "current", False),
    (r"Share of GDP", 6, "military_expenditure_share_gdp", "percent of GDP", "current", True),
    (r"Per capita", 7, "military_expenditure_per_capita", "USD", "current", False),
    (r"Share of Govt\. spending", 8, "military_expenditure_share_gov_spending",
     "percent of general government expenditure", "current", True),
)
_BLUE = {12, "FF0000FF", "000000FF"}
_RED = {10, "FFFF0000", "00FF0000"}


class _Grid:
    """1-based cell access over rows read in read-only mode (EmptyCell where the row is short)."""

    def __init__(self, rows):
        self.rows = rows
        self.max_row = len(rows)
        self.max_column = max((len(r) for r in rows), default=0)

    def cell(self, r: int, c: int):
        row = self.rows[r - 1] if 0 < r <= len(self.rows) else ()
        return row[c - 1] if 0 < c <= len(row) else _EMPTY


class _Empty:
    value = None
    font = None


_EMPTY = _Empty()


def _colour(cell) -> str | None:
    f = cell.font
    c = f.color if f is not None else None
    if c is None:
        return None
    if c.type == "indexed" and c.indexed in _BLUE or c.type == "rgb" and str(c.rgb).upper() in _BLUE:
        return "estimate"
    if c.type == "indexed" and c.indexed in _RED or c.type == "rgb" and str(c.rgb).upper() in _RED:
        return "uncertain"
    return None


def _read_sheet(sheet, name, fname, pattern, header_row, ind, unit, basis, fraction, base_year, last_year, allies,
                markers, flags):
    """One sheet's ally rows: (rows, years, last year). Raises LayoutError naming the sheet and cell."""
    ws = _Grid([tuple(r) for r in sheet.iter_rows()])
    pb = f"constant_{base_year}" if basis == "constant" else basis
    found = next((r for r in range(1, 16) if str(ws.cell(r, 1).value or "").strip() == "Country"), None)
    if found is None:
        raise LayoutError(f"{fname}: sheet {name!r} cell A{header_row}: expected the header 'Country' "
                          f"(none in A1:A15)")
    if found != header_row:
        raise LayoutError(f"{fname}: sheet {name!r} cell A{found}: header 'Country' moved; expected it in "
                          f"A{header_row} (SIPRI releases 2024-2026)")
    years: dict[int, int] = {}
    notes_col = None
    for c in range(2, ws.max_column + 1):
        v = ws.cell(header_row, c).value
        if isinstance(v, int | float) and not isinstance(v, bool) and float(v).is_integer() and 1900 < v < 2100:
            years[c] = int(v)
        elif isinstance(v, str) and v.strip() == "Notes":
            notes_col = c
        elif isinstance(v, str) and v.strip().isdigit():
            raise LayoutError(f"{fname}: sheet {name!r} cell {cell_ref(header_row, c)}: year {v!r} stored as "
                              f"text; expected integer year headers")
    if not years:
        raise LayoutError(f"{fname}: sheet {name!r} row {header_row}: no integer year headers; expected e.g. "
                          f"1949 ... {last_year or 2024}")
    if notes_col is None:
        raise LayoutError(f"{fname}: sheet {name!r} row {header_row}: no 'Notes' column header")
    ly = max(years.values())
    if last_year is not None and ly != last_year:
        raise LayoutError(f"{fname}: sheet {name!r} row {header_row}: last year {ly} differs from {last_year} "
                          f"on the other sheets")
    raw = []
    seen = set()
    counts_m: dict[str, int] = {}
    counts_f = {"estimate": 0, "uncertain": 0, "zero": 0}
    for r in range(header_row + 1, ws.max_row + 1):
        label = ws.cell(r, 1).value
        if label is None or not str(label).strip():
            continue
        iso3 = match_ally(str(label))
        if iso3 is None or iso3 in seen:
            continue
        seen.add(iso3)
        note = str(ws.cell(r, notes_col).value or "")
        for c, y in years.items():
            cell = ws.cell(r, c)
            v = cell.value
            if v is None:
                counts_m["empty"] = counts_m.get("empty", 0) + 1
                continue
            if isinstance(v, str):
                t = v.strip() if v.strip() else v
                if t in MISSING_MARKERS or v in MISSING_MARKERS:
                    counts_m[t] = counts_m.get(t, 0) + 1
                    continue
                raise LayoutError(f"{fname}: sheet {name!r} cell {cell_ref(r, c)} ({label} {y}): unknown marker "
                                  f"{v!r}; expected a number or one of "
                                  f"{', '.join(repr(m) for m in MISSING_MARKERS)}")
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise LayoutError(f"{fname}: sheet {name!r} cell {cell_ref(r, c)}: unexpected value {v!r}")
            val = float(v)
            if fraction:
                if abs(val) > 1.5:
                    raise LayoutError(f"{fname}: sheet {name!r} cell {cell_ref(r, c)} ({label} {y}): {val} is not "
                                      f"a fraction; expected shares stored as fractions (0.0342 for 3.42%)")
                val = round(val * 100, 10)
            col = _colour(cell)
            flag = []
            if col == "estimate":
                flag.append("sipri_estimate")
                counts_f["estimate"] += 1
            elif col == "uncertain":
                flag.append("highly_uncertain")
                counts_f["uncertain"] += 1
            if val == 0:
                flag.append("zero_in_source")
                counts_f["zero"] += 1
            raw.append((iso3, y, ind, unit, pb, col == "estimate", val, ";".join(flag), note))
    missing = [allies[c].name for c in allies if c not in seen]
    if missing:
        raise LayoutError(f"{fname}: sheet {name!r} column A: no row for {', '.join(missing)}; expected all "
                          f"32 allies (SIPRI spellings such as 'United States of America', 'Slovakia')")
    for k, n in counts_m.items():  # counted only for a sheet that was read whole
        markers[k] = markers.get(k, 0) + n
    for k, n in counts_f.items():
        flags[k] += n
    return raw, set(years.values()), ly


def _runs(years: list[int]) -> str:
    """1975, 1976, ..., 1991, 1995 -> '1975-1991, 1995'."""
    ys = sorted(set(years))
    out, start = [], None
    for i, y in enumerate(ys):
        if start is None:
            start = y
        if i + 1 == len(ys) or ys[i + 1] != y + 1:
            out.append(str(start) if start == y else f"{start}-{y}")
            start = None
    return ", ".join(out)


def zero_note(raw, allies) -> str:
    """What the literal zeros are: ally by ally with their years and cells (Iceland: no armed forces; SIPRI gives no
    reason for the others)."""
    by: dict[str, list[int]] = {}
    for a, y, _i, _u, _pb, _e, v, *_ in raw:
        if v == 0:
            by.setdefault(a, []).append(y)
    if not by:
        return "no literal zeros"
    parts = []
    for a in sorted(by, key=lambda a: (allies[a].has_armed_forces, -len(by[a]), a)):
        why = "; no armed forces" if not allies[a].has_armed_forces else ""
        n = len(by[a])
        parts.append(f"{allies[a].name} {_runs(by[a])} ({n} cell{'s' if n != 1 else ''}{why})")
    return (f"{sum(len(v) for v in by.values())} literal zeros kept and flagged zero_in_source: {', '.join(parts)}; "
            "SIPRI's notes give no reason for the zeros of allies with armed forces (shown as published)")


def read_sipri_workbook(path: str | Path, *, dataset_id: str | None = None, edition: str | None = None) -> ImportResult:
    """Read the allies' rows of SIPRI's Milex workbook into hague's long format (layout checked cell by cell)."""
    from hague.allies import all_allies

    path = Path(path)
    # read-only (streamed, a fraction of the memory of a full load): fonts are still read from the cells
    wb = open_workbook(path, read_only=True, what="SIPRI's Milex workbook SIPRI-Milex-data-1949-YYYY.xlsx")
    fname = path.name
    allies = {a.iso3: a for a in all_allies()}
    markers: dict[str, int] = {}
    flags = {"estimate": 0, "uncertain": 0, "zero": 0}
    base_year = None
    last_year = None
    raw = []
    warnings: list[str] = []
    first_year = None
    names = [n.strip() for n in wb.sheetnames]
    const_found = next((n for n in wb.sheetnames if n.strip().lower().startswith("constant")), None)
    m_name = re.search(r"(\d{4})-(\d{4})", fname)
    base_guess = str(int(m_name.group(2)) - 1) if m_name else "YYYY"
    for pattern, header_row, ind, unit, basis, fraction in SHEETS:
        name = next((s for s in wb.sheetnames if re.fullmatch(pattern, s.strip())), None)
        example = const_found if basis == "constant" and const_found else \
            pattern.replace("\\", "").replace("(?:$|D)", "$").replace("(d{4})", base_guess)
        auxiliary = any(pattern.startswith(a.replace(".", "\\.")) for a in AUXILIARY)
        if name is None:
            own = const_found or f"Constant ({base_guess}) US$"
            msg = (f"{fname}: missing sheet {example!r}; expected the SIPRI sheets {own}, Current US$, Share of GDP, "
                   f"Per capita, Share of Govt. spending (found: {', '.join(names)})")
            if auxiliary:
                warnings.append(f"sheet {example!r} not found: its values were not imported; the other sheets were")
                continue
            raise LayoutError(msg)
        try:
            rows, years_seen, ly = _read_sheet(wb[name], name, fname, pattern, header_row, ind, unit, basis,
                                               fraction, base_year, last_year, allies, markers, flags)
        except LayoutError as exc:
            if not auxiliary:
                raise
            why = str(exc).removeprefix(f"{fname}: ")
            warnings.append(f"sheet {name!r} skipped, damaged ({why}); its values were not imported, the other "
                            f"sheets were")
            continue
        if basis == "constant":
            base_year = int(re.fullmatch(pattern, name.strip()).group(1))
            rows = [(a, y, i, u, f"constant_{base_year}", *rest) for a, y, i, u, _pb, *rest in rows]
        if last_year is None:
            last_year = ly
        first_year = min(years_seen) if first_year is None else min(first_year, min(years_seen))
        raw += rows
    wb.close()
    stamps = workbook_stamps(path)  # the file's own stamps: openpyxl would fill a missing "modified" with now
    assert last_year is not None
    release = last_year + 1
    mod = stamps["modified"]
    edition = edition or str(release)
    source = f"sipri_milex_{release}"
    obs = [Observation(ally=a, year=y, indicator=i, unit=u, price_basis=pb, estimate=e, value=v, source=source,
                       edition=edition, extra=(("flag", f), ("sipri_notes", n)))
           for a, y, i, u, pb, e, v, f, n in raw]
    notes = ["shares of GDP and of government spending multiplied by 100 (SIPRI stores fractions)",
             f"{flags['estimate']} values in blue font marked estimate=true (SIPRI estimate)",
             f"{flags['uncertain']} values in red font flagged highly_uncertain",
             zero_note(raw, allies),
             "local-currency sheets not read (full units; stale currency labels)"]
    for k, n in sorted(markers.items()):
        notes.append(f"{n} cells {'empty' if k == 'empty' else repr(k)} ({MISSING_MARKERS.get(k, 'no value')}) "
                     f"read as missing")
    dsid = dataset_id or f"sipri-{release}"
    meta = {
        "id": dsid, "file": f"{dsid}.csv", "role": "imported", "family": "sipri",
        "producer": "Stockholm International Peace Research Institute (SIPRI)",
        "title": f"SIPRI Military Expenditure Database (data {first_year}-{last_year})",
        "edition": edition, "edition_year": release,
        "published": mod.strftime("%Y-%m-%d") + " (workbook last modified)" if isinstance(mod, _dt.datetime)
        else "not stated (the workbook has no modified stamp)",
        "url": "https://www.sipri.org/databases/milex",
        "licence": "(c) SIPRI. No licence text in the workbook; check SIPRI's terms of use before redistributing. "
                   "hague ships no SIPRI data: this is the user's own file.",
        "attribution": f"Source: SIPRI Military Expenditure Database {release}, https://www.sipri.org/databases/milex",
        "coverage": f"32 allies, {first_year}-{last_year} (where SIPRI has data)",
        "estimates": "estimate=true marks SIPRI estimates (blue font)",
        "price_base": base_year, "secondary": False,
    }
    return ImportResult(kind="sipri", dataset_id=dsid, rows=obs, meta=meta, extra_columns=("flag", "sipri_notes"),
                        notes=notes, warnings=warnings)
