"""Readers of SIPRI's Arms Transfers Database: the trade register (every export shape) and deliveries per year.

**Trade register** (``trade-register.csv`` from https://armstrade.sipri.org, one row per deal), read by
:func:`read_trade_register`. The shapes met in real exports, all read here:

- the classic export: Latin-1/cp1252, an 11-line title block (what was selected, the year range, notes,
  ``Data generated: 13 Mar 2025 10:02:49 AM``) then a 16-column header; the same with UTF-8 (a re-encoded copy)
  or without the title block;
- the **2026 export format**: column 9 is ``Deliveries in the Year Range`` (was ``Number delivered``): the units
  delivered *within the selected years*, not cumulative;
- **split records**: SIPRI's own export breaks 4 deals of the March-2025 register over two physical lines (a line
  break inside the comment, unquoted): a short line followed by its continuation is joined back into one deal;
- three columns whose header is a single space hold ``?``: the neighbouring figure (order year, number ordered,
  number delivered) is uncertain;
- ``Number delivered`` is cumulative to the end of the last year covered; ``Year(s) of delivery`` is a ``;`` list
  without per-year counts (the per-year file, :func:`read_deliveries_by_year`, has those); an empty
  ``Number ordered`` means not yet known; TIV in millions, ``0`` = 0-0.5 and cells like ``0 `` (2026).

Anything else is a :class:`~hague.sources.LayoutError` of one line naming the file, the physical line and the
column. An Excel re-save that turned designations into dates (``1-Mar``, ``Mar-23``, ``2023-03-01``) still reads,
with a warning naming each line (:attr:`TradeRegister.warnings`); a semicolon-separated re-save is refused with
a message that says so.

**Deliveries per year** (``{supplier: {year: {recipient: [[number, tiv, description, designation], ...]}}}``, all
strings; a JSON conversion of SIPRI's per-year exports), read by :func:`read_deliveries_by_year`.

SIPRI's data are (c) SIPRI (free for non-commercial use with attribution): hague ships no register, only reads
the user's own file. SIPRI counts **major conventional weapons only**: no small arms, no ammunition other than
guided missiles, shells and bombs listed as weapons.

>>> import io
>>> text = ("Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,"
...         "Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,"
...         "SIPRI TIV of delivered weapons\\n"
...         "Norway,United States,2008,?,52,,F-35A Lightning-2,FGA aircraft,46,,2015; 2016,New,,80,4160,3680\\n")
>>> reg = parse_trade_register(text, name="t.csv")
>>> d = reg.deals[0]
>>> d.recipient_iso3, d.ordered, d.delivered, d.order_year_uncertain, d.delivery_years
('NOR', 52, 46, True, (2015, 2016))

Long (over 500 lines): the SIPRI trade register in every export shape it comes in.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from hague.sources._common import LayoutError

__all__ = ["Deal", "TradeRegister", "read_trade_register", "parse_trade_register", "DeliveriesByYear",
           "YearDelivery", "read_deliveries_by_year", "HEADER_2025", "HEADER_2026", "decode_text"]

#: the 16 columns of the register export up to March 2025 (three headers are a single space: the '?' flags)
HEADER_2025 = ("Recipient", "Supplier", "Year of order", " ", "Number ordered", " ", "Weapon designation",
               "Weapon description", "Number delivered", " ", "Year(s) of delivery", "status", "Comments",
               "SIPRI TIV per unit", "SIPRI TIV for total order", "SIPRI TIV of delivered weapons")
#: the 2026 export: column 9 holds the deliveries within the selected year range
HEADER_2026 = HEADER_2025[:8] + ("Deliveries in the Year Range",) + HEADER_2025[9:]
_STATUS = {"New", "Second hand", "Second hand but modernized"}
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
#: what Excel makes of a designation it took for a date (1-Mar, Mar-23, 2023-03-01, 01/03/2023, 03.01.2023)
_DATE_LIKE = re.compile(rf"^(\d{{1,2}}-({_MONTHS})[a-z]*(-\d{{2,4}})?|({_MONTHS})[a-z]*-\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}"
                        rf"( 00:00:00)?|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})$", re.IGNORECASE)


class Deal(NamedTuple):
    """One deal of the register (one row; a split record joined back). Counts are units, TIV in millions."""

    line: int  # physical line of the file where the deal starts (1-based)
    recipient: str
    supplier: str
    recipient_iso3: str | None  # the ally code when the recipient is a NATO ally (SIPRI's name matched), else None
    supplier_iso3: str | None
    order_year: int | None
    order_year_uncertain: bool
    ordered: int | None  # None: SIPRI has no figure yet
    ordered_uncertain: bool
    designation: str
    description: str
    delivered: int | None  # cumulative (classic export) or within the year range (2026 format); see delivered_scope
    delivered_uncertain: bool
    delivery_years: tuple[int, ...]
    status: str
    comments: str
    tiv_unit: float | None
    tiv_order: float | None
    tiv_delivered: float | None


@dataclass
class TradeRegister:
    """A whole register export: the deals, what the title block says, and the reader's notes and warnings."""

    name: str
    layout: str  # "2025" (Number delivered, cumulative) or "2026" (Deliveries in the Year Range)
    encoding: str
    generated: str | None = None  # "13 Mar 2025 10:02:49 AM" as in the title block
    generated_iso: str | None = None  # "2025-03-13"
    selection: str = ""  # "from All countries to All countries"
    year_range: tuple[int, int] | None = None  # deliveries selected (None: 'Not specified', i.e. every deal)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _rows: list = field(default_factory=list, repr=False)
    _hline: int = 0
    _last_delivery: int | None = None
    data: bytes | None = field(default=None, repr=False)
    _deals: list | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def deals(self) -> list[Deal]:
        """The deals, typed (built on first use: the import itself only checks the columns)."""
        if self._deals is None:
            allies = _ally_cache()
            lines = _line_numbers(self._rows, self._hline)
            self._deals = [_deal(r, ln, self.name, allies) for r, ln in zip(self._rows, lines, strict=True)]
        return self._deals

    @property
    def delivered_scope(self) -> str:
        """What ``Deal.delivered`` counts: cumulative to the export, or only within the selected year range."""
        if self.layout == "2026" and self.year_range:
            return f"delivered in {self.year_range[0]}-{self.year_range[1]} only"
        return "cumulative to the end of the last year covered"

    @property
    def scope(self) -> str:
        """``every deal`` (orders incl. undelivered) or ``deals with deliveries ...`` (a delivered-only export)."""
        if self.year_range is None:
            return "every deal (orders including undelivered)"
        return f"deals with deliveries in {self.year_range[0]}-{self.year_range[1]} only"

    @property
    def last_year(self) -> int | None:
        """The last year with a delivery in the register (a selected year range can end later than the data)."""
        if self._last_delivery is None and self.year_range:
            return self.year_range[1]
        return self._last_delivery


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Text and encoding of an export: UTF-8 (with or without BOM) if it decodes, else cp1252, else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def read_trade_register(path: str | Path) -> TradeRegister:
    """Read a SIPRI trade-register CSV export (any shape described in the module docstring)."""
    path = Path(path)
    if not path.is_file():
        raise LayoutError(f"{path}: no such file")
    data = path.read_bytes()
    if not data.strip():
        raise LayoutError(f"{path.name}: the file is empty; expected SIPRI's trade register CSV")
    if data[:4] == b"PK\x03\x04":
        raise LayoutError(f"{path.name}: an .xlsx workbook, not SIPRI's trade-register CSV; export the register as "
                          f"CSV from armstrade.sipri.org (or save the sheet as CSV UTF-8)")
    text, enc = decode_text(data, path.name)
    reg = parse_trade_register(text, name=path.name, encoding=enc)
    reg.data = data  # the bytes read (stored verbatim on import, not read twice)
    return reg


