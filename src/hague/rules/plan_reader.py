"""The plan format and its reader: one ally's annual plan as a table of years.

A plan is a table of years (the plan year to 2035) for one ally with the planned core defence expenditure and
defence- and security-related spending as % of GDP, and optionally amounts in national currency (million), the
GDP path behind them (national currency million) and the split of core expenditure into NATO's four categories.

Columns (CSV and XLSX: first row; YAML: keys of each item of ``rows``):

=====================  ========  ==========================================================================
column                 required  meaning
=====================  ========  ==========================================================================
``ally``               CSV/XLSX  ISO3 code (the same on every row); in YAML a top-level ``ally:`` key
``year``               yes       calendar year, 2025 (The Hague) to 2035 (its deadline), no gaps
``core_share_gdp``     yes       core defence expenditure, % of GDP, NATO definition
``related_share_gdp``  yes       defence- and security-related spending, % of GDP (counts up to 1.5)
``core_amount``        no        core defence expenditure, national currency million, current prices
``related_amount``     no        related spending, national currency million, current prices
``gdp``                no        GDP behind the plan, national currency million, current prices
``equipment_share``,   no        split of core expenditure, % of core (all four or none; they add to 100)
``personnel_share``,
``infrastructure_share``,
``other_share``
=====================  ========  ==========================================================================

>>> plan = read_plan('''ally,year,core_share_gdp,related_share_gdp
... DEU,2026,2.69,0.5
... DEU,2027,2.9,0.8
... DEU,2028,3.1,1.0
... DEU,2029,3.5,1.5
... DEU,2030,3.5,1.5
... DEU,2031,3.5,1.5
... DEU,2032,3.5,1.5
... DEU,2033,3.5,1.5
... DEU,2034,3.5,1.5
... DEU,2035,3.5,1.5
... ''', name="deu.csv")
>>> plan.ally, plan.first_year, plan.core()[2029]
('DEU', 2026, 3.5)
"""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

from hague.errors import HagueError

__all__ = ["Plan", "PlanRow", "PlanError", "read_plan", "COLUMNS", "REQUIRED", "OPTIONAL", "CATEGORY_COLUMNS",
           "RELATED_CATEGORY_COLUMNS"]

REQUIRED = ("year", "core_share_gdp", "related_share_gdp")
CATEGORY_COLUMNS = ("equipment_share", "personnel_share", "infrastructure_share", "other_share")
#: the related (1.5%) side split into the declaration's five categories plus other, each in % of GDP
#: (codes as in the related-spending ledger, hague.rules.related.CATEGORIES)
RELATED_CATEGORY_COLUMNS = ("related_infrastructure", "related_cyber", "related_resilience", "related_innovation",
                            "related_industrial_base", "related_other")
OPTIONAL = ("core_amount", "related_amount", "gdp") + CATEGORY_COLUMNS + RELATED_CATEGORY_COLUMNS
COLUMNS = ("ally",) + REQUIRED + OPTIONAL
_SHARES = ("core_share_gdp", "related_share_gdp") + CATEGORY_COLUMNS + RELATED_CATEGORY_COLUMNS
_YAML_KEYS = ("ally", "plan_year", "title", "illustrative", "currency", "source", "note", "rows")


class PlanError(HagueError, ValueError):
    """A plan file that cannot be read. ``.errors`` lists every problem as ``{row, column, message}``."""

    def __init__(self, message: str, errors: list[dict] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


@dataclass(frozen=True)
class PlanRow:
    """One year of a plan. Shares in % of GDP (categories in % of core); amounts in national currency million."""

    year: int
    core_share_gdp: float
    related_share_gdp: float
    core_amount: float | None = None
    related_amount: float | None = None
    gdp: float | None = None
    equipment_share: float | None = None
    personnel_share: float | None = None
    infrastructure_share: float | None = None
    other_share: float | None = None
    related_infrastructure: float | None = None
    related_cyber: float | None = None
    related_resilience: float | None = None
    related_innovation: float | None = None
    related_industrial_base: float | None = None
    related_other: float | None = None

    def related_split(self) -> dict[str, float]:
        """The related share by category (ledger codes: infrastructure, cyber, ...), only the columns given."""
        return {c.removeprefix("related_"): getattr(self, c) for c in RELATED_CATEGORY_COLUMNS
                if getattr(self, c) is not None}

    @property
    def core(self) -> float:
        return self.core_share_gdp

    @property
    def related(self) -> float:
        return self.related_share_gdp

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in REQUIRED + OPTIONAL}


