"""Reader of NATO's "Defence Expenditure of NATO Countries" workbook (``def-exp-YYYY-en.xlsx``).

The layout (docs/data-import.md): sheets ``Table 1`` ... ``Table 8b`` (``Table 4`` is
ignored); A1 the table title ``Table N: ...``; A2 a unit line; then one or two blocks, each a title row (text in
column A), a year header row (A empty, B the first year as a number, estimate years as text ``2025e``), one row
per ally with English names (footnote ``*`` and Table 1 currency ``(Euros)`` stripped), then the rows
``NATO Europe and Canada`` and ``NATO Total``. Cells are numbers or the markers ``..`` (not available) and
``-`` (nil); both become a missing value, never a zero. Blocks are found by searching, never by fixed rows.

Anything else is a :class:`~hague.sources.LayoutError` naming the sheet, the cell and what was expected,
and nothing is imported.

Long (over 500 lines): NATO's workbook layout is checked cell by cell, block by block (the reader only; the writer is nato_writer.py).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from hague.data import Observation
from hague.sources._common import ImportResult, LayoutError, cell_ref, match_ally, normalise_label, workbook_stamps

__all__ = ["read_nato_workbook", "TABLES", "MISSING_MARKERS"]

#: cell texts that mean "no value" (``..`` not available, ``-`` nil; the others seen in parsers of NATO files)
MISSING_MARKERS = {"..": "not available", "-": "nil", "\u2013": "nil (en dash)", "\u2014": "nil (em dash)",
                   "...": "not available", "\u2026": "not available", "xxx": "not applicable", ":": "not available",
                   "n/a": "not available"}

AGGREGATE_LABELS = {"nato europe and canada": "EUCA", "nato total": "NATO"}
AGGREGATE_NAMES = {"EUCA": "NATO Europe and Canada", "NATO": "NATO Total"}


@dataclass(frozen=True)
class Block:
    keywords: tuple[str, ...]  # all must occur (case-insensitive) in the block title
    example: str  # the 2026 title, for error messages and the writer
    indicator: str  # "{P}" is the series prefix: core_defence_expenditure (2026) or defence_expenditure
    unit: str  # "{CUR}" national currency; "{P}" prefix in words
    price_basis: str  # "current", "constant" (base year appended) or "n/a"


@dataclass(frozen=True)
class Table:
    sheet: str
    unit_line: str | None  # text A2 must contain (case-insensitive); None where the wording is not known
    blocks: tuple[Block, ...]
    title_2026: str


#: the tables read, in order, with the blocks each holds (titles as in the July 2026 edition)
TABLES = (
    Table("Table 1", "million national currency", (
        Block(("current",), "Current prices", "{P}", "{CUR} million", "current"),
        Block(("constant",), "Constant 2021 prices", "{P}", "{CUR} million", "constant"),
    ), "Core defence expenditure"),
    Table("Table 2", "million us dollars", (
        Block(("current",), "Current prices and exchange rates", "{P}", "USD million", "current"),
        Block(("constant",), "Constant 2021 prices and exchange rates", "{P}", "USD million", "constant"),
    ), "Core defence expenditure"),
    Table("Table 3", None, (
        Block(("share", "gdp"), "Share of real GDP (%)", "{P}_share_gdp", "percent of GDP", "constant"),
        Block(("real change",), "Annual real change (%)", "{P}_real_change", "percent", "constant"),
    ), "Core defence expenditure as a share of GDP and annual real change"),
    Table("Table 5", "million us dollars", (
        Block(("current",), "Current prices and exchange rates", "gdp", "USD million", "current"),
        Block(("constant",), "Constant 2021 prices and exchange rates", "gdp", "USD million", "constant"),
    ), "Gross domestic product"),
    Table("Table 6", None, (
        Block(("gdp per capita", "thousand"), "GDP per capita (thousand US dollars)", "gdp_per_capita",
              "USD thousand", "constant"),
        Block(("per capita", "us dollars"), "Core defence expenditure per capita (US dollars)", "{P}_per_capita",
              "USD", "constant"),
    ), "GDP and core defence expenditure per capita"),
    Table("Table 7", None, (
        Block(("thousand",), "Thousands", "military_personnel", "thousand", "n/a"),
    ), "Military personnel"),
    Table("Table 8a", None, (
        Block(("equipment",), "Equipment (a)", "{P}|equipment_share", "percent of {P}", "n/a"),
        Block(("personnel",), "Personnel (b)", "{P}|personnel_share", "percent of {P}", "n/a"),
    ), "Distribution of core defence expenditure by main category"),
    Table("Table 8b", None, (
        Block(("infrastructure",), "Infrastructure (c)", "{P}|infrastructure_share", "percent of {P}", "n/a"),
        Block(("other",), "Other (d)", "{P}|other_share", "percent of {P}", "n/a"),
    ), "Distribution of core defence expenditure by main category"),
)

#: Table 1 currency words (normalised, singular and plural) -> ISO 4217 candidates
CURRENCY_WORDS = {
    "euro": ("EUR",), "euros": ("EUR",), "kronor": ("SEK",), "krona": ("SEK",), "pounds": ("GBP",),
    "pound": ("GBP",), "pounds sterling": ("GBP",), "kroner": ("DKK", "NOK"), "krone": ("DKK", "NOK"),
    "lek": ("ALL",), "leke": ("ALL",), "leks": ("ALL",), "dollars": ("CAD", "USD"), "canadian dollars": ("CAD",),
    "us dollars": ("USD",), "us dollar": ("USD",), "koruny": ("CZK",), "koruna": ("CZK",), "czech koruny": ("CZK",),
    "forint": ("HUF",), "forints": ("HUF",), "denars": ("MKD",), "denar": ("MKD",), "denari": ("MKD",),
    "zlotys": ("PLN",), "zloty": ("PLN",), "zlotych": ("PLN",), "new lei": ("RON",), "lei": ("RON",),
    "leu": ("RON",), "liras": ("TRY",), "lira": ("TRY",), "turkish lira": ("TRY",), "leva": ("BGN",),
    "lev": ("BGN",), "kunas": ("HRK",), "kuna": ("HRK",),
}
#: the word the writer uses for each currency (Euros, Kronor and Pounds are the spellings seen in NATO files)
CURRENCY_LABEL = {"EUR": "Euros", "SEK": "Kronor", "GBP": "Pounds", "DKK": "Kroner", "NOK": "Kroner", "ALL": "Leks",
                  "CAD": "Canadian dollars", "USD": "US dollars", "CZK": "Koruny", "HUF": "Forint", "MKD": "Denars",
                  "PLN": "Zlotys", "RON": "New lei", "TRY": "Liras", "BGN": "Leva", "HRK": "Kunas"}

_YEAR = re.compile(r"^(\d{4})\s?([eE])?$")


def _year_cell(v) -> tuple[int, bool] | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int) and 1900 <= v <= 2100:
        return v, False
    if isinstance(v, float) and v.is_integer() and 1900 <= v <= 2100:
        return int(v), False
    if isinstance(v, str):
        m = _YEAR.match(v.strip())
        if m:
            return int(m.group(1)), bool(m.group(2))
    return None


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


class _Sheet:
    """Cell access on a fully read sheet, 1-based like Excel."""

    def __init__(self, file: str, name: str, rows: list[tuple]):
        self.file, self.name, self.rows = file, name, rows

    def get(self, r: int, c: int):
        if r < 1 or r > len(self.rows):
            return None
        row = self.rows[r - 1]
        return row[c - 1] if c - 1 < len(row) else None

    def where(self, r: int, c: int) -> str:
        return f"{self.file}: sheet {self.name!r} cell {cell_ref(r, c)}"


def _fail(sh: _Sheet, r: int, c: int, msg: str) -> LayoutError:
    return LayoutError(f"{sh.where(r, c)}: {msg}")


_TITLE = re.compile(r"^\s*Table\s*(\d+[a-z]?)\s*:\s*(.*)$", re.I | re.S)
_PAGE = re.compile(r"^\s*[-\u2013]\s*\d+\s*[-\u2013]\s*$")
#: how far into a sheet the table title is looked for (rows, columns): NATO put it at A1 (2025/2026), B4 (2024)
#: and C16 (2024 Table 7)
TITLE_SEARCH = (30, 8)


def _find_title(sh: _Sheet) -> tuple[int, int, str, str] | None:
    """(row, column, table number, title text) of the first ``Table N: ...`` cell in the top-left corner."""
    for r in range(1, min(len(sh.rows), TITLE_SEARCH[0]) + 1):
        for c in range(1, TITLE_SEARCH[1] + 1):
            v = sh.get(r, c)
            if isinstance(v, str):
                m = _TITLE.match(v)
                if m:
                    return r, c, m.group(1).lower(), " ".join(v.split())
    return None


def _year_run(sh: _Sheet, r: int) -> tuple[int, int] | None:
    """(first column, length) of a year header on row ``r``, else None.

    A header is a row whose first non-empty cell starts a run of at least two years, each the previous plus
    one (numbers, text '2019' or estimates '2024e'): a data row never qualifies, as its label comes first.
    """
    row = sh.rows[r - 1] if 0 < r <= len(sh.rows) else ()
    c = 1
    while c <= len(row) and _blank(row[c - 1]):
        c += 1
    c0 = c
    prev = None
    while c <= len(row):
        y = _year_cell(row[c - 1])
        if y is None or (prev is not None and y[0] != prev + 1):
            break
        prev = y[0]
        c += 1
    return (c0, c - c0) if c - c0 >= 2 else None


def _find_headers(sh: _Sheet, after: int) -> list[tuple[int, int]]:
    """Year header rows below row ``after``: (row, first year column)."""
    out = []
    for r in range(after + 1, len(sh.rows) + 1):
        run = _year_run(sh, r)
        if run:
            out.append((r, run[0]))
    return out


def _read_years(sh: _Sheet, r: int, c0: int = 2) -> list[tuple[int, bool]]:
    years = []
    c = c0
    while not _blank(sh.get(r, c)):
        y = _year_cell(sh.get(r, c))
        if y is None:
            break  # a text column after the years (e.g. Table 4's "Real change 2014-2024e (%)")
        years.append(y)
        c += 1
    for i in range(1, len(years)):
        if years[i][0] != years[i - 1][0] + 1:
            raise _fail(sh, r, c0 + i, f"year {years[i][0]} does not follow {years[i - 1][0]}; expected consecutive years")
        if years[i - 1][1] and not years[i][1]:
            raise _fail(sh, r, c0 + i, f"year {years[i][0]} has no 'e' after an estimate year; expected the "
                                       f"estimate years ('2025e', '2026e') to be the last columns")
    if len(years) < 2:
        raise _fail(sh, r, c0, "year header has fewer than two years")
    return years


@dataclass
class _Found:
    """A block found in a sheet: its title cell, the year header it uses and its labelled rows."""

    title: str
    title_row: int
    title_col: int
    header_row: int
    year_col: int
    rows: list  # (row, label column, label text)


def _label(sh: _Sheet, r: int, c0: int) -> tuple[int, str] | None:
    """The rightmost text cell left of the first year column (labels sit in column A, B, C or D)."""
    for c in range(c0 - 1, 0, -1):
        v = sh.get(r, c)
        if isinstance(v, str) and v.strip():
            return c, v
    return None


def _has_values(sh: _Sheet, r: int, c0: int) -> bool:
    row = sh.rows[r - 1]
    return any(not _blank(v) for v in row[c0 - 1:])


def _is_entity(text: str) -> bool:
    return normalise_label(text) in AGGREGATE_LABELS or match_ally(text) is not None


def _locate_blocks(sh: _Sheet, title_row: int, unit_line: tuple[int, int, str] | None,
                   skipped: dict[str, int]) -> list[_Found]:
    """Find the blocks of a table sheet by content (the 2026 layout and the 2024 workbook).

    A block starts at a text-only row that is not an ally (its title) or, in a one-block table without one
    (2024 Table 7), at the year header. Its year header is the next row when that is one (2025/2026 layout),
    else the last header above (2024: one header per sheet, shared by both blocks). Rows without a label but
    with cells (check rows of '#REF!' or zeros) and page numbers such as '-7-' are skipped; a row starting
    'Notes', '*' or '(a)' ends the table.
    """
    headers = dict(_find_headers(sh, title_row))
    if not headers:
        return []
    first_header = min(headers)
    found: list[_Found] = []
    current_header: tuple[int, int] | None = None
    pending: _Found | None = None
    for r in range(title_row + 1, len(sh.rows) + 1):
        if r in headers:
            current_header = (r, headers[r])
            if pending is not None and not pending.rows:
                pending.header_row, pending.year_col = current_header
            continue
        cells = [(c, v) for c, v in enumerate(sh.rows[r - 1], start=1) if not _blank(v)]
        if not cells:
            continue
        if len(cells) == 1 and isinstance(cells[0][1], str) and _PAGE.match(cells[0][1]):
            skipped["page number"] = skipped.get("page number", 0) + 1
            continue
        c0 = current_header[1] if current_header else (headers[first_header] if r < first_header else 2)
        if r < first_header:
            c0 = headers[first_header]
        lab = _label(sh, r, c0)
        first_text = next((str(v).strip().lower() for _, v in cells if isinstance(v, str)), "")
        if lab is None:
            if current_header is not None:  # a check row: no label, cells such as '#REF!' or zeros
                skipped["check row"] = skipped.get("check row", 0) + 1
                continue
            continue
        lc, text = lab
        if first_text.startswith(("note", "*", "(a)", "(b)", "(c)", "(d)", "source")):
            break
        if unit_line is not None and r == unit_line[0]:
            continue
        if _is_entity(text) or _has_values(sh, r, c0) and current_header is not None:
            if current_header is None:
                continue
            if pending is None:  # a one-block table without a block title (2024 Table 7): the unit line names it
                pending = _Found(unit_line[2] if unit_line else "", unit_line[0] if unit_line else title_row,
                                 unit_line[1] if unit_line else 1, current_header[0], current_header[1], [])
                found.append(pending)
            pending.rows.append((r, lc, text))
            continue
        # a text-only row that is no ally: a block title
        hdr = current_header or (first_header, headers[first_header])
        pending = _Found(" ".join(text.split()), r, lc, hdr[0], hdr[1], [])
        found.append(pending)
    return found


def _cell_value(sh: _Sheet, r: int, c: int, markers: dict[str, int]) -> float | None:
    v = sh.get(r, c)
    if v is None:
        markers["empty"] = markers.get("empty", 0) + 1
        return None
    if isinstance(v, bool):
        raise _fail(sh, r, c, f"unexpected value {v!r}; expected a number or one of the markers "
                              f"{', '.join(repr(m) for m in MISSING_MARKERS)}")
    if isinstance(v, int | float):
        if v != v:
            raise _fail(sh, r, c, "NaN; expected a number or a marker such as '..'")
        return float(v)
    t = str(v).strip()
    if t in MISSING_MARKERS or not t:
        key = t or "empty"
        markers[key] = markers.get(key, 0) + 1
        return None
    raise _fail(sh, r, c, f"unknown marker {v!r}; expected a number or one of "
                          f"{', '.join(repr(m) for m in MISSING_MARKERS)} ('..' not available, '-' nil)")


def _currency(sh: _Sheet, r: int, label: str, iso3: str, default: str | None, col: int = 1) -> str:
    m = re.search(r"\(([^()]*)\)\s*$", label)
    if not m:
        if not default:
            raise _fail(sh, r, col, f"no currency in label {label!r}; expected e.g. 'Sweden (Kronor)'")
        return default
    word = normalise_label(m.group(1).replace("*", ""))
    cands = CURRENCY_WORDS.get(word)
    if not cands:
        raise _fail(sh, r, col, f"unknown currency {m.group(1)!r} in {label!r}; expected one of "
                              f"{', '.join(sorted({w.capitalize() for w in CURRENCY_WORDS}))}")
    if len(cands) == 1:
        return cands[0]
    if default in cands:
        return default
    raise _fail(sh, r, col, f"currency {m.group(1)!r} of {label!r} is ambiguous ({', '.join(cands)}) for {iso3}")


def _load(path: Path):
    from hague.sources._common import open_workbook

    return open_workbook(path, what="NATO's workbook def-exp-YYYY-en.xlsx")


def read_nato_workbook(path: str | Path, *, dataset_id: str | None = None, edition: str | None = None) -> ImportResult:
    """Read NATO's workbook into hague's long format (the layout is checked cell by cell).

    Returns an :class:`ImportResult` whose rows use the same indicators, units and price bases as the embedded
    ``nato-2026`` dataset (``defence_expenditure...`` for editions before 2026, which NATO did not call "core").
    The workbook's own NATO aggregate rows are returned in ``result.aggregates`` for comparison; they are not
    part of the rows (hague recomputes aggregates from the allies).
    """
    from hague.allies import all_allies

    path = Path(path)
    wb = _load(path)
    fname = path.name
    allies = {a.iso3: a for a in all_allies()}
    armed = sorted(a.iso3 for a in all_allies() if a.has_armed_forces)
    by_number: dict[str, _Sheet] = {}
    titles: dict[str, tuple[int, int, str]] = {}
    seen_titles = []
    for ws in wb.worksheets:
        sh = _Sheet(fname, ws.title, [tuple(r) for r in ws.iter_rows(values_only=True)])
        t = _find_title(sh)
        if t is None:
            seen_titles.append(f"{ws.title} (no title)")
            continue
        r, c, num, text = t
        seen_titles.append(f"{ws.title}: {text[:40]!r}")
        key = f"Table {num}"
        if key in by_number:
            raise _fail(sh, r, c, f"second sheet titled {key!r} (the first is {by_number[key].name!r}); "
                                  f"expected one sheet per table")
        by_number[key] = sh
        titles[key] = (r, c, text)
    wb.close()
    props = SimpleNamespace(**workbook_stamps(path))  # the file's own stamps (openpyxl would invent "now")
    sheets: dict[str, _Sheet] = {}
    for t in TABLES:
        if t.sheet not in by_number:
            raise LayoutError(f"{fname}: missing sheet {t.sheet!r}: no sheet has a title '{t.sheet}: ...' in its first "
                              f"{TITLE_SEARCH[0]} rows and {TITLE_SEARCH[1]} columns; expected the tables "
                              f"{', '.join(x.sheet for x in TABLES)} (found: {'; '.join(seen_titles)})")
        sheets[t.sheet] = by_number[t.sheet]
    if "Table 4" in by_number:
        skipped_tables = ["Table 4"]
    else:
        skipped_tables = []

    # series prefix from Table 1's title
    sh1 = sheets["Table 1"]
    tr1, tc1, a1 = titles["Table 1"]
    m = re.match(r"^\s*Table\s*1\s*:\s*(core\s+)?defence expenditure", a1, re.I)
    if not m:
        raise _fail(sh1, tr1, tc1, f"title {a1!r}; expected 'Table 1: Core defence expenditure...' (2026) or "
                                   f"'Table 1: Defence expenditure...' (2025 and earlier)")
    prefix = "core_defence_expenditure" if m.group(1) else "defence_expenditure"

    years_ref: list[tuple[int, bool]] | None = None
    base_year: int | None = None
    rows: list[Observation] = []
    aggregates: dict[tuple, float] = {}
    markers: dict[str, int] = {}
    skipped: dict[str, int] = {}
    marker_cells: list[str] = []
    raw: list[tuple] = []  # (table, block, ally, year, value, unit, basis, indicator, estimate)
    table1_usa: dict[tuple, float] = {}
    for t in TABLES:
        sh = sheets[t.sheet]
        tr, tc, title = titles[t.sheet]
        unit_line = None
        for r in range(tr + 1, tr + 4):
            for c in range(1, TITLE_SEARCH[1] + 1):
                v = sh.get(r, c)
                if isinstance(v, str) and v.strip() and _year_run(sh, r) is None:
                    unit_line = (r, c, " ".join(v.split()))
                    break
            if unit_line:
                break
        if t.unit_line is not None:
            a2 = unit_line[2] if unit_line else ""
            if t.unit_line not in a2.lower():
                ur, uc = (unit_line[0], unit_line[1]) if unit_line else (tr + 1, tc)
                raise _fail(sh, ur, uc, f"unit line {a2!r}; expected a line containing {t.unit_line!r}")
        found = _locate_blocks(sh, tr, unit_line, skipped)
        if len(found) != len(t.blocks):
            where = "; ".join(f"{f.title!r} at {cell_ref(f.title_row, f.title_col)}" for f in found) or "none"
            raise _fail(sh, found[0].title_row if found else tr, found[0].title_col if found else tc,
                        f"found {len(found)} block(s) ({where}); expected {len(t.blocks)} block(s) titled "
                        f"{' / '.join(repr(b.example) for b in t.blocks)}, each with a year header (its own or the "
                        f"one shared at the top of the sheet) and one row per ally")
        for b, f in zip(t.blocks, found, strict=True):
            btitle = f.title
            low = " ".join(btitle.lower().split())
            if not all(k in low for k in b.keywords):
                raise _fail(sh, f.title_row, f.title_col, f"block title {btitle!r}; expected a title containing "
                                                          f"{' and '.join(repr(k) for k in b.keywords)} (e.g. {b.example!r})")
            basis = b.price_basis
            if basis == "constant":
                ym = re.search(r"constant\s+(\d{4})", low)
                if ym:
                    by = int(ym.group(1))
                    if base_year is None:
                        base_year = by
                    elif by != base_year:
                        raise _fail(sh, f.title_row, f.title_col, f"base year {by} differs from {base_year} in "
                                                                  f"earlier tables")
                elif "constant" in b.keywords:
                    raise _fail(sh, f.title_row, f.title_col, f"no base year in {btitle!r}; expected e.g. {b.example!r}")
            hr, c0 = f.header_row, f.year_col
            years = _read_years(sh, hr, c0)
            if years_ref is None:
                years_ref = years
            elif years != years_ref:
                raise _fail(sh, hr, c0, f"years {_years_text(years)} differ from {_years_text(years_ref)} in "
                                        f"'Table 1'; expected the same year header in every block")
            seen: set[str] = set()
            for r, lc, label in f.rows:
                norm = normalise_label(str(label))
                group = AGGREGATE_LABELS.get(norm)
                iso3 = None if group else match_ally(str(label))
                if not group and not iso3:
                    raise _fail(sh, r, lc, f"unknown ally name {label!r}; expected one of the English names "
                                           f"{', '.join(sorted(_nato_name(allies[c].name) for c in armed))} (other spellings such as "
                                           f"'Slovakia', 'Turkey' accepted) or 'NATO Europe and Canada' / 'NATO Total'")
                for c in range(lc + 1, c0):
                    if not _blank(sh.get(r, c)):
                        raise _fail(sh, r, c, f"value {sh.get(r, c)!r} left of the first year column "
                                              f"({cell_ref(hr, c0)} holds {years[0][0]}); expected the values under "
                                              f"the year header")
                key = group or iso3
                if key in seen:
                    raise _fail(sh, r, lc, f"{label!r} appears twice in this block")
                seen.add(key)
                unit = b.unit.replace("{P}", prefix.replace("_", " "))
                if "{CUR}" in unit:
                    if group:
                        unit = "national currency million"
                    else:
                        unit = unit.replace("{CUR}", _currency(sh, r, str(label), iso3, allies[iso3].currency, lc))
                ind = b.indicator.replace("{P}", prefix)
                for j, (y, est) in enumerate(years):
                    c = c0 + j
                    before = sum(markers.values())
                    v = _cell_value(sh, r, c, markers)
                    if v is None:
                        if sum(markers.values()) > before and sh.get(r, c) is not None and len(marker_cells) < 200:
                            marker_cells.append(f"{sh.name}!{cell_ref(r, c)}={str(sh.get(r, c)).strip()!r}")
                        continue
                    raw.append((t.sheet, b, key, y, v, unit, basis, ind, est, bool(group)))
            missing = [allies[c].name for c in armed if c not in seen]
            if missing:
                r1, lc1 = (f.rows[0][0], f.rows[0][1]) if f.rows else (hr + 1, 1)
                raise _fail(sh, r1, lc1, f"block {btitle!r} (header row {hr}) has no row for {', '.join(missing)}; "
                                         f"expected the {len(armed)} allies with armed forces")
    assert years_ref is not None
    if base_year is None:
        raise _fail(sheets["Table 2"], 1, 1, "no 'Constant YYYY prices' block found; expected the price base year")
    basis_text = f"constant_{base_year}"
    for sheet, _b, key, y, v, unit, basis, ind, est, is_group in raw:
        pb = basis_text if basis == "constant" else basis
        if is_group:
            aggregates[(key, sheet, ind, unit, pb, y)] = v
            continue
        if sheet == "Table 1" and unit == "USD million":
            table1_usa[(key, ind, pb, y)] = v  # checked against Table 2 below
            continue
        rows.append((key, y, ind, unit, pb, est, v, sheet))

    est_years = [y for y, e in years_ref if e]
    edition_year = years_ref[-1][0]
    mod = getattr(props, "modified", None)
    if edition is None:
        edition = mod.strftime("%Y-%m") if isinstance(mod, _dt.datetime) and mod.year == edition_year else str(edition_year)
    source = f"nato_def_exp_{edition_year}"
    table2 = {(o[0], o[2], o[4], o[1]): o[6] for o in rows if o[7] == "Table 2"}
    notes = []
    if prefix == "defence_expenditure":
        notes.append("series: NATO's 'defence expenditure' (this edition predates the 'core defence expenditure' "
                     "wording of 2026); read as defence_expenditure..., not as core_defence_expenditure")
    for what, n in sorted(skipped.items()):
        notes.append(f"{n} {what}{'s' if n != 1 else ''} skipped (no data)")
    for tname in skipped_tables:
        notes.append(f"{tname} ({titles[tname][2]!r}) not read: it repeats Tables 2 and 3 for two years")
    for k, v in table1_usa.items():
        t2 = table2.get(k)
        if t2 is None or abs(t2 - v) > 0.5:
            raise LayoutError(f"{fname}: sheet 'Table 1': {k[0]} {k[3]} {k[2]} is USD {v} but Table 2 has {t2}; "
                              f"expected the US row of Table 1 (US dollars) to equal Table 2")
    if table1_usa:
        notes.append(f"{len(table1_usa)} US values of Table 1 (in US dollars) equal Table 2 and are not duplicated")
    obs = [Observation(ally=a, year=y, indicator=i, unit=u, price_basis=pb, estimate=e, value=v, source=source,
                       edition=edition, extra=(("nato_table", sheet),)) for a, y, i, u, pb, e, v, sheet in rows]
    for k, n in sorted(markers.items()):
        notes.append(f"{n} cells {'empty' if k == 'empty' else repr(k)} ({MISSING_MARKERS.get(k, 'no value')}) "
                     f"read as missing (no row)")
    _check_estimate_note(sheets, est_years)

    dsid = dataset_id or f"nato-{edition_year}"
    title_word = "Core defence expenditure" if prefix.startswith("core") else "Defence expenditure"
    meta = {
        "id": dsid,
        "file": f"{dsid}.csv",
        "role": "imported",
        "family": "nato",
        "producer": "NATO Public Diplomacy Division",
        "title": f"Defence Expenditure of NATO Countries ({years_ref[0][0]}-{edition_year}) ({title_word}, "
                 f"Tables 1-8b)",
        "edition": edition,
        "edition_year": edition_year,
        "published": mod.strftime("%Y-%m-%d") + " (workbook last modified)" if isinstance(mod, _dt.datetime) else "",
        "url": f"https://www.nato.int/content/dam/nato/webready/documents/finance/def-exp-{edition_year}-en.xlsx",
        "licence": "No open licence. NATO's terms for external use of NATO content require crediting NATO and "
                   "forbid selling or advertising use.",
        "attribution": f"Source: NATO, Defence Expenditure of NATO Countries ({years_ref[0][0]}-{edition_year})",
        "coverage": f"{len({o.ally for o in obs})} allies, {years_ref[0][0]}-{edition_year}, Tables 1-8b",
        "estimates": f"{', '.join(map(str, est_years))} are NATO estimates (estimate=true)" if est_years else "none",
        "price_base": base_year,
        "series": prefix,
        "secondary": False,
    }
    if marker_cells:
        meta["missing_cells"] = marker_cells  # which cells held a marker (first 200), for the record
    return ImportResult(kind="nato", dataset_id=dsid, rows=obs, meta=meta, extra_columns=("nato_table",),
                        notes=notes, aggregates=aggregates)


def _years_text(years: list[tuple[int, bool]]) -> str:
    return f"{years[0][0]}-{years[-1][0]}" + (f" (estimates {', '.join(str(y) for y, e in years if e)})"
                                              if any(e for _, e in years) else "")


def _check_estimate_note(sheets: dict[str, _Sheet], est_years: list[int]) -> None:
    """If a note says "Figures for 2025 and 2026 are estimates", it must agree with the 'e' columns."""
    pat = re.compile(r"figures for ((?:\d{4})(?:(?:,\s*|\s+and\s+)\d{4})*) are estimates", re.I)
    for sh in sheets.values():
        for r, row in enumerate(sh.rows, start=1):
            for c, v in enumerate(row, start=1):
                if isinstance(v, str):
                    m = pat.search(v)
                    if m:
                        said = sorted(int(x) for x in re.findall(r"\d{4}", m.group(1)))
                        if said != sorted(est_years):
                            raise _fail(sh, r, c, f"note says estimates are {said} but the year headers mark "
                                                  f"{est_years or 'none'} with 'e'; expected them to agree")


# --- writer --------------------------------------------------------------------------------------------------


_NATO_NAMES = {"Slovakia": "Slovak Republic"}


def _nato_name(name: str) -> str:
    return _NATO_NAMES.get(name, name)