def _title(lines: list[str], reg: TradeRegister) -> None:
    for ln in lines:
        m = re.match(r"\s*Transfers of major conventional arms (from .+?)\s*\.\s*Deals with deliveries made for the "
                     r"year range '([^']*)' to '([^']*)'", ln)
        if m:
            reg.selection = " ".join(m.group(1).split())
            a, b = m.group(2), m.group(3)
            if a.isdigit() and b.isdigit():
                reg.year_range = (int(a), int(b))
        m = re.match(r"\s*Data generated:\s*(.+?)\s*$", ln)
        if m:
            reg.generated = m.group(1)
            import datetime as _dt

            for fmt in ("%d %b %Y %I:%M:%S %p", "%d %b %Y %H:%M:%S", "%d %b %Y"):
                try:
                    reg.generated_iso = _dt.datetime.strptime(m.group(1), fmt).date().isoformat()
                    break
                except ValueError:
                    continue


def _header_line(lines: list[str], name: str) -> int:
    for i, ln in enumerate(lines[:40]):
        s = ln.lstrip('"')
        if s.startswith("Recipient,Supplier") or s.startswith("Recipient;Supplier") or s.startswith("Recipient\t"):
            return i
    raise LayoutError(f"{name}: line 1: no header row 'Recipient,Supplier,Year of order,...' in the first 40 lines; "
                      f"expected SIPRI's trade register export (armstrade.sipri.org, 'Trade registers', CSV)")