@dataclass(frozen=True)
class Plan:
    """One ally's plan: ``ally`` (ISO3), ``plan_year``, ``rows`` (one :class:`PlanRow` per year, sorted)."""

    ally: str
    plan_year: int
    rows: tuple[PlanRow, ...]
    name: str = ""
    title: str | None = None
    illustrative: bool = False
    currency: str | None = None
    source: str | None = None
    note: str | None = None

    @property
    def ally_name(self) -> str:
        from hague.allies import resolve

        return resolve(self.ally).name

    @property
    def first_year(self) -> int:
        return self.rows[0].year

    @property
    def last_year(self) -> int:
        return self.rows[-1].year

    def row(self, year: int) -> PlanRow | None:
        return next((r for r in self.rows if r.year == year), None)

    def core(self) -> dict[int, float]:
        return {r.year: r.core_share_gdp for r in self.rows}

    def to_dict(self) -> dict:
        return {"ally": self.ally, "plan_year": self.plan_year, "name": self.name, "title": self.title,
                "illustrative": self.illustrative, "currency": self.currency, "source": self.source,
                "note": self.note, "rows": [r.to_dict() for r in self.rows]}


# --------------------------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------------------------


def _year_range() -> tuple[int, int]:
    """Accepted plan years: from The Hague's adoption to its deadline (both from the shipped rule tree)."""
    from hague.rules.loader import _shipped

    core = _shipped().parameter("hague-2025.core")
    return core.adopted.year, int(core.target_year)