def parse_trade_register(text: str, *, name: str = "register.csv", encoding: str = "utf-8") -> TradeRegister:
    """Parse the text of a register export; raises :class:`LayoutError` naming ``name``, line and column."""
    head = text[:8000].splitlines()
    hi = _header_line(head, name)
    hline = hi + 1
    header_text = head[hi]
    if ";" in header_text and "," not in header_text.replace('","', ""):
        raise LayoutError(f"{name}: line {hline}: the columns are separated by ';' (a re-save by Excel in a European "
                          f"locale?); expected SIPRI's comma-separated export: open the original download instead")
    if "\t" in header_text and "," not in header_text:
        raise LayoutError(f"{name}: line {hline}: the columns are separated by tabs; expected SIPRI's "
                          f"comma-separated export")
    reg = TradeRegister(name=name, layout="2025", encoding=encoding)
    _title(head[:hi], reg)
    # the rest of the text from the header line on, parsed by the csv module (the floor of any CSV reader)
    start = 0
    for _ in range(hi):
        start = text.index("\n", start) + 1
    rdr = csv.reader(io.StringIO(text[start:]))
    try:
        header = tuple(next(rdr))
    except StopIteration:  # pragma: no cover - _header_line found it
        raise LayoutError(f"{name}: line {hline}: no header") from None
    if header == HEADER_2026:
        reg.layout = "2026"
    elif header != HEADER_2025:
        expected = HEADER_2025
        if len(header) != 16:
            raise LayoutError(f"{name}: line {hline}: {len(header)} columns in the header; expected the 16 of SIPRI's "
                              f"register ({', '.join(repr(h) for h in expected)})")
        for j, (got, want) in enumerate(zip(header, expected, strict=True), start=1):
            if got != want and not (j == 9 and got == HEADER_2026[8]):
                raise LayoutError(f"{name}: line {hline} column {j}: header {got!r}; expected {want!r}"
                                  + (" or 'Deliveries in the Year Range' (2026 format)" if j == 9 else ""))
    if reg.layout == "2026" and reg.year_range is None:
        reg.notes.append("2026 format without a year range in the title block: 'Deliveries in the Year Range' read "
                         "as the deliveries of the whole export")
    rows = list(rdr)  # the csv module's own loop: every row, nothing else
    split = 0
    if set(map(len, rows)) != {16}:
        rows, split = _join_split(rows, hline, name)
    if not rows:
        raise LayoutError(f"{name}: line {hline + 1}: no deals after the header; expected at least one row")
    reg._rows, reg._hline = rows, hline
    _check_columns(rows, name, reg)
    if split:
        reg.notes.append(f"{split} deal(s) split over two physical lines by the export (a line break in the comment) "
                         f"joined back")
    reg.notes.append(f"{len(rows)} deals; layout {reg.layout} ('{HEADER_2026[8] if reg.layout == '2026' else HEADER_2025[8]}'"
                     f": {reg.delivered_scope}); {reg.scope}")
    return reg


def _line_numbers(rows: list[list[str]], hline: int) -> list[int]:
    """Physical line where each record starts: the header's line + 1, plus the line breaks inside earlier records
    (quoted fields, joined split records)."""
    out = []
    ln = hline + 1
    for r in rows:
        out.append(ln)
        ln += 1 + "".join(r).count("\n")
    return out


def _join_split(rows: list[list[str]], hline: int, name: str) -> tuple[list[list[str]], int]:
    """Rows of 16 fields: blank lines dropped, a short line joined with its continuation (SIPRI's split records).
    Only the rows that are not 16 fields long are visited; line numbers are counted only for an error."""
    bad = [i for i, r in enumerate(rows) if len(r) != 16]
    line = lambda i: _line_numbers(rows[: i + 1], hline)[-1]  # noqa: E731
    drop: set[int] = set()
    replace: dict[int, list[str]] = {}
    split = 0
    k = 0
    while k < len(bad):
        i = bad[k]
        row = rows[i]
        n = len(row)
        k += 1
        if i in drop:
            continue
        if not n or (n == 1 and not row[0].strip()):
            drop.add(i)
            continue
        if n > 16:
            raise LayoutError(f"{name}: line {line(i)}: {n} fields, expected 16 (an unquoted comma?)")
        if i + 1 >= len(rows):
            raise LayoutError(f"{name}: line {line(i)}: {n} fields, expected 16 (the file ends inside a record)")
        nxt = rows[i + 1]
        joined = row[:-1] + [row[-1] + "\n" + nxt[0]] + nxt[1:] if nxt else row
        if len(joined) != 16:
            raise LayoutError(f"{name}: line {line(i)}: {n} fields, expected 16 (a record split over lines "
                              f"{line(i)}-{line(i + 1)} does not join into 16 fields either)")
        replace[i] = joined
        drop.add(i + 1)
        split += 1
    out: list[list[str]] = []
    last = 0
    for i in sorted(drop | set(replace)):
        out.extend(rows[last:i])
        if i in replace:
            out.append(replace[i])
        last = i + 1
    out.extend(rows[last:])
    return out, split


def _check_columns(rows: list[list[str]], name: str, reg: TradeRegister) -> None:
    """Every cell checked column by column at C speed (the int/float parsers and sets over whole columns); a
    column that fails is then checked cell by cell to name the first bad line and column."""
    cols = list(zip(*rows))  # every row has 16 fields (checked above)
    try:
        ok = (set(map(len, filter(None, cols[2]))) <= {4} and all(map(int, filter(None, cols[2])))
              and all(map(str.isdigit, map(str.strip, filter(None, cols[4]))))
              and all(map(str.isdigit, map(str.strip, filter(None, cols[8]))))
              and set(cols[3]) | set(cols[5]) | set(cols[9]) <= {"", "?"}
              and set(cols[11]) <= _STATUS)
        if ok:
            years = ";".join(filter(None, cols[10])).split(";")
            ok = set(map(len, years)) <= {4, 5, 0}
            ys = list(map(int, filter(None, years)))
            reg._last_delivery = max(ys) if ys else None
            for j in (13, 14, 15):
                list(map(float, filter(None, cols[j])))
    except ValueError:
        ok = False
    if not ok:  # find and name the first bad cell
        allies = _ally_cache()
        for r, ln in zip(rows, _line_numbers(rows, reg._hline), strict=True):
            _deal(r, ln, name, allies)
        raise LayoutError(f"{name}: a value outside the accepted forms (not located)")  # pragma: no cover
    # what Excel makes of a designation starts with a digit or a month name: only those go to the full pattern
    found = [i for i, d in enumerate(cols[6]) if (d[:1].isdigit() or d[:3].lower() in _MONTH3)
             and _DATE_LIKE.match(d.strip())]
    if found:
        lines = _line_numbers(rows, reg._hline)
        for i in found:
            reg.warnings.append(f"{name}: line {lines[i]} column 7 (Weapon designation): {cols[6][i].strip()!r} looks "
                                f"like a date made by Excel from a designation; re-export the register from SIPRI "
                                f"rather than re-saving it in Excel")


_MONTH3 = frozenset(_MONTHS.split("|"))


def _ally_cache() -> dict:
    from hague.sources._common import match_ally

    class _C(dict):
        def __missing__(self, k):
            v = match_ally(k) if k else None
            self[k] = v
            return v

    return _C()


_COLS = {2: "Year of order", 3: "' ' (uncertainty flag of the order year)", 4: "Number ordered",
         5: "' ' (uncertainty flag of the number ordered)", 8: "Number delivered",
         9: "' ' (uncertainty flag of the number delivered)", 10: "Year(s) of delivery", 11: "status",
         13: "SIPRI TIV per unit", 14: "SIPRI TIV for total order", 15: "SIPRI TIV of delivered weapons"}


def _fail(name: str, line: int, j: int, value: str, want: str):
    raise LayoutError(f"{name}: line {line} column {j + 1} ({_COLS.get(j, HEADER_2025[j])}): {value!r}; expected {want}")


def _deal(r: list[str], line: int, name: str, allies) -> Deal:
    y, fy, o, fo, d, fd, ys, st = r[2], r[3], r[4], r[5], r[8], r[9], r[10], r[11]
    try:
        year = int(y) if y else None
    except ValueError:
        _fail(name, line, 2, y, "a year such as 2019")
    for j, f in ((3, fy), (5, fo), (9, fd)):
        if f and f.strip() not in ("", "?"):
            _fail(name, line, j, f, "'?' (uncertain) or empty")
    try:
        ordered = int(o) if o else None
    except ValueError:
        ordered = _number(o, name, line, 4, "a whole number of units or empty (not yet known)")
    try:
        delivered = int(d) if d else None
    except ValueError:
        delivered = _number(d, name, line, 8, "a whole number of units or empty")
    if ys:
        try:
            years = tuple(map(int, ys.split(";")))
        except ValueError:
            _fail(name, line, 10, ys, "years separated by ';' such as '2018; 2019'")
    else:
        years = ()
    if st not in _STATUS:
        _fail(name, line, 11, st, "New, Second hand or Second hand but modernized")
    tivs = []
    for j in (13, 14, 15):
        v = r[j]
        if not v:
            tivs.append(None)
            continue
        try:
            tivs.append(float(v))
        except ValueError:
            _fail(name, line, j, v, "a number of millions of SIPRI TIV (e.g. 4.5) or empty")
    des = r[6]
    rec, sup = r[0], r[1]
    return Deal(line, rec, sup, allies[rec], allies[sup], year, fy == "?", ordered, fo == "?", des, r[7], delivered,
                fd == "?", years, st, r[12].rstrip(), tivs[0], tivs[1], tivs[2])