class _Collector:
    def __init__(self, name: str) -> None:
        self.name = name
        self.errors: list[dict] = []

    def add(self, row, column, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": message})

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        def where(e):
            parts = [f"row {e['row']}" if e["row"] is not None else None,
                     f"column {e['column']}" if e["column"] else None]
            return ", ".join(p for p in parts if p)
        shown = "; ".join(f"{where(e)}: {e['message']}" if where(e) else e["message"] for e in self.errors[:5])
        more = f" (and {len(self.errors) - 5} more)" if len(self.errors) > 5 else ""
        n = len(self.errors)
        raise PlanError(f"{self.name}: {n} error{'s' if n > 1 else ''} in the plan: {shown}{more}", self.errors)


def _number(raw, row, col: str, errs: _Collector, *, required: bool) -> float | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            errs.add(row, col, "missing value")
        return None
    if isinstance(raw, bool):
        errs.add(row, col, f"must be a number, got {raw!r}")
        return None
    if isinstance(raw, (int, float)):
        v = float(raw)
    else:
        text = str(raw).strip().replace(",", "") if str(raw).count(",") and "." in str(raw) else str(raw).strip()
        try:
            v = float(text.rstrip("%"))
        except ValueError:
            errs.add(row, col, f"must be a number, got {raw!r}")
            return None
    if math.isnan(v) or math.isinf(v):
        errs.add(row, col, f"must be a finite number, got {raw!r} (leave the column out instead of NaN)")
        return None
    if v < 0:
        errs.add(row, col, f"must not be negative, got {v:g}")
        return None
    if col in _SHARES and v > 100:
        errs.add(row, col, f"is a percentage; {v:g} is over 100")
        return None
    if col == "gdp" and v == 0:
        errs.add(row, col, "GDP must be positive")
        return None
    return v


def _rows_to_plan(records: list[tuple[object, dict]], header: list[str] | None, *, name: str, errs: _Collector,
                  ally: str | None, meta: dict, header_row=1) -> Plan:
    """Validate records ``(row label, {column: raw})`` into a Plan; all problems collected, then raised."""
    from hague.allies import resolve
    from hague.rules.loader import _shipped

    lo, hi = _year_range()
    if header is not None:
        seen = set()
        for col in header:
            if col in seen:
                errs.add(header_row, col, "duplicate column")
            seen.add(col)
            if col not in COLUMNS:
                import difflib

                near = difflib.get_close_matches(col, COLUMNS, n=1)
                hint = f"did you mean {near[0]!r}? " if near else ""
                errs.add(header_row, col, f"unknown column; {hint}accepted: {', '.join(COLUMNS)}")
        need = list(REQUIRED) + (["ally"] if ally is None else [])
        for col in need:
            if col not in header:
                errs.add(header_row, col, f"missing column (required: {', '.join(need)})")
        errs.raise_if_any()
    if not records:
        errs.add(None, None, f"the plan has no rows; expected one row per year from the plan year to {hi}")
        errs.raise_if_any()

    tol = _shipped().threshold("category_sum_tolerance")
    rtol = _shipped().threshold("related_split_tolerance_pp")
    allies_seen: dict[str, object] = {}
    rows: list[PlanRow] = []
    years_at: dict[int, object] = {}
    for label, rec in records:
        code = ally if ally is not None else rec.get("ally")
        if code is not None and str(code).strip():
            try:
                a = resolve(str(code).strip())
                allies_seen.setdefault(a.iso3, label)
            except HagueError as exc:
                errs.add(label, "ally", str(exc))
        elif ally is None:
            errs.add(label, "ally", "missing value")
        raw_year = rec.get("year")
        year = None
        try:
            if isinstance(raw_year, bool):
                raise ValueError
            f = float(str(raw_year).strip()) if raw_year is not None and str(raw_year).strip() else None
            if f is None:
                errs.add(label, "year", "missing value")
            elif f != int(f):
                raise ValueError
            else:
                year = int(f)
        except (ValueError, OverflowError):
            errs.add(label, "year", f"must be a whole year, got {raw_year!r}")
        if year is not None and not lo <= year <= hi:
            errs.add(label, "year", f"year {year} out of range; accepted: {lo}-{hi} (The Hague 2025 to its deadline)")
            year = None
        if year is not None and year in years_at:
            errs.add(label, "year", f"duplicate year {year} (first at row {years_at[year]})")
            year = None
        vals = {c: _number(rec.get(c), label, c, errs, required=c in REQUIRED[1:]) for c in REQUIRED[1:] + OPTIONAL}
        cats = [vals[c] for c in CATEGORY_COLUMNS]
        if any(v is not None for v in cats):
            missing = [c for c, v in zip(CATEGORY_COLUMNS, cats, strict=True) if v is None and rec.get(c) in (None, "")]
            if missing:
                errs.add(label, missing[0], f"category split needs all four columns ({', '.join(CATEGORY_COLUMNS)})")
            elif all(v is not None for v in cats) and abs(sum(cats) - 100) > tol:
                errs.add(label, "equipment_share", f"the four category shares add up to {sum(cats):g}; "
                                                   f"expected 100 (± {tol:g})")
        split = [vals[c] for c in RELATED_CATEGORY_COLUMNS if vals[c] is not None]
        if split and vals["related_share_gdp"] is not None and abs(sum(split) - vals["related_share_gdp"]) > rtol + 1e-9:
            errs.add(label, RELATED_CATEGORY_COLUMNS[0],
                     f"the related categories add up to {sum(split):g}% of GDP; related_share_gdp is "
                     f"{vals['related_share_gdp']:g} (± {rtol:g}); give every category or leave the split out")
        if year is not None:
            years_at[year] = label
            if vals["core_share_gdp"] is not None and vals["related_share_gdp"] is not None:
                rows.append(PlanRow(year=year, **vals))
    if len(allies_seen) > 1:
        (_, first), *rest = allies_seen.items()
        errs.add(rest[0][1], "ally", f"a plan is for one ally; found {', '.join(allies_seen)}")
    if years_at:
        ys = sorted(years_at)
        gaps = [y for y in range(ys[0], ys[-1] + 1) if y not in years_at]
        if gaps:
            nxt = min(y for y in ys if y > gaps[0])
            errs.add(years_at[nxt], "year", f"missing year(s) {', '.join(map(str, gaps))} between {ys[0]} and {ys[-1]}; "
                                            "a plan has one row per year")
    errs.raise_if_any()
    iso3 = next(iter(allies_seen))
    rows.sort(key=lambda r: r.year)
    plan_year = meta.pop("plan_year", None)
    if plan_year is None:
        plan_year = rows[0].year
    elif plan_year > rows[0].year:
        errs.add(None, "plan_year", f"plan_year {plan_year} is after the first year of the table ({rows[0].year})")
    currency = meta.pop("currency", None)
    a = resolve(iso3)
    if currency is not None and a.currency and currency != a.currency:
        errs.add(None, "currency", f"{a.name} reports to NATO in {a.currency}; amounts in {currency} are not accepted")
    errs.raise_if_any()
    return Plan(ally=iso3, plan_year=int(plan_year), rows=tuple(rows), name=name, currency=currency or a.currency,
                **meta)


def _read_csv(text: str, name: str, errs: _Collector) -> Plan:
    lines = text.splitlines()
    numbered = [(i, ln) for i, ln in enumerate(lines, start=1) if ln.strip() and not ln.lstrip().startswith("#")]
    if not numbered:
        errs.add(None, None, f"empty file; expected a header with {', '.join(REQUIRED)} and ally")
        errs.raise_if_any()
    parsed = []  # one record per line: a plan has no multi-line cells, so an unbalanced quote is an error of its line
    for lineno, ln in numbered:
        try:
            parsed.append(next(csv.reader([ln], strict=True)))
        except csv.Error as exc:
            errs.add(lineno, None, f"malformed CSV ({exc}); quote a cell whole, e.g. \"a, b\", or not at all")
            parsed.append(None)
    errs.raise_if_any()
    header_row, header = numbered[0][0], [h.strip() for h in parsed[0]]
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        sep = "semicolons" if ";" in header[0] else "tabs"
        errs.add(header_row, None, f"the header is separated by {sep}; this reader takes commas and decimal points: "
                 "save as \"CSV UTF-8 (comma delimited)\", or file it through the web registry, which reads ; and "
                 "tab files with decimal commas")
        errs.raise_if_any()
    records = []
    for (lineno, _), cells in zip(numbered[1:], parsed[1:], strict=True):
        if len(cells) != len(header):
            errs.add(lineno, None, f"{len(cells)} fields, expected {len(header)} ({', '.join(header)})")
            continue
        records.append((lineno, dict(zip(header, cells, strict=True))))
    comments = " ".join(ln for ln in lines if ln.lstrip().startswith("#")).lower()
    meta = {"illustrative": True} if "illustrative" in comments else {}
    return _rows_to_plan(records, header, name=name, errs=errs, ally=None, meta=meta, header_row=header_row)


def _read_xlsx(data: bytes, name: str, errs: _Collector) -> Plan:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a broken file
        raise PlanError(f"{name}: not a readable .xlsx workbook ({type(exc).__name__})",
                        [{"row": None, "column": None, "message": "not a readable .xlsx workbook"}]) from None
    ws = wb["plan"] if "plan" in wb.sheetnames else wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    header_row, header = None, None
    records = []
    for i, cells in enumerate(it, start=1):
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        if isinstance(cells[0], str) and cells[0].lstrip().startswith("#"):
            continue
        if header is None:
            header_row = i
            header = [str(c).strip() if c is not None else "" for c in cells]
            while header and header[-1] == "":
                header.pop()
            continue
        records.append((i, {h: c for h, c in zip(header, cells, strict=False) if h}))
    wb.close()
    if header is None:
        errs.add(None, None, f"empty sheet {ws.title!r}; expected a header row with {', '.join(REQUIRED)} and ally")
        errs.raise_if_any()
    return _rows_to_plan(records, header, name=f"{name} (sheet {ws.title})", errs=errs, ally=None, meta={},
                         header_row=header_row)


def _read_yaml(text: str, name: str, errs: _Collector) -> Plan:
    from hague.rules.loader import RuleError, _Map, _parse_yaml, _Seq

    try:
        doc = _parse_yaml(text, name)
    except RuleError as exc:
        raise PlanError(str(exc), [{"row": None, "column": None, "message": str(exc)}]) from None
    if not isinstance(doc, _Map):
        errs.add(None, None, "a YAML plan is a mapping with ally and rows")
        errs.raise_if_any()
    for k in doc:
        if k not in _YAML_KEYS:
            errs.add(None, k, f"unknown key (line {doc.lines[k]}); accepted: {', '.join(_YAML_KEYS)}")
    for k in ("ally", "rows"):
        if k not in doc:
            errs.add(None, k, "missing key")
    errs.raise_if_any()
    rows = doc["rows"]
    if not isinstance(rows, _Seq):
        errs.add(None, "rows", f"must be a list of mappings (line {doc.lines['rows']})")
        errs.raise_if_any()
    header = set()
    records = []
    for i, (item, line) in enumerate(zip(rows, rows.lines, strict=True), start=1):
        if not isinstance(item, _Map):
            errs.add(i, None, f"row {i} (line {line}) must be a mapping of column: value")
            continue
        header |= set(item)
        records.append((i, dict(item)))
    unknown = sorted(header - set(COLUMNS) - {"ally"})
    for col in unknown:
        errs.add(None, col, f"unknown column; accepted: {', '.join(c for c in COLUMNS if c != 'ally')}")
    for col in REQUIRED:
        if records and col not in header:
            errs.add(None, col, "missing column")
    errs.raise_if_any()
    meta = {}
    for k in ("title", "source", "note"):
        if doc.get(k) is not None:
            meta[k] = " ".join(str(doc[k]).split())
    if "illustrative" in doc:
        if not isinstance(doc["illustrative"], bool):
            errs.add(None, "illustrative", "must be true or false")
        meta["illustrative"] = bool(doc["illustrative"])
    if doc.get("plan_year") is not None:
        py = doc["plan_year"]
        if isinstance(py, bool) or not isinstance(py, int):
            errs.add(None, "plan_year", f"must be a year, got {py!r}")
        else:
            meta["plan_year"] = py
    if doc.get("currency") is not None:
        meta["currency"] = str(doc["currency"]).strip().upper()
    return _rows_to_plan(records, None, name=name, errs=errs, ally=str(doc["ally"]), meta=meta)


def read_plan(source, *, name: str | None = None) -> Plan:
    """Read a plan from a path, or from ``bytes``/``str`` content with ``name`` giving the file name.

    The format follows the extension: ``.csv``, ``.xlsx``, ``.yaml``/``.yml``. Every problem (missing or
    duplicate years, negative, NaN or over-100% values, years out of range, unknown ally, wrong columns) is
    collected and raised as one :class:`PlanError` whose ``.errors`` lists ``{row, column, message}``.

    >>> read_plan("ally,year,core_share_gdp,related_share_gdp\\nGER,2026,2.7,0.5\\n", name="p.csv")
    Traceback (most recent call last):
    ...
    hague.rules.plan_reader.PlanError: p.csv: 1 error in the plan: row 2, column ally: unknown ally 'GER'; did you mean DEU (Germany)?
    """
    if isinstance(source, (bytes, bytearray)) or (isinstance(source, str) and name is not None):
        if name is None:
            raise PlanError("plan content given without name=; pass the file name (e.g. plan.csv) to set the format")
        data = bytes(source) if isinstance(source, (bytes, bytearray)) else source.encode("utf-8")
        label = name
    else:
        path = Path(source)
        label = name or str(path)
        if not path.is_file():
            raise PlanError(f"{path}: no such plan file", [{"row": None, "column": None, "message": "no such file"}])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise PlanError(f"{path}: cannot read: {exc.strerror}") from None
    ext = Path(label).suffix.lower()
    errs = _Collector(label)
    if ext == ".xlsx":
        return _read_xlsx(data, label, errs)
    if ext not in (".csv", ".yaml", ".yml"):
        raise PlanError(f"{label}: unknown plan format {ext or '(no extension)'!r}; accepted: .csv, .xlsx, .yaml",
                        [{"row": None, "column": None, "message": "unknown format"}])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16", errors="replace").encode("utf-8")  # Excel "Unicode text"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanError(f"{label}: not UTF-8 text (byte {exc.start}); it may be Windows-1250 (Central European Excel): "
                        "save it as \"CSV UTF-8\", or file it through the web registry, which reads Windows-1250 and "
                        "UTF-16") from None
    return _read_csv(text, label, errs) if ext == ".csv" else _read_yaml(text, label, errs)