def _number(v: str, name: str, line: int, j: int, want: str) -> int:
    t = v.strip()
    try:
        f = float(t)
    except ValueError:
        _fail(name, line, j, v, want)
    if not f.is_integer() or f < 0:
        _fail(name, line, j, v, want)
    return int(f)


# --- deliveries per year ---------------------------------------------------------------------------------------

class YearDelivery(NamedTuple):
    """Units and TIV one supplier delivered to one recipient in one year, for one designation."""

    supplier: str
    year: int
    recipient: str
    recipient_iso3: str | None
    supplier_iso3: str | None
    number: float | None
    tiv: float | None
    description: str
    designation: str


@dataclass
class DeliveriesByYear:
    """The per-year deliveries file: one :class:`YearDelivery` per supplier, year, recipient and designation."""

    name: str
    records: list[YearDelivery]
    years: tuple[int, int]
    notes: list[str] = field(default_factory=list)


def read_deliveries_by_year(path: str | Path) -> DeliveriesByYear:
    """Read ``{supplier: {year: {recipient: [[number, tiv, description, designation], ...]}}}`` (all strings).

    Every value is checked: a year that is not a year, a record that is not four strings, a number or TIV that is
    not a number is a :class:`LayoutError` naming the supplier, year, recipient and record.
    """
    import json

    path = Path(path)
    if not path.is_file():
        raise LayoutError(f"{path}: no such file")
    data = path.read_bytes()
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", 1)
        col = getattr(exc, "colno", 1)
        raise LayoutError(f"{path.name}: line {line} column {col}: not JSON ({exc.__class__.__name__}: "
                          f"{getattr(exc, 'msg', exc)}); expected SIPRI deliveries per year as "
                          f"{{supplier: {{year: {{recipient: [[number, tiv, description, designation]]}}}}}}") from None
    name = path.name
    if not isinstance(doc, dict) or not doc:
        raise LayoutError(f"{name}: the top level is {type(doc).__name__}; expected an object "
                          f"{{supplier: {{year: {{recipient: [...]}}}}}}")
    allies = _ally_cache()
    out: list[YearDelivery] = []
    lo, hi = 9999, 0
    for sup, years in doc.items():
        if not isinstance(years, dict):
            raise LayoutError(f"{name}: supplier {sup!r}: {type(years).__name__}; expected an object of years")
        for ys, recips in years.items():
            if not (ys.isdigit() and len(ys) == 4):
                raise LayoutError(f"{name}: supplier {sup!r}: key {ys!r}; expected a year such as '2024'")
            y = int(ys)
            lo, hi = min(lo, y), max(hi, y)
            if not isinstance(recips, dict):
                raise LayoutError(f"{name}: supplier {sup!r} year {y}: expected an object of recipients")
            for rec, items in recips.items():
                if not isinstance(items, list):
                    raise LayoutError(f"{name}: supplier {sup!r} year {y} recipient {rec!r}: expected a list of records")
                for k, it in enumerate(items):
                    if not (isinstance(it, list) and len(it) == 4):
                        raise LayoutError(f"{name}: supplier {sup!r} year {y} recipient {rec!r} record {k + 1}: "
                                          f"{it!r}; expected [number, tiv, description, designation]")
                    num, tiv, desc, des = it
                    try:
                        n = float(num) if num not in ("", None) else None
                        t = float(tiv) if tiv not in ("", None) else None
                    except (TypeError, ValueError):
                        raise LayoutError(f"{name}: supplier {sup!r} year {y} recipient {rec!r} record {k + 1}: "
                                          f"number {num!r} / TIV {tiv!r}; expected numbers") from None
                    out.append(YearDelivery(sup, y, rec, allies[rec], allies[sup], n, t, str(desc), str(des)))
    if not out:
        raise LayoutError(f"{name}: no delivery records")
    return DeliveriesByYear(name=name, records=out, years=(lo, hi),
                            notes=[f"{len(out)} delivery records, {len(doc)} suppliers, {lo}-{hi}"])
